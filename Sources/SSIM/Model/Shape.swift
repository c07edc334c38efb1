/// The shape of a batch of images: (B, C, H, W), every dimension at least 1 once validated by ``ImageTensor``.
///
/// The element at (b, c, h, w) of a row-major array of this shape is at ``index(_:_:_:_:)``; planes (one channel
/// of one sample) are numbered b·C + c. Arrays of any rank, such as the protocol's, stay `[Int]`: ``dimensions``
/// converts.
public struct Shape: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public var batch: Int
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(batch: Int, channels: Int, height: Int, width: Int) {
        (self.batch, self.channels, self.height, self.width) = (batch, channels, height, width)
    }

    /// The shape of four dimensions, or nil for another rank.
    public init?(_ dimensions: [Int]) {
        guard dimensions.count == 4 else { return nil }
        self.init(batch: dimensions[0], channels: dimensions[1], height: dimensions[2], width: dimensions[3])
    }

    /// Four dimensions, (B, C, H, W); a literal of another rank is a programming error.
    public init(arrayLiteral dimensions: Int...) {
        precondition(dimensions.count == 4, "a Shape has four dimensions (B, C, H, W), not \(dimensions.count)")
        self.init(dimensions)!
    }

    /// [B, C, H, W].
    public var dimensions: [Int] { [batch, channels, height, width] }
    /// B·C: the number of (sample, channel) planes.
    public var planes: Int { batch * channels }
    /// H·W: the elements of one plane.
    public var planeSize: Int { height * width }
    /// B·C·H·W.
    public var count: Int { planes * planeSize }

    /// The flat row-major index of (b, c, h, w).
    public func index(_ b: Int, _ c: Int, _ h: Int, _ w: Int) -> Int { ((b * channels + c) * height + h) * width + w }

    /// The same batch with `crop` pixels dropped from each edge of every plane.
    public func cropped(by crop: Int) -> Shape {
        Shape(batch: batch, channels: channels, height: height - 2 * crop, width: width - 2 * crop)
    }

    /// "[B, C, H, W]", as an array prints.
    public var description: String { "\(dimensions)" }
}
