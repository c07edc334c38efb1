import Foundation
import PropertyBased
@testable import SSIM
import Testing
import TestSupport

/// The fast implementation's 3-D SSIM against the reference: every output element within the acceptance bound of its
/// precision under `kornia` (``SSIM3DErrorBounds``: the cubic convolution's analysis, which admits the separable
/// passes the fast implementation makes) and under the separable variant of it (a tighter analysis, three passes of
/// k taps), on random volumes (axes from the window's reach to a few vectors, depths of 2 and 3, anisotropic
/// shapes), both paddings, every reduction, gradients included, on each instruction set; and what must not depend on
/// how the work is split.
@Suite struct FastSSIM3DTests {
    /// A random pair of volumes and how to compare them.
    struct Case: Sendable, CustomStringConvertible {
        let shape: [Int], windowSize: Int, padding: SSIMPadding, reduction: SSIMReduction, noise: Double, seed: UInt64

        var description: String { "\(shape), window \(windowSize), \(padding), \(reduction), noise \(noise), seed \(seed)" }

        /// x in [0, 1) from SplitMix64, y = x mixed with independent noise by `noise`.
        var volumes: (VolumeTensor<Double>, VolumeTensor<Double>) {
            var random = SplitMix64(seed: seed)
            let x = (0..<shape.reduce(1, *)).map { _ in random.unit() }
            let y = x.map { (1 - noise) * $0 + noise * random.unit() }
            return (try! VolumeTensor(shape: shape, values: x), try! VolumeTensor(shape: shape, values: y))
        }
    }

    /// Each axis from the least torch's reflect takes (r + 1, or the window for 'valid') to a few more; a third of
    /// the cases a depth of 2 or 3 under a window of 3 or 5; widths up to past two vectors of doubles.
    static let generator = zip(
        zip(Gen.int(in: 1...2), Gen.int(in: 1...2), Gen.int(in: 0...3), Gen.int(in: 0...2)),
        zip(Gen.int(in: 0...6), Gen.int(in: 0...9), Gen.int(in: 0...19), Gen.bool, Gen.int(in: 0...2)),
        zip(Gen.double(in: 0...0.8), Gen.int(in: 0...Int(Int32.max)))
    ).map { sizes, extras, random in
        let (batch, channels, windowIndex, thin) = sizes
        let (extraDepth, extraHeight, extraWidth, valid, reduction) = extras
        let windowSize = [3, 5, 7, 11][windowIndex]
        let padding: SSIMPadding = valid ? .valid : .same
        // The least length of an axis: the window's taps for 'valid', r + 1 for torch's reflect under 'same'.
        let least = valid ? windowSize : windowSize / 2 + 1
        // A thin case: depth 2 (window 3, 'same') or 3 (window 5, 'same'; window 3, 'valid').
        let thinWindow = valid ? 3 : [3, 5][thin % 2]
        let isThin = thin == 0
        let window = isThin ? thinWindow : windowSize
        let depth = isThin ? (valid ? 3 : thinWindow / 2 + 2) : least + extraDepth
        let side = isThin ? (valid ? 3 : thinWindow / 2 + 1) : least
        return Case(
            shape: [batch, channels, depth, side + extraHeight, side + extraWidth], windowSize: window, padding: padding,
            reduction: SSIMReduction.allCases[reduction], noise: random.0, seed: UInt64(random.1))
    }

    /// Kornia's `ssim3d` applied by three 1-D passes rather than one cubic convolution: the tighter bounds.
    static let separable = SSIM3DConvention(name: "kornia-separable", convolution: .separable)

    /// The outputs of the fast implementation in `Scalar` that stray outside the bounds of that precision under
    /// `convention` (nil where the case is not computable in it); checks that the forward outputs are the same with
    /// and without gradients.
    static func strays<Scalar: SSIMScalar>(
        _: Scalar.Type, _ test: Case, convention: SSIM3DConvention, fast: FastSSIM = FastSSIM()
    ) throws -> [String]? {
        let (x, y) = test.volumes
        let (img1, img2) = (x.converted(to: Scalar.self), y.converted(to: Scalar.self))
        let precision: Precision = Scalar.self == Float.self ? .float32 : .float64
        let options = try SSIMOptions(windowSize: test.windowSize, padding: test.padding)
        let judging = try SSIM3DErrorBounds.judging(
            img1, img2, options: options, reduction: test.reduction, gradients: true, precisions: [precision],
            convention: convention)
        guard judging.notComputable[precision] == nil else { return nil }
        let (expected, bounds) = (judging.expected, judging.acceptance[precision]!)
        let outputs = try fast.evaluate(
            img1, img2, options: options, reduction: test.reduction, products: [.ssimMap, .lossMap, .gradients],
            convention: convention)
        let forward = try fast.evaluate(
            img1, img2, options: options, reduction: test.reduction, products: [.ssimMap, .lossMap], convention: convention)
        var found = boundStrays("ssim_map", outputs.ssimMap?.values, expected.ssimMap.values, bounds.ssimMap.values)
        found += boundStrays("loss map", outputs.lossMap?.values, expected.lossMap.values, bounds.lossMap.values)
        found += boundStrays("loss", outputs.reducedLoss.map { [$0] }, expected.reducedLoss.map { [$0] }, bounds.reducedLoss.map { [$0] })
        found += boundStrays("grad_img1", outputs.gradImg1?.values, expected.gradImg1?.values, bounds.gradImg1?.values)
        found += boundStrays("grad_img2", outputs.gradImg2?.values, expected.gradImg2?.values, bounds.gradImg2?.values)
        if forward.gradImg1 != nil || forward.ssimMap != outputs.ssimMap || forward.lossMap != outputs.lossMap
            || forward.reducedLoss != outputs.reducedLoss
        {
            found.append("the forward outputs depend on whether gradients are asked for")
        }
        #expect(outputs.ssimMap?.shape == expected.ssimMap.shape && outputs.gradImg1?.shape == test.shape)
        return found
    }

    /// Each instruction set the processor runs, on its own, in both precisions, under Kornia's cubic convention and
    /// under its separable variant.
    @Test(arguments: [Precision.float32, .float64], FastSSIM.InstructionSet.supported)
    func matchesTheReferenceWithinTheBoundsOfItsPrecision(
        precision: Precision, instructions: FastSSIM.InstructionSet
    ) async throws {
        let fast = try #require(FastSSIM(instructions: instructions))
        let judged = Counter()
        await propertyCheck(count: 25, input: Self.generator) { test in
            for convention in [SSIM3DConvention.kornia, Self.separable] {
                let found = precision == .float32
                    ? try Self.strays(Float.self, test, convention: convention, fast: fast)
                    : try Self.strays(Double.self, test, convention: convention, fast: fast)
                guard let found else { continue }
                judged.add()
                #expect(found.isEmpty, "\(precision) \(instructions) \(convention.name) \(test): \(found)")
            }
        }
        #expect(judged.value >= 30, "\(judged.value) of 50 judgements made")
    }

    /// A batch large enough to be cut into blocks of depth planes and of rows on three workers but not on one (the
    /// cuts checked), with each instruction set, both precisions, paddings and reductions: the same bits, and the
    /// same forward outputs with and without gradients.
    @Test(arguments: [SSIMPadding.same, .valid], [SSIMReduction.mean, .none])
    func workersChangeNothing(padding: SSIMPadding, reduction: SSIMReduction) throws {
        let test = Case(shape: [2, 4, 66, 70, 9], windowSize: 5, padding: padding, reduction: reduction, noise: 0.4, seed: 8)
        let (one, three) = (FastSSIM(threads: 1), FastSSIM(threads: 3))
        let (volumes, taps) = (8, 5)
        #expect(one.volumeBlocks(volumes: volumes, depth: 66, height: 70, taps: taps) == (depth: 1, rows: 1))
        let cut = three.volumeBlocks(volumes: volumes, depth: 66, height: 70, taps: taps)
        #expect(cut.depth > 1 && cut.rows > 1, "\(cut)")
        let (x, y) = test.volumes
        let options = try SSIMOptions(windowSize: test.windowSize, padding: padding)
        for instructions in FastSSIM.InstructionSet.supported {
            func check<Scalar: SSIMScalar>(_: Scalar.Type) throws {
                let (img1, img2) = (x.converted(to: Scalar.self), y.converted(to: Scalar.self))
                let fast = { (threads: Int) in FastSSIM(threads: threads, instructions: instructions)! }
                let all: FastSSIM.Products = [.ssimMap, .lossMap, .gradients], forward: FastSSIM.Products = [.ssimMap, .lossMap]
                let alone = try fast(1).evaluate(img1, img2, options: options, reduction: reduction, products: all)
                let shared = try fast(3).evaluate(img1, img2, options: options, reduction: reduction, products: all)
                #expect(alone == shared, "\(Scalar.self) \(instructions): the result depends on the number of workers")
                let forwardShared = try fast(3).evaluate(img1, img2, options: options, reduction: reduction, products: forward)
                #expect(
                    forwardShared.ssimMap == alone.ssimMap && forwardShared.lossMap == alone.lossMap
                        && forwardShared.reducedLoss == alone.reducedLoss,
                    "\(Scalar.self) \(instructions): the forward results depend on whether gradients are asked for")
            }
            try check(Float.self)
            try check(Double.self)
        }
        // And within the bounds, cut into blocks: a smaller batch of the same depth and rows.
        let judged = Case(shape: [1, 1, 66, 70, 9], windowSize: 5, padding: padding, reduction: reduction, noise: 0.4, seed: 8)
        let found = try #require(try Self.strays(Float.self, judged, convention: .kornia, fast: three))
        #expect(found.isEmpty, "\(found)")
    }

    /// Conventions whose axes are not Kornia's are refused, naming why; the reference computes them.
    @Test func refusesWhatItDoesNotCompute() throws {
        let (x, y) = Case(shape: [1, 1, 12, 12, 12], windowSize: 5, padding: .valid, reduction: .mean, noise: 0.2, seed: 1).volumes
        let options = try SSIMOptions(windowSize: 5, padding: .valid)
        var depthReplicated = SSIM3DConvention.kornia
        depthReplicated.depthBorder = .replicate
        for convention in [SSIM3DConvention.torchmetrics, .pytorchMSSSIM, .matlabSSIM, depthReplicated] {
            #expect(FastSSIM.fastSupport(convention) != nil, "\(convention.name)")
            #expect(throws: SSIMError.self) {
                try FastSSIM().evaluate(x, y, options: options, reduction: .mean, convention: convention)
            }
            _ = try SSIM3DReference.evaluate(x, y, options: options, reduction: .mean, gradients: false, convention: convention)
        }
        #expect(FastSSIM.fastSupport(SSIM3DConvention.kornia) == nil && FastSSIM.fastSupport(Self.separable) == nil)
    }

    /// Only what is asked for is made; the loss alone needs no map.
    @Test func computesOnlyWhatIsAskedFor() throws {
        let (x, y) = Case(shape: [1, 2, 9, 17, 13], windowSize: 7, padding: .same, reduction: .mean, noise: 0.5, seed: 9).volumes
        let options = try SSIMOptions(windowSize: 7)
        let loss = try FastSSIM().evaluate(x, y, options: options, reduction: .mean)
        #expect(loss.ssimMap == nil && loss.lossMap == nil && loss.gradImg1 == nil && loss.reducedLoss != nil)
        let map = try FastSSIM().evaluate(x, y, options: options, reduction: .none, products: .lossMap)
        #expect(map.reducedLoss == nil && map.lossMap?.shape == [1, 2, 9, 17, 13] && map.outputs == nil)
        let mean = map.lossMap!.values.reduce(0, +) / Double(map.lossMap!.values.count)
        #expect(abs(mean - loss.reducedLoss!) <= 1e-15)
    }

    /// The free functions are Kornia's `ssim3d` and `ssim3d_loss` on the fast implementation, in the inputs'
    /// precision; bad arguments are refused by name, an axis too short naming the axis.
    @Test func theFreeFunctionsAreTheFastImplementation() throws {
        let (x64, y64) = Case(shape: [2, 1, 6, 11, 10], windowSize: 5, padding: .same, reduction: .sum, noise: 0.4, seed: 3).volumes
        let (x, y) = (x64.converted(to: Float.self), y64.converted(to: Float.self))
        let options = try SSIMOptions(windowSize: 5, padding: .valid)
        let fast = try FastSSIM().evaluate(x, y, options: options, reduction: .sum, products: [.ssimMap, .lossMap, .gradients])
        #expect(try ssim3d(x, y, windowSize: 5, padding: .valid) == fast.ssimMap)
        #expect(try ssim3dLoss(x, y, windowSize: 5, reduction: .sum, padding: .valid) == .reduced(fast.reducedLoss!))
        #expect(try ssim3dLoss(x, y, windowSize: 5, reduction: .none, padding: .valid) == .map(fast.lossMap!))
        let gradients = try ssim3dLossWithGradients(x, y, windowSize: 5, reduction: .sum, padding: .valid)
        #expect(gradients.gradImg1 == fast.gradImg1 && gradients.gradImg2 == fast.gradImg2)

        #expect(throws: SSIMError.invalidWindowSize(4)) { try ssim3d(x, y, windowSize: 4) }
        let thin = try VolumeTensor(shape: [1, 1, 2, 11, 10], values: [Float](repeating: 0.5, count: 220))
        do {
            _ = try ssim3dLoss(thin, thin, windowSize: 5)
            Issue.record("a depth of 2 under a 5-tap reflect window was computed")
        } catch {
            guard case .volumeTooSmall(_, _, let reason) = error else { Issue.record("\(error)"); return }
            #expect(reason.contains("depth 2"), "\(reason)")
        }
        #expect(throws: SSIMError.shapeMismatch(img1: [2, 1, 6, 11, 10], img2: [1, 1, 2, 11, 10])) {
            try ssim3dLossWithGradients(x, thin, windowSize: 3)
        }
    }
}
