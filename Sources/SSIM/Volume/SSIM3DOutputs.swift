/// What a 3-D SSIM computation gives for one pair of volumes (``SSIM3DReference``), in `Double`, or the acceptance
/// bounds laid out like those values (``SSIM3DErrorBounds``).
public struct SSIM3DOutputs: Equatable, Sendable {
    /// The SSIM map: (B, C, D', H', W'), each axis its extent less twice its crop ('valid', or a padding short of the
    /// window's reach).
    public var ssimMap: VolumeTensor<Double>
    /// The loss of each map element (the convention's, Kornia's clamp((1 − SSIM)/2, 0, 1)), with the map's shape.
    public var lossMap: VolumeTensor<Double>
    /// The mean or sum of the loss map; nil for the reduction 'none'.
    public var reducedLoss: Double?
    /// ∂loss/∂img1 and ∂loss/∂img2 (of the loss map's sum for 'none'), with the volumes' shape; nil unless asked.
    public var gradImg1: VolumeTensor<Double>?
    public var gradImg2: VolumeTensor<Double>?
}

extension SSIM3DOutputs {
    /// The outputs of `computation` laid out from one evaluation's numbers (values, or their bounds).
    init(_ computation: SSIM3DComputation, _ result: SSIMPlanes.Result<Double>) {
        func volume(_ shape: [Int], _ values: [Double]) -> VolumeTensor<Double> {
            VolumeTensor(validatedShape: shape, values: values)
        }
        self.init(
            ssimMap: volume(computation.mapShape, result.ssimMap), lossMap: volume(computation.mapShape, result.lossMap),
            reducedLoss: result.reducedLoss, gradImg1: result.gradImg1.map { volume(computation.shape, $0) },
            gradImg2: result.gradImg2.map { volume(computation.shape, $0) })
    }
}
