/// What an MS-SSIM + L1 computation gives for one pair of images (``MSSSIML1Reference``), in `Double`: maps of
/// (B, H, W) in row-major order, the channels already averaged.
public struct MSSSIML1Outputs: Equatable, Sendable {
    /// [B, H, W]: the shape of ``msssim``, ``l1`` and ``loss``.
    public var mapShape: [Int]
    /// MS-SSIM per (sample, pixel): the mean over the channels of the luminance at the last σ times every σ's cs.
    public var msssim: [Double]
    /// The L1 term per (sample, pixel): the mean over the channels of |x − y| blurred by the last σ's window.
    public var l1: [Double]
    /// c·(α·(1 − MS-SSIM) + (1 − α)·L1 / L) per (sample, pixel), the loss of the reduction 'none'; and its mean or
    /// its sum (nil for 'none').
    public var loss: [Double], reducedLoss: Double?
    /// ∂loss/∂img1 and ∂loss/∂img2 (of the sum of ``loss`` for 'none'), with the images' shape; nil unless asked.
    public var gradImg1: ImageTensor<Double>?, gradImg2: ImageTensor<Double>?
}

extension MSSSIML1Outputs {
    /// The outputs of `computation` laid out from one evaluation's numbers (values, or their bounds).
    init(_ computation: MSSSIML1Computation, _ result: MSSSIML1Computation.Result<Double>) {
        func image(_ values: [Double]?) -> ImageTensor<Double>? {
            values.map { ImageTensor(validatedShape: computation.shape, values: $0) }
        }
        self.init(
            mapShape: computation.mapShape, msssim: result.msssim, l1: result.l1, loss: result.loss,
            reducedLoss: result.reducedLoss, gradImg1: image(result.gradImg1), gradImg2: image(result.gradImg2))
    }
}
