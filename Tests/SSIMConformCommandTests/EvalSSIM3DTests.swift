import Foundation
import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import SSIMVectors
import Testing
import TestSupport

/// 3-D SSIM through the protocol: a case with rank-5 images and `metric` = `ssim-3d` reads back as written, `eval`
/// answers it by the 3-D reference under the 3-D convention a name denotes (Kornia's by default), unsupported where
/// the name has none, `image_too_small` naming the axis; and the judge's expectation is the reference's, with bounds
/// that accept the reference's answer and refuse one off by a little more than them.
@Suite struct EvalSSIM3DTests {
    static let shape = [1, 2, 5, 7, 6]

    static func volumes(_ shape: [Int]) -> (ProtocolArray, ProtocolArray) {
        var generator = SplitMix64(seed: 2026_12_07)
        let count = shape.reduce(1, *)
        let x = (0..<count).map { _ in generator.unit() }, y = x.map { min(max($0 + 0.2 * (generator.unit() - 0.5), 0), 1) }
        return (ProtocolArray(shape: shape, precision: .float64, values: x), ProtocolArray(shape: shape, precision: .float64, values: y))
    }

    static let request: AdapterRequest = {
        let (img1, img2) = volumes(shape)
        let (thin1, thin2) = volumes([1, 1, 2, 7, 7])
        return AdapterRequest(cases: [
            AdapterCase(
                id: "volume", img1: img1, img2: img2, windowSize: 3, maxVal: 1, eps: 1e-12, padding: "valid",
                reduction: "none", outputs: [.ssimMap, .loss, .gradImg1, .gradImg2], metric: .ssim3D),
            AdapterCase(
                id: "thin", img1: thin1, img2: thin2, windowSize: 5, maxVal: 1, eps: 1e-12, padding: "same",
                reduction: "mean", outputs: [.loss], metric: .ssim3D),
        ])
    }()

    static func answers(_ arguments: [String]) throws -> [String: AdapterAnswer] {
        try answers(request, arguments, metric: "ssim-3d")
    }

    /// `eval`'s answers to `adapterRequest` (written, read back as written first) with `arguments`, whose response
    /// declares `metric`.
    static func answers(_ adapterRequest: AdapterRequest, _ arguments: [String], metric: String) throws -> [String: AdapterAnswer] {
        let folder = try temporaryFolder()
        let request = folder.appendingPathComponent("request.h5").path, response = folder.appendingPathComponent("response.h5").path
        try adapterRequest.write(to: request)
        let reread = try AdapterRequest.read(from: request)
        #expect(reread.cases.sorted { $0.id < $1.id } == adapterRequest.cases.sorted { $0.id < $1.id })
        let run = try SSIMConformExecutable.run(["eval", request, response] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let written = try AdapterResponse.read(from: response)
        #expect(written.metrics?.contains(metric) == true)
        return written.answers
    }

    static func expected(under convention: SSIM3DConvention) throws -> AdapterAnswer {
        let adapterCase = request.cases[0]
        let volumes = try #require(try ValidatedCase(adapterCase).volumes)
        let outputs = try SSIM3DReference.evaluate(
            volumes.img1, volumes.img2, options: try SSIMOptions(windowSize: 3, padding: .valid), reduction: .none,
            gradients: true, convention: convention)
        return .outputs(outputs.protocolArrays(adapterCase.outputs, precision: .float64))
    }

    @Test func evalComputesKorniasByDefaultAndALibrarysByItsName() throws {
        let kornia = try Self.answers([])
        #expect(kornia["volume"] == (try Self.expected(under: .kornia)))
        guard case .outputs(let outputs)? = kornia["volume"] else { return }
        #expect(outputs[.ssimMap]?.shape == [1, 2, 3, 5, 4] && outputs[.loss]?.shape == [1, 2, 3, 5, 4])
        #expect(outputs[.gradImg2]?.shape == Self.shape)
        guard case .error(let category, let message)? = kornia["thin"] else {
            Issue.record("a depth of 2 under a 5-tap reflect window was answered")
            return
        }
        #expect(category == "image_too_small" && message?.contains("depth 2") == true, "\(message ?? "")")

        let replicate = try Self.answers(["--convention", "matlab-ssim"])
        #expect(replicate["volume"] != kornia["volume"])
        guard case .outputs? = replicate["thin"] else { Issue.record("matlab-ssim's replicate depth refused depth 2"); return }
        let wang = try Self.answers(["--convention", "wang-msssim"])
        guard case .error(let unsupported, _)? = wang["volume"] else { Issue.record("wang-msssim answered a volume"); return }
        #expect(unsupported == AdapterProtocol.unsupported)
    }

    /// The judge's expectation of a 3-D case is the 3-D reference's, within bounds that accept it and refuse an answer
    /// off by twice the bound (and accept one off by half of it).
    @Test func theJudgesExpectationHasTheReferencesBounds() throws {
        // The map's and the loss's bounds are small; the gradients' are relative to their size.
        try Self.expectBounds(of: Self.request.cases[0], around: try Self.expected(under: .kornia)) { output, value in
            output == .ssimMap || output == .loss ? 1e-3 : 1e-2 * (1 + abs(value))
        }
    }

    /// Checks that the judge's expectation of `adapterCase` under the vectors' conventions is `reference`'s answer and
    /// that its float32 bounds, laid out alike, are positive and below `largest` (of the output and the value), accept
    /// an answer off by half a bound and refuse one off by two.
    static func expectBounds(
        of adapterCase: AdapterCase, around reference: AdapterAnswer, largest: (AdapterOutput, Double) -> Double
    ) throws {
        let expectation = try ReferenceExpectation(
            try ValidatedCase(adapterCase), outputs: adapterCase.outputs, precisions: [.float64, .float32], conventions: .vectors)
        guard case .outputs(let answer) = reference else { Issue.record("no answer: \(reference)"); return }
        for output in adapterCase.outputs {
            let expected = try #require(expectation.outputs[output]), bounds = try #require(expectation.bounds[.float32]?[output])
            #expect(expected == answer[output])
            #expect(bounds.shape == expected.shape)
            for (index, value) in expected.values.enumerated() {
                let bound = bounds.values[index]
                #expect(bound > 0 && bound < largest(output, value), "\(output)[\(index)]: \(bound)")
                #expect(SSIMErrorBounds.accepts(value + bound / 2, expected: value, bound: bound))
                #expect(!SSIMErrorBounds.accepts(value + 2 * bound, expected: value, bound: bound))
            }
        }
    }

    /// `eval --implementation fast` declares 3-D SSIM and answers volumes in float64, float32 and float16 (computed in
    /// float32, the answers rounded), 'same' and 'valid', every reduction, within the bounds of their precision under Kornia's convention (the judge's); a depth too
    /// small for the window as `image_too_small`; another library's 3-D convention, which it does not compute, as
    /// unsupported.
    @Test func theFastImplementationAnswersWithinTheBounds() throws {
        let (img1, img2) = Self.volumes([2, 1, 6, 9, 19])
        func rounded(_ array: ProtocolArray, to precision: Precision) -> ProtocolArray {
            ProtocolArray(shape: array.shape, precision: precision, values: array.values.map(precision.rounded))
        }
        func single(_ array: ProtocolArray) -> ProtocolArray { rounded(array, to: .float32) }
        let all: [AdapterOutput] = [.ssimMap, .loss, .gradImg1, .gradImg2]
        let request = AdapterRequest(cases: Self.request.cases + [
            AdapterCase(
                id: "same-float32", img1: single(img1), img2: single(img2), windowSize: 5, maxVal: 1, eps: 1e-12,
                padding: "same", reduction: "mean", outputs: all, metric: .ssim3D),
            AdapterCase(
                id: "none-float16", img1: rounded(img1, to: .float16), img2: rounded(img2, to: .float16), windowSize: 3,
                maxVal: 1, eps: 1e-12, padding: "same", reduction: "none", outputs: all, metric: .ssim3D),
            AdapterCase(
                id: "valid-sum", img1: img1, img2: img2, windowSize: 3, maxVal: 1, eps: 1e-12, padding: "valid",
                reduction: "sum", outputs: [.loss, .gradImg1], metric: .ssim3D),
        ])
        let answers = try Self.answers(request, ["--implementation", "fast"], metric: "ssim-3d")
        try expectAnswersWithinBounds(request, answers, skipping: ["thin"])
        guard case .error(let category, let message)? = answers["thin"] else {
            Issue.record("a depth of 2 under a 5-tap reflect window was answered")
            return
        }
        #expect(category == "image_too_small" && message?.contains("depth 2") == true, "\(message ?? "")")
        let torchmetrics = try Self.answers(request, ["--implementation", "fast", "--convention", "torchmetrics"], metric: "ssim-3d")
        guard case .error(let unsupported, _)? = torchmetrics["same-float32"] else {
            Issue.record("the fast implementation answered torchmetrics' 3-D convention")
            return
        }
        #expect(unsupported == AdapterProtocol.unsupported)
    }
}
