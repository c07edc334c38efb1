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
            #expect(maxDifference(forward.gradImg1.values, backward.gradImg2.values) <= 1e-12)
        }
    }

    @Test func staysWithinBounds() async throws {
        await propertyCheck(input: ImagePair.generator, Gen.element(of: SSIMPadding.allCases)) { pair, padding in
            let map = try ssim(pair.img1, pair.img2, windowSize: pair.windowSize, padding: padding!)
            let loss = try ssimLoss(pair.img1, pair.img2, windowSize: pair.windowSize, reduction: .none, padding: padding!)
            #expect(map.values.allSatisfy { $0 >= -1 - 1e-12 && $0 <= 1 + 1e-12 }, "\(pair)")
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
            let map = try loss(.none).values
            let mean = try #require(try loss(.mean).scalar), sum = try #require(try loss(.sum).scalar)
            #expect(abs(sum - Double(map.count) * mean) <= 1e-12 * max(1, sum))
            #expect(abs(map.reduce(0, +) / Double(map.count) - mean) <= 1e-14)
        }
    }

    @Test func isInvariantUnderScalingTheImagesWithTheirRange() async throws {
        await propertyCheck(input: ImagePair.generator, Gen.double(in: 0.01...300)) { pair, scale in
            let scaled = [pair.img1, pair.img2].map { image in
                try! ImageTensor(shape: image.shape, values: image.values.map { $0 * scale })
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
            for transform in [flipWidth, flipHeight, transpose] {
                let moved = try ssim(transform(pair.img1), transform(pair.img2), windowSize: pair.windowSize, padding: padding!)
                #expect(maxDifference(moved.values, transform(map).values) <= 1e-12, "\(pair)")
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
