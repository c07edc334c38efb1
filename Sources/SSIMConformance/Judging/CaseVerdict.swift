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
    /// The convention certified cannot express the case ('same' where only 'valid' exists, a map from a convention
    /// of means only): it was not asked, and counts neither for nor against the implementation.
    case notApplicable = "not_applicable"
    /// The case cannot be computed meaningfully in the precision it asks for (a float16 computation that may
    /// overflow, say; the vectors say why): the answer is accepted without being judged, and reported as such.
    case notComputable = "not_computable"

    /// Whether the implementation failed the case: a wrong answer or error, or a batch that did not finish.
    public var isFailure: Bool {
        switch self {
        case .fail, .wrongError, .crash, .timeout: true
        case .pass, .notSupported, .notComputable, .notApplicable: false
        }
    }
}
