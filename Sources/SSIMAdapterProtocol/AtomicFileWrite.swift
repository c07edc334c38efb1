import Foundation
import HDF5

/// Writes an HDF5 file so that `path` either does not exist or holds the whole file: the content goes to a
/// temporary file beside it, which is flushed, synced and renamed into place. An existing `path` is an error,
/// never overwritten.
func writeAtomically(to path: String, _ body: (HDF5File) throws -> Void) throws {
    if FileManager.default.fileExists(atPath: path) {
        throw AdapterFileError(file: path, object: "/", detail: "the file exists and will not be overwritten")
    }
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(
        ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString).partial"
    ).path
    do {
        try withExtendedLifetime(try HDF5File.create(temporary)) { file in
            try body(file)
            try file.flush()
        }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: temporary))
        try handle.synchronize()
        try handle.close()
        // link(2) semantics: fails rather than replace a file that appeared meanwhile.
        try FileManager.default.linkItem(atPath: temporary, toPath: path)
        try FileManager.default.removeItem(atPath: temporary)
    } catch {
        try? FileManager.default.removeItem(atPath: temporary)
        throw error
    }
}
