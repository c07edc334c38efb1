/// The MS-SSIM + L1 loss of Zhao, Gallo, Frosio and Kautz (2017) of two image batches, as Kornia 0.9.0's
/// `kornia.losses.MS_SSIMLoss` defines it (``MSSSIML1Convention/kornia``): at every pixel of every (sample, channel),
/// for σ = `sigmas` (33-tap Gaussians for the default σ up to 8: 2·⌊2σ_M⌋ + 1 taps, zeros beyond the edges, no
/// pyramid), MS-SSIM = l at the last σ × Π cs over every σ; the L1 term |x − y| blurred by the last σ's Gaussian; both
/// averaged over the channels, and mixed as `compensation`·(α·(1 − MS-SSIM) + (1 − α)·L1 / `maxVal`) per (sample,
/// pixel), then reduced.
///
/// Computed by ``FastSSIM`` in the inputs' precision, on all cores (each σ's window separable, two 1-D passes, within
/// the bounds of Kornia's 2-D convolution); ``MSSSIML1Reference`` computes the same in `Double`.
///
/// - Parameters:
///   - sigmas: the Gaussians' σ, increasing; the last weighs the luminance and the L1 term and sets the taps.
///   - maxVal: the data range L of C1 = (K1·L)², C2 = (K2·L)² and of the L1 term's scale (Kornia's `data_range`).
///   - k: (K1, K2).
///   - alpha: the MS-SSIM term's weight; the L1 term gets 1 − α.
///   - compensation: the loss's factor.
///   - reduction: 'mean' or 'sum' over the (B, H, W) loss map, or 'none': the map, as (B, 1, H, W).
/// - Throws: ``SSIMError`` naming the offending value: the shapes, maxVal, a σ, K, α or the compensation.
public func msssimL1Loss<Scalar: SSIMScalar>(
    _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>, sigmas: [Double] = [0.5, 1, 2, 4, 8], maxVal: Double = 1,
    k: (Double, Double) = (0.01, 0.03), alpha: Double = 0.025, compensation: Double = 200,
    reduction: SSIMReduction = .mean
) throws(SSIMError) -> SSIMLossValue<Scalar> {
    try fastMSSSIML1(img1, img2, sigmas, maxVal, k, alpha, compensation, reduction, gradients: false).lossValue(img1.shape)
}

/// The MS-SSIM + L1 loss (``msssimL1Loss(_:_:sigmas:maxVal:k:alpha:compensation:reduction:)``) with ∂loss/∂img1 and
/// ∂loss/∂img2 (of the sum of the loss map for 'none'): back through the mix, the channels' mean, the product of the
/// σ's terms, each σ's blur (its adjoint) and |x − y|, whose derivative at x = y is 0 (torch's `abs` backward).
public func msssimL1LossWithGradients<Scalar: SSIMScalar>(
    _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>, sigmas: [Double] = [0.5, 1, 2, 4, 8], maxVal: Double = 1,
    k: (Double, Double) = (0.01, 0.03), alpha: Double = 0.025, compensation: Double = 200,
    reduction: SSIMReduction = .mean
) throws(SSIMError) -> SSIMLossGradients<Scalar> {
    let result = try fastMSSSIML1(img1, img2, sigmas, maxVal, k, alpha, compensation, reduction, gradients: true)
    return SSIMLossGradients(loss: result.lossValue(img1.shape), gradImg1: result.gradImg1!, gradImg2: result.gradImg2!)
}

/// Kornia's convention with the functions' arguments, on ``FastSSIM``.
private func fastMSSSIML1<Scalar: SSIMScalar>(
    _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>, _ sigmas: [Double], _ maxVal: Double,
    _ k: (Double, Double), _ alpha: Double, _ compensation: Double, _ reduction: SSIMReduction, gradients: Bool
) throws(SSIMError) -> MSSSIML1Result<Scalar> {
    let convention = MSSSIML1Convention(sigmas: sigmas, k1: k.0, k2: k.1, alpha: alpha, compensation: compensation)
    return try FastSSIM().evaluate(
        img1, img2, maxVal: maxVal, convention: convention, reduction: reduction, gradients: gradients)
}

extension MSSSIML1Result {
    /// The loss as a reduction leaves it, for images of `shape`: the reduced value, or the map as (B, 1, H, W).
    fileprivate func lossValue(_ shape: Shape) -> SSIMLossValue<Scalar> {
        if let reducedLoss { return .reduced(reducedLoss) }
        return .map(ImageTensor(validatedShape: Shape(batch: shape.batch, channels: 1, height: shape.height, width: shape.width), values: loss!))
    }
}
