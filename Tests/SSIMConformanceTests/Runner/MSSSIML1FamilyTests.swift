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
}
