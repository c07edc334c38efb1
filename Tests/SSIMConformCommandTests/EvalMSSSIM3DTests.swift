import Foundation
import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import SSIMVectors
import Testing
import TestSupport

/// 3-D MS-SSIM through the protocol: a case with rank-5 images, `metric` = `ms-ssim-3d` and weights reads back as
/// written; `eval` answers it by the 3-D MS-SSIM reference under the convention a name denotes (torchmetrics' by
/// default), unsupported where the name has none, `image_too_small` naming the axis, `invalid_shape` for images of
/// rank 4; and the judge's expectation is the reference's, with bounds that accept it.
@Suite struct EvalMSSSIM3DTests {
    static let shape = [1, 2, 12, 13, 14]
    static let weights = [0.4, 0.6]

    static let request: AdapterRequest = {
        let (img1, img2) = EvalSSIM3DTests.volumes(shape)
        let (thin1, thin2) = EvalSSIM3DTests.volumes([1, 1, 11, 13, 14])
        let (flat1, flat2) = EvalSSIM3DTests.volumes([1, 1, 13, 14])
        func msssim3D(_ id: String, _ x: ProtocolArray, _ y: ProtocolArray, _ reduction: String, _ outputs: [AdapterOutput]) -> AdapterCase {
            .msSSIM(
                id: id, img1: x, img2: y, windowSize: 5, maxVal: 1, weights: weights, reduction: reduction,
                outputs: outputs, volumes: true)
        }
        return AdapterRequest(cases: [
            msssim3D("volume", img1, img2, "none", [.msSSIM, .loss, .gradImg1, .gradImg2]),
            msssim3D("thin", thin1, thin2, "mean", [.loss]),
            msssim3D("rank4", flat1, flat2, "mean", [.loss]),
        ])
    }()

    static func answers(_ arguments: [String]) throws -> [String: AdapterAnswer] {
        try EvalSSIM3DTests.answers(request, arguments, metric: "ms-ssim-3d")
    }

    /// A case of `ms-ssim-3d` reads back as written, its weights and rank-5 images with it.
    @Test func aCaseRoundTripsWithItsWeights() throws {
        let path = try temporaryFolder().appendingPathComponent("request.h5").path
        try Self.request.write(to: path)
        let volume = try #require(try AdapterRequest.read(from: path).cases.first { $0.id == "volume" })
        #expect(volume.metric == .msSSIM3D(weights: Self.weights) && volume.img1.shape == Self.shape)
        #expect(volume == Self.request.cases[0])
    }

    static func expected(under convention: MSSSIM3DConvention) throws -> AdapterAnswer {
        let adapterCase = request.cases[0]
        let volumes = try #require(try ValidatedCase(adapterCase).volumes)
        let outputs = try MSSSIM3DReference.evaluate(
            volumes.img1, volumes.img2, maxVal: 1, convention: convention.asked(windowSize: 5, weights: weights),
            reduction: .none, gradients: true)
        return .outputs(outputs.protocolArrays(adapterCase.outputs, precision: .float64))
    }

    @Test func evalComputesTorchmetricsByDefaultAndALibrarysByItsName() throws {
        #expect(try Self.answers([]) == (try Self.answers(["--convention", "torchmetrics"])))
        let pytorch = try Self.answers(["--convention", "pytorch-msssim"])
        #expect(pytorch["volume"] == (try Self.expected(under: .pytorchMSSSIM)))
        guard case .outputs(let outputs)? = pytorch["volume"] else { return }
        #expect(outputs[.msSSIM]?.shape == [1, 2] && outputs[.loss]?.shape == [1, 2] && outputs[.gradImg1]?.shape == Self.shape)
        guard case .error(let rank, _)? = pytorch["rank4"] else { Issue.record("a rank-4 ms-ssim-3d case was answered"); return }
        #expect(rank == "invalid_shape")

        let torchmetrics = try Self.answers(["--convention", "torchmetrics"])
        #expect(torchmetrics["volume"] == (try Self.expected(under: .torchmetrics)))
        guard case .outputs(let pooled)? = torchmetrics["volume"] else { return }
        #expect(pooled[.msSSIM]?.shape == [1])
        guard case .error(let category, let message)? = torchmetrics["thin"] else {
            Issue.record("a depth of 11 was answered under torchmetrics' 11 reflected taps on two scales")
            return
        }
        #expect(category == "image_too_small" && message?.contains("depth 11 < 12") == true, "\(message ?? "")")
        let kornia = try Self.answers(["--convention", "kornia"])
        guard case .error(let unsupported, _)? = kornia["volume"] else { Issue.record("kornia answered a 3-D MS-SSIM"); return }
        #expect(unsupported == AdapterProtocol.unsupported)
    }

    /// The judge's expectation of a 3-D MS-SSIM case is the reference's, within bounds that accept it and refuse an
    /// answer off by twice the bound.
    @Test func theJudgesExpectationHasTheReferencesBounds() throws {
        try EvalSSIM3DTests.expectBounds(of: Self.request.cases[0], around: try Self.expected(under: .torchmetrics)) { _, value in
            1e-2 * (1 + abs(value))
        }
    }
}

extension EvalMSSSIM3DTests {
    /// `eval --implementation fast` declares 3-D MS-SSIM and answers it under pytorch-msssim's convention within the
    /// bounds of each case's precision (float64; float32; float16, computed in float32 and the answers rounded), every
    /// reduction, a depth of 11 too (its 5 taps blur 6 planes at the second scale); and under torchmetrics' (the
    /// default), whose depth of 11 is `image_too_small`; images of rank 4 as `invalid_shape`.
    @Test func theFastImplementationAnswersWithinTheBounds() throws {
        let (img1, img2) = EvalSSIM3DTests.volumes([2, 1, 12, 14, 18])
        func rounded(_ array: ProtocolArray, to precision: Precision) -> ProtocolArray {
            ProtocolArray(shape: array.shape, precision: precision, values: array.values.map(precision.rounded))
        }
        func msssim3D(_ id: String, _ precision: Precision, _ reduction: String, _ outputs: [AdapterOutput]) -> AdapterCase {
            .msSSIM(
                id: id, img1: rounded(img1, to: precision), img2: rounded(img2, to: precision), windowSize: 3, maxVal: 1,
                weights: Self.weights, reduction: reduction, outputs: outputs, volumes: true)
        }
        let request = AdapterRequest(cases: Self.request.cases + [
            msssim3D("mean-float32", .float32, "mean", [.msSSIM, .loss, .gradImg1, .gradImg2]),
            msssim3D("sum-float16", .float16, "sum", [.loss, .gradImg2]),
        ])
        let conventions = ConventionsByMetric(ssim: nil, msssim: nil, msssim3D: .pytorchMSSSIM)
        let pytorch = try EvalSSIM3DTests.answers(
            request, ["--implementation", "fast", "--convention", "pytorch-msssim"], metric: "ms-ssim-3d")
        try expectAnswersWithinBounds(request, pytorch, skipping: ["rank4"], conventions: conventions)
        guard case .error(let rank, _)? = pytorch["rank4"] else { Issue.record("a rank-4 ms-ssim-3d case was answered"); return }
        #expect(rank == "invalid_shape")

        let torchmetrics = try EvalSSIM3DTests.answers(request, ["--implementation", "fast"], metric: "ms-ssim-3d")
        try expectAnswersWithinBounds(request, torchmetrics, skipping: ["thin", "rank4"])
        guard case .error(let category, let thin)? = torchmetrics["thin"] else { Issue.record("a depth of 11 was answered"); return }
        #expect(category == "image_too_small" && thin?.contains("depth 11 < 12") == true, "\(thin ?? "")")
    }
}
