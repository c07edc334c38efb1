import SSIMVectors

/// Where a judged case came from, as `report.json` holds it (`docs/report-schema.md`, "A case"): a vector file at
/// the commit it was generated at, or a property check drawn from a seed. Later stages (the command line's
/// summary, its reproduction commands) read this, never the case's id.
///
/// Every key is written, an empty optional as `null`.
public struct CaseSource: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// A golden vector (or a reproducer) read from a vector file.
        case vectors
        /// A property check on generated inputs.
        case property
    }

    public let kind: Kind
    /// The vector file, for a vector case read from one.
    @NullEncoded public private(set) var file: String?
    /// The commit the vector file was generated at.
    @NullEncoded public private(set) var commit: String?
    /// The property checked, for a property check.
    @NullEncoded public private(set) var property: String?
    /// The seed its inputs were drawn from.
    @NullEncoded public private(set) var seed: UInt64?

    /// A vector case, from `source` (nil for one made in memory).
    init(_ source: VectorSource?) {
        (kind, file, commit, property, seed) = (.vectors, source?.file, source?.commit, nil, nil)
    }

    /// A check of `property` on inputs drawn from `seed`.
    init(property: String, seed: UInt64) {
        (kind, file, commit, self.property, self.seed) = (.property, nil, nil, property, seed)
    }
}
