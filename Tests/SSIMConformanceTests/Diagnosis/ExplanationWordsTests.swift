import SSIM
@testable import SSIMConformance
import Testing

/// An explanation from another named convention says which metric's: a library's SSIM and MS-SSIM conventions share
/// its name, and one certification can find both (pytorch-msssim's table row read "in 50 it computes
/// pytorch-msssim's convention; in 4 it computes pytorch-msssim's convention").
@Suite struct ExplanationWordsTests {
    @Test func anMSSSIMConventionIsSaidWithItsMetric() throws {
        let explanation = try #require(
            Explanation<MSSSIMDeviation>(base: .pytorchMSSSIM, fromCertified: false, deviations: []))
        #expect(explanation.words == "computes pytorch-msssim's ms-ssim convention")
    }

    @Test func anSSIMConventionIsSaidAsBefore() throws {
        let explanation = try #require(
            Explanation<KnownDeviation>(base: .pytorchMSSSIM, fromCertified: false, deviations: []))
        #expect(explanation.words == "computes pytorch-msssim's convention")
    }
}
