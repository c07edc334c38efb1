/// What an SSIM computation gives for one pair of images, each output `nil` when it was not computed.
///
/// The one shape of results in the suite: the reference's values (``SSIMReference``, in `Double`), the fast
/// implementation's (``FastSSIM``, in the inputs' precision), the acceptance bounds laid out like the values they
/// bound (``SSIMErrorBounds``), and the reproductions of known deviations all come as `SSIMOutputs`.
public struct SSIMOutputs<Scalar: SSIMScalar>: Equatable, Sendable {
    /// The SSIM map: (B, C, H, W), or (B, C, H − 2r, W − 2r) for 'valid'.
    public var ssimMap: ImageTensor<Scalar>?
    /// clamp((1 − SSIM)/2, 0, 1) element by element, with the map's shape.
    public var lossMap: ImageTensor<Scalar>?
    /// The mean or sum of the loss map; `nil` for the reduction 'none'.
    public var reducedLoss: Scalar?
    /// ∂loss/∂img1 and ∂loss/∂img2 (of the loss map's sum for 'none'), with the images' shape.
    public var gradImg1: ImageTensor<Scalar>?
    public var gradImg2: ImageTensor<Scalar>?

    public init(
        ssimMap: ImageTensor<Scalar>? = nil, lossMap: ImageTensor<Scalar>? = nil, reducedLoss: Scalar? = nil,
        gradImg1: ImageTensor<Scalar>? = nil, gradImg2: ImageTensor<Scalar>? = nil
    ) {
        self.ssimMap = ssimMap
        self.lossMap = lossMap
        self.reducedLoss = reducedLoss
        self.gradImg1 = gradImg1
        self.gradImg2 = gradImg2
    }
}
