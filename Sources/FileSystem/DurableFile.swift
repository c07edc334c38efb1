import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Writing a file so that a crash, a kill or a power cut at any moment leaves at its path either what was there or
/// the whole new content, never a part of it: the content goes to a temporary file beside the path (on the same
/// file system, so that the last step is atomic), which is fsynced and then moved into place, and the folder is
/// fsynced so that the move is on disk too. The one writer of the files the suite keeps or hands over: requests and
/// responses (through the HDF5 layer's `DurableFile.writeHDF5`), the vectors' manifest, reports and reproducers.
public enum DurableFile {
    /// Writes `path` with what `fill` writes to the temporary path it is given; `fill` has closed the file when it
    /// returns.
    ///
    /// Without `overwrite`, an existing file at `path` is refused and never replaced, even one that appears while
    /// `fill` runs (the temporary file is hard-linked into place, which fails rather than replace); with
    /// `overwrite`, the temporary file is renamed over `path`. The temporary file does not outlive the call.
    ///
    /// - Throws: ``FileSystemError`` naming the file, or what `fill` throws.
    public static func write(to path: String, overwrite: Bool, _ fill: (String) throws -> Void) throws {
        let (temporary, folder) = try prepare(path, overwrite: overwrite)
        // Once linked or renamed the name is no longer needed; on a failure the partial file goes.
        defer { unlink(temporary) }
        try fill(temporary)
        try place(temporary, at: path, folder: folder, overwrite: overwrite)
    }

    /// Writes `data` to `path` (see ``write(to:overwrite:_:)``).
    ///
    /// - Throws: ``FileSystemError`` naming the file.
    public static func write(_ data: Data, to path: String, overwrite: Bool) throws(FileSystemError) {
        let (temporary, folder) = try prepare(path, overwrite: overwrite)
        defer { unlink(temporary) }
        try writeContent(data, to: temporary, naming: path)
        try place(temporary, at: path, folder: folder, overwrite: overwrite)
    }

    /// fsync(2) of a file or folder: its content (for a folder, its entries) is on disk when this returns.
    ///
    /// - Throws: ``FileSystemError`` naming the file or folder.
    public static func sync(_ path: String) throws(FileSystemError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystemError(.open, path: path, code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw FileSystemError(.sync, path: path, code: errno) }
    }

    /// Refuses an existing `path` unless `overwrite`; the temporary path beside it, and its folder.
    private static func prepare(_ path: String, overwrite: Bool) throws(FileSystemError) -> (temporary: String, folder: String) {
        guard overwrite || !FileManager.default.fileExists(atPath: path) else { throw FileSystemError(.exists, path: path) }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString).partial").path
        return (temporary, folder)
    }

    /// Syncs the written temporary file, links or renames it to `path`, and syncs the folder.
    private static func place(_ temporary: String, at path: String, folder: String, overwrite: Bool) throws(FileSystemError) {
        try sync(temporary)
        if overwrite {
            guard rename(temporary, path) == 0 else { throw FileSystemError(.move, path: path, code: errno) }
        } else {
            guard link(temporary, path) == 0 else {
                throw errno == EEXIST ? FileSystemError(.exists, path: path) : FileSystemError(.move, path: path, code: errno)
            }
        }
        try sync(folder)
    }

    /// Creates the temporary file (as `Data.write(to:)` would: mode 0666 less the umask) and writes `data` to it;
    /// a failure names `path`, the file being written.
    private static func writeContent(_ data: Data, to temporary: String, naming path: String) throws(FileSystemError) {
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw FileSystemError(.write, path: path, code: errno) }
        defer { close(descriptor) }
        let code: Int32 = data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
        guard code == 0 else { throw FileSystemError(.write, path: path, code: code) }
    }
}
