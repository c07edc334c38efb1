/// The arithmetic the MS-SSIM + L1 formulas (``MSSSIML1Computation``) are written in: the SSIM reference's
/// (``SSIMArithmetic``), and what the L1 term adds to it, |x − y| and its derivative.
///
/// `Double` computes the reference's values; ``RoundingErrorBound`` runs the same formulas to bound what rounding in a
/// given precision can do to them (``MSSSIML1ErrorBounds``).
protocol MSSSIML1Arithmetic: SSIMArithmetic {
    /// |self|, NaN left as it is.
    var magnitude: Self { get }
    /// `upstream`·sign(self), with sign(0) = 0 as torch's `abs` backward gives (`sgn`): an L1 term between equal
    /// pixels passes no gradient. NaN where self is NaN.
    func signGradient(upstream: Self) -> Self
}

extension Double: MSSSIML1Arithmetic {
    func signGradient(upstream: Double) -> Double {
        self > 0 ? upstream : self < 0 ? -upstream : self == 0 ? 0 : self
    }
}
