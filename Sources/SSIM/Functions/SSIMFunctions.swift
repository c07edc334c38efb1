/// The SSIM index map of two image batches: Kornia 0.9.0's `kornia.metrics.ssim`.
///
/// See ``SSIMOptions`` for the convention (window, border, constants, eps) and where this is stricter than Kornia.
/// Computed by ``FastSSIM`` in the inputs' precision, on all cores; ``SSIMReference`` computes the same in `Double`.
///
/// - Returns: (B, C, H, W) for 'same', (B, C, H − 2r, W − 2r) for 'valid', r = windowSize / 2.
/// - Throws: ``SSIMError`` naming the offending value: window size, maxVal, shapes, or an image too small.
public func ssim<Scalar: SSIMScalar>(
    _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>,
    windowSize: Int, maxVal: Double = 1, eps: Double = 1e-12, padding: SSIMPadding = .same
) throws(SSIMError) -> ImageTensor<Scalar> {
    let options = try SSIMOptions(windowSize: windowSize, maxVal: maxVal, eps: eps, padding: padding)
    return try FastSSIM().evaluate(img1, img2, options: options, reduction: .none, products: .ssimMap).ssimMap!
}

/// The SSIM loss clamp((1 − SSIM)/2, 0, 1), reduced: Kornia 0.9.0's `kornia.losses.ssim_loss`.
///
/// Equivalent to `SSIMLoss(windowSize:maxVal:eps:reduction:padding:)(img1, img2)`.
public func ssimLoss<Scalar: SSIMScalar>(
    _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>,
    windowSize: Int, maxVal: Double = 1, eps: Double = 1e-12, reduction: SSIMReduction = .mean,
    padding: SSIMPadding = .same
) throws(SSIMError) -> SSIMLossValue<Scalar> {
    try SSIMLoss(windowSize: windowSize, maxVal: maxVal, eps: eps, reduction: reduction, padding: padding)(img1, img2)
}

/// The SSIM loss with ∂loss/∂img1 and ∂loss/∂img2 (of the loss map's sum for 'none').
public func ssimLossWithGradients<Scalar: SSIMScalar>(
    _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>,
    windowSize: Int, maxVal: Double = 1, eps: Double = 1e-12, reduction: SSIMReduction = .mean,
    padding: SSIMPadding = .same
) throws(SSIMError) -> SSIMLossGradients<Scalar> {
    try SSIMLoss(windowSize: windowSize, maxVal: maxVal, eps: eps, reduction: reduction, padding: padding)
        .gradients(img1, img2)
}
