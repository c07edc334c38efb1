import FoundationEssentials

/// The executable this process runs: the reader of untrusted files is found beside it, and the default vectors
/// above it.
public enum RunningExecutable {
    /// Its file, as Linux names it (`/proc/self/exe`); nil where that cannot be read.
    public static var path: String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }

    /// ``path``, else the name the process was started by (`argv[0]`).
    public static var pathOrName: String {
        path ?? CommandLine.arguments[0]
    }
}
