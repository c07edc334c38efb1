import CLibCrypto
import FoundationEssentials

/// `MANIFEST.sha256`: the SHA-256 of every vector file, in the format of `sha256sum`, so that
/// `sha256sum -c MANIFEST.sha256` checks it too.
public struct VectorManifest: Equatable, Sendable {
    public static let fileName = "MANIFEST.sha256"

    /// File name → lowercase hex SHA-256.
    public let digests: [String: String]

    public init(digests: [String: String]) {
        self.digests = digests
    }

    /// The manifest of the given files of `directory`.
    public init(hashing files: [String], in directory: URL) throws {
        var digests: [String: String] = [:]
        for file in files {
            digests[file] = try Self.digest(of: directory.appendingPathComponent(file))
        }
        self.init(digests: digests)
    }

    /// The lowercase hex SHA-256 of the file at `url`, as `sha256sum` prints it.
    public static func digest(of url: URL) throws -> String {
        let data = try Data(contentsOf: url)
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let hashed = data.withUnsafeBytes { bytes in
            EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, EVP_sha256(), nil) == 1
        }
        // libcrypto fails only when it cannot allocate or a configuration disables SHA-256.
        guard hashed else { throw VectorStoreError(.cannotHash, "\(url.path): libcrypto could not compute its SHA-256") }
        return digest.prefix(Int(length)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// `<hex>  <file>` lines, sorted by file name.
    public var text: String {
        digests.sorted { $0.key < $1.key }.map { "\($0.value)  \($0.key)\n" }.joined()
    }

    /// Parses the text of a manifest.
    public init(parsing text: String) throws {
        var digests: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 64, parts[1].hasPrefix(" ") else {
                throw VectorStoreError(.badManifest, "\(Self.fileName) line \(number + 1): expected \"<sha256>  <file>\", got \"\(line)\"")
            }
            digests[String(parts[1].dropFirst())] = String(parts[0])
        }
        self.init(digests: digests)
    }
}
