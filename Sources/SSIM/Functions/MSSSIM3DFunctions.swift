/// MS-SSIM of two batches of volumes (B, C, D, H, W), per unit: under `pytorch-msssim` by default
/// (``MSSSIM3DConvention/pytorchMSSSIM``, its `ms_ssim` on 5-D tensors): at each of the scales, one per weight, the
/// Gaussian-window 3-D SSIM (σ 1.5, `windowSize` taps along D, H and W, 'valid', no eps) of the volumes averaged
/// 2 × 2 × 2 that many times; the mean cs of every scale but the coarsest and the mean SSIM of the coarsest, relu'd,
/// each raised to its weight, multiplied, per (sample, channel).
///
/// Computed by ``FastSSIM`` in the inputs' precision, on all cores; ``MSSSIM3DReference`` computes the same in
/// `Double`. Another `convention` is computed where the fast implementation computes it
/// (``FastSSIM/fastSupport(_:)-(MSSSIM3DConvention)``).
///
/// - Parameters:
///   - maxVal: the data range L of the constants C1 = (0.01·L)², C2 = (0.03·L)².
///   - weights: each scale's exponent, finest first (nil: the convention's).
/// - Returns: (B, C, 1, 1, 1) per (sample, channel), or (B, 1, 1, 1, 1) under a convention that pools the channels.
/// - Throws: ``SSIMError`` naming the offending value: the window size, maxVal, a weight, the shapes, the axis too
///   small for some scale; ``SSIMError/outsideConvention(convention:reason:)`` for a case the fast implementation
///   does not compute (under `pytorch-msssim`, one of H and W shorter than the window at some scale and the other
///   not, which it leaves unblurred: volumes pytorch-msssim's ms_ssim refuses, asserting H and W over
///   (win_size − 1)·2⁴; a depth so short, or H and W both, is computed, unblurred).
public func msssim3d<Scalar: SSIMScalar>(
    _ img1: VolumeTensor<Scalar>, _ img2: VolumeTensor<Scalar>, windowSize: Int = 11, maxVal: Double = 1,
    weights: [Double]? = nil, convention: MSSSIM3DConvention = .pytorchMSSSIM
) throws(SSIMError) -> VolumeTensor<Scalar> {
    let result = try fastMSSSIM3D(img1, img2, windowSize, maxVal, weights, convention, .none, gradients: false)
    return VolumeTensor(validatedShape: result.unitVolumeShape, values: result.msssim)
}

/// The 3-D MS-SSIM loss 1 − MS-SSIM of each unit (``msssim3d(_:_:windowSize:maxVal:weights:convention:)``),
/// reduced: 'mean' or 'sum' over them, or each kept by 'none' in the shape ``msssim3d(_:_:windowSize:maxVal:weights:convention:)`` returns.
public func msssim3dLoss<Scalar: SSIMScalar>(
    _ img1: VolumeTensor<Scalar>, _ img2: VolumeTensor<Scalar>, windowSize: Int = 11, maxVal: Double = 1,
    weights: [Double]? = nil, convention: MSSSIM3DConvention = .pytorchMSSSIM, reduction: SSIMReduction = .mean
) throws(SSIMError) -> SSIM3DLossValue<Scalar> {
    try fastMSSSIM3D(img1, img2, windowSize, maxVal, weights, convention, reduction, gradients: false).lossValue
}

/// The 3-D MS-SSIM loss with ∂loss/∂img1 and ∂loss/∂img2 (of the sum of the losses for 'none'), back through the
/// powers, the treatment of negative means, the means and the pooling, with the reference's edge cases.
public func msssim3dLossWithGradients<Scalar: SSIMScalar>(
    _ img1: VolumeTensor<Scalar>, _ img2: VolumeTensor<Scalar>, windowSize: Int = 11, maxVal: Double = 1,
    weights: [Double]? = nil, convention: MSSSIM3DConvention = .pytorchMSSSIM, reduction: SSIMReduction = .mean
) throws(SSIMError) -> SSIM3DLossGradients<Scalar> {
    let result = try fastMSSSIM3D(img1, img2, windowSize, maxVal, weights, convention, reduction, gradients: true)
    return SSIM3DLossGradients(loss: result.lossValue, gradImg1: result.gradImg1!, gradImg2: result.gradImg2!)
}

/// `convention` asked with the functions' arguments, on ``FastSSIM``.
private func fastMSSSIM3D<Scalar: SSIMScalar>(
    _ img1: VolumeTensor<Scalar>, _ img2: VolumeTensor<Scalar>, _ windowSize: Int, _ maxVal: Double, _ weights: [Double]?,
    _ convention: MSSSIM3DConvention, _ reduction: SSIMReduction, gradients: Bool
) throws(SSIMError) -> MSSSIM3DResult<Scalar> {
    try FastSSIM().evaluate(
        img1, img2, maxVal: maxVal, convention: convention.asked(windowSize: windowSize, weights: weights),
        reduction: reduction, gradients: gradients)
}

extension MSSSIM3DResult {
    /// The units' shape as volumes: [B, C, 1, 1, 1] or [B, 1, 1, 1, 1].
    fileprivate var unitVolumeShape: [Int] { unitShape + Array(repeating: 1, count: 5 - unitShape.count) }

    /// The loss as a reduction leaves it: the reduced value, or each unit's in ``unitVolumeShape``.
    fileprivate var lossValue: SSIM3DLossValue<Scalar> {
        if let reducedLoss { return .reduced(reducedLoss) }
        return .map(VolumeTensor(validatedShape: unitVolumeShape, values: loss))
    }
}
