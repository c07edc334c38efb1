/// How the fast MS-SSIM's forward passes cut each plane of images (or each channel volume) into chunks of lines
/// (image rows, or a volume's depth planes) that a worker computes at every scale from the finest scale alone,
/// holding only the chunk's lines of the coarser scales: what it sums, and what it holds.
///
/// Chunk c owns, at scale j, the map lines (in image lines) from ⌊c·R / 2ʲ⌋ to ⌊(c + 1)·R / 2ʲ⌋ (the last chunk to
/// the map's end), R lines of the finest scale apart: at every scale each map line is owned by one chunk, so every
/// sum is computed once. It holds, at each scale, the image lines its map lines read (r on either side) and, at the
/// finer scales, also those its coarser lines are pooled from. The chunks of a plane are cut into segments, each
/// computed in order by one worker, which pools each held line once (``FastHeldRows``); lines near a segment's start
/// are pooled again by it, those at the coarser scales with the window's reach at each (a few percent more pooling).
/// R is at most ``maximumRows`` rows of an image, ``maximumPlanes`` depth planes of a volume, so that a worker holds
/// a bounded number of lines whatever the image's height or the volume's depth.
struct FastChunkPlan: Sendable {
    /// The lines of each scale one chunk owns and holds.
    struct Chunk: Sendable {
        /// Each scale's map lines (in image lines) whose sums this chunk computes; possibly empty.
        let owned: [Range<Int>]
        /// Each scale's image lines this chunk reads: those its map lines read and those its coarser lines are
        /// pooled from (from one chunk to the next they move on, but for chunks of a few lines near the start,
        /// where ``FastHeldRows`` starts afresh).
        let held: [Range<Int>]
    }

    /// One scale along the axis cut: its lines, the lines the map drops at each end, and the window's reach.
    struct Axis {
        let length: Int
        let crop: Int
        let radius: Int
    }

    let chunks: [Chunk]
    /// The chunks of each segment.
    let segments: [Range<Int>]
    /// The most lines any chunk holds of each scale.
    let capacity: [Int]

    /// The finest scale's rows per chunk of an image at most.
    static let maximumRows = 256
    /// The finest scale's depth planes per chunk of a volume at most: a plane holds a whole image, so fewer, but
    /// enough that the planes within the window's reach of a chunk, blurred along W and H again by the next chunk,
    /// cost a few percent.
    static let maximumPlanes = 32

    /// How many segments to cut each of `planes` planes (or channel volumes) into for `threads` workers: about four
    /// per worker in all, enough that a worker slowed by other work leaves the rest to the others, few enough that
    /// little is pooled twice; and a whole number per worker, so that on a quiet machine none waits alone for the
    /// last (9 on 2 workers would leave one idle for a ninth of the time).
    static func segments(threads: Int, planes: Int) -> Int {
        let fewest = (4 * threads + planes - 1) / planes
        return (fewest..<(fewest + threads)).first { planes * $0 % threads == 0 } ?? fewest
    }

    /// The plan for `segments` segments of each plane of images (fewer for a short image), cut along H, for the
    /// scales of `geometries`, pooled by `pooling`.
    init<S>(segments: Int, geometries: [FastGeometry], pooling: FastPooling<S>) {
        self.init(
            segments: segments, axes: geometries.map { Axis(length: $0.height, crop: $0.crop, radius: $0.radius) },
            maximumLines: Self.maximumRows, sources: pooling.sources(ofRows:scale:))
    }

    /// The plan for `segments` segments of each channel volume (fewer for a shallow one), cut along D, for the
    /// scales `scales` of volumes of `dimensions` (B, C, D, H, W at each scale), pooled by `pooling`.
    init<S>(segments: Int, scales: [FastVolumeScale], dimensions: [[Int]], pooling: FastVolumePooling<S>) {
        self.init(
            segments: segments,
            axes: zip(scales, dimensions).map { Axis(length: $1[2], crop: $0.depthCrop, radius: $0.depthRadius) },
            maximumLines: Self.maximumPlanes, sources: pooling.sources(ofPlanes:scale:))
    }

    /// The plan for `segments` segments along `axes` (each scale's), chunks of at most `maximumLines` finest lines,
    /// scale j's lines `rows` pooled from scale j − 1's lines `sources(rows, j)`.
    private init(
        segments: Int, axes: [Axis], maximumLines: Int, sources: (_ lines: Range<Int>, _ scale: Int) -> Range<Int>
    ) {
        let length = axes[0].length
        let lines = min(maximumLines, (length + segments - 1) / max(segments, 1))
        let chunkCount = (length + lines - 1) / lines
        let chunks = (0..<chunkCount).map { c in
            let owned = axes.indices.map { j in
                let a = axes[j], end = a.length - a.crop
                let first = max(a.crop, (c * lines) >> j)
                let last = c + 1 == chunkCount ? end : min(end, ((c + 1) * lines) >> j)
                return first..<max(first, last)
            }
            var held = [Range<Int>](repeating: 0..<0, count: axes.count)
            for j in axes.indices.reversed() {
                let a = axes[j]
                let read = owned[j].isEmpty
                    ? 0..<0 : max(0, owned[j].lowerBound - a.radius)..<min(a.length, owned[j].upperBound + a.radius)
                let pooledFrom = j + 1 < axes.count ? sources(held[j + 1], j + 1) : 0..<0
                held[j] = Self.hull(read, pooledFrom)
            }
            return Chunk(owned: owned, held: held)
        }
        let segmentCount = min(max(segments, 1), chunkCount)
        self.segments = (0..<segmentCount).map { s in (s * chunkCount / segmentCount)..<((s + 1) * chunkCount / segmentCount) }
        self.chunks = chunks
        capacity = axes.indices.map { j in chunks.map { $0.held[j].count }.max() ?? 0 }
    }

    /// The smallest range holding both (either may be empty).
    private static func hull(_ a: Range<Int>, _ b: Range<Int>) -> Range<Int> {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        return min(a.lowerBound, b.lowerBound)..<max(a.upperBound, b.upperBound)
    }
}
