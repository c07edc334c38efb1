/// The arithmetic the reference's formulas are written in.
///
/// `Double` computes the values themselves. ``RoundingErrorBound`` runs the same formulas to bound what rounding
/// in a given precision can do to each value: one set of formulas serves both, so the error analysis cannot drift
/// from the algorithm it analyses.
protocol SSIMArithmetic {
    /// A pixel: exact, since inputs are representable in the precision they come in.
    init(pixel: Double)
    /// A constant the algorithm derives (C1, C2, eps, 2, N), rounded once to the working precision.
    init(constant: Double)
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    /// The plane blurred (``SeparableBlur/apply(_:)``), or its adjoint (``SeparableBlur/adjoint(_:)``).
    static func blurred(_ plane: [Self], by blur: SeparableBlur, adjoint: Bool) -> [Self]
    /// The sum of every element, in any order.
    static func sum(_ values: [Self]) -> Self
    /// The mean of every element: their sum, in any order, divided by their count.
    static func mean(_ values: [Self]) -> Self
    /// clamp(self, 0, 1), NaN left as it is.
    var clampedToUnit: Self { get }
    /// The gradient `upstream` passed back through clamp(·, 0, 1) at self: torch passes it where
    /// 0 ≤ self ≤ 1, bounds included, and not at NaN.
    func clampGradient(upstream: Double) -> Self
}

extension Double: SSIMArithmetic {
    init(pixel: Double) { self = pixel }
    init(constant: Double) { self = constant }

    static func blurred(_ plane: [Double], by blur: SeparableBlur, adjoint: Bool) -> [Double] {
        adjoint ? blur.adjoint(plane) : blur.apply(plane)
    }

    static func sum(_ values: [Double]) -> Double { values.reduce(0, +) }

    static func mean(_ values: [Double]) -> Double { sum(values) / Double(values.count) }

    var clampedToUnit: Double { isNaN ? self : Swift.min(Swift.max(self, 0), 1) }

    func clampGradient(upstream: Double) -> Double { self >= 0 && self <= 1 ? upstream : 0 }
}
