/// What the fast implementation's MS-SSIM gives for one pair of images
/// (``FastSSIM/evaluate(_:_:maxVal:convention:reduction:gradients:)-(ImageTensor<Scalar>,_,_,_,_,_)``), in the inputs'
/// precision: the numbers of ``MSSSIMOutputs``, pooled per unit in the same way (each (sample, channel), or each
/// sample).
public struct MSSSIMResult<Scalar: SSIMScalar>: Equatable, Sendable {
    /// [B, C] or [B], the shape of ``msssim`` and ``loss``; and the shape of the images at each scale, finest first.
    public var unitShape: [Int], scaleShapes: [Shape]
    /// Each scale's mean (of cs, or of SSIM where the scale contributes SSIM), per unit, before the treatment of
    /// negative values: `scaleMeans[j][u]`.
    public var scaleMeans: [[Scalar]]
    /// MS-SSIM per unit, and 1 − MS-SSIM per unit: the loss of the reduction 'none'.
    public var msssim: [Scalar], loss: [Scalar]
    /// The mean or the sum of ``loss``; nil for 'none'.
    public var reducedLoss: Scalar?
    /// ∂loss/∂img1 and ∂loss/∂img2 (of the sum of ``loss`` for 'none'), with the images' shape; nil unless asked.
    public var gradImg1: ImageTensor<Scalar>?, gradImg2: ImageTensor<Scalar>?

    /// The same numbers in `Double` (each converted exactly), as the reference lays them out.
    public var outputs: MSSSIMOutputs {
        func doubles(_ values: [Scalar]) -> [Double] { values.map(Double.init) }
        return MSSSIMOutputs(
            unitShape: unitShape, scaleShapes: scaleShapes, scaleMeans: scaleMeans.map(doubles), msssim: doubles(msssim),
            loss: doubles(loss), reducedLoss: reducedLoss.map(Double.init), gradImg1: gradImg1?.converted(to: Double.self),
            gradImg2: gradImg2?.converted(to: Double.self))
    }
}
