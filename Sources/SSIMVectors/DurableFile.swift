import Foundation

/// Writing files so that a crash or a kill at any moment leaves either the old content or the new, whole and on
/// disk: write to a temporary name beside the destination, fsync the file, rename it over the destination, fsync
/// the folder (so the rename itself survives a power cut).
public enum DurableFile {
    /// Replaces `url` with `data` atomically and durably.
    public static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString).partial")
        do {
            try data.write(to: temporary)
            try sync(temporary.path)
            guard rename(temporary.path, url.path) == 0 else { throw failure("cannot rename \(temporary.path) to \(url.path)") }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        try sync(url.deletingLastPathComponent().path)
    }

    /// fsync(2) of a file or folder: its content (for a folder, its entries) is on disk when this returns.
    public static func sync(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot open \(path) to sync it") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("cannot sync \(path)") }
    }

    private static func failure(_ what: String) -> VectorStoreError {
        VectorStoreError("\(what): \(String(cString: strerror(errno)))")
    }
}
