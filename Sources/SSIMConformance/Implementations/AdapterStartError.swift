/// An adapter command that cannot be run at all (``ExternalImplementation/checkStarts()``): /bin/sh did not find it
/// or could not execute it. A run cannot be made with it, as opposed to a command that runs and then fails, whose
/// cases get their verdicts.
public struct AdapterStartError: Error, CustomStringConvertible, Sendable {
    /// The command line as given.
    public let command: String
    /// What went wrong: the shell's exit status and the tail of its standard error.
    public let reason: String

    public var description: String {
        // A path with spaces is split by the shell, and its first word is what was "not found".
        "cannot run the adapter command \(command): \(reason) (the command line is read by /bin/sh: quote a path "
            + "that has spaces, e.g. --adapter \"'/my dir/adapter' --flag\")"
    }
}
