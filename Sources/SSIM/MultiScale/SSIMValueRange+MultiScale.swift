/// What any correct computation of an MS-SSIM convention can answer on one case: the interval each unit's MS-SSIM
/// lies in (``SSIMValueRange/exactSSIM``), the interval of the loss, and whether a NaN can be an answer at all. An
/// answer outside is impossible, not imprecise (the judge warns of it): an MS-SSIM above 1 is.
///
/// **The exact values.** Each scale's mean is a mean of SSIM or cs values, each in [−1, 1] (``SSIMValueRange``: the
/// same Cauchy–Schwarz argument for cs = (2σxy + C2)/(σx² + σy² + C2)). Under relu the base is in [0, 1], under
/// (v + 1)/2 in [0, 1] too, and a non-negative power of it (the weights are non-negative: ``MSSSIMConvention``'s
/// check) stays in [0, 1]: MS-SSIM, their product, is in [0, 1] and finite. Raised as they are (`none`), a negative
/// mean under a fractional weight is NaN, and under an integer one negative: MS-SSIM is in [−1, 1], or NaN. The
/// loss 1 − MS-SSIM is in [0, 1] ([0, 2] under `none`); a 'mean' over the units within the same, a 'sum' of U units
/// within U times it.
///
/// **The rounding slack.** Each edge is widened by γ_N of the precision sums accumulate in (float32 for a half
/// precision, as the error analysis assumes: ``RoundingErrorBound``) for the largest mean of N map elements, plus
/// γ_{3M+12} of the answer's precision for the map elements' own roundings, the treatment of the means, the M powers,
/// the product, the loss and the answer's rounding; a mean over U units adds γ_{U+1}, a sum U·γ_U. Nothing is
/// claimed where that slack is not finite.
///
/// **No interval** is claimed where ``SSIMValueRange`` claims none for the per-scale SSIM (eps < 0, taps built in
/// float32, sample covariance over one tap) or where an input pixel is NaN or ±∞. Where the precision may overflow
/// (with the case's data range L, or, where each scale estimates its own, at most the spread of the pixels), ±∞ and
/// NaN are not claimed impossible (``SSIMValueRange/mayOverflow``).
extension SSIMValueRange {
    /// The range of a case of `img1` and `img2` with `maxVal` and `reduction`, asking for `precision`, computed by
    /// `convention` (as the case asks it: its window and weights); nil where the convention promises none.
    public init?(
        _ img1: ImageTensor<Double>, _ img2: ImageTensor<Double>, maxVal: Double, reduction: SSIMReduction,
        msssim convention: MSSSIMConvention, precision: Precision
    ) {
        let scale = convention.scale
        guard let options = try? convention.options(maxVal: 1, scale: 0),
            (try? convention.check()) != nil, convention.eps >= 0, convention.eps.isFinite, scale.tapsPrecision != .float32,
            !(scale.sampleCovariance && scale.tapCount(options) == 1),
            img1.values.allSatisfy(\.isFinite), img2.values.allSatisfy(\.isFinite)
        else { return nil }
        let judging = convention.judgingPrecision(for: precision)
        // An estimated range is at most the spread of the two images' pixels together.
        let pixels = img1.values + img2.values
        let range = convention.range(maxVal: maxVal) ?? ((pixels.max() ?? 0) - (pixels.min() ?? 0))
        let (c1, c2) = ((scale.k1 * range) * (scale.k1 * range), (scale.k2 * range) * (scale.k2 * range))
        let eps = scale.includesEps ? convention.eps : 0
        mayOverflow = Self.mayOverflow(img1, img2, c1: c1, c2: c2, eps: eps, in: judging)
        self.precision = judging.unitRoundoff > precision.unitRoundoff ? judging : precision
        switch convention.negativeValues {
        case .none:
            exactSSIM = -1...1
            ssimReason = "each scale's mean lies in [−1, 1] and its non-negative power in [−1, 1] (or NaN)"
            finiteReason = nil
        case .relu, .halfShifted:
            exactSSIM = 0...1
            ssimReason = "each scale's mean lies in [−1, 1], its treated value (\(convention.negativeValues.rawValue)) in [0, 1], and a non-negative power of it too"
            finiteReason = mayOverflow
                ? nil : "every input pixel is finite, and every treated mean lies in [0, 1], so `\(convention.name)` gives a finite value"
        }
        let element = (1 - exactSSIM.upperBound)...(1 - exactSSIM.lowerBound)
        let shape = img1.shape
        let unitPlanes = convention.channelPooling == .perChannel ? 1 : shape.channels
        let units = convention.channelPooling == .perChannel ? shape.planes : shape.batch
        let accumulation: Precision = self.precision.isHalf ? .float32 : self.precision
        let perUnit = RoundingErrorBound<Float64Rounding>.gamma(shape.planeSize * unitPlanes, in: accumulation)
            + RoundingErrorBound<Float64Rounding>.gamma(3 * convention.scales + 12, in: self.precision)
        func widened(_ range: ClosedRange<Double>, by relative: Double) -> ClosedRange<Double> {
            let slack = relative * max(abs(range.lowerBound), abs(range.upperBound))
            return slack.isFinite ? (range.lowerBound - slack)...(range.upperBound + slack) : -Double.infinity...Double.infinity
        }
        ssim = widened(exactSSIM, by: perUnit)
        switch reduction {
        case .none: (exactLoss, loss) = (element, widened(element, by: perUnit))
        case .mean:
            exactLoss = element
            loss = widened(element, by: perUnit + RoundingErrorBound<Float64Rounding>.gamma(units + 1, in: accumulation))
        case .sum:
            exactLoss = (element.lowerBound * Double(units))...(element.upperBound * Double(units))
            loss = widened(exactLoss, by: perUnit + RoundingErrorBound<Float64Rounding>.gamma(units, in: accumulation))
        }
    }
}
