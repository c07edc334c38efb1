#if canImport(Glibc)
import Glibc
#endif

/// Backing for large output buffers that the kernel fills once.
///
/// An output of an image's size (a gradient, a map) is fresh memory on every call: each of its 4 KiB pages costs the
/// process a page fault when first written, and at 1080p these faults took about a fifth of a call with gradients
/// (`perf stat` of `ssim-conform bench --gradient --runs 9`: 139,525 page faults and 1005 ms of task clock without
/// the advice, 20,590 and 799 ms with it). Where the kernel offers transparent huge pages on request
/// (`/sys/kernel/mm/transparent_hugepage/enabled` set to `madvise` or `always`), the 2 MiB-aligned part of such a
/// buffer is asked to be backed by 2 MiB pages: one fault where there were 512.
enum HugePages {
    /// The size of one huge page on x86-64 and arm64 Linux.
    static let size = 2 << 20

    /// Advises the kernel to back the whole huge pages inside `buffer` with huge pages; does nothing for a buffer that
    /// holds none, or on a system without `madvise(MADV_HUGEPAGE)`. The advice changes no value: only how the
    /// memory is mapped.
    static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard let base = buffer.baseAddress else { return }
        let start = (Int(bitPattern: base) + size - 1) / size * size
        let end = (Int(bitPattern: base) + buffer.count) / size * size
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        // Advice only: where it is refused (no transparent huge pages), the buffer is mapped as before.
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }

    /// An output of `count` elements for a kernel that writes every one: not initialised, its huge pages advised.
    static func output<S: FastSSIMScalar>(_ count: Int) -> [S] {
        [S](unsafeUninitializedCapacity: count) { buffer, initialized in
            advise(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }
}
