import Foundation
import HDF5
import SSIMAdapterProtocol

/// An implementation outside this process: a command that speaks the adapter protocol
/// (`docs/adapter-protocol.md`).
///
/// Each batch is one request file and one run of `/bin/sh -c 'COMMAND "$@"' REQUEST RESPONSE`, started with
/// posix_spawn in a session of its own, so that when the batch ends (or overruns `timeout`) the whole process group, children included, is killed.
/// Standard error goes to a pipe drained while the command runs, of which only the last 4 KiB are kept for the
/// report: a command flooding it neither blocks nor fills memory or disk. The temporary folder is removed.
public struct ExternalImplementation: SSIMImplementation {
    /// The command line, as a shell would read it.
    public let command: String
    /// Seconds a batch may take.
    public let timeout: Double
    private let givenName: String?
    private let givenVersion: String?
    private let reported = ReportedIdentity()

    /// The name given, else the one the last response reported, else the command itself.
    public var name: String { givenName ?? reported.value?.name ?? command }
    /// The version given, else the one the last response reported, else "unknown".
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

    public func evaluate(batch: [AdapterCase]) -> BatchOutcome {
        do {
            return try run(batch)
        } catch {
            return .failed(BatchFailure(.crash, "\(error)"))
        }
    }

    /// Runs the command once on the batch and reads its response.
    private func run(_ batch: [AdapterCase]) throws -> BatchOutcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ssim-conform-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let request = folder.appendingPathComponent("request.h5").path
        let response = folder.appendingPathComponent("response.h5").path
        try AdapterRequest(cases: batch).write(to: request)

        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot make a pipe for stderr"])
        }
        // Neither end may leak into other commands this process starts (the child gets the write end as fd 2).
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let errors = StderrTail(descriptor: pipeEnds[0])
        defer { close(pipeEnds[0]) }
        let arguments = ["/bin/sh", "-c", "\(command) \"$@\"", "ssim-adapter", request, response]
        let pid: pid_t
        do {
            defer { close(pipeEnds[1]) }
            pid = try spawnInNewSession(arguments, stderr: pipeEnds[1])
        }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var timedOut = false
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() >= deadline {
                timedOut = true
                kill(-pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            errors.drain()
            usleep(5_000)
        }
        // The command ran in a session of its own: end every process it left behind.
        kill(-pid, SIGKILL)
        errors.drain()
        let stderr = errors.suffix

        if timedOut {
            return .failed(BatchFailure(.timeout, "no answer within \(timeout) s\(stderr)"))
        }
        let exited = status & 0x7F == 0, code = (status >> 8) & 0xFF
        guard exited, code == 0 else {
            let how = exited ? "exited with status \(code)" : "was killed by signal \(status & 0x7F)"
            return .failed(BatchFailure(.crash, "the command \(how)\(stderr)"))
        }
        do {
            // The response is untrusted: read first in a child, so that a file crashing HDF5 is a crash verdict.
            let read = try HDF5CrashIsolation.read(response, timeout: timeout) { try AdapterResponse.read(from: response) }
            reported.value = (read.implementation, read.implementationVersion)
            return .answered(read.answers)
        } catch {
            return .failed(BatchFailure(.crash, "unreadable response: \(error)\(stderr)"))
        }
    }

    /// Starts `arguments` as the leader of a new session (so that its whole process group can be killed), with
    /// standard input from /dev/null, standard output discarded and standard error to the descriptor `stderr`.
    private func spawnInNewSession(_ arguments: [String], stderr: Int32) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // glibc's POSIX_SPAWN_SETSID (0x80), which Swift does not import because spawn.h defines it under _GNU_SOURCE.
        posix_spawnattr_setflags(&attributes, 0x80)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "cannot start /bin/sh: \(String(cString: strerror(result)))"])
        }
        return pid
    }
}

/// The name and version an implementation's responses give, shared by the copies of an ``ExternalImplementation``.
private final class ReportedIdentity: @unchecked Sendable {
    private let lock = NSLock()
    private var identity: (name: String, version: String)?

    var value: (name: String, version: String)? {
        get { lock.withLock { identity } }
        set { lock.withLock { identity = newValue } }
    }
}
