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
///   adjoint also adds the folded mirror, n = 4k + 12. Weights built in a coarser precision T than the sums
///   (float32 taps in float64 arithmetic) are each within (k + 4)·u_T instead: 2(k + 4)·u_T·blur(|z|) more.
/// - A sum of N values, in any order: Σ e + γ_{N−1}·Σ|v|; a mean divides it by N.
/// - In a half precision, weighted sums accumulate in float32 (``RoundingPrecision/accumulation``) and are rounded
///   once to `P`: a blur adds 4u·blur(|z|) to float32's γₙ (the weights and each pass's result rounded to `P`), a
///   sum or a mean u·|result|; every other operation rounds to `P`.
/// - Where a value may exceed `P`'s largest finite value, it may overflow to ±∞: its bound is infinite, and the
///   value says so (``overflows``).
/// - The clamp to [0, 1] cannot increase a finite error, nor make it exceed 1. Where the clamp's decision could go
///   either way within the error, the gradient it passes is uncertain by its whole size.
/// - A NaN bound (0 × ∞) is taken as infinite: nothing is certified there.
struct RoundingErrorBound<P: RoundingPrecision>: SSIMArithmetic {
    var value: Double
    var bound: Double
    /// Whether this value, or one it was computed from, may exceed `P`'s largest finite value.
    var overflows: Bool

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
        let taps = blur.window.count
        let tapsRoundoff = blur.tapsPrecision.unitRoundoff
        let coarseTaps = tapsRoundoff > P.accumulation.unitRoundoff ? 2 * Double(taps + 4) * tapsRoundoff : 0
        let relative = gamma(4 * taps + (adjoint ? 12 : 8), in: P.accumulation) + (P.precision.isHalf ? 4 * u : 0) + coarseTaps
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
