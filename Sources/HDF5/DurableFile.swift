import Foundation

/// Writing a file so that a crash, a kill or a power cut at any moment leaves at its path either what was there or
/// the whole new content, never a part of it: the content goes to a temporary file beside the path (on the same
/// file system, so that the last step is atomic), which is fsynced and then moved into place, and the folder is
/// fsynced so that the move is on disk too. The one writer of the files the suite keeps or hands over: requests and
/// responses, the vectors' manifest, reports and reproducers.
public enum DurableFile {
    /// Writes `path` with what `fill` writes to the temporary path it is given; `fill` has closed the file when it
    /// returns.
    ///
    /// Without `overwrite`, an existing file at `path` is refused and never replaced, even one that appears while
    /// `fill` runs (the temporary file is hard-linked into place, which fails rather than replace); with
    /// `overwrite`, the temporary file is renamed over `path`. The temporary file does not outlive the call.
    ///
    /// - Throws: ``DurableFileError`` naming the file, or what `fill` throws.
    public static func write(to path: String, overwrite: Bool, _ fill: (String) throws -> Void) throws {
        guard overwrite || !FileManager.default.fileExists(atPath: path) else { throw DurableFileError(.exists, path: path) }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString).partial").path
        // Once linked or renamed the name is no longer needed; on a failure the partial file goes.
        defer { unlink(temporary) }
        try fill(temporary)
        try sync(temporary)
        if overwrite {
            guard rename(temporary, path) == 0 else { throw DurableFileError(.move, path: path, code: errno) }
        } else {
            guard link(temporary, path) == 0 else {
                throw errno == EEXIST ? DurableFileError(.exists, path: path) : DurableFileError(.move, path: path, code: errno)
            }
        }
        try sync(folder)
    }

    /// Writes `data` to `path` (see ``write(to:overwrite:_:)``).
    public static func write(_ data: Data, to path: String, overwrite: Bool) throws {
        try write(to: path, overwrite: overwrite) { try data.write(to: URL(fileURLWithPath: $0)) }
    }

    /// Writes a new HDF5 file at `path` with what `body` puts in it (see ``write(to:overwrite:_:)``); the file is
    /// flushed and closed before it is synced.
    public static func writeHDF5(to path: String, overwrite: Bool, _ body: (HDF5File) throws -> Void) throws {
        try write(to: path, overwrite: overwrite) { temporary in
            try withExtendedLifetime(try HDF5File.create(temporary)) { file in
                try body(file)
                try file.flush()
            }
        }
    }

    /// fsync(2) of a file or folder: its content (for a folder, its entries) is on disk when this returns.
    public static func sync(_ path: String) throws(DurableFileError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw DurableFileError(.open, path: path, code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw DurableFileError(.sync, path: path, code: errno) }
    }
}
