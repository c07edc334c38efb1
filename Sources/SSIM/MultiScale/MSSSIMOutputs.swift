/// What an MS-SSIM computation gives for one pair of images (``MSSSIMReference``), in `Double`.
///
/// MS-SSIM is pooled per unit: each (sample, channel) under ``MSSSIMConvention/ChannelPooling/perChannel``
/// (``unitShape`` [B, C]), each sample under ``MSSSIMConvention/ChannelPooling/perImage`` ([B]); units are in
/// row-major order.
public struct MSSSIMOutputs: Equatable, Sendable {
    /// [B, C] or [B]: the shape of ``msssim`` and ``loss``.
    public var unitShape: [Int]
    /// The shape of the images at each scale, finest first.
    public var scaleShapes: [Shape]
    /// Each scale's mean (of cs, or of SSIM where the scale contributes SSIM), per unit, before the treatment of
    /// negative values: `scaleMeans[j][u]`.
    public var scaleMeans: [[Double]]
    /// MS-SSIM per unit: the product over scales of the treated means raised to their exponents.
    public var msssim: [Double]
    /// 1 − MS-SSIM per unit: the loss of the reduction 'none'.
    public var loss: [Double]
    /// The mean or the sum of ``loss``; nil for 'none'.
    public var reducedLoss: Double?
    /// ∂loss/∂img1 and ∂loss/∂img2 (of the sum of ``loss`` for 'none'), with the images' shape; nil unless asked.
    public var gradImg1: ImageTensor<Double>?
    public var gradImg2: ImageTensor<Double>?
}

extension MSSSIMOutputs {
    /// The outputs of `pyramid` laid out from one evaluation's numbers (values, or their bounds).
    init(_ pyramid: MSSSIMPyramid, _ result: MSSSIMPyramid.Result<Double>) {
        func image(_ values: [Double]?) -> ImageTensor<Double>? {
            values.map { ImageTensor(validatedShape: pyramid.shapes[0], values: $0) }
        }
        self.init(
            unitShape: pyramid.unitShape, scaleShapes: pyramid.shapes, scaleMeans: result.scaleMeans,
            msssim: result.msssim, loss: result.loss, reducedLoss: result.reducedLoss, gradImg1: image(result.gradImg1),
            gradImg2: image(result.gradImg2))
    }
}
