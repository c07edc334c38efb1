@testable import SSIM
import Testing
import TestSupport

/// The reference MS-SSIM (``MSSSIMReference``): its gradients against central differences, its relation to the
/// SSIM reference, identity, the downsampling rules, negative means, its errors, and an independent implementation.
@Suite struct MSSSIMReferenceTests {
    /// A small convention, so that central differences stay fast: 3 scales, window 3, under a per-scale convention.
    static func small(
        _ downsampling: MSSSIMDownsampling = .repeatLastThenAverage, negative: MSSSIMConvention.NegativeValues = .none,
        channels: MSSSIMConvention.ChannelPooling = .perChannel, scale: SSIMConvention = MSSSIMConvention.wangMSSSIM.scale,
        padding: SSIMPadding = .valid, eps: Double = 0
    ) -> MSSSIMConvention {
        MSSSIMConvention(
            scale: scale, windowSize: 3, padding: padding, eps: eps, weights: [0.3, 0.45, 0.25], normalisesWeights: false,
            downsampling: downsampling, negativeValues: negative, channelPooling: channels)
    }

    /// Images whose every scale's mean cs and SSIM are positive: `y` is `x` with a little noise.
    static func correlated(_ shape: [Int], seed: UInt64, noise: Double = 0.2) throws -> (ImageTensor<Double>, ImageTensor<Double>) {
        var random = SplitMix64(seed: seed)
        let count = shape.reduce(1, *)
        let x = (0..<count).map { _ in random.unit() }
        let y = x.map { $0 + noise * (random.unit() - 0.5) }
        return (try ImageTensor(shape: shape, values: x), try ImageTensor(shape: shape, values: y))
    }

    /// Checks the analytic gradients at corners, edges (the last row and column, which odd sizes repeat, pad or
    /// drop), next to them and inside, against central differences.
    static func expectGradientsMatch(
        _ img1: ImageTensor<Double>, _ img2: ImageTensor<Double>, convention: MSSSIMConvention, reduction: SSIMReduction,
        _ label: String
    ) throws {
        let analytic = try MSSSIMReference.evaluate(
            img1, img2, maxVal: 1, convention: convention, reduction: reduction, gradients: true)
        let (h, w) = (img1.height, img1.width)
        let last = (img1.shape.planes - 1) * h * w
        let pixels = Set([
            0, 1, w - 1, w - 2, (h - 1) * w, (h - 2) * w + w - 1, h * w - 1, h * w - 2, 2 * w + 3, (h / 2) * w + w / 2,
            last + (h - 1) * w + w - 1, last + (h / 2) * w + 1,
        ])
        let check = try CentralDifferences(
            img1.values, img2.values, gradX: analytic.gradImg1!.values, gradY: analytic.gradImg2!.values,
            at: pixels.sorted(), absolute: 1e-9
        ) { a, b in
            let outputs = try MSSSIMReference.evaluate(
                try ImageTensor(shape: img1.shape.dimensions, values: a), try ImageTensor(shape: img2.shape.dimensions, values: b),
                maxVal: 1, convention: convention, reduction: reduction, gradients: false)
            return outputs.reducedLoss ?? outputs.loss.reduce(0, +)
        }
        #expect(check.scale > 0 && check.scale.isFinite, "\(label): gradient scale \(check.scale)")
        #expect(check.mismatches.isEmpty, "\(label): \(check.mismatches)")
    }

    @Test(arguments: MSSSIMDownsampling.allCases)
    func gradientsMatchCentralDifferencesForEachDownsamplingRule(rule: MSSSIMDownsampling) throws {
        // Odd and even sizes, and one odd side only (piq's rule then pads the even side too).
        for (shape, seed) in [([1, 2, 17, 15], 1), ([1, 1, 16, 20], 2), ([2, 1, 16, 19], 3)] as [([Int], UInt64)] {
            let (img1, img2) = try Self.correlated(shape, seed: seed)
            for negative in MSSSIMConvention.NegativeValues.allCases {
                try Self.expectGradientsMatch(
                    img1, img2, convention: Self.small(rule, negative: negative), reduction: .mean,
                    "\(rule) \(shape) \(negative)")
            }
        }
    }

    @Test(arguments: SSIMReduction.allCases)
    func gradientsMatchCentralDifferencesForEachReductionAndPooling(reduction: SSIMReduction) throws {
        let (img1, img2) = try Self.correlated([2, 3, 15, 13], seed: 4)
        for channels in MSSSIMConvention.ChannelPooling.allCases {
            try Self.expectGradientsMatch(
                img1, img2, convention: Self.small(channels: channels), reduction: reduction, "\(reduction) \(channels)")
        }
        // Normalised weights, SSIM at every scale.
        var convention = Self.small(.zeroPadBothSides)
        (convention.normalisesWeights, convention.terms) = (true, .ssimAtEveryScale)
        try Self.expectGradientsMatch(img1, img2, convention: convention, reduction: reduction, "\(reduction) normalised, SSIM at every scale")
    }

    @Test func gradientsMatchCentralDifferencesWithABorderPerScale() throws {
        // Kornia's per-scale SSIM: torch's reflect border, 'same' maps, eps 1e-12: the border's adjoint at each scale.
        let (img1, img2) = try Self.correlated([1, 1, 14, 17], seed: 5)
        for padding in SSIMPadding.allCases {
            let convention = Self.small(.floor, scale: .kornia, padding: padding, eps: 1e-12)
            try Self.expectGradientsMatch(img1, img2, convention: convention, reduction: .mean, "kornia \(padding)")
        }
    }

    /// torchmetrics' data_range=None: the range estimated at every scale passes its gradient to the extremes it was
    /// taken from, of either image, shared among ties (a flat patch at the maximum), in a batch whose samples differ.
    @Test func gradientsMatchCentralDifferencesWithARangeEstimatedPerScale() throws {
        var convention = Self.small(.floor, negative: .relu, channels: .perImage)
        convention.dataRange = .estimatedPerScale
        let (img1, img2) = try Self.correlated([2, 2, 17, 16], seed: 6)
        try Self.expectGradientsMatch(img1, img2, convention: convention, reduction: .mean, "estimated, x's range")
        // y's range the larger (its noise reaches further), then x's maximum tied at two pixels.
        let wider = try ImageTensor(shape: img2.shape.dimensions, values: img2.values.map { 1.5 * $0 - 0.2 })
        try Self.expectGradientsMatch(img1, wider, convention: convention, reduction: .sum, "estimated, y's range")
        var tied = img1.values
        let top = tied.max()!
        tied[tied.firstIndex(of: top)! == 0 ? 1 : 0] = top
        // Central differences at a tie see half of it: moved up, one pixel is the maximum; moved down, the other is.
        try Self.expectGradientsMatch(
            try ImageTensor(shape: img1.shape.dimensions, values: tied), img2, convention: convention, reduction: .mean,
            "estimated, x's maximum tied at pixel 0")
        // The range, not max_val: any max_val gives the same answer.
        let other = try MSSSIMReference.evaluate(img1, img2, maxVal: 255, convention: convention, reduction: .mean, gradients: false)
        let asked = try MSSSIMReference.evaluate(img1, img2, maxVal: 1, convention: convention, reduction: .mean, gradients: false)
        #expect(other.msssim == asked.msssim)
    }

    @Test func aRangeEstimatedPerScaleAgreesWithAnIndependentImplementation() throws {
        let convention = MSSSIMConvention.torchmetricsDataRangeNone
        for (shape, seed) in [([1, 2, 176, 180], 18), ([2, 1, 177, 176], 19)] as [([Int], UInt64)] {
            let (img1, img2) = try Self.correlated(shape, seed: seed, noise: 0.5)
            let reference = try MSSSIMReference.evaluate(
                img1, img2, maxVal: 1, convention: convention, reduction: .none, gradients: false)
            var options = AlternativeMSSSIM<Double>.Options()
            (options.estimatedRange, options.relu, options.perImage, options.downsampling) = (true, true, true, .dropLast)
            (options.wholeSSIMMap, options.weights) = (true, convention.weights)
            let alternative = AlternativeMSSSIM(options, maxVal: 1).evaluate(
                img1.values, img2.values, shape: shape, reduction: "none", gradients: false).msssim
            #expect(reference.msssim.count == alternative.count)
            for (mine, theirs) in zip(reference.msssim, alternative) {
                #expect(abs(mine - theirs) <= 1e-12, "\(shape): \(mine) vs \(theirs)")
            }
            // Not the given range's answer: the coarse scales' ranges are narrower than the images'.
            let given = try MSSSIMReference.evaluate(
                img1, img2, maxVal: 1, convention: .torchmetrics, reduction: .none, gradients: false)
            #expect(zip(reference.msssim, given.msssim).allSatisfy { abs($0 - $1) > 1e-6 }, "\(reference.msssim) vs \(given.msssim)")
        }
    }

    @Test func aSingleScaleIsTheMeanSSIMOfTheSSIMReference() throws {
        let (img1, img2) = try Self.correlated([2, 3, 19, 16], seed: 6, noise: 0.6)
        for (scale, padding, eps) in [
            (MSSSIMConvention.wangMSSSIM.scale, SSIMPadding.valid, 0.0), (.kornia, .same, 1e-12), (.scikitImage, .same, 0),
        ] {
            for normalised in [false, true] {
                for channels in MSSSIMConvention.ChannelPooling.allCases {
                    let convention = MSSSIMConvention(
                        scale: scale, windowSize: 7, padding: padding, eps: eps, weights: normalised ? [2.5] : [1],
                        normalisesWeights: normalised, channelPooling: channels)
                    let msssim = try MSSSIMReference.evaluate(
                        img1, img2, maxVal: 1, convention: convention, reduction: .mean, gradients: false).msssim
                    let map = try SSIMReference.evaluate(
                        img1, img2, options: SSIMOptions(windowSize: 7, maxVal: 1, eps: eps, padding: padding),
                        reduction: .none, gradients: false, convention: scale
                    ).ssimMap!.values
                    let unitSize = map.count / msssim.count
                    for (u, value) in msssim.enumerated() {
                        let mean = map[(u * unitSize)..<((u + 1) * unitSize)].reduce(0, +) / Double(unitSize)
                        // Per channel the same sum in the same order; per image the planes' sums are added.
                        #expect(abs(value - mean) <= (channels == .perChannel ? 0 : 1e-14), "\(scale.name) \(channels) normalised \(normalised) unit \(u): \(value) vs \(mean)")
                    }
                }
            }
        }
    }

    @Test func isSymmetricAndAFixedDataRangeIsTheCasesOwnWhenEqual() throws {
        let (img1, img2) = try Self.correlated([2, 2, 15, 18], seed: 18, noise: 0.5)
        let convention = Self.small(.replicateTopLeft)
        let forward = try MSSSIMReference.evaluate(img1, img2, maxVal: 1, convention: convention, reduction: .sum, gradients: true)
        let backward = try MSSSIMReference.evaluate(img2, img1, maxVal: 1, convention: convention, reduction: .sum, gradients: true)
        for (a, b) in zip(forward.msssim + forward.gradImg1!.values, backward.msssim + backward.gradImg2!.values) {
            #expect(abs(a - b) <= 1e-13 * Swift.max(1, abs(a)), "\(a) vs \(b)")
        }
        // L fixed at 255 whatever the case gives is the case's max_val of 255.
        var fixed = convention
        fixed.dataRange = .fixed(255)
        let given = try MSSSIMReference.evaluate(img1, img2, maxVal: 255, convention: convention, reduction: .sum, gradients: true)
        #expect(try MSSSIMReference.evaluate(img1, img2, maxVal: 1, convention: fixed, reduction: .sum, gradients: true) == given)
        #expect(given.msssim != forward.msssim)
    }

    @Test func identicalImagesScoreExactlyOne() throws {
        let (img1, _) = try Self.correlated([1, 3, 161, 170], seed: 7)
        let outputs = try MSSSIMReference.evaluate(img1, img1, maxVal: 1, reduction: .mean, gradients: true)
        #expect(outputs.msssim == [1, 1, 1])
        #expect(outputs.reducedLoss == 0)
        // The loss is at its minimum: the gradient vanishes (up to the rounding of cs's cancelling terms).
        #expect((outputs.gradImg1!.values + outputs.gradImg2!.values).allSatisfy { abs($0) <= 1e-12 })
        for rule in MSSSIMDownsampling.allCases {
            var convention = MSSSIMConvention.wangMSSSIM
            convention.downsampling = rule
            let (img, _) = try Self.correlated([1, 1, 181, 177], seed: 8)
            #expect(try MSSSIMReference.evaluate(img, img, maxVal: 255, convention: convention, reduction: .none, gradients: false).msssim == [1], "\(rule)")
        }
    }

    @Test func eachDownsamplingRuleOnATinyOddImage() throws {
        // 3 × 5, then 4 × 3 (piq's rule pads an even side when the other is odd, dropping its last row).
        let tall = Shape(batch: 1, channels: 1, height: 3, width: 5), wide = Shape(batch: 1, channels: 1, height: 4, width: 3)
        let image = (1...15).map(Double.init), other = (1...12).map(Double.init)
        let expected: [MSSSIMDownsampling: ([Double], [Double])] = [
            .repeatLastThenAverage: ([4, 6, 7.5, 11.5, 13.5, 15], [3, 4.5, 9, 10.5]),
            .zeroPadBothSides: ([0.25, 1.25, 2.25, 4.25, 10, 12], [1.25, 4, 4.25, 10]),
            .replicateTopLeft: ([1, 2.5, 4.5, 8.5, 10, 12], [1, 2.5, 5.5, 7]),
            .floor: ([4, 6], [3, 9]),
        ]
        for rule in MSSSIMDownsampling.allCases {
            #expect(rule.apply(image, of: tall) == expected[rule]!.0, "\(rule) 3x5")
            #expect(rule.apply(other, of: wide) == expected[rule]!.1, "\(rule) 4x3")
            #expect(rule.downsampled(tall).dimensions == [1, 1, rule == .floor ? 1 : 2, rule == .floor ? 2 : 3])
        }
    }

    @Test func theDownsamplingsAdjointSatisfiesTheInnerProductIdentity() {
        var random = SplitMix64(seed: 9)
        for rule in MSSSIMDownsampling.allCases {
            for (height, width) in [(7, 9), (8, 10), (6, 5), (5, 6), (2, 3)] {
                let shape = Shape(batch: 2, channels: 1, height: height, width: width)
                let x = (0..<shape.count).map { _ in random.unit() - 0.5 }
                let y = (0..<rule.downsampled(shape).count).map { _ in random.unit() - 0.5 }
                let left = zip(rule.apply(x, of: shape), y).map(*).reduce(0, +)
                let right = zip(x, rule.adjoint(y, of: shape)).map(*).reduce(0, +)
                #expect(abs(left - right) <= 1e-14, "\(rule) \(height)x\(width)")
            }
        }
    }

    @Test func negativeMeansUnderEachTreatment() throws {
        // y = 1 − x: anti-correlated noise, whose mean cs is negative at every scale.
        let shape = [1, 2, 16, 18]
        var random = SplitMix64(seed: 10)
        let x = (0..<shape.reduce(1, *)).map { _ in random.unit() }
        let img1 = try ImageTensor(shape: shape, values: x), img2 = try ImageTensor(shape: shape, values: x.map { 1 - $0 })
        func evaluate(_ negative: MSSSIMConvention.NegativeValues) throws -> MSSSIMOutputs {
            try MSSSIMReference.evaluate(
                img1, img2, maxVal: 1, convention: Self.small(negative: negative), reduction: .mean, gradients: true)
        }
        let none = try evaluate(.none)
        #expect(none.scaleMeans.allSatisfy { $0.allSatisfy { $0 < 0 } }, "\(none.scaleMeans)")
        #expect(none.msssim.allSatisfy(\.isNaN) && none.reducedLoss!.isNaN)
        #expect(none.gradImg1!.values.allSatisfy { $0.isNaN })

        let relu = try evaluate(.relu)
        #expect(relu.msssim == [0, 0] && relu.reducedLoss == 1)
        #expect((relu.gradImg1!.values + relu.gradImg2!.values).allSatisfy { $0 == 0 })

        let shifted = try evaluate(.halfShifted)
        #expect(shifted.msssim.allSatisfy { $0 > 0 && $0 < 1 }, "\(shifted.msssim)")
        #expect((shifted.gradImg1!.values + shifted.gradImg2!.values).allSatisfy { $0.isFinite })
        try Self.expectGradientsMatch(img1, img2, convention: Self.small(negative: .halfShifted), reduction: .mean, "(v + 1)/2")

        // relu's derivative at its kink is 0, by selection: even an infinite upstream gives 0 there.
        #expect(MSSSIMConvention.NegativeValues.relu.gradient(upstream: Double.infinity, at: 0) == 0)
        #expect(MSSSIMConvention.NegativeValues.relu.gradient(upstream: 3.0, at: 1e-300) == 3)
        #expect(MSSSIMConvention.NegativeValues.relu.base(-0.5) == 0)
        // A zero base of a fractional power: the derivative is +∞, as torch's; a weight of 0 passes 0.
        #expect(Double(0).powerDerivative(0.3) == .infinity)
        #expect(Double(0).powerDerivative(1) == 1 && Double(0).powerDerivative(0) == 0)
        #expect(Double(-0.5).powerDerivative(0.3).isNaN && Double(-0.5).power(0.3).isNaN)
        #expect(Double(0).power(0.3) == 0 && Double.nan.power(0) == 1)
    }

    @Test func tooSmallImagesAreRefusedNamingTheSizeNeededAtTheCoarsestScale() throws {
        let (img1, img2) = try Self.correlated([1, 1, 160, 200], seed: 11)
        #expect(throws: SSIMError.imageTooSmallForScales(
            height: 160, width: 200, scales: 5, coarsestHeight: 10, coarsestWidth: 13, neededAtCoarsest: 11, neededImage: 161)
        ) { try MSSSIMReference.evaluate(img1, img2, maxVal: 1, reduction: .mean, gradients: false) }
        var floor = MSSSIMConvention.wangMSSSIM
        floor.downsampling = .floor
        let (wide1, wide2) = try Self.correlated([1, 1, 170, 176], seed: 12)
        do {
            _ = try MSSSIMReference.evaluate(wide1, wide2, maxVal: 1, convention: floor, reduction: .mean, gradients: false)
            Issue.record("170x176 under floor downsampling was accepted")
        } catch {
            #expect(error.category == .imageTooSmall)
            #expect(error.description.contains("170x176 image is 10x11 at its coarsest scale (5 of 5), whose SSIM needs at least 11x11: images need at least 176x176"), "\(error)")
        }
        // The smallest accepted: 161 × 161 under Wang's rule.
        let (least1, least2) = try Self.correlated([1, 1, 161, 161], seed: 13)
        #expect(try MSSSIMReference.evaluate(least1, least2, maxVal: 1, reduction: .mean, gradients: false).scaleShapes.last!.dimensions == [1, 1, 11, 11])
    }

    @Test func otherErrorsNameTheOffendingValue() throws {
        let (img1, img2) = try Self.correlated([1, 1, 20, 20], seed: 14)
        let (other, _) = try Self.correlated([1, 1, 20, 21], seed: 14)
        let small = Self.small()
        #expect(throws: SSIMError.shapeMismatch(img1: [1, 1, 20, 20], img2: [1, 1, 20, 21])) {
            try MSSSIMReference.evaluate(img1, other, maxVal: 1, convention: small, reduction: .mean, gradients: false)
        }
        #expect(throws: SSIMError.invalidMaxVal(-1)) {
            try MSSSIMReference.evaluate(img1, img2, maxVal: -1, convention: small, reduction: .mean, gradients: false)
        }
        var noScales = small
        noScales.weights = []
        #expect(throws: SSIMError.outsideConvention(convention: "custom", reason: "it has no scale (weights [])")) {
            try MSSSIMReference.evaluate(img1, img2, maxVal: 1, convention: noScales, reduction: .mean, gradients: false)
        }
        var same = small
        same.padding = .same
        do {
            _ = try MSSSIMReference.evaluate(img1, img2, maxVal: 1, convention: same, reduction: .mean, gradients: false)
            Issue.record("'same' under a per-scale convention without a border was accepted")
        } catch {
            #expect(error.category == .unsupported && error.description.contains("border none"), "\(error)")
        }
    }

    @Test func agreesWithAnIndependentImplementationUnderWangsConvention() throws {
        for (shape, seed, maxVal) in [([1, 2, 161, 175], 15, 1.0), ([2, 1, 176, 170], 16, 255.0)] as [([Int], UInt64, Double)] {
            let (unit1, unit2) = try Self.correlated(shape, seed: seed, noise: 0.5)
            let img1 = try ImageTensor(shape: shape, values: unit1.values.map { $0 * maxVal })
            let img2 = try ImageTensor(shape: shape, values: unit2.values.map { $0 * maxVal })
            let reference = try MSSSIMReference.evaluate(img1, img2, maxVal: maxVal, reduction: .none, gradients: false)
            let alternative = AlternativeMSSSIM(maxVal: maxVal).evaluate(
                img1.values, img2.values, shape: shape, reduction: "none", gradients: false).msssim
            #expect(reference.msssim.count == alternative.count)
            for (mine, theirs) in zip(reference.msssim, alternative) {
                #expect(abs(mine - theirs) <= 1e-12, "\(shape) maxVal \(maxVal): \(mine) vs \(theirs)")
            }
            #expect(reference.loss == reference.msssim.map { 1 - $0 })
        }
        // Float inputs are computed in Double: the same answer as their Double conversion.
        let (img1, img2) = try Self.correlated([1, 1, 161, 165], seed: 17)
        let single = try MSSSIMReference.evaluate(
            img1.converted(to: Float.self), img2.converted(to: Float.self), maxVal: 1, reduction: .mean, gradients: false)
        let double = try MSSSIMReference.evaluate(
            img1.converted(to: Float.self).converted(to: Double.self), img2.converted(to: Float.self).converted(to: Double.self),
            maxVal: 1, reduction: .mean, gradients: false)
        #expect(single == double)
    }
}
