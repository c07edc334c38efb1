import FoundationEssentials
import Glibc

/// A command that could not be started (``ChildProcess``): names it and gives the system's reason.
struct ChildProcessError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The step that failed.
    enum Kind: Sendable {
        /// Making the pipe its standard error would be drained through.
        case pipe
        /// posix_spawn itself (the executable missing or not executable, no memory, too many processes).
        case spawn
    }

    let kind: Kind
    /// The executable's path.
    let command: String
    /// The errno value the system gave.
    let code: Int32

    init(_ kind: Kind, command: String, code: Int32) {
        self.kind = kind
        self.command = command
        self.code = code
    }

    var description: String {
        let reason = String(cString: strerror(code))
        return switch kind {
        case .pipe: "cannot make a pipe for the standard error of \(command): \(reason)"
        case .spawn: "cannot start \(command): \(reason)"
        }
    }
}
