import Foundation
@testable import SSIM
import Testing
import TestSupport

/// MS-SSIM's acceptance bounds (``MSSSIMErrorBounds``): an independent float32 and float16 implementation
/// (TestSupport's ``AlternativeMSSSIM``) is within them under three named conventions; they are small on ordinary
/// images and catch a departure; a mean that may be negative under 'none' is not computable, naming its scale; and the
/// rules at relu's kink and for the powers hold as derived.
@Suite struct MSSSIMErrorBoundsTests {
    /// A named convention, and the independent implementation's options that compute it.
    struct Named: Sendable {
        let convention: MSSSIMConvention
        let options: AlternativeMSSSIM<Float>.Options
        let shape: [Int]
        let reduction: SSIMReduction
    }

    static let named: [Named] = {
        var pytorch = AlternativeMSSSIM<Float>.Options()
        (pytorch.downsampling, pytorch.relu) = (.zeroBefore, true)
        var torchmetrics = AlternativeMSSSIM<Float>.Options()
        (torchmetrics.downsampling, torchmetrics.relu, torchmetrics.perImage) = (.dropLast, true, true)
        (torchmetrics.wholeSSIMMap, torchmetrics.weights) = (true, MSSSIMConvention.torchmetrics.weights)
        return [
            Named(convention: .wangMSSSIM, options: AlternativeMSSSIM<Float>.Options(), shape: [1, 2, 176, 181], reduction: .mean),
            Named(convention: .pytorchMSSSIM, options: pytorch, shape: [2, 1, 177, 176], reduction: .none),
            Named(convention: .torchmetrics, options: torchmetrics, shape: [2, 2, 176, 179], reduction: .sum),
        ]
    }()

    /// Images whose values are `Scalar`'s (a Float16's, for a half-precision run): `y` is `x` with noise.
    static func images(_ shape: [Int], seed: UInt64, noise: Double, representable: (Double) -> Double)
        throws -> (ImageTensor<Double>, ImageTensor<Double>)
    {
        let (x, y) = try MSSSIMReferenceTests.correlated(shape, seed: seed, noise: noise)
        return (
            try ImageTensor(shape: shape, values: x.values.map(representable)),
            try ImageTensor(shape: shape, values: y.values.map(representable))
        )
    }

    /// Images with structure at every scale, as natural images have: `x` is `center` plus five layers of noise, layer
    /// s constant over blocks of 2ˢ × 2ˢ pixels and uniform within ±amplitudes[s]/2; `y` is `center` plus the same
    /// layers times `signs` (−1: anti-correlated at that layer's scale) and noise of its own.
    static func layered(
        _ shape: [Int], seed: UInt64, amplitudes: [Double] = [0.5, 0.5, 0.5, 0.5, 0.5], signs: [Double] = [1, 1, 1, 1, 1],
        noise: Double = 0.2, center: Double = 0, representable: (Double) -> Double
    ) throws -> (ImageTensor<Double>, ImageTensor<Double>) {
        var random = SplitMix64(seed: seed)
        let (planes, height, width) = (shape[0] * shape[1], shape[2], shape[3])
        var x = [Double](repeating: center, count: planes * height * width), y = x
        for (s, amplitude) in amplitudes.enumerated() {
            let block = 1 << s
            let (rows, columns) = ((height + block - 1) / block, (width + block - 1) / block)
            let layer = (0..<(planes * rows * columns)).map { _ in amplitude * (random.unit() - 0.5) }
            for p in 0..<planes {
                for h in 0..<height {
                    for w in 0..<width {
                        let value = layer[(p * rows + h / block) * columns + w / block]
                        x[(p * height + h) * width + w] += value
                        y[(p * height + h) * width + w] += signs[s] * value
                    }
                }
            }
        }
        y = y.map { $0 + noise * (random.unit() - 0.5) }
        return (try ImageTensor(shape: shape, values: x.map(representable)), try ImageTensor(shape: shape, values: y.map(representable)))
    }

    /// Checks every output of `answer` within `bounds` of `expected`; returns how many elements had a finite bound.
    @discardableResult
    static func expectWithin(
        _ answer: AlternativeMSSSIM<Float>.Outputs, _ expected: MSSSIMOutputs, _ bounds: MSSSIMOutputs, _ label: String
    ) -> Int {
        var judged = 0
        func check(_ name: String, _ actual: [Float]?, _ expected: [Double]?, _ bounds: [Double]?) {
            guard let actual, let expected, let bounds else {
                Issue.record("\(label): \(name) missing")
                return
            }
            #expect(actual.count == expected.count && bounds.count == expected.count, "\(label): \(name) counts")
            for (i, (a, (e, b))) in zip(actual, zip(expected, bounds)).enumerated() {
                #expect(SSIMErrorBounds.accepts(Double(a), expected: e, bound: b), "\(label): \(name)[\(i)] = \(a), expected \(e) ± \(b)")
                if b.isFinite { judged += 1 }
            }
        }
        check("msssim", answer.msssim, expected.msssim, bounds.msssim)
        check("loss", answer.loss, expected.loss, bounds.loss)
        if let reduced = expected.reducedLoss {
            check("reduced loss", answer.reducedLoss.map { [$0] }, [reduced], bounds.reducedLoss.map { [$0] })
        }
        check("∂/∂img1", answer.gradImg1, expected.gradImg1?.values, bounds.gradImg1?.values)
        check("∂/∂img2", answer.gradImg2, expected.gradImg2?.values, bounds.gradImg2?.values)
        return judged
    }

    @Test func theExpectedOutputsAreTheReferencesBitForBit() throws {
        for (n, named) in Self.named.enumerated() {
            let (img1, img2) = try Self.images(named.shape, seed: 40 + UInt64(n), noise: 0.4) { $0 }
            let judging = try MSSSIMErrorBounds.judging(
                img1, img2, maxVal: 1, convention: named.convention, reduction: named.reduction, gradients: true,
                precisions: [.float64])
            let reference = try MSSSIMReference.evaluate(
                img1, img2, maxVal: 1, convention: named.convention, reduction: named.reduction, gradients: true)
            #expect(judging.expected == reference, "\(named.convention.name)")
            #expect(judging.acceptance[.float64]!.scaleShapes == reference.scaleShapes)
        }
    }

    @Test(arguments: [Precision.float32, .float16])
    func anIndependentImplementationIsWithinItsPrecisionsBounds(precision: Precision) throws {
        let half = precision == .float16
        let representable = { (value: Double) in half ? Double(Float16(value)) : Double(Float(value)) }
        for (n, named) in Self.named.enumerated() {
            // Zero-centred images with structure at every scale, as a network's normalised inputs; in float32 also
            // [0, 1) noise, whose coarse scales' variance collapses (E[x²] − μ² cancels more at every scale).
            var pairs = [try Self.layered(named.shape, seed: 50 + UInt64(n), representable: representable)]
            if !half { pairs.append(try Self.images(named.shape, seed: 55 + UInt64(n), noise: 0.4, representable: representable)) }
            for (k, (img1, img2)) in pairs.enumerated() {
                let judging = try MSSSIMErrorBounds.judging(
                    img1, img2, maxVal: 1, convention: named.convention, reduction: named.reduction, gradients: true,
                    precisions: [precision])
                let label = "\(named.convention.name) \(precision) pair \(k)"
                #expect(judging.notComputable[precision] == nil, "\(label): \(judging.notComputable[precision] ?? "")")
                let implementation = AlternativeMSSSIM<Float>(
                    named.options, maxVal: 1, rounding: half ? { Float(Float16($0)) } : { $0 })
                let answer = implementation.evaluate(
                    img1.values.map(Float.init), img2.values.map(Float.init), shape: named.shape,
                    reduction: named.reduction.rawValue, gradients: true)
                let judged = Self.expectWithin(answer, judging.expected, judging.acceptance[precision]!, label)
                // Every element is judged: no bound is infinite on these ordinary images.
                let elements = 2 * named.shape.reduce(1, *) + 2 * judging.expected.loss.count + (named.reduction == .none ? 0 : 1)
                #expect(judged == elements, "\(label)")
            }
        }
    }

    /// Measured at this commit on 176 × 176 images (wang-msssim, 'mean'): the float32 bound on the loss is 2.3e-4 on
    /// zero-centred layered images and 2.3e-3 on [0, 1) noise; the float64 bound on MS-SSIM is about 8e3 u₆₄ of it, and 9e4 u₆₄ on the noise.
    /// Both are dominated by what any summation order allows: a mean of N ≈ 27 500 map values within γ_N (N·u
    /// relative) at the finest scale, and E[x²] − μ² cancelling at the coarse ones.
    @Test func theBoundsAreSmallOnOrdinaryImagesAndCatchADeparture() throws {
        for seed in [60, 61] as [UInt64] {
            for (k, (img1, img2)) in [
                try Self.layered([1, 1, 176, 176], seed: seed) { Double(Float($0)) },
                try Self.images([1, 1, 176, 176], seed: seed, noise: 0.5) { Double(Float($0)) },
            ].enumerated() {
                let judging = try MSSSIMErrorBounds.judging(
                    img1, img2, maxVal: 1, reduction: .mean, gradients: true, precisions: [.float64, .float32])
                let single = judging.acceptance[.float32]!.reducedLoss!
                #expect(single < (k == 0 ? 3e-4 : 3e-3), "seed \(seed) pair \(k): float32 bound on the loss \(single)")
                let msssim = judging.expected.msssim[0], double = judging.acceptance[.float64]!.msssim[0]
                let relative = k == 0 ? 2e4 : 2e5
                #expect(double < relative * Precision.float64.unitRoundoff * msssim, "seed \(seed) pair \(k): float64 bound \(double) on \(msssim)")
                // Most gradient elements are judged to within a tenth of the gradient's largest magnitude.
                let bounds = judging.acceptance[.float32]!.gradImg1!.values.sorted()
                let largest = judging.expected.gradImg1!.values.map(abs).max()!
                #expect(bounds[bounds.count / 2] < 0.1 * largest, "seed \(seed) pair \(k): median gradient bound \(bounds[bounds.count / 2]) of \(largest)")

                // A float32 implementation that takes the data range to be 255 (pytorch-msssim's default) where the
                // case gives 1 is caught.
                let answer = AlternativeMSSSIM<Float>(maxVal: 255).evaluate(
                    img1.values.map(Float.init), img2.values.map(Float.init), shape: [1, 1, 176, 176], reduction: "mean",
                    gradients: false)
                #expect(!SSIMErrorBounds.accepts(Double(answer.reducedLoss!), expected: judging.expected.reducedLoss!, bound: single))
            }
        }
    }

    /// Fine layers shared, coarse layers anti-correlated: positive cs at the finest scale, negative at the coarse ones.
    static func coarselyAntiCorrelated(_ shape: [Int]) throws -> (ImageTensor<Double>, ImageTensor<Double>) {
        try layered(shape, seed: 70, amplitudes: [0.5, 0.5, 0, 0.8, 0.8], signs: [1, 1, 1, -1, -1], noise: 0.05, center: 0.5) {
            Double(Float($0))
        }
    }

    @Test func aMeanThatMayBeNegativeUnderNoneIsNotComputableNamingItsScale() throws {
        let shape = [1, 2, 176, 176]
        let (img1, img2) = try Self.coarselyAntiCorrelated(shape)
        let judging = try MSSSIMErrorBounds.judging(
            img1, img2, maxVal: 1, reduction: .mean, gradients: true, precisions: Precision.allCases)
        let means = judging.expected.scaleMeans
        #expect(means[0].allSatisfy { $0 > 0 } && means[3].allSatisfy { $0 < 0 }, "\(means)")
        // The first scale, and unit, whose mean is within its bound of 0 or below.
        let float32 = judging.acceptance[.float32]!.scaleMeans
        let scale = means.indices.first { j in means[j].indices.contains { means[j][$0] - float32[j][$0] <= 0 } }!
        let term = scale == 4 ? "SSIM" : "cs"
        for precision in Precision.allCases {
            let reason = try #require(judging.notComputable[precision], "\(precision)")
            if precision == .float32 {
                #expect(reason.contains("the mean \(term) of scale \(scale + 1) of 5"), "\(reason)")
            }
            #expect(reason.contains("'none'") && reason.contains("may be 0 or negative"), "\(precision): \(reason)")
        }
        #expect(judging.expected.msssim.allSatisfy { $0.isNaN })
    }

    @Test func underReluTheSameImagesAreComputableAndTheirGradientIsExactlyZero() throws {
        let shape = [1, 2, 176, 176]
        let (img1, img2) = try Self.coarselyAntiCorrelated(shape)
        var relu = MSSSIMConvention.wangMSSSIM
        relu.negativeValues = .relu
        let judging = try MSSSIMErrorBounds.judging(
            img1, img2, maxVal: 1, convention: relu, reduction: .mean, gradients: true, precisions: [.float32])
        #expect(judging.notComputable[.float32] == nil)
        let bounds = judging.acceptance[.float32]!
        // A mean certainly below 0 is relu'd to exactly 0: MS-SSIM is exactly 0, and so is every gradient, which
        // the relu selects away or the zero factor multiplies: an implementation must answer exactly that.
        #expect(judging.expected.msssim == [0, 0] && bounds.msssim == [0, 0])
        let gradients = judging.expected.gradImg1!.values + judging.expected.gradImg2!.values
        let gradientBounds = bounds.gradImg1!.values + bounds.gradImg2!.values
        #expect(gradients.allSatisfy { $0 == 0 } && gradientBounds.allSatisfy { $0 == 0 })
        var options = AlternativeMSSSIM<Float>.Options()
        options.relu = true
        let answer = AlternativeMSSSIM<Float>(options, maxVal: 1).evaluate(
            img1.values.map(Float.init), img2.values.map(Float.init), shape: shape, reduction: "mean", gradients: true)
        Self.expectWithin(answer, judging.expected, bounds, "relu, coarse scales anti-correlated")
    }

    /// A value and its bound in float32 made by the analysis itself: `a − b` of two constants.
    static func difference(_ a: Double, _ b: Double) -> RoundingErrorBound<Float32Rounding> {
        RoundingErrorBound(constant: a) - RoundingErrorBound(constant: b)
    }

    @Test func reluAtItsKinkIsBoundedAsDerived() {
        let upstream = RoundingErrorBound<Float32Rounding>(constant: 2.5)
        // Within the bound of 0 on either side: the decision could go either way.
        for v in [Self.difference(1, 1 + 1e-8), Self.difference(1 + 1e-8, 1)] {
            #expect(v.value - v.bound <= 0 && v.value + v.bound > 0)
            let rectified = v.rectified
            #expect(rectified.value == Swift.max(v.value, 0) && rectified.bound == v.bound && rectified.nonNegative)
            // The factor lies in [0, (v + e)ʷ]: its bound reaches both ends from the value.
            let factor = rectified.power(RoundingErrorBound(constant: 0.3))
            #expect(factor.bound.isFinite && factor.bound >= Foundation.pow(v.value + v.bound, 0.3) - factor.value)
            #expect(factor.bound >= factor.value)
            // The gradient is 0 or the upstream: uncertain by the upstream's whole size.
            let gradient = v.rectifiedGradient(upstream: upstream)
            #expect(gradient.value == (v.value > 0 ? upstream.value : 0))
            #expect(gradient.bound == upstream.value + upstream.bound)
            // And the derivative of the power at a base that may be 0 is unbounded: so is what it passes.
            #expect(rectified.powerDerivative(RoundingErrorBound(constant: 0.3)).bound == .infinity)
        }
        // Certainly below: exactly 0, even from an infinite upstream (selected, not multiplied).
        let infinite = RoundingErrorBound<Float32Rounding>(constant: 1) / Self.difference(1, 1)
        let below = RoundingErrorBound<Float32Rounding>(constant: -0.5)
        #expect(below.rectified.value == 0 && below.rectified.bound == 0)
        let selected = below.rectifiedGradient(upstream: infinite)
        #expect(selected.value == 0 && selected.bound == 0)
        // Certainly above: the upstream as it is.
        let passed = RoundingErrorBound<Float32Rounding>(constant: 0.5).rectifiedGradient(upstream: upstream)
        #expect(passed.value == upstream.value && passed.bound == upstream.bound)
    }

    @Test func powersAreBoundedAsDerived() {
        let base = Self.difference(0.9, 0.1), exponent = RoundingErrorBound<Float32Rounding>(constant: 0.2856)
        let power = base.power(exponent)
        #expect(power.value == Foundation.pow(base.value, exponent.value))
        // The corners of the box of base and exponent are inside the bound; pow's own 4 ulps are added.
        for b in [base.value - base.bound, base.value + base.bound] {
            for w in [exponent.value - exponent.bound, exponent.value + exponent.bound] {
                #expect(abs(Foundation.pow(b, w) - power.value) + 8 * Precision.float32.unitRoundoff * power.value <= power.bound * (1 + 1e-12))
            }
        }
        #expect(power.bound < 20 * Precision.float32.unitRoundoff)
        // An exponent of exactly 0: 1 exactly, whatever the base; its derivative 0 exactly.
        let zero = RoundingErrorBound<Float32Rounding>(constant: 0)
        for b in [base, Self.difference(1, 1), RoundingErrorBound(constant: -0.5)] {
            #expect(b.power(zero).value == 1 && b.power(zero).bound == 0)
            #expect(b.powerDerivative(zero).value == 0 && b.powerDerivative(zero).bound == 0)
        }
        // A base that may be 0 or negative under a fractional exponent: infinite, and said so.
        for b in [Self.difference(1, 1 + 1e-8), Self.difference(1 + 1e-8, 1), RoundingErrorBound(constant: -0.5)] {
            #expect(b.mayVanishOrBeNegative(under: exponent) && b.power(exponent).bound == .infinity)
        }
        #expect(!base.mayVanishOrBeNegative(under: exponent))
    }
}
