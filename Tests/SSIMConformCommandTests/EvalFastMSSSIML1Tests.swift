import Foundation
import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import SSIMVectors
import Testing
import TestSupport

/// `ssim-conform eval --implementation fast` on MS-SSIM + L1 cases: the fast implementation declares the metric and
/// answers each case under Kornia's `MS_SSIMLoss` (with the case's α and compensation) in the case's precision,
/// within the bounds the judge would hold it to; under a name without an MS-SSIM + L1 convention, unsupported.
@Suite struct EvalFastMSSSIML1Tests {
    /// Images of 2 samples, 3 channels, 13 × 15 pixels (narrower than the 33-tap window).
    static func images(precision: Precision) -> (ProtocolArray, ProtocolArray) {
        var generator = SplitMix64(seed: 2026_12_07)
        let shape = [2, 3, 13, 15], count = shape.reduce(1, *)
        let x = (0..<count).map { _ in generator.unit() }, y = x.map { min(max($0 + 0.2 * (generator.unit() - 0.5), 0), 1) }
        func array(_ values: [Double]) -> ProtocolArray {
            ProtocolArray(shape: shape, precision: precision, values: values.map(precision.rounded))
        }
        return (array(x), array(y))
    }

    static let request: AdapterRequest = {
        let all: [AdapterOutput] = [.loss, .gradImg1, .gradImg2]
        func msssimL1(_ id: String, _ precision: Precision, _ reduction: String, alpha: Double?, compensation: Double?) -> AdapterCase {
            let (img1, img2) = images(precision: precision)
            return AdapterCase(
                id: id, img1: img1, img2: img2, windowSize: 33, maxVal: 1, eps: 0, padding: "", reduction: reduction,
                outputs: all, metric: .msSSIML1(alpha: alpha, compensation: compensation))
        }
        return AdapterRequest(cases: [
            msssimL1("none-float64", .float64, "none", alpha: nil, compensation: nil),
            msssimL1("mean-float32", .float32, "mean", alpha: 0.5, compensation: 1),
            msssimL1("sum-bfloat16", .bfloat16, "sum", alpha: nil, compensation: 10),
        ])
    }()

    /// `eval`'s answers to ``request`` with `arguments`, whose response declares the metric.
    static func answers(_ arguments: [String]) throws -> [String: AdapterAnswer] {
        try EvalSSIM3DTests.answers(request, arguments, metric: CaseMetric.msSSIML1Name)
    }

    @Test func answersKorniasLossWithinTheBoundsOfEachPrecision() throws {
        let answers = try Self.answers(["--implementation", "fast"])
        try expectAnswersWithinBounds(Self.request, answers)
        // The 'none' loss is the (B, H, W) map.
        guard case .outputs(let none)? = answers["none-float64"] else { return }
        #expect(none[.loss]?.shape == [2, 13, 15])
    }

    @Test func aNameWithoutAnMSSSIML1ConventionAnswersUnsupported() throws {
        let answers = try Self.answers(["--implementation", "fast", "--convention", "torchmetrics"])
        guard case .error(let category, _)? = answers["mean-float32"] else {
            Issue.record("the fast implementation answered ms-ssim-l1 under torchmetrics: \(String(describing: answers["mean-float32"]))")
            return
        }
        #expect(category == AdapterProtocol.unsupported)
    }
}
