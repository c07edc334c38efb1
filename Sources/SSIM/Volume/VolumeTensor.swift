/// A batch of volumes: a rank-5 (B, C, D, H, W) tensor, contiguous in row-major (C) order, every dimension at least 1.
///
/// The element at (b, c, d, h, w) is `values[(((b * C + c) * D + d) * H + h) * W + w]`.
public struct VolumeTensor<Scalar: SSIMScalar>: Equatable, Sendable {
    /// [B, C, D, H, W].
    public let shape: [Int]
    /// The elements in row-major order.
    public let values: [Scalar]

    /// Makes a tensor of `shape` from `values` in row-major order.
    ///
    /// - Throws: ``SSIMError/invalidShape(shape:reason:)`` when `shape` is not five positive dimensions or `values`
    ///   does not hold exactly their product.
    public init(shape: [Int], values: [Scalar]) throws(SSIMError) {
        try ImageTensor<Scalar>.check(shape, axes: ["B", "C", "D", "H", "W"], count: values.count)
        (self.shape, self.values) = (shape, values)
    }

    /// Makes a tensor whose element at (b, c, d, h, w) is `element(b, c, d, h, w)`.
    public init(shape: [Int], element: (Int, Int, Int, Int, Int) -> Scalar) throws(SSIMError) {
        var values: [Scalar] = []
        if shape.count == 5, shape.allSatisfy({ $0 > 0 && $0 <= 1 << 20 }) {
            for b in 0..<shape[0] {
                for c in 0..<shape[1] {
                    for d in 0..<shape[2] {
                        for h in 0..<shape[3] {
                            for w in 0..<shape[4] { values.append(element(b, c, d, h, w)) }
                        }
                    }
                }
            }
        }
        try self.init(shape: shape, values: values)
    }

    /// The element at (b, c, d, h, w).
    public subscript(b: Int, c: Int, d: Int, h: Int, w: Int) -> Scalar {
        values[(((b * shape[1] + c) * shape[2] + d) * shape[3] + h) * shape[4] + w]
    }

    /// The same tensor with every element converted to `Other`.
    public func converted<Other: SSIMScalar>(to _: Other.Type = Other.self) -> VolumeTensor<Other> {
        VolumeTensor<Other>(validatedShape: shape, values: values.map { Other($0) })
    }

    init(validatedShape shape: [Int], values: [Scalar]) {
        (self.shape, self.values) = (shape, values)
    }
}
