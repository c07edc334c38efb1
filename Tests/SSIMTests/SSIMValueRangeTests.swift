import SSIM
import Testing

/// ``SSIMValueRange``: what no correct computation of a convention can answer. Its intervals hold every value the
/// reference computes, under every choice that keeps one; its slack lets through what rounding gives and not an
/// SSIM of 1.3; and it promises nothing where the convention does not.
@Suite struct SSIMValueRangeTests {
    static func images(_ shape: [Int], seed: UInt64, _ pixel: (inout SplitMix64, Double) -> Double) throws -> (ImageTensor<Double>, ImageTensor<Double>) {
        var random = SplitMix64(seed: seed)
        let x = (0..<shape.reduce(1, *)).map { _ in random.unit() }
        let y = x.map { pixel(&random, $0) }
        return (try ImageTensor(shape: shape, values: x), try ImageTensor(shape: shape, values: y))
    }

    static let conventions: [SSIMConvention] = [
        .kornia, .scikitImage, .torchmetrics, .piq, .matlabSSIMIndex,
        SSIMConvention(window: .uniform, sampleCovariance: true, loss: .clampedThenHalved),
        SSIMConvention(border: .zero, k1: 0, includesEps: false, loss: .oneMinusSSIM),
    ]

    /// Pairs from alike to opposite, offset far from 0 (where the moments cancel) and identical: the reference's
    /// every SSIM and loss lies in the exact intervals, rounded in float64 by no more than the slack.
    @Test(arguments: 0..<conventions.count)
    func everyValueTheReferenceComputesLiesInTheInterval(convention index: Int) throws {
        let convention = Self.conventions[index]
        let pairs: [(inout SplitMix64, Double) -> Double] = [
            { random, x in x + 0.05 * random.unit() }, { _, x in 1 - x }, { random, _ in random.unit() },
            { _, x in x }, { random, x in 1000 + x + 1e-6 * random.unit() },
        ]
        var extremes = (lowest: Double.infinity, highest: -Double.infinity)
        for (seed, pair) in pairs.enumerated() {
            let (x, y) = try Self.images([2, 2, 13, 13], seed: UInt64(seed), pair)
            for reduction in SSIMReduction.allCases {
                let options = try SSIMOptions(windowSize: 7, maxVal: 1, eps: 1e-12, padding: .valid)
                let outputs = try SSIMReference.evaluate(x, y, options: options, reduction: reduction, gradients: false, convention: convention)
                let range = try #require(SSIMValueRange(x, y, options: options, reduction: reduction, convention: convention, precision: .float64))
                #expect(range.exactSSIM == (x == y ? 0...1 : -1...1))
                for value in outputs.ssimMap?.values ?? [] {
                    #expect(range.ssim.contains(value), "\(convention.name): SSIM \(value) outside \(range.ssim)")
                    extremes = (min(extremes.lowest, value), max(extremes.highest, value))
                }
                for value in reduction == .none ? outputs.lossMap?.values ?? [] : [outputs.reducedLoss].compactMap({ $0 }) {
                    #expect(range.loss.contains(value), "\(convention.name) \(reduction): loss \(value) outside \(range.loss)")
                }
            }
        }
        // The pairs reach near both edges: the interval is not a loose one the test could not tell from a wrong one.
        #expect(extremes.lowest < -0.9 && extremes.highest > 0.99, "\(extremes)")
    }

    /// 8-bit values in float16: μx² + μy² reaches 2·255², past float16's largest finite value, so a correct float16
    /// computation may answer ∞/∞ = NaN: no finite answer is promised, but the interval still holds the finite ones;
    /// bfloat16's range holds it, and so does float32's, which a convention computing in float32 uses whatever is
    /// asked. The same for MS-SSIM, whose estimated ranges reach at most the pixels' spread.
    @Test func noFiniteAnswerIsPromisedWhereThePrecisionMayOverflow() throws {
        let (unit1, unit2) = try Self.images([1, 1, 24, 24], seed: 4) { random, x in x + 0.1 * random.unit() }
        let x = try ImageTensor(shape: [1, 1, 24, 24], values: unit1.values.map { ($0 * 255).rounded() })
        let y = try ImageTensor(shape: [1, 1, 24, 24], values: unit2.values.map { min(255, ($0 * 255).rounded()) })
        let options = try SSIMOptions(windowSize: 7, maxVal: 255)
        func expectOverflow(_ range: SSIMValueRange?, _ overflows: Bool, _ label: String) throws {
            let range = try #require(range, "\(label)")
            #expect(range.mayOverflow == overflows && (range.finiteReason == nil) == overflows, "\(label)")
            #expect(range.ssim.contains(1) && !range.ssim.contains(1.3), "\(label)")
        }
        try expectOverflow(SSIMValueRange(x, y, options: options, reduction: .mean, convention: .kornia, precision: .float16), true, "float16")
        try expectOverflow(SSIMValueRange(x, y, options: options, reduction: .mean, convention: .kornia, precision: .bfloat16), false, "bfloat16")
        var float32 = SSIMConvention.kornia
        float32.arithmetic = .float32
        try expectOverflow(SSIMValueRange(x, y, options: options, reduction: .mean, convention: float32, precision: .float16), false, "in float32")
        try expectOverflow(
            SSIMValueRange(unit1, unit2, options: try SSIMOptions(windowSize: 7), reduction: .mean, convention: .kornia, precision: .float16),
            false, "float16 in [0, 1]")

        // Wang's pyramid computed in the images' precision (msssim.m's own computes in double).
        var threeScales = MSSSIMConvention.wangMSSSIM
        (threeScales.windowSize, threeScales.weights, threeScales.negativeValues) = (3, [0.3, 0.3, 0.4], .relu)
        threeScales.scale.arithmetic = nil
        var estimated = threeScales
        estimated.dataRange = .estimatedPerScale
        for convention in [threeScales, estimated] {
            let name = "\(convention.dataRange)"
            try expectOverflow(SSIMValueRange(x, y, maxVal: 255, reduction: .mean, msssim: convention, precision: .float16), true, name)
            try expectOverflow(SSIMValueRange(x, y, maxVal: 255, reduction: .mean, msssim: convention, precision: .float32), false, name)
            try expectOverflow(SSIMValueRange(unit1, unit2, maxVal: 1, reduction: .mean, msssim: convention, precision: .float16), false, name)
        }
    }

    /// A half precision may round an SSIM just below 1 to the value above 1; no rounding reaches 1.3 or 1.01.
    @Test func theSlackLetsRoundingThroughButNotAnImpossibleValue() throws {
        let (x, y) = try Self.images([1, 1, 8, 8], seed: 3) { random, _ in random.unit() }
        let options = try SSIMOptions(windowSize: 3)
        for precision in [Precision.float16, .bfloat16] {
            let range = try #require(SSIMValueRange(x, y, options: options, reduction: .none, convention: .kornia, precision: precision))
            let nextAboveOne = 1 + 2 * precision.unitRoundoff
            #expect(range.ssim.contains(nextAboveOne) && range.ssim.contains(-nextAboveOne), "\(precision)")
            #expect(!range.ssim.contains(1.3) && !range.ssim.contains(-1.3), "\(precision)")
            #expect(range.loss.contains(-2 * precision.unitRoundoff) && !range.loss.contains(1.3), "\(precision)")
        }
        let float16 = try #require(SSIMValueRange(x, y, options: options, reduction: .none, convention: .kornia, precision: .float16))
        #expect(!float16.ssim.contains(1.01))
        // A convention computing in float32 whatever is asked is held to the coarser of its and the case's.
        var float32 = SSIMConvention.kornia
        float32.arithmetic = .float32
        #expect(SSIMValueRange(x, y, options: options, reduction: .none, convention: float32, precision: .float16)?.precision == .float16)
        #expect(SSIMValueRange(x, y, options: options, reduction: .none, convention: float32, precision: .float64)?.precision == .float32)
    }

    /// A sum of N losses lies in N times their interval; a mean over more elements than the precision can sum
    /// with a bounded error promises nothing.
    @Test func reductionsScaleAndLongSumsPromiseNothing() throws {
        let (x, y) = try Self.images([2, 3, 40, 40], seed: 5) { random, _ in random.unit() }
        let options = try SSIMOptions(windowSize: 11, padding: .valid)
        let count = 2 * 3 * 30 * 30
        let sum = try #require(SSIMValueRange(x, y, options: options, reduction: .sum, convention: .kornia, precision: .float64))
        #expect(sum.exactLoss == 0...Double(count))
        let mean = try #require(SSIMValueRange(x, y, options: options, reduction: .mean, convention: .kornia, precision: .float16))
        #expect(mean.loss == -Double.infinity...Double.infinity, "\(count) float16 additions may err by more than the sum")
        let short = try #require(SSIMValueRange(x, y, options: options, reduction: .mean, convention: .kornia, precision: .float32))
        #expect(!short.loss.contains(1.01) && short.exactLoss == 0...1)
    }

    /// No interval where the convention promises none, and no claim on NaN where its denominator may vanish.
    @Test func noPromiseWhereTheConventionMakesNone() throws {
        let (x, y) = try Self.images([1, 1, 8, 8], seed: 4) { random, _ in random.unit() }
        func range(_ convention: SSIMConvention = .kornia, eps: Double = 1e-12, windowSize: Int = 3, img1: ImageTensor<Double>? = nil) throws -> SSIMValueRange? {
            SSIMValueRange(
                img1 ?? x, y, options: try SSIMOptions(windowSize: windowSize, eps: eps), reduction: .mean, convention: convention,
                precision: .float32)
        }
        #expect(try range() != nil)
        #expect(try range(eps: -1e-6) == nil, "a negative eps may cancel the denominator")
        #expect(try range(.pytorchMSSSIM) == nil, "taps built in float32 may sum past 1")
        #expect(try range(SSIMConvention(sampleCovariance: true), windowSize: 1) == nil, "N/(N − 1) of one tap")
        var values = x.values
        values[5] = .nan
        #expect(try range(img1: try ImageTensor(shape: [1, 1, 8, 8], values: values)) == nil, "a NaN pixel propagates")
        #expect(try range()?.finiteReason != nil)
        #expect(try range(SSIMConvention(k1: 0), eps: 0)?.finiteReason == nil, "0/0 where both images are black")
        #expect(try range(SSIMConvention(k1: 0), eps: 0)?.ssim.contains(1.01) == false, "the interval still holds where defined")
    }
}
