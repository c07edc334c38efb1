import CHDF5
import Glibc

/// Process-wide access to the HDF5 C library.
///
/// Every call into HDF5 goes through ``withLock(_:)``: Debian's serial build may be built without thread safety,
/// and where it has it, the error-printing setting is per thread. The lock is recursive so that a locked
/// operation may call another.
enum HDF5Library {
    private static let lock = RecursiveLock()

    /// Done once, before the first call: filter plugins are switched off, so that a file naming a filter HDF5 does
    /// not build in cannot make this process load a shared library from `HDF5_PLUGIN_PATH` (reading such a
    /// dataset then fails instead).
    private static let initialised: Void = {
        _ = H5open()
        _ = H5PLset_loading_state(0)
    }()

    /// Runs `body` under the lock, after the one-time set-up. The closures of this layer's throwing calls declare
    /// `throws(HDF5Error)`: Swift does not infer a typed throw for a closure of several statements.
    static func withLock<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        initialised
        // Errors are reported as HDF5Error values; HDF5's own stack printout would only duplicate them.
        _ = H5Eset_auto2(chdf5_error_stack_default(), nil, nil)
        return try body()
    }
}

/// An HDF5 identifier that this process owns and closes exactly once.
final class HDF5Handle: @unchecked Sendable {
    let id: hid_t
    private let close: (hid_t) -> herr_t

    init(_ id: hid_t, close: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.close = close
    }

    deinit {
        HDF5Library.withLock { _ = close(id) }
    }
}
