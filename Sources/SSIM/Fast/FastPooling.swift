/// How the fast implementation halves an image between MS-SSIM's scales (``MSSSIMDownsampling``), row by row, with
/// the reference's arithmetic: each output is ((a + b)/2 + (c + d)/2)/2 of its sources along W, then along H, a
/// missing source standing for a zero; and its adjoint, which carries gradients back to the finer scale.
///
/// Rows are pooled one at a time from any two rows of the finer scale, wherever they are held (a whole pyramid, or
/// the few rows a worker pools for a chunk of the image), so that every holder computes the same bits.
struct FastPooling<S: FastSSIMScalar>: Sendable {
    let shapes: [Shape]
    /// Each scale's sources along H and along W in the finer scale (j ≥ 1; index 0 is unused): pairs of indices,
    /// −1 for a zero. The pairs of one axis are disjoint (pooling by 2 with a stride of 2): each finer row or column
    /// feeds one output.
    let rowSources: [[(Int, Int)]]
    private let columnSources: [[(Int, Int)]]
    /// Each scale's columns whose two sources are neighbours, from `first` to `end` (all but at most one at each
    /// end), output column c reading columns shift + 2c and shift + 2c + 1: averaged by `fast_pool_row` without a
    /// test per column.
    private let interior: [(first: Int, end: Int, shift: Int)]
    private let instructions: FastSSIM.InstructionSet

    init(shapes: [Shape], rule: MSSSIMDownsampling, instructions: FastSSIM.InstructionSet) {
        self.shapes = shapes
        self.instructions = instructions
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
    }

    /// The rows of scale j − 1 that rows `rows` of scale `j` are pooled from: the smallest range holding them
    /// (empty for none).
    func sources(ofRows rows: Range<Int>, scale j: Int) -> Range<Int> { Self.sources(of: rows, in: rowSources[j]) }

    /// The smallest range holding the sources (by `pairs`, −1 for a zero) of lines `lines` (empty for none).
    static func sources(of lines: Range<Int>, in pairs: [(Int, Int)]) -> Range<Int> {
        // A loop rather than collections of the sources: the chunk plans ask this of every chunk at every scale.
        var (low, high) = (Int.max, -1)
        func include(_ source: Int) {
            if source >= 0 { (low, high) = (min(low, source), max(high, source)) }
        }
        for line in lines {
            include(pairs[line].0)
            include(pairs[line].1)
        }
        return high < 0 ? 0..<0 : low..<(high + 1)
    }

    /// Row `i` of scale `j` into `out`, from the rows of scale j − 1 that `fine` gives by index.
    func poolRow(_ i: Int, scale j: Int, from fine: (Int) -> UnsafePointer<S>, into out: UnsafeMutablePointer<S>) {
        let (h1, h2) = rowSources[j][i]
        let a = h1 < 0 ? nil : fine(h1), b = h2 < 0 ? nil : fine(h2)
        let columns = columnSources[j], (first, end, shift) = interior[j]
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

    /// Adds to the rows of scale j − 1 that `fine` gives by index the gradient `gradient` with respect to row `i` of
    /// scale `j`, carried back through the pooling's adjoint: each element's gradient, quartered, to each of its
    /// sources (twice to a source it counts twice, none to a zero).
    func addAdjointRow(
        _ i: Int, scale j: Int, gradient: UnsafePointer<S>, to fine: (Int) -> UnsafeMutablePointer<S>
    ) {
        let columns = columnSources[j], (first, end, shift) = interior[j]
        let (h1, h2) = rowSources[j][i]
        for h in [h1, h2] where h >= 0 {
            let row = fine(h)
            S.unpoolRow(instructions, gradient + first, row + shift + 2 * first, count: end - first)
            func edge(_ c: Int) {
                let (w1, w2) = columns[c], share = gradient[c] / 4
                if w1 >= 0 { row[w1] += share }
                if w2 >= 0 { row[w2] += share }
            }
            for c in 0..<first { edge(c) }
            for c in end..<columns.count { edge(c) }
        }
    }
}
