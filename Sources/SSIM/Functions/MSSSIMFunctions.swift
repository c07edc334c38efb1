/// MS-SSIM (Wang, Simoncelli and Bovik 2003) of each (sample, channel) of two image batches: the pyramid of
/// `wang-msssim` (``MSSSIMConvention/wangMSSSIM``, Wang's msssim.m): at each of the scales, one per weight, the
/// Gaussian-window SSIM (σ 1.5, `windowSize` taps, 'valid', no eps) of the images averaged 2 × 2 that many times
/// (an odd side's last row or column repeated); the mean cs of every scale but the coarsest and the mean SSIM of the
/// coarsest, each raised to its weight, multiplied.
///
/// A negative mean under a fractional weight has no real power: MS-SSIM is then NaN, as msssim.m's real part is not
/// taken; `negativeMeans: .relu` (pytorch-msssim's, piq's and TensorFlow's choice) or `.halfShifted` map the means
/// first. Computed by ``FastSSIM`` in the inputs' precision, on all cores; ``MSSSIMReference`` computes the same in
/// `Double`.
///
/// - Parameters:
///   - maxVal: the data range L of the constants C1 = (0.01·L)², C2 = (0.03·L)² (msssim.m fixes 255; the library's
///     SSIM functions default to 1, as here).
///   - weights: each scale's exponent, finest first (Wang's five by default).
/// - Returns: (B, C, 1, 1): the MS-SSIM of each (sample, channel).
/// - Throws: ``SSIMError`` naming the offending value: the window size, maxVal, a weight, the shapes, or images too
///   small for the coarsest scale.
public func msssim<Scalar: SSIMScalar>(
    _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>, windowSize: Int = 11, maxVal: Double = 1,
    weights: [Double] = MSSSIMConvention.wangWeights, negativeMeans: MSSSIMConvention.NegativeValues = .none
) throws(SSIMError) -> ImageTensor<Scalar> {
    let result = try fastMSSSIM(img1, img2, windowSize, maxVal, weights, negativeMeans, .none, gradients: false)
    return ImageTensor(validatedShape: Shape(batch: img1.batch, channels: img1.channels, height: 1, width: 1), values: result.msssim)
}

/// The MS-SSIM loss 1 − MS-SSIM of each (sample, channel) (``msssim(_:_:windowSize:maxVal:weights:negativeMeans:)``),
/// reduced: 'mean' or 'sum' over them, or each kept by 'none' as a (B, C, 1, 1) map.
public func msssimLoss<Scalar: SSIMScalar>(
    _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>, windowSize: Int = 11, maxVal: Double = 1,
    weights: [Double] = MSSSIMConvention.wangWeights, negativeMeans: MSSSIMConvention.NegativeValues = .none,
    reduction: SSIMReduction = .mean
) throws(SSIMError) -> SSIMLossValue<Scalar> {
    try fastMSSSIM(img1, img2, windowSize, maxVal, weights, negativeMeans, reduction, gradients: false).lossValue(img1.shape)
}

/// The MS-SSIM loss with ∂loss/∂img1 and ∂loss/∂img2 (of the sum of the losses for 'none'), back through the
/// powers, the treatment of negative means, the means and the pooling. Where the derivative is not finite or not
/// defined it is torch's (``MSSSIMReference``): relu passes none at or below its kink, and a zero base of a
/// fractional weight has an infinite one.
public func msssimLossWithGradients<Scalar: SSIMScalar>(
    _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>, windowSize: Int = 11, maxVal: Double = 1,
    weights: [Double] = MSSSIMConvention.wangWeights, negativeMeans: MSSSIMConvention.NegativeValues = .none,
    reduction: SSIMReduction = .mean
) throws(SSIMError) -> SSIMLossGradients<Scalar> {
    let result = try fastMSSSIM(img1, img2, windowSize, maxVal, weights, negativeMeans, reduction, gradients: true)
    return SSIMLossGradients(loss: result.lossValue(img1.shape), gradImg1: result.gradImg1!, gradImg2: result.gradImg2!)
}

/// `wang-msssim` with the functions' arguments, on ``FastSSIM``.
private func fastMSSSIM<Scalar: SSIMScalar>(
    _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>, _ windowSize: Int, _ maxVal: Double, _ weights: [Double],
    _ negativeMeans: MSSSIMConvention.NegativeValues, _ reduction: SSIMReduction, gradients: Bool
) throws(SSIMError) -> MSSSIMResult<Scalar> {
    var convention = MSSSIMConvention.wangMSSSIM.asked(windowSize: windowSize, weights: weights)
    convention.negativeValues = negativeMeans
    return try FastSSIM().evaluate(
        img1, img2, maxVal: maxVal, convention: convention, reduction: reduction, gradients: gradients)
}

extension MSSSIMResult {
    /// The loss as a reduction leaves it, for images of `shape`: the reduced value, or the (B, C, 1, 1) map of
    /// each (sample, channel)'s.
    fileprivate func lossValue(_ shape: Shape) -> SSIMLossValue<Scalar> {
        if let reducedLoss { return .reduced(reducedLoss) }
        return .map(ImageTensor(validatedShape: Shape(batch: shape.batch, channels: shape.channels, height: 1, width: 1), values: loss))
    }
}
