import Foundation
import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import SSIMVectors
import Testing
import TestSupport

/// The `ms-ssim-3d` vector family through the fast implementation: under the vectors' own convention,
/// torchmetrics' (its coarsest map cropped along W alone), and under pytorch-msssim's, every case passes within the
/// bounds (the invalid ones rejected as they should be), on each instruction set this processor runs.
@Suite struct MSSSIM3DFastCertificationTests {
    static let loaded = try! ConformanceRunner.loadCases(
        from: packageRoot.appendingPathComponent("Vectors/\(VectorFamily.msSSIM3D.fileName)").path)

    @Test(arguments: FastSSIM.InstructionSet.supported, [MSSSIM3DConvention.torchmetrics, .pytorchMSSSIM])
    func everyCasePasses(instructions: FastSSIM.InstructionSet, convention: MSSSIM3DConvention) throws {
        let fast = try #require(FastSSIM(instructions: instructions))
        let report = ConformanceRunner.certify(
            FastImplementation(fast: fast, msssim3DConvention: convention), cases: Self.loaded.cases,
            vectors: Self.loaded.files, requireFull: true, conventions: ConventionsByMetric(ssim: nil, msssim: nil, msssim3D: convention))
        #expect(report.cases.count == Self.loaded.cases.count)
        #expect(
            report.summary.level == .full,
            "\(instructions) \(convention.name): \(report.cases.filter { $0.verdict != .pass }.map { "\($0.id): \($0.verdict) \($0.detail ?? "")" })")
    }
}
