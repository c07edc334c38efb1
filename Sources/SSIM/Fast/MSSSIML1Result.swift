/// What the fast implementation's MS-SSIM + L1 loss gives for one pair of images
/// (``FastSSIM/evaluate(_:_:maxVal:alpha:compensation:convention:reduction:maps:gradients:)``), in the inputs'
/// precision: the numbers of ``MSSSIML1Outputs``, maps of (B, H, W) in row-major order, the channels averaged.
public struct MSSSIML1Result<Scalar: SSIMScalar>: Equatable, Sendable {
    /// [B, H, W]: the shape of the maps.
    public var mapShape: [Int]
    /// MS-SSIM and the L1 term per (sample, pixel); nil unless the maps were asked for.
    public var msssim: [Scalar]?, l1: [Scalar]?
    /// The loss per (sample, pixel), the loss of the reduction 'none'; nil for 'mean' and 'sum' unless the maps
    /// were asked for.
    public var loss: [Scalar]?
    /// The mean or the sum of the loss; nil for 'none'.
    public var reducedLoss: Scalar?
    /// ∂loss/∂img1 and ∂loss/∂img2 (of the sum of the loss map for 'none'), with the images' shape; nil unless asked.
    public var gradImg1: ImageTensor<Scalar>?, gradImg2: ImageTensor<Scalar>?

    /// The same numbers in `Double` (each converted exactly), as the reference lays them out; nil unless the maps
    /// were computed.
    public var outputs: MSSSIML1Outputs? {
        guard let msssim, let l1, let loss else { return nil }
        func doubles(_ values: [Scalar]) -> [Double] { values.map(Double.init) }
        return MSSSIML1Outputs(
            mapShape: mapShape, msssim: doubles(msssim), l1: doubles(l1), loss: doubles(loss),
            reducedLoss: reducedLoss.map(Double.init), gradImg1: gradImg1?.converted(to: Double.self),
            gradImg2: gradImg2?.converted(to: Double.self))
    }
}
