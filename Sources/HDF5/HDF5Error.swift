/// A failure of the HDF5 layer, naming the file and the object it concerns.
public struct HDF5Error: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, in categories a caller can act on.
    public enum Kind: String, Sendable {
        /// The file could not be opened or created.
        case cannotOpen
        /// The named group, dataset or attribute does not exist.
        case notFound
        /// The object exists but holds another kind of value than was asked for.
        case wrongType
        /// Reading failed: the file is damaged or the library refused.
        case readFailed
        /// The object declares more than ``HDF5Limits`` lets this layer read.
        case tooLarge
        /// The object would make HDF5 read another file (a virtual dataset, external storage); such files are
        /// refused so that nothing outside the file named is reached.
        case refused
        /// Writing failed.
        case writeFailed
        /// The caller passed values that cannot be stored as asked (e.g. a shape that does not match the data).
        case invalidArgument
    }

    public let kind: Kind
    /// The file the failure concerns.
    public let file: String
    /// The object inside the file, as an HDF5 path (`/cases/a/img1`), or `/` for the file itself.
    public let object: String
    /// Human-readable detail.
    public let detail: String

    public init(_ kind: Kind, file: String, object: String, detail: String) {
        self.kind = kind
        self.file = file
        self.object = object
        self.detail = detail
    }

    public var description: String {
        "\(file): \(object): \(detail)"
    }
}
