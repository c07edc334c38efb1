/// An adapter command that cannot be run at all (``ExternalImplementation/checkStarts()``): /bin/sh did not find it
/// or could not execute it, or the first request could not even be tried. A run cannot be made with it, as opposed
/// to a command that runs and then fails, whose cases get their verdicts.
public struct AdapterStartError: Error, CustomStringConvertible, Sendable {
    /// Why the command cannot be used.
    public enum Kind: Sendable {
        /// /bin/sh did not find the command (exit status 127) or could not execute it (126).
        case notRunnable
        /// The first request was not made: its temporary folder, its file or the process could not be made.
        case notTried
    }

    public let kind: Kind
    /// The command line as given.
    public let command: String
    /// What went wrong: the shell's exit status and the tail of its standard error, or the error that stopped the
    /// request.
    public let reason: String

    public init(_ kind: Kind, command: String, reason: String) {
        self.kind = kind
        self.command = command
        self.reason = reason
    }

    public var description: String {
        switch kind {
        case .notRunnable:
            // A path with spaces is split by the shell, and its first word is what was "not found".
            "cannot run the adapter command \(command): \(reason) (the command line is read by /bin/sh: quote a path "
                + "that has spaces, e.g. --adapter \"'/my dir/adapter' --flag\")"
        case .notTried:
            "cannot try the adapter command \(command): \(reason)"
        }
    }
}
