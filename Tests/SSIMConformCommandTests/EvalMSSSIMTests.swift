import Foundation
import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import Testing
import TestSupport

/// `ssim-conform eval` on MS-SSIM cases: computed by the MS-SSIM reference under the convention a name denotes for
/// that metric (`wang-msssim` by default), with the case's window size and weights, and unsupported where the name
/// has no convention of the case's metric.
@Suite struct EvalMSSSIMTests {
    /// Two scales of a 3-tap window, on odd sides, so that the conventions' downsampling rules differ.
    static let request: AdapterRequest = {
        var generator = SplitMix64(seed: 2026_12_06)
        let shape = [2, 2, 13, 15]
        let count = shape.reduce(1, *)
        let x = (0..<count).map { _ in generator.unit() }, y = x.map { min(max($0 + 0.2 * (generator.unit() - 0.5), 0), 1) }
        let img1 = ProtocolArray(shape: shape, precision: .float64, values: x)
        let img2 = ProtocolArray(shape: shape, precision: .float64, values: y)
        return AdapterRequest(cases: [
            .msSSIM(
                id: "ms", img1: img1, img2: img2, windowSize: 3, maxVal: 1, weights: [0.4, 0.6], reduction: "none",
                outputs: [.msSSIM, .loss, .gradImg1]),
            AdapterCase(
                id: "ssim", img1: img1, img2: img2, windowSize: 3, maxVal: 1, eps: 1e-12, padding: "valid",
                reduction: "mean", outputs: [.loss]),
        ])
    }()

    /// The answers of `eval` with `arguments` to ``request``.
    static func answers(_ arguments: [String]) throws -> [String: AdapterAnswer] {
        let folder = try temporaryFolder()
        let request = folder.appendingPathComponent("request.h5").path, response = folder.appendingPathComponent("response.h5").path
        try Self.request.write(to: request)
        let run = try SSIMConformExecutable.run(["eval", request, response] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let written = try AdapterResponse.read(from: response)
        #expect(written.metrics == Set(CaseMetric.names))
        return written.answers
    }

    /// What the MS-SSIM reference answers to the MS-SSIM case under `convention`.
    static func expected(under convention: MSSSIMConvention) throws -> AdapterAnswer {
        let adapterCase = request.cases[0]
        let validated = try ValidatedCase(adapterCase)
        let outputs = try MSSSIMReference.evaluate(
            validated.img1, validated.img2, maxVal: 1, convention: validated.asked(convention), reduction: .none,
            gradients: true)
        return .outputs(outputs.protocolArrays(adapterCase.outputs, precision: .float64))
    }

    @Test func computesWangsByDefaultAndALibrarysByItsName() throws {
        let wang = try Self.answers([])["ms"]
        #expect(wang == (try Self.expected(under: .wangMSSSIM)))
        guard case .outputs(let outputs)? = wang else { return }
        #expect(outputs[.msSSIM]?.shape == [2, 2] && outputs[.loss]?.shape == [2, 2] && outputs[.gradImg1]?.shape == [2, 2, 13, 15])
        let pytorch = try Self.answers(["--convention", "pytorch-msssim"])["ms"]
        #expect(pytorch == (try Self.expected(under: .pytorchMSSSIM)))
        // Odd sides are downsampled otherwise: the two conventions' answers differ.
        #expect(pytorch != wang)
    }

    @Test func aNameWithoutAConventionOfTheMetricAnswersUnsupported() throws {
        let kornia = try Self.answers(["--convention", "kornia"])
        guard case .error(let category, let message)? = kornia["ms"] else {
            Issue.record("kornia's MS-SSIM was answered: \(String(describing: kornia["ms"]))")
            return
        }
        #expect(category == AdapterProtocol.unsupported && message?.contains("ms-ssim") == true, "\(message ?? "")")
        guard case .outputs = kornia["ssim"] else { Issue.record("kornia's SSIM was not answered"); return }

        let wang = try Self.answers(["--convention", "wang-msssim"])
        guard case .error(let ssimCategory, _)? = wang["ssim"] else {
            Issue.record("wang-msssim's SSIM was answered: \(String(describing: wang["ssim"]))")
            return
        }
        #expect(ssimCategory == AdapterProtocol.unsupported)
    }
}
