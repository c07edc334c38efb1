import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import SSIMVectors
import Testing

/// The non-finite family (Vectors/non-finite.h5): NaN and ±Inf pixels must reach exactly the outputs Kornia's reach.
/// Implementations that scrub them, or answer finite numbers where Kornia answers NaN, fail and are told so.
@Suite struct NonFiniteFamilyTests {
    static let loaded = try! ConformanceRunner.loadCases(from: ConformanceRunnerTests.vectors)
    static let cases = loaded.cases.filter { $0.family == VectorFamily.nonFinite.rawValue }

    /// The reference with one change made to each case it answers.
    struct Altered: SSIMImplementation {
        let name: String
        let version = "1"
        let alteration: @Sendable (AdapterCase) -> AdapterAnswer

        func evaluate(_ adapterCase: AdapterCase) -> AdapterAnswer { alteration(adapterCase) }
    }

    static func certify(_ implementation: Altered) -> ConformanceReport {
        ConformanceRunner.certify(implementation, cases: cases, vectors: loaded.files, requireFull: true)
    }

    @Test func theFamilyCoversEveryValuePlaceAndWindow() {
        #expect(Self.cases.count == 36)
        for tag in ["nan", "inf", "-inf", "corner", "edge", "inside"] {
            #expect(Self.cases.contains { $0.tags.contains(tag) }, "\(tag)")
        }
        #expect(Set(Self.cases.map(\.request.windowSize)) == [1, 3, 5, 7, 9, 11, 13])
        #expect(Set(Self.cases.map(\.request.precision)) == [.float32, .float64])
        // Every case expects some non-finite output and some finite one.
        for stored in Self.cases {
            guard let expected = stored.expectation.outputs?.values, let map = expected[.ssimMap] else {
                Issue.record("\(stored.request.id) expects no map")
                continue
            }
            #expect(map.values.contains { !$0.isFinite } && map.values.contains(where: \.isFinite), "\(stored.request.id)")
        }
    }

    /// Reading non-finite pixels as 0 before computing fails every case, and the diagnosis names it.
    @Test func scrubbingNonFinitePixelsFailsAndIsNamed() {
        let report = Self.certify(Self.scrubber)
        #expect(!report.isConformant)
        #expect(report.cases.allSatisfy { $0.verdict == .fail })
        #expect(report.cases.allSatisfy { $0.detail?.contains("where Kornia 0.9.0 answers") == true })
        #expect(report.diagnosis?.findings.map(\.deviation) == ["non-finite-read-as-zero"], "\(report.diagnosis?.summary ?? "")")
        #expect(report.diagnosis?.summary.contains("reads NaN and ±Inf pixels as 0") == true)
    }

    /// Answering 1 wherever Kornia answers NaN or ±Inf fails, and the diagnosis says where.
    @Test func finiteAnswersWhereKorniaAnswersNaNFail() {
        let report = Self.certify(Altered(name: "finite") { adapterCase in
            guard case .outputs(let outputs) = ReferenceImplementation().evaluate(adapterCase) else {
                return ReferenceImplementation().evaluate(adapterCase)
            }
            return .outputs(outputs.mapValues { array in
                ProtocolArray(shape: array.shape, precision: array.precision, values: array.values.map { $0.isFinite ? $0 : 1 })
            })
        })
        #expect(!report.isConformant)
        #expect(report.cases.allSatisfy { $0.verdict == .fail })
        let explanations = report.cases.compactMap(\.explanation)
        #expect(explanations.count == report.cases.count)
        #expect(explanations.allSatisfy { $0.contains("where Kornia 0.9.0 answers NaN or ±Inf, with finite values") }, "\(explanations.first ?? "")")
    }

    /// Under another convention, messages speak of that convention's answers, never of Kornia's: scikit-image's
    /// convention computed with the non-finite outputs answered 1 fails where `scikit-image` answers NaN or ±Inf.
    @Test func messagesNameTheCertifiedConvention() {
        let finite = Altered(name: "scikit-image, finite") { adapterCase in
            let answer = ReferenceImplementation(convention: .scikitImage).evaluate(adapterCase)
            guard case .outputs(let outputs) = answer else { return answer }
            return .outputs(outputs.mapValues { array in
                ProtocolArray(shape: array.shape, precision: array.precision, values: array.values.map { $0.isFinite ? $0 : 1 })
            })
        }
        let report = ConformanceRunner.certify(
            finite, cases: Self.cases, vectors: Self.loaded.files, requireFull: false, conventions: ConventionsByMetric(.scikitImage))
        let failing = report.cases.filter { $0.verdict == .fail }
        #expect(!failing.isEmpty)
        #expect(failing.allSatisfy { $0.detail?.contains("where `scikit-image` answers") == true }, "\(failing.first?.detail ?? "")")
        #expect(report.cases.allSatisfy { ($0.detail ?? "").contains("Kornia") == false && ($0.explanation ?? "").contains("Kornia") == false },
                "\(report.cases.first { ($0.detail ?? "").contains("Kornia") || ($0.explanation ?? "").contains("Kornia") }.map { "\($0.id): \($0.detail ?? "") \($0.explanation ?? "")" } ?? "")")
    }

    /// Issue 26's scrubbing scenario: Kornia's SSIM with ±Inf pixels read as 0, certified under scikit-image's
    /// convention, is explained by that scrubbing in every failing case with an infinite pixel (24 of the 36; the 12
    /// with NaN pixels compute Kornia's convention), never by taps built in float32, whose wider bounds were reported
    /// to swallow the disagreement.
    @Test func scrubbedInfinitiesAreExplainedAsScrubbing() throws {
        let infinitiesScrubbed = Altered(name: "±Inf read as 0") { adapterCase in
            func scrubbed(_ image: ProtocolArray) -> ProtocolArray {
                ProtocolArray(shape: image.shape, precision: image.precision, values: image.values.map { $0.isInfinite ? 0 : $0 })
            }
            return ReferenceImplementation().evaluate(AdapterCase(
                id: adapterCase.id, img1: scrubbed(adapterCase.img1), img2: scrubbed(adapterCase.img2),
                windowSize: adapterCase.windowSize, maxVal: adapterCase.maxVal, eps: adapterCase.eps,
                padding: adapterCase.padding, reduction: adapterCase.reduction, outputs: adapterCase.outputs))
        }
        let report = ConformanceRunner.certify(
            infinitiesScrubbed, cases: Self.cases, vectors: Self.loaded.files, requireFull: false, conventions: ConventionsByMetric(.scikitImage))
        let diagnosis = try #require(report.diagnosis)
        let infinite = Set(Self.cases.filter { $0.tags.contains("inf") || $0.tags.contains("-inf") }.map(\.request.id))
        let failingInfinite = report.cases.filter { $0.verdict == .fail && infinite.contains($0.id) }
        #expect(!failingInfinite.isEmpty)
        for finding in diagnosis.findings {
            #expect(!(finding.deviation ?? "").contains("taps-float32") || infinite.isDisjoint(with: finding.cases), "\(finding.explanation)")
        }
        for result in failingInfinite {
            #expect(result.explanation?.contains("reads NaN and ±Inf pixels as 0") == true, "\(result.id): \(result.explanation ?? "")")
        }
    }

    /// The property over random sizes, windows, positions and values: the reference has it, an implementation that
    /// scrubs non-finite pixels does not.
    @Test func thePropertyHoldsForTheReferenceAndNotForAScrubber() {
        let runner = PropertyRunner(seed: 20261201, inputsPerProperty: 6, reproducerFolder: nil)
        let reference = runner.run(ReferenceImplementation(), properties: [.nonFinitePropagation])
        #expect(reference.count == 6 && reference.allSatisfy { $0.verdict == .pass }, "\(reference.compactMap(\.detail))")
        let scrubbed = runner.run(Self.scrubber, properties: [.nonFinitePropagation])
        #expect(scrubbed.contains { $0.verdict == .fail && $0.detail?.contains("Kornia's is NaN or ±Inf") == true })
    }

    /// The reference on images whose NaN and ±Inf pixels are read as 0.
    static let scrubber = Altered(name: "scrubs") { adapterCase in
        ReferenceImplementation().evaluate(AdapterCase(
            id: adapterCase.id, img1: scrubbed(adapterCase.img1), img2: scrubbed(adapterCase.img2),
            windowSize: adapterCase.windowSize, maxVal: adapterCase.maxVal, eps: adapterCase.eps,
            padding: adapterCase.padding, reduction: adapterCase.reduction, outputs: adapterCase.outputs))
    }

    /// The image with every NaN and ±Inf read as 0.
    static func scrubbed(_ image: ProtocolArray) -> ProtocolArray {
        ProtocolArray(shape: image.shape, precision: image.precision, values: image.values.map { $0.isFinite ? $0 : 0 })
    }
}
