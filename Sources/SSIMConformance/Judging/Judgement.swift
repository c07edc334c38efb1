import SSIMAdapterProtocol
import SSIMVectors

/// The judge's whole finding on one case: the verdict, why, and the comparison of every output it could compare.
///
/// Every later stage (the diagnosis, the pictures, the reports) reads this and recomputes nothing.
public struct Judgement: Sendable {
    public let stored: StoredVectorCase
    public let verdict: CaseVerdict
    /// Why, in a sentence, for anything but a plain pass (a pass on an acceptable answer says so).
    public let detail: String?
    /// The outputs answered with the expected shape, compared, in the request's order.
    public let comparisons: [OutputComparison]
    /// The outputs the implementation gave, whatever their shape; empty for an error or no answer.
    public let answered: [AdapterOutput: ProtocolArray]
    /// Requested outputs the implementation left out.
    public let missingOutputs: [AdapterOutput]
    /// The implementation's own message with an error or `unsupported` answer.
    public let message: String?
    /// The answers no correct computation of the convention gives, whatever the verdict.
    public let warnings: [ImpossibleAnswer]

    init(
        _ stored: StoredVectorCase, _ verdict: CaseVerdict, _ detail: String?, comparisons: [OutputComparison] = [],
        answered: [AdapterOutput: ProtocolArray] = [:], missing: [AdapterOutput] = [], message: String? = nil,
        warnings: [ImpossibleAnswer] = []
    ) {
        self.stored = stored
        self.verdict = verdict
        self.detail = detail
        self.comparisons = comparisons
        self.answered = answered
        self.missingOutputs = missing
        self.message = message
        self.warnings = warnings
    }

    public var id: String { stored.request.id }

    /// The comparison of `output`, if it was compared.
    public func comparison(of output: AdapterOutput) -> OutputComparison? {
        comparisons.first { $0.output == output }
    }
}
