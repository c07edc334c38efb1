import FoundationEssentials
import Glibc

/// The arithmetic MS-SSIM's formulas (``MSSSIMPyramid``) are written in: the SSIM reference's
/// (``SSIMArithmetic``), and what the pyramid adds to it: the downsampling, the powers of the scales' means and the
/// relu some conventions apply to them.
///
/// `Double` computes the reference's values; ``RoundingErrorBound`` runs the same formulas to bound what rounding in a
/// given precision can do to them (``MSSSIMErrorBounds``).
protocol MSSSIMArithmetic: SSIMArithmetic {
    /// The `values` of `dimensions` ((B, C, H, W) images or (B, C, D, H, W) volumes) downsampled by `rule`
    /// (``MSSSIMDownsampling/apply(_:of:)``), or, with `adjoint`, gradients with respect to the downsampled ones
    /// carried back to those of `dimensions` (``MSSSIMDownsampling/adjoint(_:of:)``).
    static func downsampled(_ values: [Self], by rule: MSSSIMDownsampling, of dimensions: [Int], adjoint: Bool) -> [Self]
    /// selfʷ as `pow` computes it: 1 for an exponent of exactly 0 whatever self (NaN included), NaN for a negative
    /// self under a fractional exponent.
    func power(_ exponent: Self) -> Self
    /// d(selfʷ)/d self = w·self^(w−1), as torch's `pow` backward: +∞ at 0 for 0 < w < 1, NaN for a negative self
    /// under a fractional w; 0 for an exponent of exactly 0 whatever self.
    func powerDerivative(_ exponent: Self) -> Self
    /// max(self, 0), NaN left as it is: torch's `relu`.
    var rectified: Self { get }
    /// `upstream` passed back through relu at self: 0 where self ≤ 0 (the kink included), by selection rather than
    /// multiplication (torch's `threshold_backward`), so that even an infinite or NaN upstream gives 0 there.
    func rectifiedGradient(upstream: Self) -> Self
    /// The data range torchmetrics estimates where none is given: max x − min x or max y − min y over every element
    /// of the batch, whichever is larger (Python's `max` of the two: x's where they tie or y's is NaN); NaN where
    /// x holds a NaN (torch's `max()` and `min()` propagate it).
    static func estimatedRange(_ x: [Self], _ y: [Self]) -> Self
    /// `upstream`, a derivative with respect to ``estimatedRange(_:_:)``, passed back to the pixels: to the image whose
    /// range was taken, +upstream at its maximum and −upstream at its minimum, each shared evenly among the elements
    /// equal to it (torch's `max()` and `min()` over all elements); nothing to the other image.
    static func estimatedRangeGradient(_ x: [Self], _ y: [Self], upstream: Self) -> (x: [Self], y: [Self])
}

extension Double: MSSSIMArithmetic {
    static func downsampled(_ values: [Double], by rule: MSSSIMDownsampling, of dimensions: [Int], adjoint: Bool) -> [Double] {
        adjoint ? rule.adjoint(values, of: dimensions) : rule.apply(values, of: dimensions)
    }

    func power(_ exponent: Double) -> Double { Glibc.pow(self, exponent) }

    func powerDerivative(_ exponent: Double) -> Double { exponent == 0 ? 0 : exponent * power(exponent - 1) }

    var rectified: Double { self > 0 ? self : (isNaN ? self : 0) }

    func rectifiedGradient(upstream: Double) -> Double { self <= 0 ? 0 : upstream }

    static func estimatedRange(_ x: [Double], _ y: [Double]) -> Double {
        let (first, second) = (Extremes(x), Extremes(y))
        return Extremes.takesFirst(first, second) ? first.spread : second.spread
    }

    static func estimatedRangeGradient(_ x: [Double], _ y: [Double], upstream: Double) -> (x: [Double], y: [Double]) {
        let (first, second) = (Extremes(x), Extremes(y))
        return Extremes.takesFirst(first, second)
            ? (first.shares(of: x, upstream: upstream), y.map { _ in 0 })
            : (x.map { _ in 0 }, second.shares(of: y, upstream: upstream))
    }
}
