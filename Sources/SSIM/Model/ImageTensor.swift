/// A batch of images: a rank-4 (B, C, H, W) tensor, contiguous in row-major (C) order.
///
/// The element at (b, c, h, w) is `values[((b * C + c) * H + h) * W + w]`. Every dimension is at least 1.
public struct ImageTensor<Scalar: SSIMScalar>: Equatable, Sendable {
    /// The dimensions: (B, C, H, W).
    public let shape: Shape
    /// The elements in row-major order.
    public private(set) var values: [Scalar]

    /// Makes a tensor of `shape` from `values` in row-major order.
    ///
    /// - Throws: ``SSIMError/invalidShape(shape:reason:)`` when `shape` is not four positive dimensions or
    ///   `values` does not hold exactly their product.
    public init(shape: [Int], values: [Scalar]) throws(SSIMError) {
        try Self.check(shape, axes: ["B", "C", "H", "W"], count: values.count)
        self.shape = Shape(shape)!
        self.values = values
    }

    /// Checks that `shape` has one positive dimension per name of `axes` and that `count` values fill it.
    ///
    /// - Throws: ``SSIMError/invalidShape(shape:reason:)`` saying which.
    static func check(_ shape: [Int], axes: [String], count: Int) throws(SSIMError) {
        guard shape.count == axes.count else {
            throw .invalidShape(shape: shape, reason: "rank \(shape.count), expected \(axes.count) (\(axes.joined(separator: ", ")))")
        }
        guard shape.allSatisfy({ $0 > 0 }) else {
            throw .invalidShape(shape: shape, reason: "every dimension must be at least 1")
        }
        let (product, overflow) = shape.dropFirst().reduce((shape[0], false)) { partial, dimension in
            let product = partial.0.multipliedReportingOverflow(by: dimension)
            return (product.partialValue, partial.1 || product.overflow)
        }
        guard !overflow, product == count else {
            throw .invalidShape(shape: shape, reason: "\(count) values given for \(overflow ? "more than Int.max" : "\(product)") elements")
        }
    }

    /// Makes a tensor whose element at (b, c, h, w) is `element(b, c, h, w)`.
    public init(
        batch: Int, channels: Int, height: Int, width: Int, element: (Int, Int, Int, Int) -> Scalar
    ) throws(SSIMError) {
        var values: [Scalar] = []
        values.reserveCapacity(max(0, batch * channels * height * width))
        for b in 0..<max(0, batch) {
            for c in 0..<max(0, channels) {
                for h in 0..<max(0, height) {
                    for w in 0..<max(0, width) { values.append(element(b, c, h, w)) }
                }
            }
        }
        try self.init(shape: [batch, channels, height, width], values: values)
    }

    public var batch: Int { shape.batch }
    public var channels: Int { shape.channels }
    public var height: Int { shape.height }
    public var width: Int { shape.width }

    /// The element at (b, c, h, w).
    public subscript(b: Int, c: Int, h: Int, w: Int) -> Scalar {
        get { values[shape.index(b, c, h, w)] }
        set { values[shape.index(b, c, h, w)] = newValue }
    }

    /// The same tensor with every element converted to `Other`.
    public func converted<Other: SSIMScalar>(to _: Other.Type = Other.self) -> ImageTensor<Other> {
        ImageTensor<Other>(validatedShape: shape, values: values.map { Other($0) })
    }

    init(validatedShape shape: Shape, values: [Scalar]) {
        self.shape = shape
        self.values = values
    }
}
