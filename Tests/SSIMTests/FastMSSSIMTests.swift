import Foundation
import PropertyBased
@testable import SSIM
import Testing
import TestSupport

/// The fast implementation's MS-SSIM against the reference: every output within the acceptance bound of its
/// precision (``MSSSIMErrorBounds``, the bounds the golden vectors store), on random shapes, windows, scales and
/// conventions (every downsampling rule, treatment of negative means, channel pooling, terms, normalised weights),
/// every reduction, gradients included, on each instruction set; and what must not depend on how the work is split.
@Suite struct FastMSSSIMTests {
    /// A random case: images of 1–2 samples and 1–3 channels, 1–4 scales with random weights, a window of 3, 5 or 7,
    /// sides from the smallest the coarsest scale takes to 13 more (odd and even), y a noisy copy of x.
    struct Case: Sendable, CustomStringConvertible {
        let pair: ImagePair, convention: MSSSIMConvention, reduction: SSIMReduction

        var description: String { "\(pair), \(convention), \(reduction)" }
    }

    static let generator = zip(
        zip(Gen.int(in: 1...2), Gen.int(in: 1...3), Gen.int(in: 0...13), Gen.int(in: 0...13), Gen.int(in: 0...2),
            Gen.double(in: 0...0.6), Gen.int(in: 0...Int(Int32.max))),
        zip(Gen.int(in: 1...4), Gen.int(in: 0...3), Gen.int(in: 0...2), Gen.bool, Gen.bool, Gen.bool, Gen.int(in: 0...2))
    ).map { images, choices in
        let (batch, channels, extraHeight, extraWidth, windowIndex, noise, seed) = images
        let (scales, downsampling, negative, perImage, ssimEverywhere, normalised, reduction) = choices
        let windowSize = [3, 5, 7][windowIndex]
        var convention = MSSSIMConvention.wangMSSSIM
        convention.windowSize = windowSize
        convention.weights = (0..<scales).map { Double(1 + ($0 * 7 + seed) % 5) / 8 }
        convention.downsampling = MSSSIMDownsampling.allCases[downsampling]
        convention.negativeValues = MSSSIMConvention.NegativeValues.allCases[negative]
        convention.channelPooling = perImage ? .perImage : .perChannel
        convention.terms = ssimEverywhere ? .ssimAtEveryScale : .csThenSSIM
        convention.normalisesWeights = normalised
        // The smallest side whose coarsest scale holds the window under every rule (floor halves the most).
        let side = windowSize << (scales - 1)
        return Case(
            pair: ImagePair(
                batch: batch, channels: channels, height: side + extraHeight, width: side + extraWidth,
                windowSize: windowSize, noise: noise, seed: UInt64(seed)),
            convention: convention, reduction: SSIMReduction.allCases[reduction])
    }

    /// The outputs of the fast implementation in `Scalar` that stray outside the bounds of that precision (nil where
    /// the case is not computable in it); and that its forward outputs are the same with and without gradients.
    static func strays<Scalar: SSIMScalar>(_: Scalar.Type, _ test: Case, fast: FastSSIM = FastSSIM()) throws -> [String]? {
        let (img1, img2) = (test.pair.img1.converted(to: Scalar.self), test.pair.img2.converted(to: Scalar.self))
        let precision: Precision = Scalar.self == Float.self ? .float32 : .float64
        let judging = try MSSSIMErrorBounds.judging(
            img1, img2, maxVal: 1, convention: test.convention, reduction: test.reduction, gradients: true,
            precisions: [precision])
        guard judging.notComputable[precision] == nil else { return nil }
        let (expected, bounds) = (judging.expected, judging.acceptance[precision]!)
        let outputs = try fast.evaluate(
            img1, img2, maxVal: 1, convention: test.convention, reduction: test.reduction, gradients: true)
        let forward = try fast.evaluate(img1, img2, maxVal: 1, convention: test.convention, reduction: test.reduction)
        var found = zip(outputs.scaleMeans, zip(expected.scaleMeans, bounds.scaleMeans)).enumerated().flatMap { j, means in
            boundStrays("mean of scale \(j + 1)", means.0, means.1.0, means.1.1)
        }
        found += boundStrays("ms_ssim", outputs.msssim, expected.msssim, bounds.msssim)
        found += boundStrays("loss", outputs.loss, expected.loss, bounds.loss)
        found += boundStrays("reduced loss", outputs.reducedLoss.map { [$0] }, expected.reducedLoss.map { [$0] }, bounds.reducedLoss.map { [$0] })
        found += boundStrays("grad_img1", outputs.gradImg1?.values, expected.gradImg1?.values, bounds.gradImg1?.values)
        found += boundStrays("grad_img2", outputs.gradImg2?.values, expected.gradImg2?.values, bounds.gradImg2?.values)
        if forward.gradImg1 != nil || forward.msssim != outputs.msssim || forward.scaleMeans != outputs.scaleMeans
            || forward.reducedLoss != outputs.reducedLoss
        {
            found.append("the forward outputs depend on whether gradients are asked for")
        }
        #expect(outputs.unitShape == expected.unitShape && outputs.gradImg1?.shape == test.pair.img1.shape)
        return found
    }

    /// Each instruction set the processor runs, on its own, in both precisions.
    @Test(arguments: [Precision.float32, .float64], FastSSIM.InstructionSet.supported)
    func matchesTheReferenceWithinTheBoundsOfItsPrecision(
        precision: Precision, instructions: FastSSIM.InstructionSet
    ) async throws {
        try await expectNoStrays(count: 30, least: 15, input: Self.generator, precision: precision, instructions: instructions) {
            precision == .float32 ? try Self.strays(Float.self, $0, fast: $1) : try Self.strays(Double.self, $0, fast: $1)
        }
    }

    /// An image large enough to be cut into several bands of rows per plane at its finer scales, on one worker and on
    /// three, with each instruction set: the same results, within the bounds.
    @Test(arguments: [MSSSIMConvention.ChannelPooling.perChannel, .perImage], [SSIMReduction.mean, .none])
    func workersChangeNothing(channels: MSSSIMConvention.ChannelPooling, reduction: SSIMReduction) throws {
        var convention = MSSSIMConvention.wangMSSSIM.asked(windowSize: 7, weights: [0.2, 0.3, 0.5])
        convention.channelPooling = channels
        let pair = ImagePair(batch: 2, channels: 2, height: 203, width: 141, windowSize: 7, noise: 0.3, seed: 5)
        let test = Case(pair: pair, convention: convention, reduction: reduction)
        for instructions in FastSSIM.InstructionSet.supported {
            let fast = { (threads: Int) in FastSSIM(threads: threads, instructions: instructions)! }
            #expect(try Self.strays(Float.self, test, fast: fast(3)) == [], "\(instructions)")
            #expect(try Self.strays(Double.self, test, fast: fast(3)) == [], "\(instructions)")
            for gradients in [false, true] {
                let (x, y) = (pair.img1.converted(to: Float.self), pair.img2.converted(to: Float.self))
                let alone = try fast(1).evaluate(x, y, maxVal: 1, convention: convention, reduction: reduction, gradients: gradients)
                let shared = try fast(3).evaluate(x, y, maxVal: 1, convention: convention, reduction: reduction, gradients: gradients)
                #expect(alone == shared, "\(instructions), gradients \(gradients): the result depends on the number of workers")
            }
        }
    }

    /// Conventions whose scales are not Kornia's 'valid' SSIM are refused, naming why; the reference computes them.
    @Test func refusesWhatItDoesNotCompute() throws {
        let pair = ImagePair(batch: 1, channels: 1, height: 180, width: 180, windowSize: 11, noise: 0.2, seed: 1)
        // torchmetrics: a reflect border and a whole SSIM map; pytorch-msssim, TensorFlow: taps in float32; Wang's
        // with the data range estimated at every scale (torchmetrics' data_range=None).
        var estimated = MSSSIMConvention.wangMSSSIM
        estimated.dataRange = .estimatedPerScale
        for convention in [MSSSIMConvention.torchmetrics, .pytorchMSSSIM, .tensorflow, estimated] {
            #expect(FastSSIM.fastSupport(convention) != nil, "\(convention.name)")
            #expect(throws: SSIMError.self) {
                try FastSSIM().evaluate(pair.img1, pair.img2, maxVal: 1, convention: convention, reduction: .mean)
            }
        }
        #expect(FastSSIM.fastSupport(.wangMSSSIM) == nil && FastSSIM.fastSupport(.piq) == nil)
    }
}

extension FastMSSSIMTests {
    /// The free functions are `wang-msssim` on the fast implementation, in the inputs' precision; relu keeps
    /// anti-correlated images' MS-SSIM a number where the means raised as they are give NaN; bad arguments are
    /// refused by name.
    @Test func theFreeFunctionsAreTheFastImplementation() throws {
        let pair = ImagePair(batch: 2, channels: 2, height: 40, width: 37, windowSize: 3, noise: 0.3, seed: 3)
        let (x, y) = (pair.img1.converted(to: Float.self), pair.img2.converted(to: Float.self))
        let weights = [0.3, 0.7]
        let convention = MSSSIMConvention.wangMSSSIM.asked(windowSize: 3, weights: weights)
        let fast = try FastSSIM().evaluate(x, y, maxVal: 1, convention: convention, reduction: .sum, gradients: true)
        let index = try msssim(x, y, windowSize: 3, weights: weights)
        #expect(index.values == fast.msssim && index.shape.dimensions == [2, 2, 1, 1])
        #expect(try msssimLoss(x, y, windowSize: 3, weights: weights, reduction: .sum) == .reduced(fast.reducedLoss!))
        #expect(try msssimLoss(x, y, windowSize: 3, weights: weights, reduction: .none).values == fast.loss)
        let gradients = try msssimLossWithGradients(x, y, windowSize: 3, weights: weights, reduction: .sum)
        #expect(gradients.gradImg1 == fast.gradImg1 && gradients.gradImg2 == fast.gradImg2)

        let inverted = try ImageTensor(shape: [2, 2, 40, 37], values: x.values.map { 1 - $0 })
        #expect(try msssim(x, inverted, windowSize: 3, weights: weights).values.allSatisfy(\.isNaN))
        let relu = try msssimLossWithGradients(x, inverted, windowSize: 3, weights: weights, negativeMeans: .relu)
        #expect(relu.loss == .reduced(1) && relu.gradImg1.values.allSatisfy { $0 == 0 })

        #expect(throws: SSIMError.invalidWindowSize(4)) { try msssim(x, y, windowSize: 4) }
        #expect(throws: SSIMError.self) { try msssim(x, y) }
        #expect(throws: SSIMError.outsideConvention(
            convention: "wang-msssim", reason: "its weight -1.0 is not finite and non-negative (weights [1.0, -1.0])"
        )) { try msssimLoss(x, y, windowSize: 3, weights: [1, -1]) }
    }
}

/// Checks `count` inputs of `generator` on `instructions`: `strays` (of an input on a FastSSIM running them; nil for an
/// input not judged) finds none in any, and at least `least` are judged (most inputs are computable, so that the
/// check judges something).
func expectNoStrays<Input: CustomStringConvertible, Seed>(
    count: Int, least: Int, input generator: Generator<Input, some Sequence<Seed>>, precision: Precision,
    instructions: FastSSIM.InstructionSet, _ strays: (Input, FastSSIM) throws -> [String]?
) async throws {
    let fast = try #require(FastSSIM(instructions: instructions))
    let judged = Counter()
    await propertyCheck(count: count, input: generator) { test in
        if let found = try strays(test, fast) {
            judged.add()
            #expect(found.isEmpty, "\(precision) \(instructions) \(test): \(found)")
        }
    }
    #expect(judged.value >= least, "\(judged.value) of \(count) cases judged")
}

/// A count shared by a property's runs.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func add() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
