/// What any correct computation of an SSIM convention can answer on one case: the interval its SSIM map's elements
/// lie in, the interval its loss lies in, and whether a NaN can be an answer at all. An answer outside is not
/// imprecise but impossible: no rounding of a value the convention gives reaches it (the judge warns of it).
///
/// **The exact values.** SSIM = (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2) + eps). The window's
/// weights are positive and sum to 1, so 2|μxμy| ≤ μx² + μy² and, by Cauchy–Schwarz, 2|σxy| ≤ σx² + σy² (a sample
/// covariance scales all three by the same N/(N − 1)); C1 and C2 are squares, and with eps ≥ 0 every SSIM lies in
/// [−1, 1] wherever the denominator is positive. For identical images (bitwise) the ratio is A/(A + eps) with
/// A = (2μ² + C1)(2σ² + C2) ≥ 0: in [0, 1]. Nothing nearer 1 is claimed, since a half precision may round the
/// constants and eps to other values (eps = 1e-12 is 0 in float16). Every ``SSIMConvention/Loss`` is non-increasing
/// in the SSIM, so the loss of an element lies between the losses of the SSIM's edges (the clamps included), a
/// 'mean' within the same interval and a 'sum' of N map elements within N times it. The denominator is at least
/// C1·C2 + eps, positive when C1 and C2 are (K1, K2 > 0) or eps is: then, every input pixel finite, every output
/// (gradients too: a rational function of the pixels with a positive denominator, through clamps whose gradient is
/// defined on their bounds) is a finite number, and a NaN is impossible.
///
/// **The rounding slack.** A correct answer is the exact value carried through the last operations in its
/// precision: the numerator and the denominator each a rounded product of rounded factors, the quotient, the loss's
/// subtraction and halving, and the answer's own rounding, seven roundings; each element's interval is widened by
/// γ₈ = 8u/(1 − 8u) (one rounding to spare) of its widest edge, u the unit roundoff of the coarser of the case's
/// precision and the one judging it: 0.0039 in float16, 0.032 in bfloat16, 4.8e-7 in float32. Rounding cannot take
/// a value past ±1, 0, 1/2 or 2, which each precision holds, so only an answer no correct computation explains
/// lies beyond. A 'mean' of N elements is widened by γ_{N+8} (a sum in any order, in the answer's precision, and
/// the division), a 'sum' by N·γ_{N+7}; once N·u reaches 1, nothing is claimed of them. An implementation whose
/// moments' rounding errors swamp them (σ² = E[x²] − μ² cancelling in float16, torchmetrics' issue 1290: SSIM 1.32
/// under autocast) answers beyond: that is the failure this finds, not a correct computation.
///
/// **No interval** is claimed where the convention promises none: eps < 0 (the denominator may vanish or change
/// sign), taps built in float32 (their rounded weights may sum past 1, and the variance of a window with a large
/// mean then be negative, whatever the precision), sample covariance over a single tap (N/(N − 1) = ∞), or an input
/// pixel that is NaN or ±∞ (propagated as Kornia propagates them; the non-finite family judges those exactly).
///
/// **Overflow.** Where the precision computed in may overflow (``mayOverflow(_:_:c1:c2:eps:in:)``: float16 on 8-bit
/// values, whose μx² + μy² reaches 2·255² = 130050, past 65504), a correct computation may meet ±∞ on the way, and
/// answer ±∞, NaN (∞/∞) or 0 (x/∞): none of them is claimed impossible (``mayOverflow``), while a finite answer
/// outside the interval still is, since no overflow makes one.
///
/// The same ranges bound MS-SSIM (``init(_:_:reduction:msssim:precision:)``): there ``exactSSIM`` is each unit's
/// MS-SSIM.
public struct SSIMValueRange: Sendable {
    /// The SSIM map's elements, exactly: [−1, 1], or [0, 1] for identical images (each unit's MS-SSIM for an MS-SSIM
    /// convention).
    public let exactSSIM: ClosedRange<Double>
    /// The loss output (each element of the loss map of 'none', or the reduced loss), exactly.
    public let exactLoss: ClosedRange<Double>
    /// ``exactSSIM`` widened by the rounding slack: what a correct computation can answer.
    public let ssim: ClosedRange<Double>
    /// ``exactLoss`` widened by the rounding slack (the whole line when the reduction is too long to bound).
    public let loss: ClosedRange<Double>
    /// Why the SSIM lies in ``exactSSIM``, in words.
    public let ssimReason: String
    /// Why no output can be NaN, in words, or nil when the denominator may vanish (C1·C2 = 0 and eps = 0), where
    /// the convention itself answers NaN.
    public let finiteReason: String?
    /// The precision whose unit roundoff sets the slack.
    public let precision: Precision
    /// Whether a correct computation may overflow on the way, and so answer ±∞ or NaN.
    public let mayOverflow: Bool

    /// The range of a case of `img1` and `img2` under `options` and `reduction`, asking for `precision`, computed by
    /// `convention`; nil where the convention promises none (see the type's description).
    public init?(
        _ img1: ImageTensor<Double>, _ img2: ImageTensor<Double>, options: SSIMOptions, reduction: SSIMReduction,
        convention: SSIMConvention, precision: Precision
    ) {
        self.init(
            img1, img2, options: options, reduction: reduction, convention: convention, precision: precision,
            mapElements: img1.shape.cropped(by: convention.crop(for: options)).count)
    }

    /// The range of a case whose SSIM map has `mapElements` elements, computed by `convention` on every element of
    /// `img1` and `img2` (images, or volumes with their depth folded into the channels).
    init?(
        _ img1: ImageTensor<Double>, _ img2: ImageTensor<Double>, options: SSIMOptions, reduction: SSIMReduction,
        convention: SSIMConvention, precision: Precision, mapElements: Int
    ) {
        let eps = convention.eps(options)
        let taps = convention.tapCount(options)
        guard eps >= 0, eps.isFinite, convention.tapsPrecision != .float32, !(convention.sampleCovariance && taps == 1),
            img1.values.allSatisfy(\.isFinite), img2.values.allSatisfy(\.isFinite)
        else { return nil }
        let judging = convention.judgingPrecision(for: precision)
        let (c1, c2) = convention.constants(options)
        mayOverflow = Self.mayOverflow(img1, img2, c1: c1, c2: c2, eps: eps, in: judging)
        self.precision = judging.unitRoundoff > precision.unitRoundoff ? judging : precision
        if img1.values == img2.values {
            exactSSIM = 0...1
            ssimReason = "for identical images it is A/(A + eps) with A = (2μ² + C1)(2σ² + C2) ≥ 0 and eps ≥ 0"
        } else {
            exactSSIM = -1...1
            ssimReason = "2|μxμy| ≤ μx² + μy², 2|σxy| ≤ σx² + σy² (Cauchy–Schwarz over the window's positive weights), C1, C2 and eps ≥ 0"
        }
        finiteReason = c1 * c2 + eps > 0 && !mayOverflow
            ? "every input pixel is finite and the denominator is at least C1·C2 + eps > 0, so `\(convention.name)` gives a finite value"
            : nil
        // The loss falls as the SSIM rises, under every convention's loss.
        let element = convention.loss.evaluate(exactSSIM.upperBound, upstream: nil).loss
            ... convention.loss.evaluate(exactSSIM.lowerBound, upstream: nil).loss
        let count = max(1, mapElements)
        let unit = self.precision
        func widened(_ range: ClosedRange<Double>, roundings: Int) -> ClosedRange<Double> {
            let slack = RoundingErrorBound<Float64Rounding>.gamma(roundings, in: unit) * max(abs(range.lowerBound), abs(range.upperBound))
            return slack.isFinite ? (range.lowerBound - slack)...(range.upperBound + slack) : -Double.infinity...Double.infinity
        }
        ssim = widened(exactSSIM, roundings: 8)
        switch reduction {
        case .none: (exactLoss, loss) = (element, widened(element, roundings: 8))
        case .mean: (exactLoss, loss) = (element, widened(element, roundings: count + 8))
        case .sum:
            exactLoss = (element.lowerBound * Double(count))...(element.upperBound * Double(count))
            loss = widened(exactLoss, roundings: count + 7)
        }
    }

    /// Whether a computation of the SSIM ratio in `precision` may exceed its largest finite value on these images
    /// (or on their downsampled scales, whose pixels lie within the same bounds). With m the pixels' largest magnitude
    /// and s the spread of the two images' pixels together (max − min), each of μ², E[x²] and μx² + μy² + C1 is at
    /// most 2m² + C1, a weighted variance at most (s/2)² (Popoviciu), so σx² + σy² + C2 at most s²/2 + C2, and the
    /// numerator's terms at most the denominator's; the variances computed as E[x²] − μ² may exceed theirs by their
    /// rounding, at most γ₆₄ of 2m². Their product, plus eps, and each on its own are compared with 1 % to spare.
    static func mayOverflow(
        _ img1: ImageTensor<Double>, _ img2: ImageTensor<Double>, c1: Double, c2: Double, eps: Double, in precision: Precision
    ) -> Bool {
        let pixels = img1.values + img2.values
        guard let highest = pixels.max(), let lowest = pixels.min() else { return false }
        let square = max(highest * highest, lowest * lowest), spread = highest - lowest
        let luminance = 2 * square + c1
        let contrast = spread * spread / 2 + c2 + 2 * square * RoundingErrorBound<Float64Rounding>.gamma(64, in: precision)
        return 1.01 * max(luminance, contrast, luminance * contrast + eps) > precision.largestFinite
    }
}
