import Foundation
import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import SSIMVectors
import Testing
import TestSupport

/// Certifying under a convention (`certify --convention`): the expected answers and bounds are the convention's,
/// computed from the stored inputs; what it cannot express is not applicable; the report names it.
@Suite struct ConventionCertificationTests {
    /// scikit-image's convention made by ``AlternativeSSIM``, code independent of the reference's conventions.
    static let scikitImageAlike = BrokenSSIM(defect: .inside(
        DiagnosisTests.defects { ($0.border, $0.fixedWindowSize, $0.cropsAsAsked, $0.ignoresEps) = (.symmetric, 11, true, true) },
        "scikit-image"))

    static func certify(_ implementation: any SSIMImplementation, _ cases: [StoredVectorCase], under convention: SSIMConvention?) -> ConformanceReport {
        ConformanceRunner.certify(implementation, cases: cases, vectors: [], requireFull: false, conventions: convention.map(ConventionsByMetric.init))
    }

    /// It gives no gradients (partial). Its symmetric border mirrors as often as its 11 taps reach, so images
    /// smaller than them are compared too, as scipy compares them: every case is judged.
    @Test func anIndependentImplementationOfAConventionPassesUnderItAndFailsUnderKornias() {
        let under = Self.certify(Self.scikitImageAlike, DiagnosisTests.cases, under: .scikitImage)
        #expect(under.convention == "scikit-image")
        #expect(under.cases.count == DiagnosisTests.cases.count)
        #expect(under.cases.allSatisfy { $0.verdict == .pass }, "\(under.cases.map { "\($0.id) \($0.verdict) \($0.detail ?? "")" })")
        #expect(under.summary.level == .partial)
        let kornia = Self.certify(Self.scikitImageAlike, DiagnosisTests.cases, under: nil)
        #expect(kornia.convention == "kornia")
        #expect(kornia.summary.level == .fail)
    }

    /// The property checks are judged under the certified convention too: its bounds, its 'valid' crop, how far its
    /// window reaches. scikit-image's 11 taps reach a NaN or infinite pixel from further away than a smaller window
    /// asked: under Kornia's convention that fails, under scikit-image's every check holds.
    @Test func propertiesAreJudgedUnderTheConvention() {
        let runner = PropertyRunner(seed: 20261201, inputsPerProperty: 4, reproducerFolder: nil)
        let under = runner.run(
            Self.scikitImageAlike, properties: [.nonFinitePropagation, .validIsCroppedSame, .symmetry, .bounds],
            convention: .scikitImage)
        #expect(under.count == 16)
        #expect(under.allSatisfy { $0.verdict == .pass }, "\(under.map { "\($0.id) \($0.verdict) \($0.detail ?? "")" })")
        let kornia = runner.run(Self.scikitImageAlike, properties: [.nonFinitePropagation])
        #expect(kornia.contains { $0.verdict == .fail && $0.detail?.contains("Kornia's is") == true }, "\(kornia.map(\.detail))")
    }

    /// A property request the convention cannot compute (an image within reach of torchmetrics' 11 taps, which torch's
    /// reflect mirrors once) asks nothing of the implementation: the reference computing torchmetrics' convention,
    /// which refuses it, fails no check, and those it cannot answer in any form are not supported.
    @Test func aPropertyRequestTheConventionCannotComputeIsNotSupported() {
        let runner = PropertyRunner(seed: 20261126, inputsPerProperty: 8, reproducerFolder: nil)
        let results = runner.run(
            ReferenceImplementation(convention: .torchmetrics), properties: [.symmetry, .bounds], convention: .torchmetrics)
        #expect(results.allSatisfy { $0.verdict == .pass || $0.verdict == .notSupported }, "\(results.map { "\($0.id) \($0.verdict) \($0.detail ?? "")" })")
        #expect(results.contains { $0.verdict == .notSupported && $0.detail?.contains("cannot compute it under the convention") == true })
        #expect(results.contains { $0.verdict == .pass })
    }

    /// Each named convention made by ``AlternativeSSIM`` (code independent of the reference's conventions), with
    /// float32 arithmetic where the convention computes in it: certified under that convention, on float64 cases,
    /// nothing fails; the cases the convention cannot express are not applicable.
    static let alike: [(name: String, defect: BrokenSSIM.Defect)] = [
        ("kornia", .inside(AlternativeSSIMDefects(), "kornia")),
        ("scikit-image", scikitImageAlike.defect),
        ("pytorch-msssim", .inside(DiagnosisTests.defects { ($0.tapsInFloat32, $0.ignoresEps) = (true, true) }, "pytorch-msssim")),
        ("torchmetrics", .inside(DiagnosisTests.defects { ($0.fixedWindowSize, $0.cropsAsAsked, $0.ignoresEps) = (11, true, true) }, "torchmetrics")),
        ("piq", .inside(DiagnosisTests.defects { $0.ignoresEps = true }, "piq")),
        ("matlab-ssim-index", .inside(DiagnosisTests.defects { $0.ignoresEps = true }, "matlab-ssim-index")),
        ("matlab-ssim", .inside(DiagnosisTests.defects { ($0.border, $0.fixedWindowSize, $0.ignoresEps) = (.replicate, 11, true) }, "matlab-ssim")),
        ("tensorflow", .float32ArithmeticAnd(DiagnosisTests.defects { ($0.tapsInFloat32, $0.ignoresEps) = (true, true) })),
    ]

    @Test func everyNamedConventionHasAnIndependentImplementation() {
        #expect(Self.alike.map(\.name) == SSIMConvention.named.map(\.name))
    }

    @Test(arguments: alike.indices)
    func anIndependentImplementationOfEachNamedConventionPassesUnderIt(_ index: Int) throws {
        let (name, defect) = Self.alike[index]
        let convention = try #require(SSIMConvention.named(name))
        let report = Self.certify(BrokenSSIM(defect: defect), DiagnosisTests.cases, under: convention)
        #expect(report.cases.allSatisfy { [.pass, .notApplicable].contains($0.verdict) }, "\(name): \(report.cases.filter { $0.verdict != .pass }.map { "\($0.id) \($0.verdict) \($0.detail ?? "")" })")
        #expect(report.summary.counts["pass", default: 0] > 0)
    }

    /// The Kornia reference is judged as what it is: under scikit-image's convention it fails.
    @Test func theKorniaReferenceIsNotFullUnderAnotherConvention() {
        let report = Self.certify(ReferenceImplementation(), DiagnosisTests.cases, under: .scikitImage)
        #expect(report.summary.level == .fail)
        #expect((report.summary.counts["fail"] ?? 0) > 0)
    }

    /// Under every named convention, the reference computing it is full on every case the convention can express,
    /// and the cases it cannot are not applicable for the reasons the convention gives: no 'same' without a border,
    /// no map nor loss map from means only. Bounds are those of the convention's arithmetic.
    @Test(arguments: SSIMConvention.named.map(\.name))
    func theReferenceComputingAConventionIsFullUnderIt(name: String) throws {
        let convention = try #require(SSIMConvention.named(name))
        let cases = ConformanceRunnerTests.sample
        let report = Self.certify(ReferenceImplementation(convention: convention), cases, under: convention)
        #expect(report.summary.level == .full, "\(name): \(report.cases.filter { $0.verdict != .pass }.map { "\($0.id): \($0.detail ?? "")" })")
        #expect(report.cases.count == cases.count)
        for (stored, result) in zip(cases, report.cases) {
            #expect(stored.request.id == result.id, "the vectors' order is kept")
            guard stored.request.metric == .ssim else {
                // Another metric's case, valid or invalid, is outside an SSIM convention.
                #expect(result.verdict == .notApplicable, "\(name) \(result.id): not an SSIM case")
                continue
            }
            guard case .valid = stored.expectation else {
                #expect(result.verdict == .pass, "\(name) \(result.id): an expected error stays one")
                continue
            }
            let noSame = convention.border == .none && stored.request.padding == "same"
            let noMap = convention.outputs == .imageMeans
                && (stored.request.reduction == "none" || stored.request.outputs == [.ssimMap])
            if noSame || noMap {
                #expect(result.verdict == .notApplicable, "\(name) \(result.id)")
            }
            if convention.outputs == .imageMeans, result.verdict == .pass {
                #expect(result.errors["ssim_map"] == nil, "\(name) \(result.id): a means-only convention is asked no map")
            }
        }
        if convention.border == .none || convention.outputs == .imageMeans {
            #expect(report.summary.counts["not_applicable"] != nil, "\(name)")
        }
    }

    @Test func aConventionsArithmeticDecidesTheBoundsThatJudge() throws {
        let stored = try #require(ConformanceRunnerTests.loaded.cases.first {
            if case .valid = $0.expectation { $0.request.precision == .float64 && $0.request.padding == "valid" && $0.request.reduction == "mean" } else { false }
        })
        guard case .applicable(let float32) = stored.under(.tensorflow), case .applicable(let asked) = stored.under(.piq) else {
            Issue.record("\(stored.request.id) is applicable to both")
            return
        }
        let (inFloat32, inFloat64) = (try #require(float32.expectation.outputs), try #require(asked.expectation.outputs))
        #expect(inFloat32.judgingPrecision == .float32 && inFloat32.bounds.keys.sorted { $0.rawValue < $1.rawValue } == [.float32])
        #expect(inFloat64.judgingPrecision == .float64 && inFloat64.bounds.keys.sorted { $0.rawValue < $1.rawValue } == [.float64])
        #expect(float32.request.outputs == stored.request.outputs.filter { $0 != .ssimMap })
    }

    /// Under Kornia's own convention, computed at run time, every verdict is the stored vectors'.
    @Test func korniasConventionComputedAtRunTimeJudgesAsTheVectors() {
        let cases = ConformanceRunnerTests.ssimSample
        let stored = Self.certify(FastImplementation(), cases, under: nil)
        let computed = Self.certify(FastImplementation(), cases, under: .kornia)
        #expect(stored.cases.map(\.verdict) == computed.cases.map(\.verdict))
        #expect(stored.summary.level == .full && computed.summary.level == .full)
        for (a, b) in zip(stored.cases, computed.cases) {
            #expect(a.errors.mapValues(\.maxInBoundUnits) == b.errors.mapValues(\.maxInBoundUnits), "\(a.id)")
        }
    }

    @Test func theFastImplementationDeclaresAnotherConventionUnsupported() {
        let report = Self.certify(FastImplementation(convention: .scikitImage), DiagnosisTests.cases, under: .scikitImage)
        #expect(report.summary.level == .partial)
        #expect(report.summary.coverage == 0)
 #expect(report.cases.allSatisfy {
            $0.verdict == .notApplicable || $0.verdict == .notSupported && $0.message?.contains("Kornia 0.9.0's convention only") == true
        }, "\(report.cases.map { "\($0.id) \($0.verdict) \($0.detail ?? "")" })")
    }

    /// A convention read back from its JSON judges exactly as the named one.
    @Test func aConventionFromItsJSONJudgesAsItsName() throws {
        let decoded = try SSIMConvention.decode(json: SSIMConvention.torchmetrics.json())
        let named = Self.certify(ReferenceImplementation(), DiagnosisTests.cases, under: .torchmetrics)
        let fromJSON = Self.certify(ReferenceImplementation(), DiagnosisTests.cases, under: decoded)
        #expect(named.cases.map(\.verdict) == fromJSON.cases.map(\.verdict))
        #expect(named.cases.map(\.detail) == fromJSON.cases.map(\.detail))
        #expect(fromJSON.convention == "torchmetrics")
    }
}
