import FoundationEssentials
import Glibc

/// A floating-point precision the error analysis runs for, as a type.
protocol RoundingPrecision {
    /// The precision values are stored in and each operation rounds to.
    static var precision: Precision { get }
}

extension RoundingPrecision {
    /// The precision a weighted sum (a blur pass, a reduction) accumulates in before it is rounded to
    /// ``precision``: float32 for the half precisions, as torch's convolutions and reductions (oneDNN, cuDNN),
    /// TensorFlow's and JAX's do; the precision itself otherwise.
    static var accumulation: Precision { precision.isHalf ? .float32 : precision }
}

enum Float64Rounding: RoundingPrecision {
    static let precision = Precision.float64
}

enum Float32Rounding: RoundingPrecision {
    static let precision = Precision.float32
}

enum Float16Rounding: RoundingPrecision {
    static let precision = Precision.float16
}

enum BFloat16Rounding: RoundingPrecision {
    static let precision = Precision.bfloat16
}

/// A value of the reference algorithm with a bound on how far the same computation in precision `P` may be from it:
/// running (first-order-plus) forward error analysis, one operation at a time.
///
/// The rules, with u the unit roundoff of `P`, η its underflow error (``Precision/underflowError``) and
/// γₙ = n·u / (1 − n·u) (infinite once n·u ≥ 1):
/// - a ± b errs by e(a) + e(b) + u·|a ± b| (a sum that falls below the normal range is exact);
///   a·b by |a|·e(b) + |b|·e(a) + e(a)·e(b) + u·|ab|, plus η where the product may fall below the normal range;
///   a / b by (e(a) + |a/b|·e(b)) / (|b| − e(b)) + u·|a/b| (+ η likewise), infinite when |b| ≤ e(b).
/// - A blur is a weighted sum whose order is free: e(blur z) = blur(e(z)) + γₙ·blur(|z|) with n = 4k + 8 for k taps
///   (two passes of k products each, weights normalised in the working precision, each within (k + 4)·u); its
///   adjoint also adds the folded mirror, n = 4k + 12. A volume's blur has a third pass: n = Σ(2k + 4) over its
///   axes, and 2 more per axis for the adjoint. Weights built in a coarser precision T than the sums
///   (float32 taps in float64 arithmetic) are each within (k + 4)·u_T instead: 2(k + 4)·u_T·blur(|z|) more.
///   A blur summed at once (``SeparableBlur/summedAtOnce``: a 2-D convolution, k² products in one sum of any
///   order, each 2-D tap the rounded product of two 1-D taps) has n = k² + 2k + 9 (+ 4 for the adjoint), and
///   coarser taps add (2k + 9)·u_T·blur(|z|); a volume's summed at once (k³ products, each tap the product of three)
///   has n = k³ + 3k + 14 and (3k + 14)·u_T for coarser taps.
/// - A sum of N values, in any order: Σ e + γ_{N−1}·Σ|v|; a mean divides it by N.
/// - In a half precision, weighted sums accumulate in float32 (``RoundingPrecision/accumulation``) and are rounded
///   once to `P`: a blur adds 4u·blur(|z|) to float32's γₙ (the weights and each pass's result rounded to `P`), a
///   sum or a mean u·|result|; every other operation rounds to `P`.
/// - Where a value may exceed `P`'s largest finite value, it may overflow to ±∞: its bound is infinite, and the
///   value says so (``overflows``).
/// - The clamp to [0, 1] cannot increase a finite error, nor make it exceed 1. Where the clamp's decision could go
///   either way within the error, the gradient it passes is uncertain by its whole size.
/// - A NaN bound (0 × ∞) is taken as infinite: nothing is certified there.
///
/// MS-SSIM's (``MSSSIMArithmetic``), for the pyramid, the powers and the relu (``MSSSIMErrorBounds``):
/// - A downsampling or its adjoint (``MSSSIMDownsampling``) is linear, each output a sum of at most four values (a
///   repeated pixel counted twice) scaled by a power of 2 (1/4, or 1/2 per axis), in any order: with L the map
///   itself, e = L(e(z)) + γ₃·L(|z|), plus 2η where the result may fall below the normal range. γ₃ is `P`'s own even
///   in a half precision, which also covers summing in float32 and rounding once (u + γ₃ in float32 is less).
/// - relu: max(v, 0) errs by no more than v (|max(a, 0) − max(b, 0)| ≤ |a − b|), is exactly 0 where v + e ≤ 0, and
///   is never negative, so that a fractional power of it is real (``nonNegative``). Its gradient selects 0 where
///   v ≤ 0: exactly 0 where v + e ≤ 0 whatever the upstream g (even ±∞ or NaN, which it does not multiply), g as it
///   is where v − e > 0, and where the decision could go either way, uncertain by its whole size: |g| + e(g).
/// - bʷ with an exponent of exactly 0 (bound 0) is exactly 1, and its derivative exactly 0. Where b may be 0 or
///   negative (b − e ≤ 0, b not a relu's result) under an exponent that is not an exactly known integer, the bound
///   is infinite (``mayVanishOrBeNegative(under:)``): a fractional power of a negative base is NaN, and of a
///   vanishing one has an infinite derivative. Otherwise bʷ = exp(w·ln b) is monotonic in b and in w, and w·ln b
///   is bilinear in (w, ln b), so over the box [b − e(b), b + e(b)] × [w − e(w), w + e(w)] (the base from 0 up for
///   a relu's result) the exact bʷ is within the range of its four corners (and 0, for an integral w and a base
///   that may change sign, on whose either side xⁿ is monotonic): the bound is that range around the value, which
///   covers the base's error and an exponent rounded to `P` (|ln b|·bʷ·e(w) to first order) alike, plus
///   4·u₆₄·max|corner| for the corners' own evaluation by Double's `pow` (within 1 ulp each), plus `pow`'s rounding
///   in `P`, 8u·max|corner| (4 ulps): glibc's `pow` and `powf` and SLEEF's vectorised `powf` (torch's CPU kernels)
///   are within 1 ulp, CUDA's `powf` within 4 (its documented maximum; `pow` within 2), and a half precision's
///   power computed in float32 and rounded once within u + 8u₃₂; plus η where the result may underflow. Where a
///   corner is not finite (a negative exponent at a base that may be 0), the bound is infinite.
/// - d(bʷ)/db = w·b^(w−1) is that product, the power by the rule above with w − 1 computed in `P`.
struct RoundingErrorBound<P: RoundingPrecision>: SSIMArithmetic {
    var value: Double
    var bound: Double
    /// Whether this value, or one it was computed from, may exceed `P`'s largest finite value.
    var overflows: Bool
    /// Whether the value computed in `P` is certainly ≥ 0 whatever its error: a relu's result, whose fractional
    /// power is real even where the bound reaches 0.
    var nonNegative = false

    private static var u: Double { P.precision.unitRoundoff }

    /// - Parameter inherited: whether an operand may overflow.
    private init(_ value: Double, _ bound: Double, inheriting inherited: Bool = false) {
        let overflows = inherited || value.isFinite && bound.isFinite && abs(value) + bound > P.precision.largestFinite
        self.value = value
        self.bound = bound.isNaN || overflows ? .infinity : bound
        self.overflows = overflows
    }

    init(pixel: Double) { self.init(pixel, 0) }
    init(constant: Double) { self.init(constant, Self.u * abs(constant) + Self.underflow(abs(constant), within: 0)) }

    /// γₙ = n·u / (1 − n·u), the relative error of n successive roundings in `precision`.
    static func gamma(_ n: Int, in precision: Precision = P.precision) -> Double {
        let nu = Double(n) * precision.unitRoundoff
        return nu < 1 ? nu / (1 - nu) : .infinity
    }

    /// η where a result of `magnitude`, computed from operands within `propagated` of exact, may be rounded in the
    /// subnormal range; 0 where it is exactly zero.
    private static func underflow(_ magnitude: Double, within propagated: Double) -> Double {
        let exactZero = magnitude == 0 && propagated == 0
        return exactZero || magnitude - propagated >= P.precision.smallestNormal ? 0 : P.precision.underflowError
    }

    /// The rounding of a weighted sum's result, of `magnitude` from operands within `propagated`, to `P` after
    /// accumulating in ``RoundingPrecision/accumulation``: nothing more when the two are the same precision.
    private static func roundingAfterAccumulation(_ magnitude: Double, within propagated: Double) -> Double {
        P.precision.isHalf ? u * magnitude + underflow(magnitude, within: propagated) : 0
    }

    static func + (lhs: Self, rhs: Self) -> Self {
        let value = lhs.value + rhs.value
        return Self(value, lhs.bound + rhs.bound + u * abs(value), inheriting: lhs.overflows || rhs.overflows)
    }

    static func - (lhs: Self, rhs: Self) -> Self {
        let value = lhs.value - rhs.value
        return Self(value, lhs.bound + rhs.bound + u * abs(value), inheriting: lhs.overflows || rhs.overflows)
    }

    static func * (lhs: Self, rhs: Self) -> Self {
        let value = lhs.value * rhs.value
        let propagated = abs(lhs.value) * rhs.bound + abs(rhs.value) * lhs.bound + lhs.bound * rhs.bound
        return Self(
            value, propagated + u * abs(value) + underflow(abs(value), within: propagated),
            inheriting: lhs.overflows || rhs.overflows)
    }

    static func / (lhs: Self, rhs: Self) -> Self {
        let value = lhs.value / rhs.value
        guard abs(rhs.value) > rhs.bound else { return Self(value, .infinity, inheriting: lhs.overflows || rhs.overflows) }
        let propagated = (lhs.bound + abs(value) * rhs.bound) / (abs(rhs.value) - rhs.bound)
        return Self(
            value, propagated + u * abs(value) + underflow(abs(value), within: propagated),
            inheriting: lhs.overflows || rhs.overflows)
    }

    static func blurred(_ plane: [Self], by blur: SeparableBlur, adjoint: Bool) -> [Self] {
        let operation = adjoint ? blur.adjoint : blur.apply
        let taps = blur.axes.map(\.window.count)
        let tapsRoundoff = blur.tapsPrecision.unitRoundoff
        // Each 1-D tap is within (k + 4) roundoffs; a tap of the whole window summed at once is the product of one
        // per axis, rounded once per product: Σ(k + 4) + (axes − 1) roundoffs (2k + 9 for a plane).
        let oneDimensional = taps.reduce(0) { $0 + $1 + 4 }
        let tapRoundings = blur.summedAtOnce ? oneDimensional + taps.count - 1 : oneDimensional
        let coarseTaps = tapsRoundoff > P.accumulation.unitRoundoff ? Double(tapRoundings) * tapsRoundoff : 0
        // One pass per axis of k products (2k + 4 with its taps: 4k + 8 for a plane), or one sum of Πk products.
        let roundings = blur.summedAtOnce ? blur.weightCount + tapRoundings : taps.reduce(0) { $0 + 2 * $1 + 4 }
        // The adjoint also folds the mirror back, twice per axis.
        let folding = adjoint ? 2 * taps.count : 0
        let relative = gamma(roundings + folding, in: P.accumulation) + (P.precision.isHalf ? 4 * u : 0) + coarseTaps
        let values = operation(plane.map(\.value))
        let propagated = operation(plane.map(\.bound))
        let magnitudes = operation(plane.map { abs($0.value) })
        let overflows = plane.contains { $0.overflows }
        return values.indices.map { i in
            // Each pass's result rounds to P, so either may fall below the normal range.
            let underflow = P.precision.isHalf ? 2 * Self.underflow(magnitudes[i], within: propagated[i]) : 0
            return Self(values[i], propagated[i] + relative * magnitudes[i] + underflow, inheriting: overflows)
        }
    }

    static func sum(_ values: [Self]) -> Self {
        let value = values.reduce(0) { $0 + $1.value }
        let propagated = values.reduce(0) { $0 + $1.bound }
        let magnitude = values.reduce(0) { $0 + abs($1.value) }
        let accumulated = propagated + gamma(max(values.count - 1, 0), in: P.accumulation) * magnitude
        return Self(
            value, accumulated + roundingAfterAccumulation(abs(value), within: accumulated),
            inheriting: values.contains { $0.overflows })
    }

    static func mean(_ values: [Self]) -> Self {
        guard P.precision.isHalf else { return sum(values) / Self(constant: Double(values.count)) }
        // The sum and the division by N (exact in float32 up to 2²⁴) in float32, the mean rounded once to P.
        let count = Double(values.count)
        let value = values.reduce(0) { $0 + $1.value } / count
        let propagated = values.reduce(0) { $0 + $1.bound } / count
        let magnitude = values.reduce(0) { $0 + abs($1.value) } / count
        let accumulated = propagated + gamma(values.count, in: P.accumulation) * magnitude
        return Self(
            value, accumulated + roundingAfterAccumulation(abs(value), within: accumulated),
            inheriting: values.contains { $0.overflows })
    }

    var clampedToUnit: Self {
        var clamped = self
        clamped.value = value.clampedToUnit
        // An infinite bound stays so: the value may be NaN (0/0 where a denominator vanishes), which the clamp keeps.
        clamped.bound = bound.isFinite ? Swift.min(bound, 1) : .infinity
        return clamped
    }

    func clampGradient(upstream: Double) -> Self {
        // The upstream weight 1/N or 1, halved, is itself rounded once or twice.
        let passed = value.clampGradient(upstream: upstream)
        let rounding = 2 * Self.u * abs(upstream) + 2 * Self.underflow(abs(upstream), within: 0)
        let certain = value - bound >= 0 && value + bound <= 1 || value + bound < 0 || value - bound > 1
        return Self(passed, certain ? (passed == 0 ? 0 : rounding) : abs(upstream) + rounding, inheriting: overflows)
    }
}

extension RoundingErrorBound {
    /// The bound an answer's element is accepted within, as far as this precision's analysis goes: the bound, or 0
    /// where the value is NaN or ±∞, compared exactly.
    var acceptedBound: Double { value.isFinite ? bound : 0 }

    /// The bound a half precision's answer is accepted within: `P`'s own analysis (this), or what computing in
    /// float32 (`single`, the float32 analysis of the same element) and rounding the answer to `P` can err by,
    /// B₃₂ + u·(|v| + B₃₂) + η, whichever is larger: both are honest ways to answer. 0 where the value is NaN or ±∞.
    func halfPrecisionBound(computedInFloat32 single: RoundingErrorBound<Float32Rounding>) -> Double {
        guard value.isFinite else { return 0 }
        return Swift.max(bound, single.acceptedBound(roundedTo: P.precision))
    }

    /// The bound an answer computed in `P` and rounded to the coarser `precision` is accepted within:
    /// B + u·(|v| + B) + η of `precision`, infinite where it may exceed that precision's largest finite value; 0 where
    /// the value is NaN or ±∞, compared exactly.
    func acceptedBound(roundedTo precision: Precision) -> Double {
        guard value.isFinite else { return 0 }
        let rounded = bound + precision.unitRoundoff * (abs(value) + bound) + precision.underflowError
        return abs(value) + rounded > precision.largestFinite ? .infinity : rounded
    }

    /// Why a case cannot be computed meaningfully in `P`, from its result, or nil: the result, the loss `reduced`
    /// over `count` elements (for 'sum', each element's share of it) or, for 'none', the `elements` themselves (each
    /// a value `naming` names), may exceed `P`'s largest finite value or has no correct digit left (a bound of 1 or
    /// more), everywhere. Judging such a case by a bound would pretend one. Where only some elements are so, their
    /// bounds are infinite or that large, and the other elements are judged.
    static func notComputable(
        reduced: Self?, of count: Int, reduction: SSIMReduction, elements: [Self], naming: String
    ) -> String? {
        let precision = P.precision
        let result = reduced.map { loss in
            let share = reduction == .sum ? Double(count) : 1
            return [(value: loss.value / share, bound: loss.bound / share, overflows: loss.overflows)]
        } ?? elements.map { (value: $0.value, bound: $0.bound, overflows: $0.overflows) }
        guard result.allSatisfy({ $0.overflows || !($0.bound < 1) }) else { return nil }
        if result.contains(where: \.overflows) {
            return "its result may exceed \(precision.rawValue)'s largest finite value, \(precision.largestFinite)"
        }
        let best = result.map(\.bound).min() ?? .infinity
        return "no correct digit of its result is left in \(precision.rawValue): every \(naming) may be off by \(best) or more"
    }
}

extension RoundingErrorBound: MSSSIML1Arithmetic {
    /// |self|: ||a| − |b|| ≤ |a − b|, so the bound stays.
    var magnitude: Self {
        var magnitude = self
        magnitude.value = abs(value)
        return magnitude
    }

    /// The sign is certain where the value is exactly 0 or its bound does not reach 0 (a difference of two pixels
    /// is: it is exact, or rounded without changing sign); elsewhere the gradient passed is uncertain by its whole size.
    func signGradient(upstream: Self) -> Self {
        let passed = value.signGradient(upstream: upstream.value)
        if value == 0 && bound == 0 { return Self(0, 0) }
        let certain = value - bound > 0 || value + bound < 0
        return Self(passed, certain ? upstream.bound : abs(upstream.value) + upstream.bound, inheriting: overflows || upstream.overflows)
    }
}

extension RoundingErrorBound: MSSSIMArithmetic {
    static func downsampled(_ values: [Self], by rule: MSSSIMDownsampling, of dimensions: [Int], adjoint: Bool) -> [Self] {
        func linear(_ plane: [Double]) -> [Double] {
            adjoint ? rule.adjoint(plane, of: dimensions) : rule.apply(plane, of: dimensions)
        }
        let results = linear(values.map(\.value)), propagated = linear(values.map(\.bound))
        let magnitudes = linear(values.map { abs($0.value) })
        let overflows = values.contains { $0.overflows }
        return results.indices.map { i in
            // A pair summed per spatial axis (the halvings exact): 3 roundings on images, as many as axes plus one.
            let accumulated = propagated[i] + gamma(dimensions.count - 1) * magnitudes[i]
            return Self(results[i], accumulated + 2 * underflow(abs(results[i]), within: accumulated), inheriting: overflows)
        }
    }

    /// Whether self^`exponent` may be NaN or have an infinite derivative: self, not a relu's result, may be 0 or
    /// negative within its bound, and the exponent is not an exactly known integer.
    func mayVanishOrBeNegative(under exponent: Self) -> Bool {
        let integral = exponent.bound == 0 && exponent.value.rounded() == exponent.value
        return !integral && !nonNegative && !(value - bound > 0)
    }

    func power(_ exponent: Self) -> Self {
        if exponent.value == 0 && exponent.bound == 0 { return Self(1, 0) }
        let value = Glibc.pow(self.value, exponent.value)
        let inherited = overflows || exponent.overflows
        guard !mayVanishOrBeNegative(under: exponent) else { return Self(value, .infinity, inheriting: inherited) }
        let lower = nonNegative ? Swift.max(self.value - bound, 0) : self.value - bound, upper = self.value + bound
        var corners = [lower, upper].flatMap { base in
            [exponent.value - exponent.bound, exponent.value + exponent.bound].map { Glibc.pow(base, $0) }
        }
        if lower < 0 && upper > 0 { corners.append(Glibc.pow(0, exponent.value)) }
        guard value.isFinite, corners.allSatisfy(\.isFinite), let least = corners.min(), let most = corners.max() else {
            return Self(value, .infinity, inheriting: inherited)
        }
        let largest = Swift.max(abs(least), abs(most))
        let propagated = Swift.max(most - value, value - least) + 4 * Precision.float64.unitRoundoff * largest
        return Self(
            value, propagated + 8 * Self.u * largest + Self.underflow(abs(value), within: propagated), inheriting: inherited)
    }

    func powerDerivative(_ exponent: Self) -> Self {
        if exponent.value == 0 && exponent.bound == 0 { return Self(0, 0) }
        return exponent * power(exponent - Self(constant: 1))
    }

    var rectified: Self {
        var rectified = Self(value.rectified, value + bound <= 0 ? 0 : bound, inheriting: overflows)
        rectified.nonNegative = true
        return rectified
    }

    func rectifiedGradient(upstream: Self) -> Self {
        if value + bound <= 0 { return Self(0, 0) }
        if value - bound > 0 { return upstream }
        let passed = value.rectifiedGradient(upstream: upstream.value)
        return Self(passed, abs(upstream.value) + upstream.bound, inheriting: overflows || upstream.overflows)
    }

    /// A maximum or minimum is exact in any precision, so each is off by at most the largest bound among the
    /// elements, and so is the larger of the two ranges; their difference is rounded once.
    static func estimatedRange(_ x: [Self], _ y: [Self]) -> Self {
        let (rx, ry) = (range(x), range(y))
        let taken = Extremes.takesFirst(Extremes(x.map(\.value)), Extremes(y.map(\.value))) ? rx : ry
        return Self(taken.value, Swift.max(rx.bound, ry.bound), inheriting: rx.overflows || ry.overflows)
    }

    /// Where rounding cannot change which image's range is taken nor which element is its maximum or minimum, each
    /// element's share is as exact as `upstream`; elsewhere every element that may be an extreme of either image
    /// whose range may be taken gets a share uncertain by the whole of `upstream`.
    static func estimatedRangeGradient(_ x: [Self], _ y: [Self], upstream: Self) -> (x: [Self], y: [Self]) {
        let passed = Double.estimatedRangeGradient(x.map(\.value), y.map(\.value), upstream: upstream.value)
        let (rx, ry) = (range(x), range(y))
        let exact = (x + y).allSatisfy { $0.bound == 0 }
        let certainImage = exact || abs(rx.value - ry.value) > rx.bound + ry.bound
        let takesFirst = Extremes.takesFirst(Extremes(x.map(\.value)), Extremes(y.map(\.value)))
        let inherited = upstream.overflows || (x + y).contains { $0.overflows }
        func shares(_ values: [Self], _ passed: [Double], mayBeTaken: Bool) -> [Self] {
            guard mayBeTaken else { return passed.map { _ in Self(0, 0) } }
            // The elements that may be the maximum, and those that may be the minimum, once rounded.
            let highestLow = values.map { $0.value - $0.bound }.max() ?? 0, lowestHigh = values.map { $0.value + $0.bound }.min() ?? 0
            let maxima = Set(values.indices.filter { values[$0].value + values[$0].bound >= highestLow })
            let minima = Set(values.indices.filter { values[$0].value - values[$0].bound <= lowestHigh })
            let decided = certainImage && (exact || (maxima.count == 1 && minima.count == 1))
            return values.indices.map { i in
                guard maxima.contains(i) || minima.contains(i) else { return Self(0, 0) }
                let uncertainty = decided ? upstream.bound + 2 * u * abs(passed[i]) : abs(upstream.value) + upstream.bound
                return Self(passed[i], uncertainty, inheriting: inherited)
            }
        }
        return (
            shares(x, passed.x, mayBeTaken: takesFirst || !certainImage),
            shares(y, passed.y, mayBeTaken: !takesFirst || !certainImage)
        )
    }

    /// max − min of `values`, each extreme off by at most the largest bound among them.
    private static func range(_ values: [Self]) -> Self {
        let extremes = Extremes(values.map(\.value)), worst = values.map(\.bound).max() ?? 0
        let inherited = values.contains { $0.overflows }
        return Self(extremes.maximum, worst, inheriting: inherited) - Self(extremes.minimum, worst, inheriting: inherited)
    }
}
