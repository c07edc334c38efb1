/// Every scale's rows of one plane of an MS-SSIM pyramid cut into bands that each hold, at every scale, the sources
/// of their coarser rows: a band pools its rows from the finest scale to the coarsest, and carries gradients back from
/// the coarsest to the finest, reading no row of another band, so that one worker takes a band through every scale
/// while its rows are in cache (``FastPyramid``).
///
/// Band k holds rows [a, b) of the coarsest scale; at each finer scale, the rows from the end of the sources of the
/// coarser row before a to the end of those of row b − 1 (the plane's end for the last row). Pooling pairs rows
/// disjointly and in order (``MSSSIMDownsampling/pairs(_:imageHasOddSide:)``), so these are every row once, each with
/// the coarser row it feeds.
struct FastPyramidBands: Sendable {
    /// `rows[k][j]`: band k's rows at scale j.
    let rows: [[Range<Int>]]
    /// `ends[j][i]` for j ≥ 1: the end of scale j − 1's rows that belong with scale j's rows up to i (the end of row i's
    /// sources, at least that of the rows before it; the plane's end for the last row). `ends[0]` is empty.
    let ends: [[Int]]

    /// At most `count` bands (one per row of the coarsest scale at most) of the scales of heights `heights`, pooled
    /// from the rows `rowSources[j]` of the scale before (``FastPooling/rowSources``).
    init(heights: [Int], rowSources: [[(Int, Int)]], count: Int) {
        var ends: [[Int]] = [[]]
        for j in heights.indices.dropFirst() {
            var scale: [Int] = []
            for (i, (h1, h2)) in rowSources[j].enumerated() {
                let end = i + 1 == heights[j] ? heights[j - 1] : max(h1, h2) + 1
                scale.append(max(scale.last ?? 0, end))
            }
            ends.append(scale)
        }
        let coarsest = heights.count - 1, bands = max(1, min(count, heights[coarsest]))
        rows = (0..<bands).map { k in
            var band = [heights[coarsest] * k / bands..<heights[coarsest] * (k + 1) / bands]
            for j in stride(from: coarsest, to: 0, by: -1) {
                let coarse = band[0]
                band.insert((coarse.lowerBound == 0 ? 0 : ends[j][coarse.lowerBound - 1])..<ends[j][coarse.upperBound - 1], at: 0)
            }
            return band
        }
        self.ends = ends
        for band in rows {
            for j in heights.indices.dropFirst() {
                for i in band[j] {
                    let (h1, h2) = rowSources[j][i]
                    func held(_ h: Int) -> Bool { h < 0 || band[j - 1].contains(h) }
                    precondition(held(h1) && held(h2), "pooling reads rows across the bands of its pyramid: \(rowSources[j])")
                }
            }
        }
    }

    /// The rows of scale j − 1 (`j` ≥ 1) that belong with row `i` of scale j: those after the rows of row i − 1.
    func finerRows(of i: Int, scale j: Int) -> Range<Int> { (i == 0 ? 0 : ends[j][i - 1])..<ends[j][i] }
}
