/// A loss as a reduction leaves it: one number for 'mean' and 'sum', the loss map for 'none'.
public enum SSIMLossValue<Scalar: SSIMScalar>: Equatable, Sendable {
    case reduced(Scalar)
    case map(ImageTensor<Scalar>)

    /// The reduced value, or nil for a map.
    public var scalar: Scalar? {
        if case .reduced(let value) = self { value } else { nil }
    }

    /// Every element: one for a reduced loss, the map's values otherwise.
    public var values: [Scalar] {
        switch self {
        case .reduced(let value): [value]
        case .map(let map): map.values
        }
    }

    /// The shape of the loss: `[]` for a reduced loss, the map's (B, C, H', W') otherwise.
    public var shape: [Int] {
        switch self {
        case .reduced: []
        case .map(let map): map.shape.dimensions
        }
    }
}

/// A loss together with its gradients with respect to both images.
public struct SSIMLossGradients<Scalar: SSIMScalar>: Equatable, Sendable {
    public let loss: SSIMLossValue<Scalar>
    /// ∂loss/∂img1 (of the sum of the loss map for 'none'), with img1's shape.
    public let gradImg1: ImageTensor<Scalar>
    /// ∂loss/∂img2, with img2's shape.
    public let gradImg2: ImageTensor<Scalar>
}
