/// The reference MS-SSIM + L1 loss (Zhao et al. 2017, the metric `ms-ssim-l1`): the oracle for Kornia's
/// `MS_SSIMLoss` and any implementation of the same loss, under any ``MSSSIML1Convention``, in `Double` whatever the
/// input precision (a `Float` converts exactly). Written to be obviously correct rather than fast.
///
/// For images of (B, C, H, W), by ``MSSSIML1Computation`` in `Double` (whose formulas the error analysis,
/// ``MSSSIML1ErrorBounds``, runs too): the loss c·(α·(1 − MS-SSIM) + (1 − α)·L1 / L) of every (sample, pixel),
/// MS-SSIM and L1 each the mean over the channels (see ``MSSSIML1Convention``), reduced by 'mean' or 'sum' over the
/// B·H·W elements or kept by 'none' (see ``MSSSIML1Outputs``).
///
/// Gradients are analytic, back through the reduction, the mix, the channels' mean, the product of the luminance
/// and the cs of every σ (the other factors multiplied out, never divided out), each σ's ratio terms, moments and
/// blur (its zero border's adjoint drops what fell beyond the edge), and the L1 term's blur and |x − y|, whose
/// derivative at x = y is 0 (torch's `abs` backward). For 'none' they are those of the sum of the loss map. No
/// derivative of this loss is infinite: it has no power and its denominators hold C1 or C2 > 0.
public enum MSSSIML1Reference {
    /// The loss (reduced as asked), its maps and, if asked, its gradients, in `Double`.
    ///
    /// - Parameters:
    ///   - maxVal: the data range L of C1 = (K1·L)², C2 = (K2·L)² and of the L1 term's scale.
    ///   - alpha: the MS-SSIM term's weight, the convention's where nil.
    ///   - compensation: the loss's factor, the convention's where nil.
    ///   - reduction: 'mean' or 'sum' over the (B, H, W) loss map, or 'none': the map.
    /// - Throws: ``SSIMError/shapeMismatch(img1:img2:)``, ``SSIMError/invalidMaxVal(_:)``,
    ///   ``SSIMError/outsideConvention(convention:reason:)`` for a non-finite α or compensation, or a convention that
    ///   cannot be computed; ``SSIMError/tooLarge(shape:bytes:available:)``.
    public static func evaluate<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>, maxVal: Double, alpha: Double? = nil,
        compensation: Double? = nil, convention: MSSSIML1Convention = .kornia, reduction: SSIMReduction, gradients: Bool
    ) throws(SSIMError) -> MSSSIML1Outputs {
        let computation = try MSSSIML1Computation(
            img1.shape, img2.shape, maxVal: maxVal, convention: convention.asked(alpha: alpha, compensation: compensation))
        try WorkingMemory.check(
            img1.shape, planes: workingPlanes(convention), bytesPerElement: MemoryLayout<Double>.size)
        return MSSSIML1Outputs(
            computation, computation.evaluate(
                Double.self, img1.values.map(Double.init), img2.values.map(Double.init), reduction: reduction,
                gradients: gradients))
    }

    /// Planes of B·C·H·W doubles held at once, at most: every σ's ratio terms (ten numbers a pixel) and moments (five),
    /// the maps, and the gradients.
    static func workingPlanes(_ convention: MSSSIML1Convention) -> Int { 15 * convention.sigmas.count + 12 }
}
