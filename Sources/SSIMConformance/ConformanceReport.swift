/// Everything a certification run found about one implementation: the verdict on every case and the summary.
public struct ConformanceReport: Codable, Sendable {
    /// How far the implementation conforms.
    public enum Level: String, Codable, Sendable {
        /// Every case answered and passed, with every output.
        case full
        /// Every answered case passed, but some cases or outputs were not supported.
        case partial
        /// A case failed, was wrongly rejected or accepted, crashed or timed out.
        case fail
    }

    public struct Summary: Codable, Sendable {
        public let level: Level
        /// The share of cases that passed with every requested output.
        public let coverage: Double
        public let counts: [String: Int]
        /// Verdict counts by family and by tag.
        public let byFamily: [String: [String: Int]]
        public let byTag: [String: [String: Int]]
        /// The worst outputs, in units of their bounds, then in absolute terms.
        public let worstInBoundUnits: [WorstOutput]
        public let worstAbsolute: [WorstOutput]
    }

    public struct WorstOutput: Codable, Sendable {
        public let caseID: String
        public let output: String
        public let error: OutputError
    }

    public let schema: String
    public let implementation: String
    public let implementationVersion: String
    public let vectors: [String]
    public let requireFull: Bool
    public let cases: [CaseResult]
    public let summary: Summary
    /// Why the failing cases failed, when any did with numeric outputs.
    public let diagnosis: Diagnosis?
    /// The seed the property checks' inputs were drawn from, when they ran.
    public let propertySeed: UInt64?

    public init(
        implementation: String, version: String, vectors: [String], requireFull: Bool, cases: [CaseResult],
        diagnosis: Diagnosis? = nil, propertySeed: UInt64? = nil
    ) {
        schema = "ssim-conformance-report/1"
        self.implementation = implementation
        implementationVersion = version
        self.vectors = vectors
        self.requireFull = requireFull
        self.cases = cases
        summary = Self.summarize(cases)
        self.diagnosis = diagnosis
        self.propertySeed = propertySeed
    }

    /// Conformant: every answered case passed and, when full support is required, everything was answered.
    public var isConformant: Bool {
        summary.level == .full || (summary.level == .partial && !requireFull)
    }

    private static func summarize(_ cases: [CaseResult]) -> Summary {
        func counts(_ results: some Sequence<CaseResult>) -> [String: Int] {
            Dictionary(grouping: results, by: \.verdict.rawValue).mapValues(\.count)
        }
        let failing: Set<CaseVerdict> = [.fail, .wrongError, .crash, .timeout]
        let complete = cases.filter { $0.verdict == .pass && $0.missingOutputs.isEmpty }.count
        let level: Level = cases.contains { failing.contains($0.verdict) } ? .fail : complete == cases.count ? .full : .partial
        var byTag: [String: [CaseResult]] = [:]
        for result in cases {
            for tag in result.tags { byTag[tag, default: []].append(result) }
        }
        let outputs = cases.flatMap { result in
            result.errors.map { WorstOutput(caseID: result.id, output: $0.key, error: $0.value) }
        }
        return Summary(
            level: level, coverage: cases.isEmpty ? 0 : Double(complete) / Double(cases.count), counts: counts(cases),
            byFamily: Dictionary(grouping: cases, by: \.family).mapValues(counts), byTag: byTag.mapValues(counts),
            worstInBoundUnits: Array(outputs.sorted { $0.error.maxInBoundUnits > $1.error.maxInBoundUnits }.prefix(10)),
            worstAbsolute: Array(outputs.sorted { $0.error.maxAbsolute > $1.error.maxAbsolute }.prefix(10)))
    }
}
