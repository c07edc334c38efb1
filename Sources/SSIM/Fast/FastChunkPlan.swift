/// How the fast MS-SSIM's forward pass cuts each plane into chunks of rows that a worker computes at every scale
/// from the finest image alone, holding only the chunk's rows of the coarser scales: what it sums, and what it holds.
///
/// Chunk c owns, at scale j, the map rows (in image rows) from ⌊c·R / 2ʲ⌋ to ⌊(c + 1)·R / 2ʲ⌋ (the last chunk to
/// the map's end), R rows of the finest scale apart: at every scale each map row is owned by one chunk, so every row
/// sum is computed once. It holds, at each scale, the image rows its map rows read (r on either side) and, at the
/// finer scales, also those its coarser rows are pooled from. The chunks of a plane are cut into segments, each
/// computed top to bottom by one worker, which pools each held row once (``FastHeldRows``); rows near a segment's
/// start are pooled again by it, those at the coarser scales with the window's reach at each (a few percent more
/// pooling). R is at most ``maximumRows``, so that a worker holds a few hundred rows of the image's width whatever
/// its height.
struct FastChunkPlan: Sendable {
    /// The rows of each scale one chunk owns and holds.
    struct Chunk: Sendable {
        /// Each scale's map rows (in image rows) whose sums this chunk computes; possibly empty.
        let owned: [Range<Int>]
        /// Each scale's image rows this chunk reads: those its map rows read and those its coarser rows are
        /// pooled from (from one chunk to the next they move down, but for chunks of a few rows near the top,
        /// where ``FastHeldRows`` starts afresh).
        let held: [Range<Int>]
    }

    let chunks: [Chunk]
    /// The chunks of each segment.
    let segments: [Range<Int>]
    /// The most rows any chunk holds of each scale.
    let capacity: [Int]

    /// The finest scale's rows per chunk at most.
    static let maximumRows = 256

    /// The plan for `segments` segments of each plane (fewer for a short image), for the scales of `geometries`,
    /// pooled by `pooling`.
    init<S>(segments: Int, geometries: [FastGeometry], pooling: FastPooling<S>) {
        let height = geometries[0].height
        let rows = min(Self.maximumRows, (height + segments - 1) / max(segments, 1))
        let chunkCount = (height + rows - 1) / rows
        let chunks = (0..<chunkCount).map { c in
            let owned = geometries.indices.map { j in
                let g = geometries[j], end = g.height - g.crop
                let first = max(g.crop, (c * rows) >> j), last = c + 1 == chunkCount ? end : min(end, ((c + 1) * rows) >> j)
                return first..<max(first, last)
            }
            var held = [Range<Int>](repeating: 0..<0, count: geometries.count)
            for j in geometries.indices.reversed() {
                let g = geometries[j]
                let read = owned[j].isEmpty
                    ? 0..<0 : max(0, owned[j].lowerBound - g.radius)..<min(g.height, owned[j].upperBound + g.radius)
                let pooledFrom = j + 1 < geometries.count ? pooling.sources(ofRows: held[j + 1], scale: j + 1) : 0..<0
                held[j] = Self.hull(read, pooledFrom)
            }
            return Chunk(owned: owned, held: held)
        }
        let segmentCount = min(max(segments, 1), chunkCount)
        self.segments = (0..<segmentCount).map { s in (s * chunkCount / segmentCount)..<((s + 1) * chunkCount / segmentCount) }
        self.chunks = chunks
        capacity = geometries.indices.map { j in chunks.map { $0.held[j].count }.max() ?? 0 }
    }

    /// The smallest range holding both (either may be empty).
    private static func hull(_ a: Range<Int>, _ b: Range<Int>) -> Range<Int> {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        return min(a.lowerBound, b.lowerBound)..<max(a.upperBound, b.upperBound)
    }
}
