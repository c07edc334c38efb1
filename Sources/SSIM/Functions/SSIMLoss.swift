/// The SSIM loss (DSSIM), configured once and applied to many pairs, like Kornia's `SSIMLoss` module.
///
/// Convention (Kornia 0.9.0's `kornia.losses.ssim_loss`): the per-pixel loss is clamp((1 − SSIM)/2, 0, 1), with
/// the SSIM map of ``SSIMOptions``; 'mean' averages every element of it, 'sum' adds them, 'none' keeps the map.
/// The clamp acts only where rounding pushes SSIM outside [−1, 1]. Computed by ``FastSSIM`` in the inputs' precision
/// (`Float` or `Double`), on all cores; ``SSIMReference`` is the `Double` oracle it is certified against.
///
/// ```swift
/// let loss = try SSIMLoss(windowSize: 11)
/// let value = try loss(prediction, target).scalar!
/// let step = try loss.gradients(prediction, target).gradImg1
/// ```
public struct SSIMLoss: Equatable, Sendable {
    public let options: SSIMOptions
    public let reduction: SSIMReduction

    /// - Throws: ``SSIMError/invalidWindowSize(_:)`` or ``SSIMError/invalidMaxVal(_:)``.
    public init(
        windowSize: Int, maxVal: Double = 1, eps: Double = 1e-12, reduction: SSIMReduction = .mean,
        padding: SSIMPadding = .same
    ) throws(SSIMError) {
        self.init(
            options: try SSIMOptions(windowSize: windowSize, maxVal: maxVal, eps: eps, padding: padding),
            reduction: reduction)
    }

    public init(options: SSIMOptions, reduction: SSIMReduction = .mean) {
        self.options = options
        self.reduction = reduction
    }

    /// The loss of the pair.
    ///
    /// - Throws: ``SSIMError/shapeMismatch(img1:img2:)`` or ``SSIMError/imageTooSmall(height:width:windowSize:padding:)``.
    public func callAsFunction<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>
    ) throws(SSIMError) -> SSIMLossValue<Scalar> {
        lossValue(try FastSSIM().evaluate(img1, img2, options: options, reduction: reduction, products: mapIfUnreduced))
    }

    /// The loss of the pair with its gradients with respect to both images.
    public func gradients<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>
    ) throws(SSIMError) -> SSIMLossGradients<Scalar> {
        let outputs = try FastSSIM().evaluate(
            img1, img2, options: options, reduction: reduction, products: mapIfUnreduced.union(.gradients))
        return SSIMLossGradients(loss: lossValue(outputs), gradImg1: outputs.gradImg1!, gradImg2: outputs.gradImg2!)
    }

    /// The loss map, needed only when it is the loss.
    private var mapIfUnreduced: FastSSIM.Products { reduction == .none ? .lossMap : [] }

    private func lossValue<Scalar: SSIMScalar>(_ outputs: SSIMOutputs<Scalar>) -> SSIMLossValue<Scalar> {
        if let reduced = outputs.reducedLoss { return .reduced(reduced) }
        return .map(outputs.lossMap!)
    }
}
