/// Why an implementation's answers disagree with the reference, in the implementation's own terms.
public struct Diagnosis: Codable, Sendable, Equatable {
    /// One explanation and the failing cases it covers.
    public struct Finding: Codable, Sendable, Equatable {
        /// The ``KnownDeviation/name`` that reproduces these cases' answers (two joined by "+" when both are needed,
        /// as "window-fixed-11+no-eps"), or nil for a difference no known deviation explains, described by where it lies.
        public let deviation: String?
        public let explanation: String
        public let cases: [String]

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            // `encode`, not `encodeIfPresent`: no known deviation is written as null, as the schema says.
            try container.encode(deviation, forKey: .deviation)
            try container.encode(explanation, forKey: .explanation)
            try container.encode(cases, forKey: .cases)
        }
    }

    /// In a sentence: "matches the reference except: borders use zero padding", or where the differences lie.
    public let summary: String
    /// The explanations, those covering the most cases first.
    public let findings: [Finding]
}
