/// A loss as a reduction leaves it: one number for 'mean' and 'sum', the loss map for 'none'; of images
/// (``SSIMLossValue``) or of volumes (``SSIM3DLossValue``).
public enum LossValue<Map: SSIMTensor>: Equatable, Sendable {
    case reduced(Map.Scalar)
    case map(Map)

    /// The reduced value, or nil for a map.
    public var scalar: Map.Scalar? {
        if case .reduced(let value) = self { value } else { nil }
    }

    /// Every element: one for a reduced loss, the map's values otherwise.
    public var values: [Map.Scalar] {
        switch self {
        case .reduced(let value): [value]
        case .map(let map): map.values
        }
    }

    /// The shape of the loss: `[]` for a reduced loss, the map's (B, C, H', W') or (B, C, D', H', W') otherwise.
    public var shape: [Int] {
        switch self {
        case .reduced: []
        case .map(let map): map.dimensions
        }
    }
}

/// The SSIM or MS-SSIM loss of two image batches as a reduction leaves it.
public typealias SSIMLossValue<Scalar: SSIMScalar> = LossValue<ImageTensor<Scalar>>

/// The 3-D SSIM loss of two volume batches as a reduction leaves it: the map is (B, C, D', H', W').
public typealias SSIM3DLossValue<Scalar: SSIMScalar> = LossValue<VolumeTensor<Scalar>>

/// A loss together with its gradients with respect to both inputs.
public struct LossGradients<Map: SSIMTensor>: Equatable, Sendable {
    public let loss: LossValue<Map>
    /// ∂loss/∂img1 (of the sum of the loss map for 'none'), with img1's shape.
    public let gradImg1: Map
    /// ∂loss/∂img2, with img2's shape.
    public let gradImg2: Map
}

/// An SSIM or MS-SSIM loss of two image batches with its gradients.
public typealias SSIMLossGradients<Scalar: SSIMScalar> = LossGradients<ImageTensor<Scalar>>

/// A 3-D SSIM loss of two volume batches with its gradients.
public typealias SSIM3DLossGradients<Scalar: SSIMScalar> = LossGradients<VolumeTensor<Scalar>>

/// What a loss map or a gradient can be: a batch of images (``ImageTensor``) or of volumes (``VolumeTensor``).
public protocol SSIMTensor: Equatable, Sendable {
    associatedtype Scalar: SSIMScalar
    /// The elements in row-major order.
    var values: [Scalar] { get }
    /// The sizes of its axes: (B, C, H, W) or (B, C, D, H, W).
    var dimensions: [Int] { get }
}

extension ImageTensor: SSIMTensor {
    public var dimensions: [Int] { shape.dimensions }
}

extension VolumeTensor: SSIMTensor {
    public var dimensions: [Int] { shape }
}
