import Synchronization

/// An image at every scale of an MS-SSIM pyramid, in `S`, for the fast implementation's backward pass: the image
/// itself, then each scale pooled from the one before (``FastPooling``). Each scale is pooled on the workers in
/// bands of rows of every plane, the coarser scales one after the other.
///
/// `@unchecked Sendable`: the finest scale is the caller's image, which it keeps alive and unchanged while the
/// pyramid is used; the coarser scales are allocated here and written only while the pyramid is made, each row by
/// the one band that owns it.
struct FastPyramid<S: FastSSIMScalar>: @unchecked Sendable {
    let pooling: FastPooling<S>
    /// Each scale's planes, finest first.
    private let levels: [UnsafePointer<S>]
    /// The coarser scales' storage.
    private let storage: UnsafeMutablePointer<S>?

    var shapes: [Shape] { pooling.shapes }

    /// The pyramid of the (B, C, H, W) image at `image` (of `pooling.shapes[0]`).
    init(fast: FastSSIM, pooling: FastPooling<S>, _ image: UnsafePointer<S>) {
        self.pooling = pooling
        let shapes = pooling.shapes
        let coarser = shapes.dropFirst().map(\.count).reduce(0, +)
        guard coarser > 0 else {
            (levels, storage) = ([image], nil)
            return
        }
        let storage = UnsafeMutablePointer<S>.allocate(capacity: coarser)
        var levels = [image], offset = 0
        for shape in shapes.dropFirst() {
            levels.append(UnsafePointer(storage + offset))
            offset += shape.count
        }
        (self.levels, self.storage) = (levels, storage)
        for j in 1..<shapes.count {
            let (fine, coarse) = (shapes[j - 1], shapes[j])
            let pointers = FastLevelPair(from: levels[j - 1], to: UnsafeMutablePointer(mutating: levels[j]))
            fast.forEachRowBand(of: coarse, pixels: fine.count) { plane, rows in
                let from = pointers.from + plane * fine.planeSize, to = pointers.to + plane * coarse.planeSize
                for i in rows {
                    pooling.poolRow(i, scale: j, from: { from + $0 * fine.width }, into: to + i * coarse.width)
                }
            }
        }
    }

    /// Scale `j`'s planes.
    func level(_ j: Int) -> UnsafePointer<S> { levels[j] }

    func deallocate() { storage?.deallocate() }

    /// Adds to `fine`, gradients with respect to scale `j`, those in `coarse` (with respect to scale j + 1) carried
    /// back through the pooling's adjoint, after multiplying each plane of `fine` by its factor in `factors` (if
    /// given), on the workers in bands of coarse rows of every plane (the pairs of sources are disjoint: each fine
    /// row is written by one band). Each band multiplies the fine rows it adds to, and those between them that no
    /// coarse row reads, just before adding to them, while they are in cache: one pass over the fine scale, not two.
    /// Whether every product is finite.
    @discardableResult
    func addAdjoint(
        of coarse: UnsafePointer<S>, to fine: UnsafeMutablePointer<S>, scale j: Int, multiplyingBy factors: [S]? = nil,
        fast: FastSSIM
    ) -> Bool {
        let (fineShape, coarseShape) = (shapes[j], shapes[j + 1])
        let pointers = FastLevelPair(from: coarse, to: fine), pooling = pooling, instructions = fast.instructions
        // The fine rows multiplied before coarse row i is added: from the previous coarse row's end to ends[i], the
        // end of its sources (the last coarse row's, the plane's end; −1 for a zero source ends nothing).
        var ends: [Int] = []
        for (i, (h1, h2)) in pooling.rowSources[j + 1].enumerated() {
            let end = i + 1 == coarseShape.height ? fineShape.height : max(h1, h2) + 1
            ends.append(max(ends.last ?? 0, end))
        }
        let finite = Atomic(true)
        fast.forEachRowBand(of: coarseShape, pixels: fineShape.count) { [ends] plane, rows in
            let from = pointers.from + plane * coarseShape.planeSize, to = pointers.to + plane * fineShape.planeSize
            for i in rows {
                if let factors {
                    for h in (i == 0 ? 0 : ends[i - 1])..<ends[i] {
                        let row = to + h * fineShape.width
                        if !S.scaleRow(instructions, row, count: fineShape.width, by: factors[plane]) {
                            finite.store(false, ordering: .relaxed)
                        }
                    }
                }
                pooling.addAdjointRow(i, scale: j + 1, gradient: from + i * coarseShape.width, to: { to + $0 * fineShape.width })
            }
        }
        return finite.load(ordering: .relaxed)
    }
}

/// Two adjacent scales of one image or of its gradients, shared by the workers that pool one into the other or
/// carry gradients back.
///
/// `@unchecked Sendable`: `from` is only read, and each worker writes the rows its bands own alone.
private struct FastLevelPair<S>: @unchecked Sendable {
    let from: UnsafePointer<S>
    let to: UnsafeMutablePointer<S>
}
