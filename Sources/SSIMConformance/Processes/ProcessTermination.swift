import FoundationEssentials
import Glibc

/// How a child process ended, decoded once from the status `waitpid` gives: every caller that waits for a process
/// (an adapter's command, the reader of an untrusted file) asks this type rather than the status bits.
public enum ProcessTermination: Equatable, Sendable, CustomStringConvertible {
    /// It called exit with this status.
    case exited(Int32)
    /// A signal ended it (a crash: SIGSEGV, SIGBUS, SIGABRT…; or a kill).
    case signalled(Int32)

    /// Decodes a status from `waitpid` (without WUNTRACED, so the process has ended).
    public init(waitStatus status: Int32) {
        // WIFEXITED and WEXITSTATUS, which Swift does not import (they are macros).
        let signal = status & 0x7F
        self = signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
    }

    /// "exited with status N" or "was killed by signal N", to follow the name of what ran.
    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signalled(let signal): "was killed by signal \(signal)"
        }
    }
}
