import Foundation
import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import SSIMVectors
import Testing
import TestSupport

/// The `ms-ssim-3d` vector family through the fast implementation: under pytorch-msssim's convention, whose every
/// scale of these cases its volume kernel computes, every case passes within the bounds (the invalid ones rejected
/// as they should be), on each instruction set this processor runs; under the vectors' own, torchmetrics' with a
/// window_size of 3 (its coarsest map cropped along W alone), every valid case is unsupported, saying why, and none
/// fails.
@Suite struct MSSSIM3DFastCertificationTests {
    static let loaded = try! ConformanceRunner.loadCases(
        from: packageRoot.appendingPathComponent("Vectors/\(VectorFamily.msSSIM3D.fileName)").path)

    @Test(arguments: FastSSIM.InstructionSet.supported)
    func everyCasePassesUnderPytorchMSSSIM(instructions: FastSSIM.InstructionSet) throws {
        let fast = try #require(FastSSIM(instructions: instructions))
        let report = ConformanceRunner.certify(
            FastImplementation(fast: fast, msssim3DConvention: .pytorchMSSSIM), cases: Self.loaded.cases,
            vectors: Self.loaded.files, requireFull: true, conventions: ConventionsByMetric(ssim: nil, msssim: nil, msssim3D: .pytorchMSSSIM))
        #expect(report.cases.count == Self.loaded.cases.count)
        #expect(
            report.summary.level == .full,
            "\(instructions): \(report.cases.filter { $0.verdict != .pass }.map { "\($0.id): \($0.verdict) \($0.detail ?? "")" })")
    }

    @Test func theVectorsOwnConventionIsUnsupportedAndNothingFails() {
        let report = ConformanceRunner.certify(
            FastImplementation(), cases: Self.loaded.cases, vectors: Self.loaded.files, requireFull: false)
        #expect(report.cases.filter { $0.verdict.isFailure }.isEmpty, "\(report.cases.filter { $0.verdict.isFailure }.map { "\($0.id): \($0.detail ?? "")" })")
        let unsupported = report.cases.filter { $0.verdict == .notSupported }
        let invalid = Self.loaded.cases.filter { $0.tags.contains("invalid") }.count
        #expect(unsupported.count == Self.loaded.cases.count - invalid, "\(report.cases.map { "\($0.id): \($0.verdict)" })")
        #expect(unsupported.allSatisfy { $0.detail?.contains("crops H and W alike") == true }, "\(unsupported.first?.detail ?? "")")
    }
}
