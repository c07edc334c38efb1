import PropertyBased
@testable import SSIM
import Testing
import TestSupport

/// The fast implementation's MS-SSIM + L1 loss against the reference: every output within the acceptance bound of
/// its precision (``MSSSIML1ErrorBounds``, the bounds the golden vectors store), on random shapes (down to one pixel
/// and windows wider than the image), σ, α, compensations and reductions, gradients included, on each instruction
/// set; and what must not depend on how the work is split or on whether gradients are asked for.
@Suite struct FastMSSSIML1Tests {
    /// A random case: images of 1–2 samples, 1–3 channels and sides of 1–30, y a noisy copy of x; the first 1–5 of
    /// Kornia's σ (3 to 33 taps), a random α and compensation, any reduction.
    struct Case: Sendable, CustomStringConvertible {
        let pair: ImagePair, convention: MSSSIML1Convention, reduction: SSIMReduction

        var description: String { "\(pair), \(convention), \(reduction)" }
    }

    static let generator = zip(
        zip(Gen.int(in: 1...2), Gen.int(in: 1...3), Gen.int(in: 1...30), Gen.int(in: 1...30), Gen.double(in: 0...0.8),
            Gen.int(in: 0...Int(Int32.max))),
        zip(Gen.int(in: 1...5), Gen.double(in: 0...1), Gen.double(in: 0.5...300), Gen.int(in: 0...2))
    ).map { images, choices in
        let (batch, channels, height, width, noise, seed) = images
        let (scales, alpha, compensation, reduction) = choices
        let convention = MSSSIML1Convention(
            sigmas: Array(MSSSIML1Convention.kornia.sigmas.prefix(scales)), alpha: alpha, compensation: compensation)
        return Case(
            pair: ImagePair(
                batch: batch, channels: channels, height: height, width: width, windowSize: 1, noise: noise,
                seed: UInt64(seed)),
            convention: convention, reduction: SSIMReduction.allCases[reduction])
    }

    /// The outputs of the fast implementation in `Scalar` that stray outside the bounds of that precision (nil where
    /// the case is not computable in it); and that its forward outputs are the same with and without gradients.
    static func strays<Scalar: SSIMScalar>(_: Scalar.Type, _ test: Case, fast: FastSSIM = FastSSIM()) throws -> [String]? {
        let (img1, img2) = (test.pair.img1.converted(to: Scalar.self), test.pair.img2.converted(to: Scalar.self))
        let precision: Precision = Scalar.self == Float.self ? .float32 : .float64
        let judging = try MSSSIML1ErrorBounds.judging(
            img1, img2, maxVal: 1, convention: test.convention, reduction: test.reduction, gradients: true,
            precisions: [precision])
        guard judging.notComputable[precision] == nil else { return nil }
        let (expected, bounds) = (judging.expected, judging.acceptance[precision]!)
        let outputs = try fast.evaluate(
            img1, img2, maxVal: 1, convention: test.convention, reduction: test.reduction, maps: true, gradients: true)
        let forward = try fast.evaluate(
            img1, img2, maxVal: 1, convention: test.convention, reduction: test.reduction, maps: true)
        var found = boundStrays("ms_ssim", outputs.msssim, expected.msssim, bounds.msssim)
        found += boundStrays("l1", outputs.l1, expected.l1, bounds.l1)
        found += boundStrays("loss", outputs.loss, expected.loss, bounds.loss)
        found += boundStrays("reduced loss", outputs.reducedLoss.map { [$0] }, expected.reducedLoss.map { [$0] }, bounds.reducedLoss.map { [$0] })
        found += boundStrays("grad_img1", outputs.gradImg1?.values, expected.gradImg1?.values, bounds.gradImg1?.values)
        found += boundStrays("grad_img2", outputs.gradImg2?.values, expected.gradImg2?.values, bounds.gradImg2?.values)
        if forward.gradImg1 != nil || forward.msssim != outputs.msssim || forward.l1 != outputs.l1
            || forward.loss != outputs.loss || forward.reducedLoss != outputs.reducedLoss
        {
            found.append("the forward outputs depend on whether gradients are asked for")
        }
        #expect(outputs.mapShape == expected.mapShape && outputs.gradImg1?.shape == test.pair.img1.shape)
        return found
    }

    /// Each instruction set the processor runs, on its own, in both precisions.
    @Test(arguments: [Precision.float32, .float64], FastSSIM.InstructionSet.supported)
    func matchesTheReferenceWithinTheBoundsOfItsPrecision(
        precision: Precision, instructions: FastSSIM.InstructionSet
    ) async throws {
        let fast = try #require(FastSSIM(instructions: instructions))
        await expectWithinBounds(
            count: 20, minimum: 10, Self.generator, precision: precision, label: "\(precision) \(instructions)"
        ) { test, precision in
            precision == .float32 ? try Self.strays(Float.self, test, fast: fast) : try Self.strays(Double.self, test, fast: fast)
        }
    }

    /// Images tall enough to be cut into several bands of rows per sample, on one worker and on three, with each
    /// instruction set: the same bits, within the bounds; and the loss without maps is the loss with them.
    @Test(arguments: [SSIMReduction.mean, .none])
    func workersChangeNothing(reduction: SSIMReduction) throws {
        let pair = ImagePair(batch: 2, channels: 3, height: 150, width: 37, windowSize: 1, noise: 0.3, seed: 5)
        let test = Case(pair: pair, convention: MSSSIML1Convention.kornia, reduction: reduction)
        for instructions in FastSSIM.InstructionSet.supported {
            let fast = { (threads: Int) in FastSSIM(threads: threads, instructions: instructions)! }
            #expect(try Self.strays(Float.self, test, fast: fast(3)) == [], "\(instructions)")
            for gradients in [false, true] {
                let (x, y) = (pair.img1.converted(to: Float.self), pair.img2.converted(to: Float.self))
                let alone = try fast(1).evaluate(x, y, maxVal: 1, convention: MSSSIML1Convention.kornia, reduction: reduction, gradients: gradients)
                let shared = try fast(3).evaluate(x, y, maxVal: 1, convention: MSSSIML1Convention.kornia, reduction: reduction, gradients: gradients)
                #expect(alone == shared, "\(instructions), gradients \(gradients): the result depends on the number of workers")
                let mapped = try fast(3).evaluate(x, y, maxVal: 1, convention: MSSSIML1Convention.kornia, reduction: reduction, maps: true, gradients: gradients)
                #expect(mapped.reducedLoss == shared.reducedLoss && mapped.gradImg1 == shared.gradImg1)
                #expect(shared.msssim == nil && (reduction == .none) == (shared.loss != nil))
            }
        }
    }

    /// A border other than zeros is refused, naming it; the reference computes it.
    @Test func refusesWhatItDoesNotCompute() throws {
        let pair = ImagePair(batch: 1, channels: 2, height: 20, width: 20, windowSize: 1, noise: 0.2, seed: 1)
        var reflect = MSSSIML1Convention.kornia
        reflect.border = .reflect
        reflect.name = "reflected"
        #expect(FastSSIM.fastSupport(reflect)?.contains("`reflect`") == true)
        #expect(throws: SSIMError.outsideConvention(convention: "reflected", reason: FastSSIM.fastSupport(reflect)!)) {
            try FastSSIM().evaluate(pair.img1, pair.img2, maxVal: 1, convention: reflect, reduction: .mean)
        }
        #expect(try MSSSIML1Reference.evaluate(pair.img1, pair.img2, maxVal: 1, convention: reflect, reduction: .mean, gradients: false).reducedLoss != nil)
        #expect(FastSSIM.fastSupport(MSSSIML1Convention.kornia) == nil)
    }

    /// The free functions are Kornia's loss on the fast implementation, in the inputs' precision, with Kornia's
    /// defaults; bad arguments are refused by name.
    @Test func theFreeFunctionsAreTheFastImplementation() throws {
        let pair = ImagePair(batch: 2, channels: 3, height: 24, width: 19, windowSize: 1, noise: 0.3, seed: 3)
        let (x, y) = (pair.img1.converted(to: Float.self), pair.img2.converted(to: Float.self))
        let fast = try FastSSIM().evaluate(x, y, maxVal: 1, convention: MSSSIML1Convention.kornia, reduction: .none, gradients: true)
        let none = try msssimL1Loss(x, y, reduction: .none)
        #expect(none.values == fast.loss && none.shape == [2, 1, 24, 19])
        let mean = try FastSSIM().evaluate(x, y, maxVal: 1, convention: MSSSIML1Convention.kornia, reduction: .mean)
        #expect(try msssimL1Loss(x, y) == .reduced(mean.reducedLoss!))
        let gradients = try msssimL1LossWithGradients(x, y, reduction: .none)
        #expect(gradients.gradImg1 == fast.gradImg1 && gradients.gradImg2 == fast.gradImg2)
        let custom = try FastSSIM().evaluate(
            x, y, maxVal: 2, alpha: 0.5, compensation: 1,
            convention: MSSSIML1Convention(sigmas: [1, 3], k1: 0.02), reduction: .sum)
        #expect(try msssimL1Loss(x, y, sigmas: [1, 3], maxVal: 2, k: (0.02, 0.03), alpha: 0.5, compensation: 1, reduction: .sum)
            == .reduced(custom.reducedLoss!))

        #expect(throws: SSIMError.invalidMaxVal(0)) { try msssimL1Loss(x, y, maxVal: 0) }
        #expect(throws: SSIMError.self) { try msssimL1Loss(x, y, sigmas: [1, -2]) }
        #expect(throws: SSIMError.self) { try msssimL1Loss(x, y, alpha: .nan) }
        let other = try ImageTensor<Float>(shape: [2, 3, 24, 18], values: Array(x.values.prefix(2 * 3 * 24 * 18)))
        #expect(throws: SSIMError.shapeMismatch(img1: [2, 3, 24, 19], img2: [2, 3, 24, 18])) { try msssimL1Loss(x, other) }
    }
}
