import Foundation
import PropertyBased
@testable import SSIM
import Testing
import TestSupport

/// The fast implementation's MS-SSIM of volumes against the reference: every output within the acceptance bound of
/// its precision (``MSSSIM3DErrorBounds``, the bounds the golden vectors store), on random volumes, windows, scales
/// and conventions (pytorch-msssim's, and Kornia's 3-D SSIM at every scale with every downsampling rule, treatment
/// of negative means, channel pooling, terms, normalised weights and 'same' or 'valid' scales), every reduction,
/// gradients included, on each instruction set; what must not depend on how the work is split; and what it refuses.
@Suite struct FastMSSSIM3DTests {
    /// A random case: volumes of 1–2 samples and 1–2 channels, 1–3 scales with random weights, a window of 3 or 5,
    /// each axis from the smallest the coarsest scale takes to 5 more (odd and even), y a noisy copy of x.
    struct Case: Sendable, CustomStringConvertible {
        let volumes: FastSSIM3DTests.Case, convention: MSSSIM3DConvention

        var description: String { "\(volumes), \(convention)" }
    }

    static let generator = zip(
        zip(Gen.int(in: 1...2), Gen.int(in: 1...2), Gen.int(in: 0...5), Gen.int(in: 0...5), Gen.int(in: 0...5),
            Gen.double(in: 0...0.6), Gen.int(in: 0...Int(Int32.max))),
        zip(Gen.int(in: 1...3), Gen.int(in: 0...3), Gen.int(in: 0...2), Gen.bool, Gen.bool, Gen.bool, Gen.int(in: 0...2)),
        zip(Gen.int(in: 0...2), Gen.bool)
    ).map { sizes, choices, more in
        let (batch, channels, extraDepth, extraHeight, extraWidth, noise, seed) = sizes
        let (scales, downsampling, negative, perImage, ssimEverywhere, normalised, reduction) = choices
        let (paddings, pytorch) = more
        let windowSize = pytorch ? 3 : [3, 5][seed % 2]
        var convention: MSSSIM3DConvention
        if pytorch {
            convention = .pytorchMSSSIM
        } else {
            var multiScale = MSSSIMConvention.wangMSSSIM
            multiScale.downsampling = MSSSIMDownsampling.allCases[downsampling]
            multiScale.negativeValues = MSSSIMConvention.NegativeValues.allCases[negative]
            multiScale.channelPooling = perImage ? .perImage : .perChannel
            multiScale.terms = ssimEverywhere ? .ssimAtEveryScale : .csThenSSIM
            multiScale.normalisesWeights = normalised
            // Every scale 'valid'; the SSIM scale whole, the cs ones 'valid' (torchmetrics' choice); every scale whole.
            (multiScale.padding, multiScale.csPadding) = [(.valid, nil), (.same, .valid), (.same, nil)][paddings]
            convention = MSSSIM3DConvention(volume: .kornia, multiScale: multiScale)
        }
        convention = convention.asked(windowSize: windowSize, weights: (0..<scales).map { Double(1 + ($0 * 7 + seed) % 5) / 8 })
        // The smallest axis whose coarsest scale holds the window under every rule (floor halves the most).
        let side = windowSize << (scales - 1)
        let volumes = FastSSIM3DTests.Case(
            shape: [batch, channels, side + extraDepth, side + extraHeight, side + extraWidth], windowSize: windowSize,
            padding: .valid, reduction: SSIMReduction.allCases[reduction], noise: noise, seed: UInt64(seed))
        return Case(volumes: volumes, convention: convention)
    }

    /// The outputs of the fast implementation in `Scalar` that stray outside the bounds of that precision (nil where
    /// the case is not computable in it, or is one the fast implementation refuses, checked to be refused for its
    /// pooling); and that its forward outputs are the same with and without gradients.
    static func strays<Scalar: SSIMScalar>(_: Scalar.Type, _ test: Case, fast: FastSSIM = FastSSIM()) throws -> [String]? {
        let (x, y) = test.volumes.volumes
        let (img1, img2) = (x.converted(to: Scalar.self), y.converted(to: Scalar.self))
        let (convention, reduction) = (test.convention, test.volumes.reduction)
        let precision: Precision = Scalar.self == Float.self ? .float32 : .float64
        let judging = try MSSSIM3DErrorBounds.judging(
            img1, img2, maxVal: 1, convention: convention, reduction: reduction, gradients: true, precisions: [precision])
        guard judging.notComputable[precision] == nil else { return nil }
        let outputs: MSSSIM3DResult<Scalar>
        do {
            outputs = try fast.evaluate(img1, img2, maxVal: 1, convention: convention, reduction: reduction, gradients: true)
        } catch {
            let dimensions = try MSSSIMPyramid(volumes: x.shape, y.shape, maxVal: 1, convention: convention).dimensions
            #expect(!FastVolumePooling<Double>.isPooledAxisByAxis(dimensions, rule: convention.multiScale.downsampling), "\(error)")
            return nil
        }
        let forward = try fast.evaluate(img1, img2, maxVal: 1, convention: convention, reduction: reduction)
        var found = Self.strays(outputs.outputs, judging.expected, judging.acceptance[precision]!)
        if forward.gradImg1 != nil || forward.msssim != outputs.msssim || forward.scaleMeans != outputs.scaleMeans
            || forward.reducedLoss != outputs.reducedLoss
        {
            found.append("the forward outputs depend on whether gradients are asked for")
        }
        #expect(outputs.unitShape == judging.expected.unitShape && outputs.gradImg1?.shape == x.shape)
        return found
    }

    /// The outputs of `actual` outside `bounds` of `expected`, named.
    static func strays(_ actual: MSSSIM3DOutputs, _ expected: MSSSIM3DOutputs, _ bounds: MSSSIM3DOutputs) -> [String] {
        func strays(_ name: String, _ actual: [Double]?, _ expected: [Double]?, _ bound: [Double]?) -> [String] {
            guard let actual, let expected, let bound, actual.count == expected.count else {
                return actual == nil && expected == nil ? [] : ["\(name): missing or of another size"]
            }
            let outside = actual.indices.filter { !SSIMErrorBounds.accepts(actual[$0], expected: expected[$0], bound: bound[$0]) }
            return outside.first.map { ["\(name): \(outside.count) outside, first at \($0): |\(actual[$0]) − \(expected[$0])| > \(bound[$0])"] } ?? []
        }
        let scales = actual.scaleMeans.indices.flatMap { j in
            strays("mean of scale \(j + 1)", actual.scaleMeans[j], expected.scaleMeans[j], bounds.scaleMeans[j])
        }
        return scales + strays("ms_ssim", actual.msssim, expected.msssim, bounds.msssim)
            + strays("loss", actual.loss, expected.loss, bounds.loss)
            + strays("reduced loss", actual.reducedLoss.map { [$0] }, expected.reducedLoss.map { [$0] }, bounds.reducedLoss.map { [$0] })
            + strays("grad_img1", actual.gradImg1?.values, expected.gradImg1?.values, bounds.gradImg1?.values)
            + strays("grad_img2", actual.gradImg2?.values, expected.gradImg2?.values, bounds.gradImg2?.values)
    }

    /// Each instruction set the processor runs, on its own, in both precisions.
    @Test(arguments: [Precision.float32, .float64], FastSSIM.InstructionSet.supported)
    func matchesTheReferenceWithinTheBoundsOfItsPrecision(
        precision: Precision, instructions: FastSSIM.InstructionSet
    ) async throws {
        try await expectNoStrays(count: 20, least: 10, input: Self.generator, precision: precision, instructions: instructions) {
            precision == .float32 ? try Self.strays(Float.self, $0, fast: $1) : try Self.strays(Double.self, $0, fast: $1)
        }
    }

    /// Volumes large enough to be cut into several blocks at their finer scales and pooled on several workers, on one
    /// worker and on two, with each instruction set: the same bits, and within the bounds.
    @Test(arguments: [MSSSIMConvention.ChannelPooling.perChannel, .perImage], [SSIMReduction.mean, .none])
    func workersChangeNothing(channels: MSSSIMConvention.ChannelPooling, reduction: SSIMReduction) throws {
        var convention = MSSSIM3DConvention.pytorchMSSSIM.asked(windowSize: 5, weights: [0.2, 0.3, 0.5])
        convention.multiScale.channelPooling = channels
        let volumes = FastSSIM3DTests.Case(
            shape: [2, 2, 27, 36, 41], windowSize: 5, padding: .valid, reduction: reduction, noise: 0.3, seed: 5)
        let two = FastSSIM(threads: 2)
        #expect(two.workers(units: 4 * 27, pixels: 4 * 27 * 36 * 41) == 2)
        #expect(try Self.strays(Float.self, Case(volumes: volumes, convention: convention), fast: two) == [])
        let (x, y) = volumes.volumes
        for instructions in FastSSIM.InstructionSet.supported {
            let fast = { (threads: Int) in FastSSIM(threads: threads, instructions: instructions)! }
            func check<Scalar: SSIMScalar>(_: Scalar.Type) throws {
                let (img1, img2) = (x.converted(to: Scalar.self), y.converted(to: Scalar.self))
                for gradients in [false, true] {
                    let alone = try fast(1).evaluate(img1, img2, maxVal: 1, convention: convention, reduction: reduction, gradients: gradients)
                    let shared = try fast(2).evaluate(img1, img2, maxVal: 1, convention: convention, reduction: reduction, gradients: gradients)
                    #expect(alone == shared, "\(Scalar.self) \(instructions), gradients \(gradients): the result depends on the number of workers")
                }
            }
            try check(Float.self)
            try check(Double.self)
        }
    }

    /// torchmetrics' convention: 11 taps from σ whatever window_size, the cs maps 'valid' (cropped by the taps'
    /// reach) and the coarsest map whole under torch's reflect, but along W, padded by window_size's reach only and so
    /// cropped by the difference (none for 11, 4 for 3, 3 for 5): computed within the bounds.
    @Test(arguments: [11, 3, 5])
    func computesTorchmetrics(windowSize: Int) throws {
        let volumes = FastSSIM3DTests.Case(
            shape: [1, 2, 12, 21, 22], windowSize: windowSize, padding: .valid, reduction: .mean, noise: 0.3, seed: 2)
        let asked = MSSSIM3DConvention.torchmetrics.asked(windowSize: windowSize, weights: Self.twoScales)
        #expect(FastSSIM.fastSupport(MSSSIM3DConvention.torchmetrics) == nil)
        #expect(try Self.strays(Double.self, Case(volumes: volumes, convention: asked)) == [])
        #expect(try Self.strays(Float.self, Case(volumes: volumes, convention: asked)) == [])
    }

    static let twoScales = [0.3, 0.7]

    /// pytorch-msssim leaves a depth shorter than the window unblurred, at the coarsest scale or every one: computed
    /// so, within the bounds, in both precisions. And H and W shorter than it both, the whole coarsest scale then
    /// unblurred: volumes pytorch-msssim itself refuses (its ms_ssim asserts H and W over (win_size − 1)·2⁴), which
    /// the reference computes, and so the fast implementation.
    @Test(arguments: [
        ([1, 2, 4, 10, 9], 3, twoScales), ([2, 1, 9, 20, 21], 5, [0.2, 0.3, 0.5]), ([1, 1, 2, 9, 9], 3, [1.0]),
        ([1, 2, 4, 5, 5], 3, twoScales), ([2, 1, 9, 17, 17], 5, [0.2, 0.3, 0.5]),
    ])
    func leavesAShortDepthUnblurredAsPytorchMSSSIM(shape: [Int], window: Int, weights: [Double]) throws {
        let volumes = FastSSIM3DTests.Case(shape: shape, windowSize: window, padding: .valid, reduction: .sum, noise: 0.3, seed: 4)
        let test = Case(volumes: volumes, convention: .pytorchMSSSIM.asked(windowSize: window, weights: weights))
        #expect(try Self.strays(Double.self, test) == [])
        #expect(try Self.strays(Float.self, test) == [])
    }

    /// Conventions whose ratio is not Kornia's, or whose data range is estimated per scale, are refused by
    /// ``FastSSIM/fastSupport(_:)-(MSSSIM3DConvention)``; cases whose scale leaves an axis unblurred, or whose pooling
    /// repeats H's and W's first voxels for an odd depth alone, are refused by the evaluation; the reference computes
    /// them all.
    @Test func refusesWhatItDoesNotCompute() throws {
        var sample = MSSSIM3DConvention.pytorchMSSSIM
        sample.volume.plane.sampleCovariance = true
        var estimated = MSSSIM3DConvention.pytorchMSSSIM
        estimated.multiScale.dataRange = .estimatedPerScale
        for convention in [sample, estimated] {
            #expect(FastSSIM.fastSupport(convention) != nil, "\(convention)")
        }
        #expect(FastSSIM.fastSupport(MSSSIM3DConvention.pytorchMSSSIM) == nil)
        func refusal(_ shape: [Int], _ convention: MSSSIM3DConvention) throws -> String? {
            let (x, y) = FastSSIM3DTests.Case(shape: shape, windowSize: 3, padding: .valid, reduction: .mean, noise: 0.2, seed: 1).volumes
            let asked = convention.asked(windowSize: 3, weights: Self.twoScales)
            _ = try MSSSIM3DReference.evaluate(x, y, maxVal: 1, convention: asked, reduction: .mean, gradients: false)
            do {
                _ = try FastSSIM().evaluate(x, y, maxVal: 1, convention: asked, reduction: .mean)
                return nil
            } catch {
                guard case .outsideConvention(_, let reason) = error else { return "\(error)" }
                return reason
            }
        }
        for convention in [sample, estimated] {
            #expect(try refusal([1, 1, 8, 8, 8], convention) != nil)
        }
        // pytorch-msssim leaves a height of 2 at the second scale unblurred, and blurs the width of 4 there.
        #expect(try refusal([1, 1, 8, 4, 8], .pytorchMSSSIM)?.contains("not D, H, W by 3, 1, 3 taps") == true)
        // It leaves the depth, height and width of 2 at the second scale all unblurred, which the kernel computes.
        #expect(try refusal([1, 1, 4, 5, 5], .pytorchMSSSIM) == nil)
        var replicate = MSSSIM3DConvention(volume: .kornia, multiScale: .wangMSSSIM)
        replicate.multiScale.downsampling = .replicateTopLeft
        #expect(try refusal([1, 1, 9, 8, 8], replicate)?.contains("replicate-top-left") == true)
        #expect(try refusal([1, 1, 9, 8, 9], replicate) == nil)
    }
}

extension FastMSSSIM3DTests {
    /// The free functions are `pytorch-msssim` on the fast implementation, in the inputs' precision, by default, and
    /// any other convention it computes when asked; bad arguments are refused by name.
    @Test func theFreeFunctionsAreTheFastImplementation() throws {
        let (x64, y64) = FastSSIM3DTests.Case(
            shape: [2, 2, 12, 14, 13], windowSize: 3, padding: .valid, reduction: .sum, noise: 0.3, seed: 3).volumes
        let (x, y) = (x64.converted(to: Float.self), y64.converted(to: Float.self))
        let weights = Self.twoScales
        let convention = MSSSIM3DConvention.pytorchMSSSIM.asked(windowSize: 3, weights: weights)
        let fast = try FastSSIM().evaluate(x, y, maxVal: 1, convention: convention, reduction: .sum, gradients: true)
        let index = try msssim3d(x, y, windowSize: 3, weights: weights)
        #expect(index.values == fast.msssim && index.shape == [2, 2, 1, 1, 1])
        #expect(try msssim3dLoss(x, y, windowSize: 3, weights: weights, reduction: .sum) == .reduced(fast.reducedLoss!))
        #expect(try msssim3dLoss(x, y, windowSize: 3, weights: weights, reduction: .none).values == fast.loss)
        let gradients = try msssim3dLossWithGradients(x, y, windowSize: 3, weights: weights, reduction: .sum)
        #expect(gradients.gradImg1 == fast.gradImg1 && gradients.gradImg2 == fast.gradImg2)
        var perImage = MSSSIM3DConvention(volume: .kornia, multiScale: .wangMSSSIM)
        perImage.multiScale.channelPooling = .perImage
        #expect(try msssim3d(x, y, windowSize: 3, weights: weights, convention: perImage).shape == [2, 1, 1, 1, 1])

        #expect(throws: SSIMError.invalidWindowSize(4)) { try msssim3d(x, y, windowSize: 4) }
        // The default window of 11 leaves every scale but the first unblurred on these volumes.
        let unblurred = try FastSSIM().evaluate(x, y, maxVal: 1, convention: .pytorchMSSSIM.asked(windowSize: 11, weights: nil), reduction: .mean)
        #expect(try msssim3d(x, y).values == unblurred.msssim)
        #expect(throws: SSIMError.shapeMismatch(img1: [2, 2, 12, 14, 13], img2: [2, 2, 12, 14, 12])) {
            try msssim3dLoss(x, try VolumeTensor(shape: [2, 2, 12, 14, 12], values: [Float](repeating: 0, count: 8064)), windowSize: 3, weights: weights)
        }
    }
}
