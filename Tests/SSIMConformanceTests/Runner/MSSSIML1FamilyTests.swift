import Foundation
import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import SSIMVectors
import Testing
import TestSupport

/// The `ms-ssim-l1` vector family: what Kornia's `MS_SSIMLoss` answers (`kornia`), which the reference and an
/// implementation written apart from it (TestSupport's ``AlternativeMSSSIML1``) both give within the stored bounds;
/// and an implementation of another metric's convention, or a wrong mix, fails.
@Suite struct MSSSIML1FamilyTests {
    /// Kornia's MS-SSIM + L1 computed by ``AlternativeMSSSIML1`` in `Double`, its inputs checked in the protocol's
    /// order (``ValidatedCase``); `alphaShift` moves its α, to make a wrong implementation.
    struct Alternative: SSIMImplementation {
        var alphaShift = 0.0
        var name: String { alphaShift == 0 ? "alternative-msssim-l1" : "alternative-msssim-l1-alpha-shifted" }
        var version: String { "1" }
        var metrics: Set<String> { [CaseMetric.msSSIML1Name] }

        func evaluate(_ adapterCase: AdapterCase) -> AdapterAnswer {
            guard case .msSSIML1(let alpha, let compensation) = adapterCase.metric else {
                return .error(category: AdapterProtocol.unsupported, message: "MS-SSIM + L1 only")
            }
            let validated: ValidatedCase
            do throws(SSIMError) {
                validated = try ValidatedCase(adapterCase)
            } catch {
                return .error(category: error.category.rawValue, message: nil)
            }
            var loss = AlternativeMSSSIML1<Double>(maxVal: validated.options.maxVal)
            loss.alpha = (alpha ?? loss.alpha) + alphaShift
            if let compensation { loss.compensation = compensation }
            let shape = validated.img1.shape
            let outputs = loss.evaluate(
                validated.img1.values, validated.img2.values, shape: shape.dimensions,
                reduction: validated.reduction.rawValue, gradients: validated.wantsGradients)
            var answer: [AdapterOutput: ProtocolArray] = [
                .loss: ProtocolArray(
                    shape: validated.reduction == .none ? [shape.batch, shape.height, shape.width] : [],
                    precision: .float64, values: outputs.loss),
            ]
            if let grad = outputs.gradImg1 { answer[.gradImg1] = ProtocolArray(shape: shape.dimensions, precision: .float64, values: grad) }
            if let grad = outputs.gradImg2 { answer[.gradImg2] = ProtocolArray(shape: shape.dimensions, precision: .float64, values: grad) }
            return .outputs(answer.filter { adapterCase.outputs.contains($0.key) })
        }
    }

    static let loaded = try! ConformanceRunner.loadCases(
        from: packageRoot.appendingPathComponent("Vectors/\(VectorFamily.msSSIML1.fileName)").path)

    @Test func theReferenceAndAnIndependentImplementationAreFullOnTheFamily() {
        let cases = Self.loaded.cases
        #expect(cases.count >= 15)
        #expect(cases.allSatisfy { if case .msSSIML1 = $0.request.metric { true } else { false } })
        #expect(cases.contains { $0.request.outputs.contains(.gradImg1) && $0.expectation.outputs != nil })
        for conventions in [ConventionsByMetric.vectors, try! ConventionsByMetric.read("kornia")] {
            for implementation in [ReferenceImplementation() as any SSIMImplementation, Alternative()] {
                let report = ConformanceRunner.certify(
                    implementation, cases: cases, vectors: Self.loaded.files, requireFull: true, conventions: conventions)
                let failing = report.cases.filter { $0.verdict.isFailure }.map { "\($0.id): \($0.detail ?? "")" }
                #expect(failing.isEmpty, "\(implementation.name): \(failing)")
                #expect(report.summary.level == .full, "\(implementation.name) under \(conventions.name)")
            }
        }
    }

    /// α off by 0.01 (0.025 → 0.035) moves every float64 case whose two terms differ: all fail but those of
    /// identical images (the identical and the black pair: both terms 0); and a name without an MS-SSIM + L1 convention
    /// leaves the family not applicable rather than failed.
    @Test func aWrongMixFailsAndAnotherLibrarysConventionDoesNotApply() {
        let cases = Self.loaded.cases
        let wrong = ConformanceRunner.certify(
            Alternative(alphaShift: 0.01), cases: cases, vectors: Self.loaded.files, requireFull: true)
        let failed = Set(wrong.cases.filter { $0.verdict == .fail }.map(\.id))
        let judged = cases.filter {
            $0.expectation.outputs != nil && $0.request.precision == .float64
                && !$0.tags.contains("identity") && !$0.tags.contains("extreme")
        }
        #expect(!judged.isEmpty)
        for vectorCase in judged { #expect(failed.contains(vectorCase.request.id), "\(vectorCase.request.id)") }
        let piq = ConformanceRunner.certify(
            ReferenceImplementation(), cases: cases, vectors: Self.loaded.files, requireFull: true,
            conventions: try! ConventionsByMetric.read("piq"))
        #expect(piq.cases.filter { $0.verdict.isFailure }.isEmpty)
        #expect(piq.summary.level != .full)
    }

    /// The fast implementation is full on the family under `kornia`, on every instruction set this processor runs,
    /// and gives the same bits with one worker and with two; a convention with another border it declares
    /// unsupported, saying why, and fails nothing.
    @Test(arguments: FastSSIM.InstructionSet.supported)
    func theFastImplementationIsFullOnTheFamily(instructions: FastSSIM.InstructionSet) throws {
        let (alone, shared) = (FastSSIM(threads: 1, instructions: instructions)!, FastSSIM(threads: 2, instructions: instructions)!)
        let report = ConformanceRunner.certify(
            FastImplementation(fast: shared), cases: Self.loaded.cases, vectors: Self.loaded.files, requireFull: true,
            conventions: try ConventionsByMetric.read("kornia"))
        #expect(report.summary.level == .full, "\(report.cases.filter { $0.verdict != .pass }.map { "\($0.id): \($0.detail ?? "")" })")
        for stored in Self.loaded.cases {
            let answers = [alone, shared].map { Self.bits(FastImplementation(fast: $0).evaluate(stored.request)) }
            #expect(answers[0] == answers[1], "\(stored.request.id): the answer depends on the number of workers")
        }
        // Replicated rather than reflected: the reference mirrors a line once, so torch's reflect needs sides > r.
        var replicate = MSSSIML1Convention.kornia
        replicate.border = .replicate
        let refused = ConformanceRunner.certify(
            FastImplementation(fast: shared, msssimL1Convention: replicate), cases: Self.loaded.cases,
            vectors: Self.loaded.files, requireFull: false,
            conventions: ConventionsByMetric(ssim: nil, msssim: nil, msssimL1: replicate))
        #expect(refused.cases.filter { $0.verdict.isFailure }.isEmpty)
        let unsupported = refused.cases.filter { $0.verdict == .notSupported }
        #expect(!unsupported.isEmpty && unsupported.allSatisfy { $0.detail?.contains("pads with zeros") == true })
    }

    /// An answer with each value's bits in place of the value (NaN equal to the same NaN), to compare answers bit for
    /// bit.
    static func bits(_ answer: AdapterAnswer) -> String {
        guard case .outputs(let outputs) = answer else { return "\(answer)" }
        return outputs.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "\($0.key.rawValue) \($0.value.shape): \($0.value.values.map(\.bitPattern))" }.joined(separator: "; ")
    }
}
