import SSIMAdapterProtocol
import SSIMVectors

/// The kinds of file the suite reads without having written them, each with its reader: what the reader process
/// (`ssim-conform _read-untrusted KIND FILE`) is told to read a file as.
public enum UntrustedFileKind: String, CaseIterable, Sendable {
    /// An adapter-protocol request (``AdapterRequest``), as `eval` reads it.
    case request
    /// An adapter's response (``AdapterResponse``), as the runner reads it.
    case response
    /// A golden-vector file (``VectorFile``), as `certify` reads it.
    case vectors

    /// Reads `file` as this kind in this process, unprotected: what the reader process does, so that a crash inside
    /// HDF5 ends that process and not the caller's. Everyone else reads through ``UntrustedFile``.
    ///
    /// - Throws: the reader's error, naming the file.
    public func readHere(_ file: String) throws {
        switch self {
        case .request: _ = try AdapterRequest.read(from: file)
        case .response: _ = try AdapterResponse.read(from: file)
        case .vectors: _ = try VectorFile.read(from: file)
        }
    }
}
