import PropertyBased
import SSIM
import Testing

/// The invariants of the library's SSIM (the free functions and SSIMLoss, computed by the fast implementation), checked
/// on random pairs with shrinking (a failure prints the seed to replay).
@Suite struct SSIMPropertyTests {
    @Test func identicalImagesHaveZeroLossUpToTheEpsTerm() async throws {
        await propertyCheck(input: ImagePair.generator, Gen.element(of: [0, 1e-12])) { pair, eps in
            let options = try SSIMOptions(windowSize: pair.windowSize, eps: eps!)
            let loss = try SSIMLoss(options: options, reduction: .none)(pair.img1, pair.img1)
            // 1 − SSIM = eps / (den + eps) ≤ eps / (C1·C2); the rest is rounding.
            let bound = eps! / (2 * options.c1 * options.c2) + 1e-15
            #expect(loss.values.allSatisfy { $0 >= 0 && $0 <= bound }, "\(pair)")
        }
    }

    @Test func isSymmetric() async throws {
        await propertyCheck(input: ImagePair.generator) { pair in
            let forward = try ssimLossWithGradients(pair.img1, pair.img2, windowSize: pair.windowSize, reduction: .sum)
            let backward = try ssimLossWithGradients(pair.img2, pair.img1, windowSize: pair.windowSize, reduction: .sum)
            #expect(try ssim(pair.img1, pair.img2, windowSize: pair.windowSize)
                == ssim(pair.img2, pair.img1, windowSize: pair.windowSize))
            #expect(forward.loss == backward.loss)
            // Each gradient within its own acceptance bound of the exact one, so within their sum of each other.
            let forwardBounds = try acceptance(pair.img1, pair.img2, windowSize: pair.windowSize, reduction: .sum, gradients: true)
            let backwardBounds = try acceptance(pair.img2, pair.img1, windowSize: pair.windowSize, reduction: .sum, gradients: true)
            #expect(withinBounds(
                forward.gradImg1.values, backward.gradImg2.values, forwardBounds.gradImg1!.values, backwardBounds.gradImg2!.values))
        }
    }

    @Test func staysWithinBounds() async throws {
        await propertyCheck(input: ImagePair.generator, Gen.element(of: SSIMPadding.allCases)) { pair, padding in
            let map = try ssim(pair.img1, pair.img2, windowSize: pair.windowSize, padding: padding!)
            let loss = try ssimLoss(pair.img1, pair.img2, windowSize: pair.windowSize, reduction: .none, padding: padding!)
            let bounds = try acceptance(pair.img1, pair.img2, windowSize: pair.windowSize, padding: padding!).ssimMap!.values
            #expect(zip(map.values, bounds).allSatisfy { $0 >= -1 - $1 && $0 <= 1 + $1 }, "\(pair)")
            #expect(loss.values.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(pair)")
        }
    }

    @Test func validIsTheCroppedSameMap() async throws {
        await propertyCheck(input: ImagePair.generator) { pair in
            let same = try ssim(pair.img1, pair.img2, windowSize: pair.windowSize, padding: .same)
            let valid = try ssim(pair.img1, pair.img2, windowSize: pair.windowSize, padding: .valid)
            let r = pair.windowSize / 2
            #expect(valid.shape == [pair.batch, pair.channels, pair.height - 2 * r, pair.width - 2 * r])
            #expect(valid == crop(same, by: r))
        }
    }

    @Test func reductionsAgree() async throws {
        await propertyCheck(input: ImagePair.generator, Gen.element(of: SSIMPadding.allCases)) { pair, padding in
            func loss(_ reduction: SSIMReduction) throws -> SSIMLossValue<Double> {
                try ssimLoss(pair.img1, pair.img2, windowSize: pair.windowSize, reduction: reduction, padding: padding!)
            }
            func bound(_ reduction: SSIMReduction) throws -> Double {
                try #require(try acceptance(pair.img1, pair.img2, windowSize: pair.windowSize, reduction: reduction, padding: padding!).reducedLoss)
            }
            let map = try loss(.none).values
            let mean = try #require(try loss(.mean).scalar), sum = try #require(try loss(.sum).scalar)
            let count = Double(map.count)
            // Each reduced loss is within its bound of the exact one; the exact sum is N times the exact mean.
            #expect(abs(sum - count * mean) <= (try bound(.sum)) + count * (try bound(.mean)))
            #expect(abs(map.reduce(0, +) / count - mean) <= 2 * (try bound(.mean)))
        }
    }

    @Test func isInvariantUnderScalingTheImagesWithTheirRange() async throws {
        await propertyCheck(input: ImagePair.generator, Gen.double(in: 0.01...300)) { pair, scale in
            let scaled = [pair.img1, pair.img2].map { image in
                try! ImageTensor(shape: image.shape.dimensions, values: image.values.map { $0 * scale })
            }
            let original = try ssim(pair.img1, pair.img2, windowSize: pair.windowSize, maxVal: 1, eps: 0)
            let rescaled = try ssim(scaled[0], scaled[1], windowSize: pair.windowSize, maxVal: scale, eps: 0)
            #expect(maxDifference(original.values, rescaled.values) <= 1e-10, "scale \(scale)")
        }
    }

    @Test func treatsEverySampleAndChannelOnItsOwn() async throws {
        await propertyCheck(input: ImagePair.generator) { pair in
            let whole = try ssim(pair.img1, pair.img2, windowSize: pair.windowSize)
            for b in 0..<pair.batch {
                for c in 0..<pair.channels {
                    let alone = try ssim(
                        plane(pair.img1, b, c), plane(pair.img2, b, c), windowSize: pair.windowSize)
                    #expect(alone == plane(whole, b, c), "sample \(b) channel \(c)")
                }
            }
        }
    }

    @Test func commutesWithFlipsAndTransposition() async throws {
        await propertyCheck(input: ImagePair.generator, Gen.element(of: SSIMPadding.allCases)) { pair, padding in
            let map = try ssim(pair.img1, pair.img2, windowSize: pair.windowSize, padding: padding!)
            let bounds = try acceptance(pair.img1, pair.img2, windowSize: pair.windowSize, padding: padding!).ssimMap!
            for transform in [flipWidth, flipHeight, transpose] {
                let (img1, img2) = (transform(pair.img1), transform(pair.img2))
                let moved = try ssim(img1, img2, windowSize: pair.windowSize, padding: padding!)
                let movedBounds = try acceptance(img1, img2, windowSize: pair.windowSize, padding: padding!).ssimMap!
                #expect(
                    withinBounds(moved.values, transform(map).values, movedBounds.values, transform(bounds).values),
                    "\(pair)")
            }
        }
    }

    /// The reference computes in `Double` whatever the input (the free functions, the fast implementation, compute
    /// in the input's precision: FastSSIMTests holds them to the float32 bounds).
    @Test func theReferenceComputesFloatInputsInDouble() async throws {
        await propertyCheck(input: ImagePair.generator) { pair in
            let (x, y) = (pair.img1.converted(to: Float.self), pair.img2.converted(to: Float.self))
            let options = try SSIMOptions(windowSize: pair.windowSize)
            let fromFloat = try SSIMReference.evaluate(x, y, options: options, reduction: .mean, gradients: true)
            let fromDouble = try SSIMReference.evaluate(
                x.converted(to: Double.self), y.converted(to: Double.self), options: options, reduction: .mean, gradients: true)
            #expect(fromFloat == fromDouble)
        }
    }
}

/// The acceptance bounds of the library's float64 outputs for a pair (``SSIMErrorBounds``): how far each may lie
/// from the exact value.
func acceptance(
    _ img1: ImageTensor<Double>, _ img2: ImageTensor<Double>, windowSize: Int, reduction: SSIMReduction = .none,
    padding: SSIMPadding = .same, gradients: Bool = false
) throws -> SSIMOutputs<Double> {
    try SSIMErrorBounds.acceptance(
        img1, img2, options: SSIMOptions(windowSize: windowSize, padding: padding), reduction: reduction,
        gradients: gradients, precision: .float64)
}

/// Whether two answers that should be equal are, element by element, within the sum of their bounds of each other.
func withinBounds(_ a: [Double], _ b: [Double], _ boundsA: [Double], _ boundsB: [Double]) -> Bool {
    a.indices.allSatisfy { SSIMErrorBounds.accepts(a[$0], expected: b[$0], bound: boundsA[$0] + boundsB[$0]) }
}

func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "comparing \(a.count) values with \(b.count)")
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

/// The tensor with every image cropped by `r` pixels on each side.
func crop(_ tensor: ImageTensor<Double>, by r: Int) -> ImageTensor<Double> {
    try! ImageTensor(batch: tensor.batch, channels: tensor.channels, height: tensor.height - 2 * r, width: tensor.width - 2 * r) {
        tensor[$0, $1, $2 + r, $3 + r]
    }
}

/// Sample `b`, channel `c` alone, as a (1, 1, H, W) tensor.
func plane(_ tensor: ImageTensor<Double>, _ b: Int, _ c: Int) -> ImageTensor<Double> {
    try! ImageTensor(batch: 1, channels: 1, height: tensor.height, width: tensor.width) { tensor[b, c, $2, $3] }
}

func flipWidth(_ t: ImageTensor<Double>) -> ImageTensor<Double> {
    try! ImageTensor(batch: t.batch, channels: t.channels, height: t.height, width: t.width) { t[$0, $1, $2, t.width - 1 - $3] }
}

func flipHeight(_ t: ImageTensor<Double>) -> ImageTensor<Double> {
    try! ImageTensor(batch: t.batch, channels: t.channels, height: t.height, width: t.width) { t[$0, $1, t.height - 1 - $2, $3] }
}

func transpose(_ t: ImageTensor<Double>) -> ImageTensor<Double> {
    try! ImageTensor(batch: t.batch, channels: t.channels, height: t.width, width: t.height) { t[$0, $1, $3, $2] }
}
