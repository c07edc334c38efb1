/// What the fast implementation's MS-SSIM of volumes gives for one pair of volumes
/// (``FastSSIM/evaluate(_:_:maxVal:convention:reduction:gradients:)-(VolumeTensor<Scalar>,_,_,_,_,_)``), in the inputs'
/// precision: the numbers of ``MSSSIM3DOutputs``, pooled per unit in the same way (each (sample, channel), or each
/// sample).
public struct MSSSIM3DResult<Scalar: SSIMScalar>: Equatable, Sendable {
    /// [B, C] or [B], the shape of ``msssim`` and ``loss``; and the dimensions (B, C, D, H, W) of the volumes at each
    /// scale, finest first.
    public var unitShape: [Int], scaleShapes: [[Int]]
    /// Each scale's mean (of cs, or of SSIM where the scale contributes SSIM), per unit, before the treatment of
    /// negative values: `scaleMeans[j][u]`.
    public var scaleMeans: [[Scalar]]
    /// MS-SSIM per unit, and 1 − MS-SSIM per unit: the loss of the reduction 'none'.
    public var msssim: [Scalar], loss: [Scalar]
    /// The mean or the sum of ``loss``; nil for 'none'.
    public var reducedLoss: Scalar?
    /// ∂loss/∂img1 and ∂loss/∂img2 (of the sum of ``loss`` for 'none'), with the volumes' shape; nil unless asked.
    public var gradImg1: VolumeTensor<Scalar>?, gradImg2: VolumeTensor<Scalar>?

    /// The same numbers in `Double` (each converted exactly), as the reference lays them out.
    public var outputs: MSSSIM3DOutputs {
        func doubles(_ values: [Scalar]) -> [Double] { values.map(Double.init) }
        return MSSSIM3DOutputs(
            unitShape: unitShape, scaleShapes: scaleShapes, scaleMeans: scaleMeans.map(doubles), msssim: doubles(msssim),
            loss: doubles(loss), reducedLoss: reducedLoss.map(Double.init), gradImg1: gradImg1?.converted(to: Double.self),
            gradImg2: gradImg2?.converted(to: Double.self))
    }
}
