import Foundation
import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import Testing
import TestSupport

/// A command is sent a case of another metric than SSIM only when its responses declare that metric: to any other
/// the case is not supported (not sent, and said why), and its SSIM cases go on as before.
@Suite struct MetricDeclarationTests {
    static let images = ProtocolArray(shape: [1, 1, 8, 8], precision: .float64, values: (0..<64).map { Double($0) / 64 })
    static let ssim = AdapterCase(
        id: "ssim-case", img1: images, img2: images, windowSize: 3, maxVal: 1, eps: 1e-12, padding: "same",
        reduction: "mean", outputs: [.loss])
    static let msssim = AdapterCase.msSSIM(
        id: "ms-ssim-case", img1: images, img2: images, windowSize: 3, maxVal: 1, weights: [1], reduction: "mean",
        outputs: [.loss])

    static let volumes = ProtocolArray(shape: [1, 1, 4, 4, 4], precision: .float64, values: (0..<64).map { Double($0) / 64 })
    static let ssim3D = AdapterCase(
        id: "ssim-3d-case", img1: volumes, img2: volumes, windowSize: 3, maxVal: 1, eps: 1e-12, padding: "same",
        reduction: "mean", outputs: [.loss], metric: .ssim3D)

    /// A command answering every request with a response that answers every case, declaring `metrics`.
    static func command(declaring metrics: Set<String>?) throws -> ExternalImplementation {
        let path = try temporaryFolder().appendingPathComponent("response.h5").path
        let answer = AdapterAnswer.outputs([.loss: ProtocolArray(shape: [], precision: .float64, values: [0])])
        try AdapterResponse(
            implementation: "canned", implementationVersion: "1", metrics: metrics,
            answers: [ssim.id: answer, msssim.id: answer, ssim3D.id: answer, "probe": answer]
        ).write(to: path)
        return ExternalImplementation(command: "cp '\(path)' \"$2\" #", timeout: 60)
    }

    @Test func aCommandDeclaringNoMetricIsSentSSIMCasesAlone() throws {
        guard case .answered(let answers) = try Self.command(declaring: nil).evaluate(batch: [Self.ssim, Self.msssim]) else {
            Issue.record("the batch failed")
            return
        }
        guard case .error(let category, let message)? = answers[Self.msssim.id] else {
            Issue.record("the MS-SSIM case was answered: \(String(describing: answers[Self.msssim.id]))")
            return
        }
        #expect(category == AdapterProtocol.unsupported)
        #expect(message?.contains("not sent") == true && message?.contains("ms-ssim") == true, "\(message ?? "")")
        #expect(answers[Self.ssim.id] == .outputs([.loss: ProtocolArray(shape: [], precision: .float64, values: [0])]))
    }

    @Test func aCommandDeclaringMSSSIMIsSentItsCases() throws {
        let implementation = try Self.command(declaring: ["ssim", "ms-ssim"])
        guard case .answered(let answers) = implementation.evaluate(batch: [Self.ssim, Self.msssim]) else {
            Issue.record("the batch failed")
            return
        }
        #expect(answers[Self.msssim.id] == .outputs([.loss: ProtocolArray(shape: [], precision: .float64, values: [0])]))
        #expect(answers[Self.ssim.id] != nil)
    }

    @Test func aVolumeCaseIsSentOnlyToACommandDeclaringSSIM3D() throws {
        let answer = AdapterAnswer.outputs([.loss: ProtocolArray(shape: [], precision: .float64, values: [0])])
        guard case .answered(let refused) = try Self.command(declaring: ["ssim", "ms-ssim"]).evaluate(batch: [Self.ssim, Self.ssim3D]),
              case .answered(let sent) = try Self.command(declaring: ["ssim", "ssim-3d"]).evaluate(batch: [Self.ssim, Self.ssim3D])
        else {
            Issue.record("a batch failed")
            return
        }
        guard case .error(let category, let message)? = refused[Self.ssim3D.id] else {
            Issue.record("the 3-D case was answered: \(String(describing: refused[Self.ssim3D.id]))")
            return
        }
        #expect(category == AdapterProtocol.unsupported && message?.contains("ssim-3d") == true, "\(message ?? "")")
        #expect(sent[Self.ssim3D.id] == answer)
    }
}
