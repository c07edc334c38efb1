/// What the fast implementation's 3-D SSIM gives for one pair of volumes
/// (``FastSSIM/evaluate(_:_:options:reduction:products:convention:)``), in the inputs' precision: the numbers of
/// ``SSIM3DOutputs``, each output nil where it was not asked for.
public struct SSIM3DResult<Scalar: SSIMScalar>: Equatable, Sendable {
    /// The SSIM map (B, C, D', H', W'), if asked.
    public var ssimMap: VolumeTensor<Scalar>?
    /// The loss of each map element clamp((1 − SSIM)/2, 0, 1), with the map's shape, if asked.
    public var lossMap: VolumeTensor<Scalar>?
    /// The mean or sum of the loss map; nil for the reduction 'none'.
    public var reducedLoss: Scalar?
    /// ∂loss/∂img1 and ∂loss/∂img2 (of the loss map's sum for 'none'), with the volumes' shape, if asked.
    public var gradImg1: VolumeTensor<Scalar>?, gradImg2: VolumeTensor<Scalar>?

    /// The same numbers in `Double` (each converted exactly), as the reference lays them out; nil unless both maps
    /// were asked for.
    public var outputs: SSIM3DOutputs? {
        guard let ssimMap, let lossMap else { return nil }
        func doubles(_ volume: VolumeTensor<Scalar>) -> VolumeTensor<Double> {
            VolumeTensor(validatedShape: volume.shape, values: volume.values.map(Double.init))
        }
        return SSIM3DOutputs(
            ssimMap: doubles(ssimMap), lossMap: doubles(lossMap), reducedLoss: reducedLoss.map(Double.init),
            gradImg1: gradImg1.map(doubles), gradImg2: gradImg2.map(doubles))
    }
}
