/// Lines along one axis of a blur, held in a buffer: the rows of a plane, or the planes of a volume, each a run of
/// `stride` elements. Line i is at `base + slot·stride`, its slot i modulo ``ring`` in a ring of lines (the rings of
/// blurred rows and planes, which hold the last lines a window covers), or i − ``origin`` in a buffer that holds every
/// line from `origin` on.
struct FastLines<S> {
    let base: UnsafeMutablePointer<S>
    /// Elements from one line to the next.
    let stride: Int
    /// The ring's slots; 0 for lines that are not a ring.
    let ring: Int
    /// The first line of a buffer that is not a ring.
    let origin: Int

    /// A ring of `ring` lines.
    init(ring base: UnsafeMutablePointer<S>, stride: Int, slots ring: Int) {
        (self.base, self.stride, self.ring, origin) = (base, stride, ring, 0)
    }

    /// The lines from `origin` on, one after the other.
    init(_ base: UnsafeMutablePointer<S>, stride: Int, from origin: Int) {
        (self.base, self.stride, ring, self.origin) = (base, stride, 0, origin)
    }

    subscript(line: Int) -> UnsafeMutablePointer<S> { base + (ring > 0 ? line % ring : line - origin) * stride }
}
