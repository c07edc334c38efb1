import Synchronization

/// An image at every scale of an MS-SSIM pyramid, in `S`, for the fast implementation's backward pass: the image
/// itself, then each scale pooled from the one before (``FastPooling``).
///
/// Pyramids are made, and gradients carried back through them, in one pass on the workers: each takes a band of rows of
/// one plane of one image (``FastPyramidBands``) through every scale, so that the rows a scale reads are those its band
/// has just written, in cache, and the workers are woken once, not once per scale and image.
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

    /// Room for the pyramid of the image at `image` (of `pooling.shapes[0]`).
    private init(pooling: FastPooling<S>, _ image: UnsafePointer<S>) {
        self.pooling = pooling
        let coarser = pooling.shapes.dropFirst().map(\.count).reduce(0, +)
        let storage = coarser > 0 ? UnsafeMutablePointer<S>.allocate(capacity: coarser) : nil
        var levels = [image], offset = 0
        for shape in pooling.shapes.dropFirst() {
            levels.append(UnsafePointer(storage! + offset))
            offset += shape.count
        }
        (self.levels, self.storage) = (levels, storage)
    }

    /// The pyramids of the (B, C, H, W) images at `images` (each of `pooling.shapes[0]`).
    static func pyramids(of images: [UnsafePointer<S>], pooling: FastPooling<S>, fast: FastSSIM) -> [FastPyramid<S>] {
        let pyramids = images.map { FastPyramid(pooling: pooling, $0) }
        let shapes = pooling.shapes
        forEachBand(of: pyramids.map { $0.levels.map(UnsafeMutablePointer.init(mutating:)) }, pooling: pooling, fast: fast) {
            levels, plane, rows, _ in
            for j in shapes.indices.dropFirst() {
                let (fine, coarse) = (shapes[j - 1], shapes[j])
                let from = UnsafePointer(levels[j - 1] + plane * fine.planeSize), to = levels[j] + plane * coarse.planeSize
                for i in rows[j] {
                    pooling.poolRow(i, scale: j, from: { from + $0 * fine.width }, into: to + i * coarse.width)
                }
            }
        }
        return pyramids
    }

    /// Scale `j`'s planes.
    func level(_ j: Int) -> UnsafePointer<S> { levels[j] }

    func deallocate() { storage?.deallocate() }

    /// Carries gradients back through the pooling, from the coarsest scale to the finest: `gradients[n][j]` are image
    /// n's gradients with respect to scale j, laid out as its planes; each plane p of scale j is first multiplied by
    /// `factors[j][p]` (if given), then the coarser scale's gradients, final by then, are added through the pooling's
    /// adjoint (``FastPooling/addAdjointRow(_:scale:gradient:to:)``); the finest scale's are the result. Each band
    /// multiplies the rows it is about to add to, and those between them that no coarser row reads, while they are in
    /// cache. Whether every product is finite.
    static func carryBack(
        _ gradients: [[UnsafeMutablePointer<S>]], pooling: FastPooling<S>, multiplyingBy factors: [[S]]?, fast: FastSSIM
    ) -> Bool {
        let shapes = pooling.shapes, coarsest = shapes.count - 1, instructions = fast.instructions
        let finite = Atomic(true)
        forEachBand(of: gradients, pooling: pooling, fast: fast) { levels, plane, rows, bands in
            func multiply(_ j: Int, rows: Range<Int>) {
                guard let factors, !rows.isEmpty else { return }
                let shape = shapes[j], first = levels[j] + plane * shape.planeSize + rows.lowerBound * shape.width
                if !S.scaleRow(instructions, first, count: rows.count * shape.width, by: factors[j][plane]) {
                    finite.store(false, ordering: .relaxed)
                }
            }
            multiply(coarsest, rows: rows[coarsest])
            for j in (0..<coarsest).reversed() {
                let (fine, coarse) = (shapes[j], shapes[j + 1])
                let from = levels[j + 1] + plane * coarse.planeSize, to = levels[j] + plane * fine.planeSize
                for i in rows[j + 1] {
                    multiply(j, rows: bands.finerRows(of: i, scale: j + 1))
                    pooling.addAdjointRow(i, scale: j + 1, gradient: from + i * coarse.width, to: { to + $0 * fine.width })
                }
            }
        }
        return finite.load(ordering: .relaxed)
    }

    /// Calls `body` with each band of every plane of every image's scales, `levels[n]` (image n's planes at each
    /// scale), on the workers: about four bands per worker in all.
    private static func forEachBand(
        of levels: [[UnsafeMutablePointer<S>]], pooling: FastPooling<S>, fast: FastSSIM,
        _ body: @Sendable (_ levels: [UnsafeMutablePointer<S>], _ plane: Int, _ rows: [Range<Int>], _ bands: FastPyramidBands) -> Void
    ) {
        let shapes = pooling.shapes, planes = shapes[0].planes, images = levels.count
        let bands = FastPyramidBands(
            heights: shapes.map(\.height), rowSources: pooling.rowSources,
            count: (4 * fast.threads + images * planes - 1) / (images * planes))
        let shared = FastLevels(levels: levels), count = bands.rows.count
        fast.forEachUnit(images * planes * count, pixels: images * shapes[0].count) { unit in
            let image = unit / (planes * count), plane = unit / count % planes
            body(shared.levels[image], plane, bands.rows[unit % count], bands)
        }
    }
}

/// The scales of several images or of their gradients, shared by the workers that pool them or carry gradients back.
///
/// `@unchecked Sendable`: each worker writes the rows of the bands it took alone, and reads those and the finest
/// scale's.
private struct FastLevels<S>: @unchecked Sendable {
    let levels: [[UnsafeMutablePointer<S>]]
}
