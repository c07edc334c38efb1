import ArgumentParser
import FoundationEssentials
import Glibc
import SSIMConformance

/// `ssim-conform _read-untrusted KIND FILE`: the reader process of ``UntrustedFile`` (hidden: the suite runs it, not
/// people).
///
/// Reads FILE as KIND and exits with ``UntrustedFile/ReaderCommand/read`` (0), or, when the reader throws, writes
/// the error to standard error and exits with ``UntrustedFile/ReaderCommand/refused`` (1). A crash inside HDF5 ends
/// this process by its signal, which is the answer the caller waits for.
struct ReadUntrusted: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: UntrustedFile.ReaderCommand.name,
        abstract: "Read a file the suite did not write, for the process that waits on this one.", shouldDisplay: false)

    @Argument(help: "What the file is: \(UntrustedFileKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: UntrustedFileKind

    @Argument(help: "The file.")
    var file: String

    func run() throws {
        // The default action, not the Swift runtime's backtrace: a crash is expected here and reported by the caller,
        // and printing a backtrace would only slow the answer.
        for crash in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] { signal(crash, SIG_DFL) }
        do {
            try kind.readHere(file)
        } catch {
            StandardError.write("\(error)\n")
            throw ExitCode(UntrustedFile.ReaderCommand.refused)
        }
        throw ExitCode(UntrustedFile.ReaderCommand.read)
    }
}

extension UntrustedFileKind: ExpressibleByArgument {}
