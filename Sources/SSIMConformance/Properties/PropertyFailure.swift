/// Why a property check did not pass; a check that passes throws nothing.
enum PropertyFailure: Error, Equatable {
    /// The relation is broken; the message says where and by how much.
    case fails(String)
    /// A request or an output the check needs was not supported.
    case notSupported(String)
}
