import Glibc

/// The rows of one coarser scale of both images that a worker holds while it computes a segment of a plane's
/// chunks (``FastChunkPlan``) top to bottom: each chunk's rows are pooled once, those the next chunk reads again kept.
/// A volume's depth planes are held alike, each a row of H·W elements.
///
/// The rows sit one after the other in a buffer of twice the most rows a chunk holds: new rows are pooled after the
/// last held, and when they would not fit, the rows still held are first moved to the buffer's start (a move now and
/// then, not one per chunk). `fast_forward_rows` reads them from the first held row on (`fast_geometry.first_row`),
/// the volume kernel its planes from the first held plane on (``FastVolumeKernel/firstPlane``).
struct FastHeldRows<S: FastSSIMScalar> {
    let x: UnsafeMutablePointer<S>
    let y: UnsafeMutablePointer<S>
    let width: Int
    /// Rows the buffer has room for.
    let slots: Int
    /// The first held image row, and its slot.
    private var first = 0
    private var slot = 0
    private var count = 0

    /// Room for `slots` rows of `width` elements of each image, at `x` and `y`.
    init(x: UnsafeMutablePointer<S>, y: UnsafeMutablePointer<S>, width: Int, slots: Int) {
        (self.x, self.y, self.width, self.slots) = (x, y, width, slots)
    }

    /// Holds no row: a segment starts.
    mutating func empty() { (first, slot, count) = (0, 0, 0) }

    /// Holds image rows `rows` (at most half of ``slots``), calling `pool` for each one not yet held with the row's
    /// index and where to write it in each image: rows before them are dropped, and rows held are kept where `rows`
    /// starts at or after the first held and at or before the end of them (the next chunk of a segment); any other
    /// `rows` start afresh.
    mutating func hold(
        _ rows: Range<Int>, pool: (_ row: Int, _ x: UnsafeMutablePointer<S>, _ y: UnsafeMutablePointer<S>) -> Void
    ) {
        if rows.lowerBound < first || rows.lowerBound > first + count { (first, slot, count) = (rows.lowerBound, 0, 0) }
        let dropped = rows.lowerBound - first
        (first, slot, count) = (rows.lowerBound, slot + dropped, max(0, count - dropped))
        if slot + rows.count > slots {
            for image in [x, y] { memmove(image, image + slot * width, count * width * MemoryLayout<S>.stride) }
            slot = 0
        }
        for row in (first + count)..<rows.upperBound {
            let at = (slot + row - first) * width
            pool(row, x + at, y + at)
        }
        count = rows.count
    }

    /// Held row `row` of the first image.
    func xRow(_ row: Int) -> UnsafePointer<S> { UnsafePointer(x + (slot + row - first) * width) }

    /// Held row `row` of the second image.
    func yRow(_ row: Int) -> UnsafePointer<S> { UnsafePointer(y + (slot + row - first) * width) }
}
