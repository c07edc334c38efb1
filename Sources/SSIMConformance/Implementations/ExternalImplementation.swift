import FoundationEssentials
import Synchronization
import SSIM
import SSIMAdapterProtocol

/// An implementation outside this process: a command that speaks the adapter protocol
/// (`docs/adapter-protocol.md`).
///
/// Each batch is one request file and one run of `/bin/sh -c 'COMMAND "$@"' REQUEST RESPONSE` (a ``ChildProcess``:
/// in a session of its own, so that when the batch ends or overruns `timeout` the whole process group, children
/// included, is killed). Of its standard error only the last 4 KiB are kept for the report: a command flooding it
/// neither blocks nor fills memory or disk. The response is read as an ``UntrustedFile``. The temporary folder is
/// removed.
///
/// A case holding a float16 or bfloat16 image is sent only to a command that declares that precision
/// (``SSIMAdapterProtocol/AdapterProtocol/precisionsAttribute``, protocol version 2), and a case of another metric
/// than SSIM only to a command that declares that metric (``SSIMAdapterProtocol/AdapterProtocol/metricsAttribute``,
/// version 3). Both are learnt from the first tiny request (``checkStarts()``) or, when that was not made, from one
/// made before the first such case; to a command that does not declare them the case is answered `unsupported`
/// without running it.
public struct ExternalImplementation: SSIMImplementation {
    /// The command line, as a shell would read it.
    public let command: String
    /// Seconds a batch may take.
    public let timeout: Double
    private let givenName: String?
    private let givenVersion: String?
    private let reported = ReportedIdentity()
    private let declared = LearntDeclarations()

    /// The name given, else the one the first response reported, else the command itself.
    public var name: String { givenName ?? reported.value?.name ?? command }
    /// The version given, else the one the first response reported, else "unknown".
    public var version: String { givenVersion ?? reported.value?.version ?? "unknown" }

    /// Prepares the command; without `name` and `version` the implementation's responses name it.
    public init(command: String, timeout: Double, name: String? = nil, version: String? = nil) {
        self.command = command
        self.timeout = timeout
        givenName = name
        givenVersion = version
    }

    public func evaluate(_ adapterCase: AdapterCase) -> AdapterAnswer {
        // One case alone has no verdict to carry a crash or a timeout: report it as not answered, and why.
        switch evaluate(batch: [adapterCase]) {
        case .answered(let answers):
            return answers[adapterCase.id]
                ?? .error(category: AdapterProtocol.unsupported, message: "the command did not answer the case")
        case .failed(let failure):
            return .error(category: AdapterProtocol.unsupported, message: "\(failure.kind.rawValue): \(failure.detail)")
        }
    }

    /// The metrics the command declares (learnt from a tiny request if not known yet; SSIM alone for version 1).
    public var metrics: Set<String> { learntDeclarations().metrics }

    public func evaluate(batch: [AdapterCase]) -> BatchOutcome {
        let needsDeclarations = batch.contains { $0.holdsHalfPrecision || $0.metric != .ssim }
        let declarations = needsDeclarations ? learntDeclarations() : .version1
        var declined: [String: AdapterAnswer] = [:]
        for adapterCase in batch {
            if let why = declarations.whyNotSent(adapterCase) {
                declined[adapterCase.id] = .error(category: AdapterProtocol.unsupported, message: "not sent: \(why)")
            }
        }
        let sent = batch.filter { declined[$0.id] == nil }
        guard !sent.isEmpty else { return .answered(declined) }
        do {
            switch try run(sent) {
            case .answered(let answers): return .answered(answers.merging(declined) { _, notSent in notSent })
            case .failed(let failure): return .failed(failure)
            }
        } catch {
            return .failed(BatchFailure(.crash, "\(error)"))
        }
    }

    /// The precisions and metrics the command declares, learnt once from a tiny request when not known yet: version
    /// 1's when it names none, or when that request fails (the run's own requests then show why).
    private func learntDeclarations() -> Declarations {
        declared.value(learning: { (try? probe()) ?? .version1 })
    }

    /// Sends the first tiny request and returns the precisions and metrics its response declares (version 1's where
    /// it names none).
    ///
    /// - Throws: ``AdapterStartError``: `notRunnable` when the shell cannot run the command, `notTried` when the
    ///   request could not be made or the process not started.
    private func probe() throws(AdapterStartError) -> Declarations {
        let side = [Double](repeating: 0.5, count: 64)
        let probe = AdapterCase(
            id: "probe", img1: ProtocolArray(shape: [1, 1, 8, 8], precision: .float64, values: side),
            img2: ProtocolArray(shape: [1, 1, 8, 8], precision: .float64, values: side), windowSize: 3, maxVal: 1,
            eps: 1e-12, padding: "same", reduction: "mean", outputs: [.loss])
        let learnt: Result<Declarations, AdapterStartError>
        do {
            learnt = try launch([probe]) { outcome, stderr, response in
                if case .terminated(.exited(let status)) = outcome, status == 126 || status == 127 {
                    return .failure(
                        AdapterStartError(.notRunnable, command: command, reason: "/bin/sh exited with status \(status)\(stderr)"))
                }
                guard let read = try? UntrustedFile.readResponse(response, timeout: timeout) else {
                    return .success(.version1)
                }
                // The command names itself here too: a run whose every case is declined is still reported by its name.
                reported.learn(read.implementation, read.implementationVersion)
                return .success(Declarations(
                    precisions: read.precisions ?? AdapterProtocol.version1Precisions,
                    metrics: read.metrics ?? AdapterProtocol.version1Metrics))
            }
        } catch {
            // launch's own steps: the temporary folder, the request file, starting the process.
            throw AdapterStartError(.notTried, command: command, reason: "\(error)")
        }
        return try learnt.get()
    }

    /// Checks that the command starts, on a first tiny request (one small valid case), before a run relies on it.
    /// Only a command that cannot start is refused: /bin/sh exits 127 when it finds no such command and 126 when it
    /// cannot execute it. Any other outcome, a crash or a wrong answer included, is the run's to judge.
    ///
    /// It also learns which precisions and metrics the command declares.
    ///
    /// - Throws: ``AdapterStartError`` naming the command and what the shell said, or why the request could not
    ///   be made at all.
    public func checkStarts() throws(AdapterStartError) {
        let declarations = try probe()
        _ = declared.value(learning: { declarations })
    }

    /// Runs the command once on the batch and reads its response.
    private func run(_ batch: [AdapterCase]) throws -> BatchOutcome {
        try launch(batch) { outcome, stderr, response in
            switch outcome {
            case .timedOut:
                return .failed(BatchFailure(.timeout, "no answer within \(timeout) s\(stderr)"))
            case .terminated(.exited(0)):
                break
            case .terminated(let termination):
                return .failed(BatchFailure(.crash, "the command \(termination)\(stderr)"))
            }
            do {
                // The response is untrusted: read first in a reader process, so that a file crashing HDF5 is a crash verdict.
                let read = try UntrustedFile.readResponse(response, timeout: timeout)
                reported.learn(read.implementation, read.implementationVersion)
                return .answered(read.answers)
            } catch {
                return .failed(BatchFailure(.crash, "unreadable response: \(error)\(stderr)"))
            }
        }
    }

    /// Writes `batch` as the request in a fresh temporary folder, runs the command on it, and hands `handle` how the
    /// command ended, the tail of its standard error ("" or "; stderr: …") and the response's path; the folder is
    /// removed after.
    private func launch<Result>(
        _ batch: [AdapterCase], _ handle: (ChildProcess.Outcome, StderrTail.Captured, String) throws -> Result
    ) throws -> Result {
        let folder = try Interruption.makeTemporaryFolder("ssim-conform-")
        defer { Interruption.removeTemporaryFolder(folder) }
        let request = folder.appendingPathComponent("request.h5").path
        let response = folder.appendingPathComponent("response.h5").path
        try AdapterRequest(cases: batch).write(to: request)

        let arguments = ["/bin/sh", "-c", "\(command) \"$@\"", "ssim-adapter", request, response]
        let (outcome, stderr) = try ChildProcess.run(arguments, timeout: timeout)
        return try handle(outcome, stderr, response)
    }
}

/// What a command says it can be sent: the precisions it computes in and the metrics it answers.
private struct Declarations {
    let precisions: Set<Precision>
    let metrics: Set<String>

    /// A command that declares nothing: float32 and float64, SSIM.
    static let version1 = Declarations(precisions: AdapterProtocol.version1Precisions, metrics: AdapterProtocol.version1Metrics)

    /// Why `adapterCase` is not sent to the command, or nil when it is.
    func whyNotSent(_ adapterCase: AdapterCase) -> String? {
        if !metrics.contains(adapterCase.metric.name) {
            let named = CaseMetric.names.filter(metrics.contains).joined(separator: ", ")
            return "the adapter answers \(named) (it names no \(adapterCase.metric.name) in its responses' metrics)"
        }
        if !precisions.contains(adapterCase.img1.precision) || !precisions.contains(adapterCase.img2.precision) {
            let named = Precision.allCases.filter(precisions.contains).map(\.rawValue).joined(separator: ", ")
            return "the adapter computes in \(named) (it names no \(adapterCase.precision.rawValue) in its responses' precisions)"
        }
        return nil
    }
}

/// The declarations of a command, learnt once and shared by the copies of an ``ExternalImplementation``.
private final class LearntDeclarations: Sendable {
    private let declarations = Mutex<Declarations?>(nil)

    /// The declarations, learnt by `learn` the first time (under the lock: concurrent batches wait for one answer).
    func value(learning learn: () -> Declarations) -> Declarations {
        declarations.withLock { declarations in
            if let declarations { return declarations }
            let learnt = learn()
            declarations = learnt
            return learnt
        }
    }
}

/// The name and version an implementation's responses give, shared by the copies of an ``ExternalImplementation``:
/// fixed by the first response, so that a run's reports, its progress and its verdict line name one implementation
/// even if later responses (of batches run at once, say) name it otherwise.
private final class ReportedIdentity: Sendable {
    private let identity = Mutex<(name: String, version: String)?>(nil)

    var value: (name: String, version: String)? { identity.withLock { $0 } }

    /// Keeps `name` and `version` unless a response has named the implementation already.
    func learn(_ name: String, _ version: String) {
        identity.withLock { identity in if identity == nil { identity = (name, version) } }
    }
}
