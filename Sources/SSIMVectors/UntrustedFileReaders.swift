import Foundation
import HDF5
import SSIMAdapterProtocol

/// Every reader of a file the suite did not write: a request, a response, a vector file.
///
/// The fuzz soak (`ssim-conform fuzz-readers`) and its replayed corpus (`Tests/SSIMVectorsTests/FuzzCorpus`) feed
/// arbitrary bytes to all three; the contract is that each returns or throws an error naming the file, and never
/// crashes, hangs or allocates more than `HDF5Limits` allows.
public enum UntrustedFileReaders {
    /// Reads `path` as a request, a response and a vector file, each first in a child process
    /// (``HDF5CrashIsolation``), and returns what each reader said: "ok" or its error.
    public static func readAll(_ path: String) -> [String] {
        [
            outcome(path) { _ = try AdapterRequest.read(from: path) },
            outcome(path) { _ = try AdapterResponse.read(from: path) },
            outcome(path) { _ = try VectorFile.read(from: path) },
        ]
    }

    private static func outcome(_ path: String, _ body: () throws -> Void) -> String {
        do {
            try HDF5CrashIsolation.read(path, timeout: 60, body)
            return "ok"
        } catch {
            return "\(error)"
        }
    }
}
