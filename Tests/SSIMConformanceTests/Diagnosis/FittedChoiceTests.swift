import Foundation
import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import Testing
import TestSupport

/// Continuous choices no named value explains, fitted to the answers and named with the value, or with σ's rule
/// across window sizes; the convention written beside the report certifies the implementation in full.
@Suite struct FittedChoiceTests {
    /// OpenCV's `getGaussianKernel` σ for k taps when given σ ≤ 0, as its documentation writes it.
    static let opencvSigma: @Sendable (Int) -> Double = { k in 0.3 * (Double(k - 1) * 0.5 - 1) + 0.8 }

    static let planted: [(BrokenSSIM.Defect, String)] = [
        (.inside(DiagnosisTests.defects { $0.sigmaOfTaps = opencvSigma }, "σ by OpenCV's rule"), "gaussian-sigma-opencv"),
        (.inside(DiagnosisTests.defects { $0.sigmaOfTaps = opencvSigma; $0.border = .replicate }, "σ by OpenCV's rule, replicate border"),
         "border-replicate+gaussian-sigma-opencv"),
        (.inside(DiagnosisTests.defects { $0.k1 = 0.02 }, "K1 = 0.02"), "k1-0.02"),
        (.inside(DiagnosisTests.defects { $0.k2 = 0.045 }, "K2 = 0.045"), "k2-0.045"),
        (.inside(DiagnosisTests.defects { $0.sigma = 1.3 }, "σ = 1.3"), "gaussian-sigma-1.3"),
    ]

    @Test(arguments: planted.indices)
    func aContinuousChoiceIsFittedAndNamedWithItsValue(_ index: Int) throws {
        try DiagnosisTests.expectNamedFromKornia(Self.planted[index].0, Self.planted[index].1)
    }

    @Test(arguments: planted.indices)
    func theWrittenConventionCarriesTheFittedValueAndCertifiesItFull(_ index: Int) throws {
        let broken = BrokenSSIM(defect: Self.planted[index].0)
        let report = ConformanceRunner.certify(broken, cases: DiagnosisTests.cases, vectors: [], requireFull: false)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ReportWriter.write([report], to: folder.path)
        let convention = try SSIMConvention.read(folder.appendingPathComponent("explaining-convention-1.json").path)
        #expect(convention.name == "kornia+" + Self.planted[index].1)
        let under = ConformanceRunner.certify(broken, cases: DiagnosisTests.cases, vectors: [], requireFull: true, conventions: ConventionsByMetric(convention))
        #expect(under.summary.counts == ["pass": DiagnosisTests.cases.count], "\(under.diagnosis?.summary ?? "")")
    }

    @Test func aSigmaRuleReadsAndWritesAsJSON() throws {
        for sigma: SSIMConvention.Sigma in [.opencv, .tapsOver(6), .fixed(1.25)] {
            let convention = SSIMConvention(name: "rule", window: .gaussian(sigma: sigma))
            let read = try SSIMConvention.decode(json: convention.json())
            #expect(read == convention)
        }
        #expect(SSIMConvention.Sigma.opencv.value(taps: 7) == 0.3 * 2 + 0.8)
        #expect(throws: SSIMConventionError.self) {
            try SSIMConvention.decode(json: Data(#"{"window": {"sigma_rule": "opencv", "sigma": 1}}"#.utf8))
        }
        #expect(throws: SSIMConventionError.self) {
            try SSIMConvention.decode(json: Data(#"{"window": {"sigma_rule": "taps-over"}, "taps": {"rule": "truncated", "truncate": 3.5}}"#.utf8))
        }
    }
}
