/// A floating-point precision, by its unit roundoff u: every correctly rounded operation errs by at most u·|result|.
protocol RoundingPrecision {
    static var unitRoundoff: Double { get }
}

enum Float32Rounding: RoundingPrecision {
    static let unitRoundoff = 0x1p-24
}

enum Float64Rounding: RoundingPrecision {
    static let unitRoundoff = 0x1p-53
}

/// A value of the reference algorithm with a bound on how far the same computation in precision `P` may be from it:
/// running (first-order-plus) forward error analysis, one operation at a time.
///
/// The rules, with u the unit roundoff and γₙ = n·u / (1 − n·u) (infinite once n·u ≥ 1):
/// - a ± b errs by e(a) + e(b) + u·|a ± b|; a·b by |a|·e(b) + |b|·e(a) + e(a)·e(b) + u·|ab|;
///   a / b by (e(a) + |a/b|·e(b)) / (|b| − e(b)) + u·|a/b|, infinite when |b| ≤ e(b).
/// - A blur is a weighted sum whose order is free: e(blur z) = blur(e(z)) + γₙ·blur(|z|) with n = 4k + 8 for k taps
///   (two passes of k products each, weights normalised in the working precision, each within (k + 4)·u); its
///   adjoint also adds the folded mirror, n = 4k + 12.
/// - A sum of N values, in any order: Σ e + γ_{N−1}·Σ|v|.
/// - The clamp to [0, 1] cannot increase an error, nor make it exceed 1. Where the clamp's decision could go either
///   way within the error, the gradient it passes is uncertain by its whole size.
/// - A NaN bound (0 × ∞) is taken as infinite: nothing is certified there.
struct RoundingErrorBound<P: RoundingPrecision>: SSIMArithmetic {
    var value: Double
    var bound: Double

    private static var u: Double { P.unitRoundoff }

    private init(_ value: Double, _ bound: Double) {
        self.value = value
        self.bound = bound.isNaN ? .infinity : bound
    }

    init(pixel: Double) { self.init(pixel, 0) }
    init(constant: Double) { self.init(constant, Self.u * abs(constant)) }

    /// γₙ = n·u / (1 − n·u), the relative error of n successive roundings.
    static func gamma(_ n: Int) -> Double {
        let nu = Double(n) * u
        return nu < 1 ? nu / (1 - nu) : .infinity
    }

    static func + (lhs: Self, rhs: Self) -> Self {
        let value = lhs.value + rhs.value
        return Self(value, lhs.bound + rhs.bound + u * abs(value))
    }

    static func - (lhs: Self, rhs: Self) -> Self {
        let value = lhs.value - rhs.value
        return Self(value, lhs.bound + rhs.bound + u * abs(value))
    }

    static func * (lhs: Self, rhs: Self) -> Self {
        let value = lhs.value * rhs.value
        return Self(
            value,
            abs(lhs.value) * rhs.bound + abs(rhs.value) * lhs.bound + lhs.bound * rhs.bound + u * abs(value))
    }

    static func / (lhs: Self, rhs: Self) -> Self {
        let value = lhs.value / rhs.value
        guard abs(rhs.value) > rhs.bound else { return Self(value, .infinity) }
        return Self(value, (lhs.bound + abs(value) * rhs.bound) / (abs(rhs.value) - rhs.bound) + u * abs(value))
    }

    static func blurred(_ plane: [Self], by blur: SeparableBlur, adjoint: Bool) -> [Self] {
        let operation = adjoint ? blur.adjoint : blur.apply
        let taps = blur.window.count
        let relative = gamma(4 * taps + (adjoint ? 12 : 8))
        let values = operation(plane.map(\.value))
        let propagated = operation(plane.map(\.bound))
        let magnitudes = operation(plane.map { abs($0.value) })
        return values.indices.map { Self(values[$0], propagated[$0] + relative * magnitudes[$0]) }
    }

    static func sum(_ values: [Self]) -> Self {
        let value = values.reduce(0) { $0 + $1.value }
        let propagated = values.reduce(0) { $0 + $1.bound }
        let magnitude = values.reduce(0) { $0 + abs($1.value) }
        return Self(value, propagated + gamma(max(values.count - 1, 0)) * magnitude)
    }

    var clampedToUnit: Self { Self(value.clampedToUnit, Swift.min(bound, 1)) }

    func clampGradient(upstream: Double) -> Self {
        // The upstream weight 1/N or 1, halved, is itself rounded once or twice.
        let passed = value.clampGradient(upstream: upstream)
        let rounding = 2 * Self.u * abs(upstream)
        let certain = value - bound >= 0 && value + bound <= 1 || value + bound < 0 || value - bound > 1
        return Self(passed, certain ? (passed == 0 ? 0 : rounding) : abs(upstream) + rounding)
    }
}
