/// The verdict on one case, with what it rests on, as `report.json` holds it (`docs/report-schema.md`, "A case").
///
/// Every key is written, an empty optional as `null`: readers of the schema find every documented field.
public struct CaseResult: Codable, Sendable {
    public let id: String
    public let family: String
    public let tags: [String]
    public let verdict: CaseVerdict
    /// Where the case came from: a vector file (and its commit), or a property check (and its seed).
    public let source: CaseSource
    /// Why, in a sentence, for anything but a plain pass (a pass on an acceptable answer or a rejection with a
    /// message says so).
    @NullEncoded public private(set) var detail: String?
    /// The implementation's own message with an error or `unsupported` answer, as it gave it.
    @NullEncoded public private(set) var message: String?
    /// Wall-clock seconds spent on it: its equal share of the batch it was answered in (for a property check, of
    /// the property phase), since an implementation answers a batch at once.
    public let seconds: Double
    /// Per output judged: how far it strayed.
    public let errors: [String: OutputError]
    /// Requested outputs the implementation left out.
    public let missingOutputs: [String]
    /// The answers no correct computation of the convention gives (``ImpossibleAnswer``), whatever the verdict; empty
    /// when there are none (always for a property check).
    public let warnings: [ImpossibleAnswer]
    /// For a failing case, the diagnosis: the known deviation that reproduces the answer, or where it differs; for a
    /// failing property check, the departure under whose bounds its property holds, if one does.
    @NullEncoded public private(set) var explanation: String?
    /// For a failing case with an output that can be pictured: the plane the HTML report shows; absent for any
    /// other verdict.
    @NullEncoded public private(set) var pictures: CasePictures?

    init(
        id: String, family: String, tags: [String], verdict: CaseVerdict, source: CaseSource, detail: String?,
        message: String? = nil, seconds: Double = 0, errors: [String: OutputError], missingOutputs: [String],
        warnings: [ImpossibleAnswer] = [], explanation: String? = nil, pictures: CasePictures? = nil
    ) {
        (self.id, self.family, self.tags, self.verdict, self.source) = (id, family, tags, verdict, source)
        (self.detail, self.message) = (detail, message)
        (self.seconds, self.errors, self.missingOutputs, self.warnings) = (seconds, errors, missingOutputs, warnings)
        (self.explanation, self.pictures) = (explanation, pictures)
    }

    /// The result of a judged case, whole: what the judge found (its warnings too), the diagnosis's explanation, and for a failing
    /// case the pictures of its worst plane.
    init(_ judgement: Judgement, explanation: String?, seconds: Double) {
        self.init(
            id: judgement.id, family: judgement.stored.family, tags: judgement.stored.tags, verdict: judgement.verdict,
            source: CaseSource(judgement.stored.source), detail: judgement.detail, message: judgement.message, seconds: seconds,
            errors: Dictionary(uniqueKeysWithValues: judgement.comparisons.map { ($0.output.rawValue, $0.error) }),
            missingOutputs: judgement.missingOutputs.map(\.rawValue), warnings: judgement.warnings, explanation: explanation,
            pictures: judgement.verdict == .fail ? CasePictures(judgement) : nil)
    }
}
