import SSIM
import SSIMAdapterProtocol

/// An SSIM implementation the runner can certify: a Swift type in a few lines, or a command through
/// ``ExternalImplementation``.
///
/// ```swift
/// struct MySSIM: SSIMImplementation {
///     let name = "my-ssim", version = "1.0"
///     func evaluate(_ adapterCase: AdapterCase) -> AdapterAnswer {
///         // compute adapterCase.outputs from adapterCase.img1, img2, windowSize, … or reject with a category
///     }
/// }
/// ```
/// Unsupported is not failure: leave out the outputs you cannot give, or answer
/// `.error(category: AdapterProtocol.unsupported, message: nil)` for a case you cannot handle at all.
public protocol SSIMImplementation: Sendable {
    var name: String { get }
    var version: String { get }
    /// The metrics it answers (``SSIMAdapterProtocol/CaseMetric/name``): SSIM alone unless it says otherwise. It is
    /// not asked a case of another metric, which is not supported (not a failure), as an adapter is not sent one.
    var metrics: Set<String> { get }
    /// Answers one case.
    func evaluate(_ adapterCase: AdapterCase) -> AdapterAnswer
    /// Answers a batch of cases, by id. The default asks ``evaluate(_:)`` for each; an out-of-process
    /// implementation answers a whole batch at once, and may fail it as a whole.
    func evaluate(batch: [AdapterCase]) -> BatchOutcome
}

extension SSIMImplementation {
    public var metrics: Set<String> { [CaseMetric.ssimName] }

    public func evaluate(batch: [AdapterCase]) -> BatchOutcome {
        .answered(Dictionary(uniqueKeysWithValues: batch.map { ($0.id, answer($0)) }))
    }

    /// The response file's content for `request`: every case of a metric it answers answered by ``evaluate(_:)``,
    /// the others unsupported, under this implementation's name and version, declaring every precision (an
    /// in-process implementation is asked them all, and answers `unsupported` where it cannot) and its metrics.
    public func respond(to request: AdapterRequest) -> AdapterResponse {
        AdapterResponse(
            implementation: name, implementationVersion: version, precisions: Set(Precision.allCases), metrics: metrics,
            answers: Dictionary(uniqueKeysWithValues: request.cases.map { ($0.id, answer($0)) }))
    }

    /// ``evaluate(_:)``'s answer to a case of a metric it answers; `unsupported`, saying why, to any other.
    private func answer(_ adapterCase: AdapterCase) -> AdapterAnswer {
        guard metrics.contains(adapterCase.metric.name) else {
            let named = CaseMetric.names.filter(metrics.contains).joined(separator: ", ")
            return .error(
                category: AdapterProtocol.unsupported,
                message: "not sent: \(name) answers \(named), not \(adapterCase.metric.name)")
        }
        return evaluate(adapterCase)
    }
}

/// What became of a batch of cases.
public enum BatchOutcome: Sendable {
    /// Answers by case id; a case without an answer was not answered.
    case answered([String: AdapterAnswer])
    /// The implementation crashed, exited non-zero, wrote no readable response, or ran out of time: every case of
    /// the batch shares the failure.
    case failed(BatchFailure)
}

/// Why a whole batch failed, with what the implementation said.
public struct BatchFailure: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case crash
        case timeout
    }

    public let kind: Kind
    /// What went wrong, and the tail of the command's standard error.
    public let detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }
}
