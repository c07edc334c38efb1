/// Why a convention could not be read: what kind of fault, and a message naming the key and the value (or the file,
/// or the name) concerned.
public struct SSIMConventionError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Sendable {
        /// No named convention has this name, and no file has it either.
        case unknownName
        /// The file could not be read.
        case unreadableFile
        /// The text is not JSON, or its top level is not an object.
        case notJSON
        /// A key the convention model does not have.
        case unknownKey
        /// A value of the wrong JSON type: a string where a number is expected, say.
        case wrongType
        /// A value the choice does not allow: an even number of taps, a negative σ, K1 < 0, an unknown border.
        case impossibleValue
        /// A value without default that the choice made needs: the count of fixed taps, say.
        case missingValue
    }

    public let kind: Kind
    public let description: String

    public init(_ kind: Kind, _ description: String) {
        (self.kind, self.description) = (kind, description)
    }
}
