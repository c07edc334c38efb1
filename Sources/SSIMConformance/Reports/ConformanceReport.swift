import FoundationEssentials
import SSIM

/// Everything a certification run found about one implementation: the verdict on every case and the summary.
///
/// Encoded as `docs/report-schema.md` documents it: every key is written, an empty optional as `null`.
public struct ConformanceReport: Codable, Sendable {
    /// How far the implementation conforms.
    public enum Level: String, Codable, Sendable {
        /// Every case answered and passed, with every output (cases the convention cannot express aside, and at
        /// least one it can).
        case full
        /// Every answered case passed, but some cases or outputs were not supported, or the convention could express
        /// none.
        case partial
        /// A case failed, was wrongly rejected or accepted, crashed or timed out.
        case fail
    }

    public struct Summary: Codable, Sendable {
        public let level: Level
        /// The share of cases that passed with every requested output, among those the convention can express.
        public let coverage: Double
        public let counts: [String: Int]
        /// The cases carrying a warning (``CaseResult/warnings``), whatever their verdict.
        public let warnings: Int
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
    /// Whether a warning makes the run not conformant (`--require full-without-warnings`, which also requires full
    /// support).
    public let requireNoWarnings: Bool
    public let cases: [CaseResult]
    public let summary: Summary
    /// Why the failing cases failed, when any did with numeric outputs.
    @NullEncoded public private(set) var diagnosis: Diagnosis?
    /// The seed the property checks' inputs were drawn from, when they ran.
    @NullEncoded public private(set) var propertySeed: UInt64?
    /// When the run began, in UTC, ISO 8601 to the second (`2026-12-01T15:34:55Z`).
    public let started: String
    /// Wall-clock seconds the run took, the property checks included.
    public let seconds: Double
    /// The `git_commit` the vector files were generated at, when they could be read.
    @NullEncoded public private(set) var vectorsCommit: String?

    /// The name of the convention the answers were judged by: `kornia`, the golden vectors', unless another was
    /// certified (`certify --convention`).
    public let convention: String
    /// Why the run judged fewer cases than were selected (`--max-failures`), or nil when it judged them all.
    @NullEncoded public private(set) var stoppedEarly: String?

    public init(
        implementation: String, version: String, vectors: [String], requireFull: Bool, requireNoWarnings: Bool = false,
        cases: [CaseResult], diagnosis: Diagnosis? = nil, propertySeed: UInt64? = nil, started: Date = Date(), seconds: Double = 0,
        vectorsCommit: String? = nil, convention: String = SSIMConvention.kornia.name, stoppedEarly: String? = nil
    ) {
        schema = "ssim-conformance-report/1"
        self.implementation = implementation
        implementationVersion = version
        self.vectors = vectors
        self.requireFull = requireFull
        self.requireNoWarnings = requireNoWarnings
        self.cases = cases
        summary = Self.summarize(cases)
        self.diagnosis = diagnosis
        self.propertySeed = propertySeed
        self.started = started.formatted(.iso8601)
        self.seconds = seconds
        self.vectorsCommit = vectorsCommit
        self.convention = convention
        self.stoppedEarly = stoppedEarly
    }

    /// Whether no case was judged: each one the convention cannot express (`not_applicable`) or the implementation
    /// did not answer (`not_supported`). `certify` refuses such a run as one that could not be made.
    public var judgedNothing: Bool {
        cases.allSatisfy { $0.verdict == .notApplicable || $0.verdict == .notSupported }
    }

    /// Conformant: every answered case passed and, when full support is required, everything was answered; when
    /// warnings are refused, no case carries one.
    public var isConformant: Bool {
        (summary.level == .full || (summary.level == .partial && !requireFull)) && !refusedForWarnings
    }

    /// Whether warnings are refused and a case carries one.
    public var refusedForWarnings: Bool { requireNoWarnings && summary.warnings > 0 }

    private static func summarize(_ cases: [CaseResult]) -> Summary {
        func counts(_ results: some Sequence<CaseResult>) -> [String: Int] {
            Dictionary(grouping: results, by: \.verdict.rawValue).mapValues(\.count)
        }
        // Cases the convention cannot express were not asked: they count neither way.
        let applicable = cases.count { $0.verdict != .notApplicable }
        let complete = cases.filter { ($0.verdict == .pass || $0.verdict == .notComputable) && $0.missingOutputs.isEmpty }.count
        // Full support of nothing is none: a run in which no case could be asked is partial, 0 % covered.
        let level: Level = cases.contains { $0.verdict.isFailure } ? .fail : complete == applicable && applicable > 0 ? .full : .partial
        var byTag: [String: [CaseResult]] = [:]
        for result in cases {
            for tag in result.tags { byTag[tag, default: []].append(result) }
        }
        // In the cases' order and each case's outputs by name: equal errors then keep that order, whatever order a
        // dictionary hands its outputs in (the sort is stable), so that two runs list the same worst outputs.
        let outputs = cases.flatMap { result in
            result.errors.sorted { $0.key < $1.key }.map { WorstOutput(caseID: result.id, output: $0.key, error: $0.value) }
        }
        return Summary(
            level: level, coverage: applicable == 0 ? 0 : Double(complete) / Double(applicable), counts: counts(cases),
            warnings: cases.count { !$0.warnings.isEmpty },
            byFamily: Dictionary(grouping: cases, by: \.family).mapValues(counts), byTag: byTag.mapValues(counts),
            worstInBoundUnits: Array(outputs.sorted { $0.error.maxInBoundUnits > $1.error.maxInBoundUnits }.prefix(10)),
            worstAbsolute: Array(outputs.sorted { $0.error.maxAbsolute > $1.error.maxAbsolute }.prefix(10)))
    }
}
