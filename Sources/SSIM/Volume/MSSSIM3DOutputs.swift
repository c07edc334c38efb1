/// What a 3-D MS-SSIM computation gives for one pair of volumes (``MSSSIM3DReference``), in `Double`, or the acceptance
/// bounds laid out like those values (``MSSSIM3DErrorBounds``): ``MSSSIMOutputs``'s, with volumes.
public struct MSSSIM3DOutputs: Equatable, Sendable {
    /// [B, C] or [B]: the shape of ``msssim`` and ``loss``.
    public var unitShape: [Int]
    /// The dimensions (B, C, D, H, W) of the volumes at each scale, finest first.
    public var scaleShapes: [[Int]]
    /// Each scale's mean (of cs, or of SSIM where the scale contributes SSIM), per unit, before the treatment of
    /// negative values: `scaleMeans[j][u]`.
    public var scaleMeans: [[Double]]
    /// MS-SSIM per unit.
    public var msssim: [Double]
    /// 1 − MS-SSIM per unit: the loss of the reduction 'none'.
    public var loss: [Double]
    /// The mean or the sum of ``loss``; nil for 'none'.
    public var reducedLoss: Double?
    /// ∂loss/∂img1 and ∂loss/∂img2 (of the sum of ``loss`` for 'none'), with the volumes' shape; nil unless asked.
    public var gradImg1: VolumeTensor<Double>?
    public var gradImg2: VolumeTensor<Double>?
}

extension MSSSIM3DOutputs {
    /// The outputs of `pyramid` laid out from one evaluation's numbers (values, or their bounds).
    init(_ pyramid: MSSSIMPyramid, _ result: MSSSIMPyramid.Result<Double>) {
        func volume(_ values: [Double]?) -> VolumeTensor<Double>? {
            values.map { VolumeTensor(validatedShape: pyramid.dimensions[0], values: $0) }
        }
        self.init(
            unitShape: pyramid.unitShape, scaleShapes: pyramid.dimensions, scaleMeans: result.scaleMeans,
            msssim: result.msssim, loss: result.loss, reducedLoss: result.reducedLoss, gradImg1: volume(result.gradImg1),
            gradImg2: volume(result.gradImg2))
    }
}
