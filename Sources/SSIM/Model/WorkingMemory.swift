import FoundationEssentials
import Glibc

/// The memory an SSIM computation needs beyond its inputs, checked against the machine's before it is asked for.
///
/// Each implementation knows what it allocates and checks it itself: the reference holds whole planes of doubles,
/// the fast implementation only the outputs asked for and a few rows per worker. A caller that allocates images
/// itself (a benchmark drawing random inputs) checks them here first, with the same error.
public enum WorkingMemory {
    /// Checks that `planes` arrays of `shape`'s element count, of `bytesPerElement` bytes each, fit in this machine's
    /// physical memory.
    ///
    /// - Throws: ``SSIMError/tooLarge(shape:bytes:available:)`` naming the shape and both sizes.
    public static func check(_ shape: Shape, planes: Int, bytesPerElement: Int) throws(SSIMError) {
        try check(dimensions: shape.dimensions, planes: planes, bytesPerElement: bytesPerElement)
    }

    /// ``check(_:planes:bytesPerElement:)`` for a tensor of any rank (a batch of volumes).
    public static func check(dimensions shape: [Int], planes: Int, bytesPerElement: Int) throws(SSIMError) {
        // In Double: a hostile shape's product may overflow Int, and a rough size is all that is compared.
        let bytes = shape.reduce(Double(planes * bytesPerElement)) { $0 * Double($1) }
        let available = Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
        guard available <= 0 || bytes <= available else {
            throw .tooLarge(shape: shape, bytes: bytes, available: available)
        }
    }
}
