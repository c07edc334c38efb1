import Glibc

/// A file the suite could not write or put in place (``DurableFile``): names it, the step that failed and the
/// system's reason, like swift-system's `Errno` with the path and the step beside the code.
public struct FileSystemError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The step that failed.
    public enum Kind: Sendable {
        /// The file exists and the caller asked not to overwrite it.
        case exists
        /// Creating or writing the file's content.
        case write
        /// Opening the file or folder to sync it.
        case open
        /// fsync(2) of the file or folder.
        case sync
        /// Linking or renaming the temporary file into place.
        case move
    }

    public let kind: Kind
    /// The file (or, for `open` and `sync`, the file or folder) concerned.
    public let path: String
    /// The errno value the system gave; 0 for `exists`.
    public let code: Int32

    public init(_ kind: Kind, path: String, code: Int32 = 0) {
        self.kind = kind
        self.path = path
        self.code = code
    }

    public var description: String {
        let reason = String(cString: strerror(code))
        return switch kind {
        case .exists: "\(path): the file exists and will not be overwritten"
        case .write: "cannot write \(path): \(reason)"
        case .open: "cannot open \(path) to sync it: \(reason)"
        case .sync: "cannot sync \(path): \(reason)"
        case .move: "cannot move a new \(path) into place: \(reason)"
        }
    }
}
