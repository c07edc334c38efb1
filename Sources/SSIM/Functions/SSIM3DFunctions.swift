/// The SSIM map of two batches of volumes (B, C, D, H, W): Kornia 0.9.0's `kornia.metrics.ssim3d` (``SSIM3DConvention/kornia``):
/// a Gaussian window (σ 1.5, `windowSize` taps) along D, H and W, torch's `reflect` at every face, eps in the
/// denominator, 'same' or 'valid' (each axis cropped by windowSize / 2).
///
/// Computed by ``FastSSIM`` in the inputs' precision, on all cores; ``SSIM3DReference`` computes the same in `Double`.
///
/// - Returns: (B, C, D, H, W) for 'same', each of D, H, W less 2r for 'valid', r = windowSize / 2.
/// - Throws: ``SSIMError`` naming the offending value: the window size, maxVal, the shapes, or the axis too small for
///   the window (torch's reflect needs each axis longer than r).
public func ssim3d<Scalar: SSIMScalar>(
    _ img1: VolumeTensor<Scalar>, _ img2: VolumeTensor<Scalar>, windowSize: Int, maxVal: Double = 1,
    eps: Double = 1e-12, padding: SSIMPadding = .same
) throws(SSIMError) -> VolumeTensor<Scalar> {
    let options = try SSIMOptions(windowSize: windowSize, maxVal: maxVal, eps: eps, padding: padding)
    return try FastSSIM().evaluate(img1, img2, options: options, reduction: .none, products: .ssimMap).ssimMap!
}

/// The 3-D SSIM loss clamp((1 − SSIM)/2, 0, 1) of ``ssim3d(_:_:windowSize:maxVal:eps:padding:)``'s map, reduced:
/// Kornia 0.9.0's `kornia.losses.ssim3d_loss` ('mean' or 'sum' over every element of the map, or the map for 'none').
public func ssim3dLoss<Scalar: SSIMScalar>(
    _ img1: VolumeTensor<Scalar>, _ img2: VolumeTensor<Scalar>, windowSize: Int, maxVal: Double = 1,
    eps: Double = 1e-12, reduction: SSIMReduction = .mean, padding: SSIMPadding = .same
) throws(SSIMError) -> SSIM3DLossValue<Scalar> {
    try fastSSIM3D(img1, img2, windowSize, maxVal, eps, reduction, padding, gradients: false).loss
}

/// The 3-D SSIM loss with ∂loss/∂img1 and ∂loss/∂img2 (of the loss map's sum for 'none').
public func ssim3dLossWithGradients<Scalar: SSIMScalar>(
    _ img1: VolumeTensor<Scalar>, _ img2: VolumeTensor<Scalar>, windowSize: Int, maxVal: Double = 1,
    eps: Double = 1e-12, reduction: SSIMReduction = .mean, padding: SSIMPadding = .same
) throws(SSIMError) -> SSIM3DLossGradients<Scalar> {
    let result = try fastSSIM3D(img1, img2, windowSize, maxVal, eps, reduction, padding, gradients: true)
    return SSIM3DLossGradients(loss: result.loss, gradImg1: result.gradImg1!, gradImg2: result.gradImg2!)
}

/// Kornia's `ssim3d_loss` with the functions' arguments, on ``FastSSIM``: the loss map only where it is the loss.
private func fastSSIM3D<Scalar: SSIMScalar>(
    _ img1: VolumeTensor<Scalar>, _ img2: VolumeTensor<Scalar>, _ windowSize: Int, _ maxVal: Double, _ eps: Double,
    _ reduction: SSIMReduction, _ padding: SSIMPadding, gradients: Bool
) throws(SSIMError) -> SSIM3DResult<Scalar> {
    let options = try SSIMOptions(windowSize: windowSize, maxVal: maxVal, eps: eps, padding: padding)
    var products: FastSSIM.Products = reduction == .none ? .lossMap : []
    if gradients { products.insert(.gradients) }
    return try FastSSIM().evaluate(img1, img2, options: options, reduction: reduction, products: products)
}

extension SSIM3DResult {
    /// The loss as the reduction leaves it: the reduced value, or the loss map.
    fileprivate var loss: SSIM3DLossValue<Scalar> {
        if let reducedLoss { return .reduced(reducedLoss) }
        return .map(lossMap!)
    }
}
