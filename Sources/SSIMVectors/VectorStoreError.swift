/// A failure of generating or reading the vector store: what kind, and a message naming the file, the case or the
/// line concerned.
public struct VectorStoreError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, in categories a caller can act on.
    public enum Kind: Sendable {
        /// The vector file or folder named does not exist.
        case missing
        /// An HDF5 file that is not a vector file of this schema, or whose parts contradict each other.
        case notAVectorFile
        /// The manifest does not follow its format.
        case badManifest
        /// Generating: the reference's verdict on a case contradicts what the catalog expects of it.
        case catalogContradicted
        /// Generating: the new store could not be put in place of the old one.
        case cannotReplace
        /// A file's digest could not be computed (libcrypto could not allocate, or SHA-256 is disabled).
        case cannotHash
    }

    public let kind: Kind
    /// The message, the same as before errors had a kind: tools and people read it.
    public let description: String

    public init(_ kind: Kind, _ description: String) {
        (self.kind, self.description) = (kind, description)
    }
}
