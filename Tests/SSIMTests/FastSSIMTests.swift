import PropertyBased
import SSIM
import Testing

/// The fast implementation against the reference: every output element within the acceptance bound of its precision
/// (the bounds the golden vectors store), on random shapes, windows, paddings and reductions, in `Float` and `Double`,
/// gradients included; and what must not depend on how the work is split. (Its answers to Kornia's witness:
/// KorniaParityTests, in SSIMConformanceTests.)
@Suite struct FastSSIMTests {
    /// Random pairs of any size from one pixel past the smallest legal size to a few vectors wide, so that rows
    /// end in partial vectors and the mirrored border of small images folds more than once onto a row.
    static let generator = zip(
        Gen.int(in: 1...2), Gen.int(in: 1...3), Gen.int(in: 0...20), Gen.int(in: 0...20), Gen.int(in: 0...5),
        Gen.double(in: 0...1), Gen.int(in: 0...Int(Int32.max))
    ).map { batch, channels, extraHeight, extraWidth, windowIndex, noise, seed in
        let windowSize = [1, 3, 5, 7, 11, 13][windowIndex]
        return ImagePair(
            batch: batch, channels: channels, height: windowSize + extraHeight, width: windowSize + extraWidth,
            windowSize: windowSize, noise: noise, seed: UInt64(seed))
    }

    /// Checks every output of the fast implementation in `Scalar` against the reference within the bounds of that
    /// precision; returns the names of the outputs that stray.
    static func strays<Scalar: SSIMScalar>(
        _: Scalar.Type, _ pair: ImagePair, padding: SSIMPadding, reduction: SSIMReduction, fast: FastSSIM = FastSSIM()
    ) throws -> [String] {
        let (img1, img2) = (pair.img1.converted(to: Scalar.self), pair.img2.converted(to: Scalar.self))
        let options = try SSIMOptions(windowSize: pair.windowSize, padding: padding)
        let outputs = try fast.evaluate(
            img1, img2, options: options, reduction: reduction, products: [.ssimMap, .lossMap, .gradients])
        // Without gradients the map rows take another path (blurred two at a time): checked as well.
        let forward = try fast.evaluate(img1, img2, options: options, reduction: reduction, products: [.ssimMap, .lossMap])
        let reference = try SSIMReference.evaluate(img1, img2, options: options, reduction: reduction, gradients: true)
        let bounds = try SSIMErrorBounds.acceptance(
            img1, img2, options: options, reduction: reduction, gradients: true,
            precision: Scalar.self == Float.self ? .float32 : .float64)
        func strays(_ name: String, _ actual: [Scalar]?, _ expected: [Double], _ bound: [Double]) -> [String] {
            guard let actual, actual.count == expected.count else { return ["\(name): missing or of another size"] }
            let outside = actual.indices.filter {
                !SSIMErrorBounds.accepts(Double(actual[$0]), expected: expected[$0], bound: bound[$0])
            }
            return outside.first.map { ["\(name): \(outside.count) outside, first at \($0): |\(actual[$0]) − \(expected[$0])| > \(bound[$0])"] } ?? []
        }
        var found: [String] = []
        for (path, outputs) in [("", outputs), ("without gradients: ", forward)] {
            found += strays(path + "ssim_map", outputs.ssimMap?.values, reference.ssimMap!.values, bounds.ssimMap!.values)
            found += strays(path + "loss map", outputs.lossMap?.values, reference.lossMap!.values, bounds.lossMap!.values)
            if let expected = reference.reducedLoss {
                found += strays(path + "loss", outputs.reducedLoss.map { [$0] }, [expected], [bounds.reducedLoss!])
            } else if outputs.reducedLoss != nil {
                found.append(path + "loss: reduced for 'none'")
            }
        }
        found += strays("grad_img1", outputs.gradImg1?.values, reference.gradImg1!.values, bounds.gradImg1!.values)
        found += strays("grad_img2", outputs.gradImg2?.values, reference.gradImg2!.values, bounds.gradImg2!.values)
        #expect(outputs.ssimMap?.shape == reference.ssimMap?.shape && outputs.gradImg1?.shape == pair.img1.shape)
        return found
    }

    /// Each instruction set the processor runs, on its own: the baseline's loops are not the AVX2 ones.
    @Test(arguments: Precision.allCases, FastSSIM.InstructionSet.supported)
    func matchesTheReferenceWithinTheBoundsOfItsPrecision(
        precision: Precision, instructions: FastSSIM.InstructionSet
    ) async throws {
        let fast = try #require(FastSSIM(instructions: instructions))
        #expect(fast.instructions == instructions)
        await propertyCheck(
            count: 40, input: Self.generator, Gen.element(of: SSIMPadding.allCases), Gen.element(of: SSIMReduction.allCases)
        ) { pair, padding, reduction in
            let strays = precision == .float32
                ? try Self.strays(Float.self, pair, padding: padding!, reduction: reduction!, fast: fast)
                : try Self.strays(Double.self, pair, padding: padding!, reduction: reduction!, fast: fast)
            #expect(strays.isEmpty, "\(precision) \(instructions) \(pair) \(padding!) \(reduction!): \(strays)")
        }
    }

    /// Images large enough to be cut into several bands of rows per plane, on three workers, with each instruction
    /// set; bands of odd heights, so that some map rows are blurred two at a time and some alone.
    @Test(arguments: [SSIMPadding.same, .valid], [SSIMReduction.mean, .none])
    func bandsAndWorkersMatchTheReferenceAndChangeNothing(padding: SSIMPadding, reduction: SSIMReduction) throws {
        let pair = ImagePair(batch: 2, channels: 2, height: 203, width: 77, windowSize: 11, noise: 0.3, seed: 5)
        for scalar in [Float.self, Double.self] as [any SSIMScalar.Type] {
            func check<Scalar: SSIMScalar>(_: Scalar.Type) throws {
                for instructions in FastSSIM.InstructionSet.supported {
                    let fast = { (threads: Int) in FastSSIM(threads: threads, instructions: instructions)! }
                    let strays = try Self.strays(Scalar.self, pair, padding: padding, reduction: reduction, fast: fast(3))
                    #expect(strays.isEmpty, "\(Scalar.self) \(instructions): \(strays)")
                    let (x, y) = (pair.img1.converted(to: Scalar.self), pair.img2.converted(to: Scalar.self))
                    let options = try SSIMOptions(windowSize: 11, padding: padding)
                    let products: FastSSIM.Products = [.ssimMap, .lossMap, .gradients]
                    let alone = try fast(1).evaluate(x, y, options: options, reduction: reduction, products: products)
                    let shared = try fast(3).evaluate(x, y, options: options, reduction: reduction, products: products)
                    #expect(alone == shared, "\(Scalar.self) \(instructions): the result depends on the number of workers")
                    let forward: FastSSIM.Products = [.ssimMap, .lossMap]
                    let forwardAlone = try fast(1).evaluate(x, y, options: options, reduction: reduction, products: forward)
                    let forwardShared = try fast(3).evaluate(x, y, options: options, reduction: reduction, products: forward)
                    #expect(forwardAlone == forwardShared, "\(Scalar.self) \(instructions): without gradients, the result depends on the number of workers")
                    #expect(
                        forwardShared.ssimMap == alone.ssimMap && forwardShared.lossMap == alone.lossMap
                            && forwardShared.reducedLoss == alone.reducedLoss,
                        "\(Scalar.self) \(instructions): the forward results depend on whether gradients are asked for")
                }
            }
            if scalar == Float.self { try check(Float.self) } else { try check(Double.self) }
        }
    }

    /// Only what is asked for is made; the loss alone needs no map.
    @Test func computesOnlyWhatIsAskedFor() throws {
        let pair = ImagePair(batch: 1, channels: 3, height: 40, width: 33, windowSize: 7, noise: 0.5, seed: 9)
        let options = try SSIMOptions(windowSize: 7)
        let loss = try FastSSIM().evaluate(pair.img1, pair.img2, options: options, reduction: .mean)
        #expect(loss.ssimMap == nil && loss.lossMap == nil && loss.gradImg1 == nil && loss.reducedLoss != nil)
        let map = try FastSSIM().evaluate(pair.img1, pair.img2, options: options, reduction: .none, products: .lossMap)
        #expect(map.reducedLoss == nil && map.lossMap?.shape == [1, 3, 40, 33])
        let mean = map.lossMap!.values.reduce(0, +) / Double(map.lossMap!.values.count)
        #expect(abs(mean - loss.reducedLoss!) <= 1e-15)
    }

    /// The free functions compute in the inputs' precision with the fast implementation.
    @Test func theFreeFunctionsAreTheFastImplementation() throws {
        let pair = ImagePair(batch: 1, channels: 2, height: 30, width: 19, windowSize: 5, noise: 0.4, seed: 3)
        let (x, y) = (pair.img1.converted(to: Float.self), pair.img2.converted(to: Float.self))
        let options = try SSIMOptions(windowSize: 5)
        let fast = try FastSSIM().evaluate(x, y, options: options, reduction: .sum, products: [.ssimMap, .gradients])
        #expect(try ssim(x, y, windowSize: 5) == fast.ssimMap)
        #expect(try ssimLoss(x, y, windowSize: 5, reduction: .sum) == .reduced(fast.reducedLoss!))
        let gradients = try ssimLossWithGradients(x, y, windowSize: 5, reduction: .sum)
        #expect(gradients.gradImg1 == fast.gradImg1 && gradients.gradImg2 == fast.gradImg2)
    }
}
