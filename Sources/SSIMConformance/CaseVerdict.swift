/// The runner's verdict on one case.
public enum CaseVerdict: String, Codable, Sendable, CaseIterable {
    /// Every output given is within its bounds, or the expected error category was given, or an input the reference
    /// rejects was answered where the vectors mark that acceptable.
    case pass
    /// An output is outside its bounds, has the wrong shape, or the answer is malformed.
    case fail
    /// The implementation declared the case or all its requested outputs unsupported, or did not answer it.
    case notSupported = "not_supported"
    /// It rejected a valid input, accepted an invalid one, or gave another error category.
    case wrongError = "wrong_error"
    /// The batch holding the case crashed, exited non-zero or left no readable response.
    case crash
    /// The batch holding the case ran out of time.
    case timeout
}

/// How far one output strayed, at its worst element.
public struct OutputError: Codable, Sendable, Equatable {
    /// The largest |answer − expected|.
    public var maxAbsolute: Double
    /// The largest |answer − expected| / bound: above 1 is outside the bound.
    public var maxInBoundUnits: Double
    /// The flat index of the element with the largest error in bound units.
    public var worstIndex: Int
    /// That element's bound.
    public var boundAtWorst: Double
    /// Elements outside their bound.
    public var outside: Int
}

/// The verdict on one case, with what it rests on.
public struct CaseResult: Codable, Sendable {
    public let id: String
    public let family: String
    public let tags: [String]
    public let verdict: CaseVerdict
    /// Why, in a sentence, for anything but a plain pass (a pass on an acceptable answer says so).
    public let detail: String?
    /// Per output judged: how far it strayed.
    public let errors: [String: OutputError]
    /// Requested outputs the implementation left out.
    public let missingOutputs: [String]
    /// For a failing case, the diagnosis: the known deviation that reproduces the answer, or where it differs.
    public let explanation: String?
    /// For a failing case with an output that can be pictured: the plane the HTML report shows; absent for any
    /// other verdict.
    public let pictures: CasePictures?

    init(
        id: String, family: String, tags: [String], verdict: CaseVerdict, detail: String?, errors: [String: OutputError],
        missingOutputs: [String], explanation: String? = nil, pictures: CasePictures? = nil
    ) {
        self.id = id
        self.family = family
        self.tags = tags
        self.verdict = verdict
        self.detail = detail
        self.errors = errors
        self.missingOutputs = missingOutputs
        self.explanation = explanation
        self.pictures = pictures
    }

    /// The result of a judged case, whole: what the judge found, the diagnosis's explanation, and for a failing
    /// case the pictures of its worst plane.
    init(_ judgement: Judgement, explanation: String?) {
        self.init(
            id: judgement.id, family: judgement.stored.family, tags: judgement.stored.tags, verdict: judgement.verdict,
            detail: judgement.detail,
            errors: Dictionary(uniqueKeysWithValues: judgement.comparisons.map { ($0.output.rawValue, $0.error) }),
            missingOutputs: judgement.missingOutputs.map(\.rawValue), explanation: explanation,
            pictures: judgement.verdict == .fail ? CasePictures(judgement) : nil)
    }
}
