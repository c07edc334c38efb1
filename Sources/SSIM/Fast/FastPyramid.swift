/// An image at every scale of an MS-SSIM pyramid, in `S`, for the fast implementation: the image itself, then each
/// scale downsampled from the one before by the convention's rule (``MSSSIMDownsampling``), with the reference's
/// arithmetic: each output is ((a + b)/2 + (c + d)/2)/2 of its sources along W, then along H, a missing source
/// standing for a zero. Planes are downsampled on the workers, each plane through all its scales by one worker.
///
/// `@unchecked Sendable`: the finest scale is the caller's image, which it keeps alive and unchanged while the
/// pyramid is used; the coarser scales are allocated here and written only while the pyramid is made.
struct FastPyramid<S: FastSSIMScalar>: @unchecked Sendable {
    let shapes: [Shape]
    /// Each scale's planes, finest first.
    private let levels: [UnsafePointer<S>]
    /// The coarser scales' storage.
    private let storage: UnsafeMutablePointer<S>?
    /// Each scale's sources along H and along W in the finer scale (j ≥ 1; index 0 is unused): pairs of indices,
    /// −1 for a zero.
    private let rowSources: [[(Int, Int)]]
    private let columnSources: [[(Int, Int)]]
    /// Each scale's columns whose two sources are neighbours, from `first` to `end` (all but at most one at each
    /// end), output column c reading columns shift + 2c and shift + 2c + 1: averaged by `fast_pool_row` without a
    /// test per column.
    private let interior: [(first: Int, end: Int, shift: Int)]
    private let instructions: FastSSIM.InstructionSet

    /// The pyramid of the (B, C, H, W) image at `image` (of `shapes[0]`), for the scales `shapes`.
    init(fast: FastSSIM, shapes: [Shape], rule: MSSSIMDownsampling, _ image: UnsafePointer<S>) {
        self.shapes = shapes
        func sources(_ n: Int, _ shape: Shape) -> [(Int, Int)] {
            rule.pairs(n, imageHasOddSide: shape.height % 2 == 1 || shape.width % 2 == 1).map { ($0.0 ?? -1, $0.1 ?? -1) }
        }
        rowSources = [[]] + shapes.dropLast().map { sources($0.height, $0) }
        columnSources = [[]] + shapes.dropLast().map { sources($0.width, $0) }
        interior = columnSources.map { columns in
            func neighbours(_ pair: (Int, Int)) -> Bool { pair.0 >= 0 && pair.1 == pair.0 + 1 }
            guard let first = columns.firstIndex(where: neighbours) else { return (0, 0, 0) }
            return (first, columns.lastIndex(where: neighbours)! + 1, columns[first].0 - 2 * first)
        }
        instructions = fast.instructions
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
        let planes = shapes[0].planes, queue = BandQueue(count: planes)
        fast.perform(workers: fast.workers(units: planes, pixels: shapes[0].count)) { [self] in
            while let plane = queue.next() {
                for j in 1..<shapes.count { downsample(plane: plane, into: j) }
            }
        }
    }

    /// Scale `j`'s planes.
    func level(_ j: Int) -> UnsafePointer<S> { levels[j] }

    func deallocate() { storage?.deallocate() }

    /// Plane `plane` of scale `j` from scale j − 1.
    private func downsample(plane: Int, into j: Int) {
        let (fine, coarse) = (shapes[j - 1], shapes[j])
        let source = levels[j - 1] + plane * fine.planeSize
        let output = UnsafeMutablePointer(mutating: levels[j]) + plane * coarse.planeSize
        let columns = columnSources[j], (first, end, shift) = interior[j]
        for (i, (h1, h2)) in rowSources[j].enumerated() {
            let a = h1 < 0 ? nil : source + h1 * fine.width, b = h2 < 0 ? nil : source + h2 * fine.width
            let out = output + i * coarse.width
            func value(_ row: UnsafePointer<S>?, _ column: Int) -> S { row == nil || column < 0 ? 0 : row![column] }
            func edge(_ c: Int) {
                let (w1, w2) = columns[c]
                out[c] = ((value(a, w1) + value(a, w2)) / 2 + (value(b, w1) + value(b, w2)) / 2) / 2
            }
            for c in 0..<first { edge(c) }
            if let a, let b {
                S.poolRow(instructions, a + shift + 2 * first, b + shift + 2 * first, out + first, count: end - first)
            } else {
                for c in first..<end { edge(c) }
            }
            for c in end..<columns.count { edge(c) }
        }
    }

    /// Adds to `fine`, gradients with respect to scale `j`, those in `coarse` (with respect to scale j + 1) carried
    /// back through the downsampling's adjoint: each coarse element's gradient, quartered, to each of its sources
    /// (twice to a source it counts twice, none to a zero). Planes on the workers.
    func addAdjoint(of coarse: UnsafePointer<S>, to fine: UnsafeMutablePointer<S>, scale j: Int, fast: FastSSIM) {
        let (fineShape, coarseShape) = (shapes[j], shapes[j + 1])
        let rows = rowSources[j + 1], columns = columnSources[j + 1], (first, end, shift) = interior[j + 1]
        let planes = fineShape.planes, queue = BandQueue(count: planes)
        let pointers = FastGradientLevels(coarse: coarse, fine: fine)
        fast.perform(workers: fast.workers(units: planes, pixels: fineShape.count)) { [instructions] in
            while let plane = queue.next() {
                let from = pointers.coarse + plane * coarseShape.planeSize
                let to = pointers.fine + plane * fineShape.planeSize
                for (i, (h1, h2)) in rows.enumerated() {
                    let gradient = from + i * coarseShape.width
                    func add(to h: Int) {
                        guard h >= 0 else { return }
                        let row = to + h * fineShape.width
                        S.unpoolRow(instructions, gradient + first, row + shift + 2 * first, count: end - first)
                        func edge(_ c: Int) {
                            let (w1, w2) = columns[c], share = gradient[c] / 4
                            if w1 >= 0 { row[w1] += share }
                            if w2 >= 0 { row[w2] += share }
                        }
                        for c in 0..<first { edge(c) }
                        for c in end..<columns.count { edge(c) }
                    }
                    add(to: h1)
                    add(to: h2)
                }
            }
        }
    }
}

/// The gradients of two adjacent scales of one image, shared by the workers of ``FastPyramid/addAdjoint(of:to:scale:fast:)``.
///
/// `@unchecked Sendable`: the coarse gradients are only read, and each worker adds to the planes it took alone.
private struct FastGradientLevels<S>: @unchecked Sendable {
    let coarse: UnsafePointer<S>
    let fine: UnsafeMutablePointer<S>
}
