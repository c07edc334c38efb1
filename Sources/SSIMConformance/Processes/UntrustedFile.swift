import FoundationEssentials
import SSIMAdapterProtocol
import SSIMVectors

/// Reading a file the suite did not write (a request, a response, a vector file) first in a reader process of its
/// own, so that a crash inside the HDF5 C library is a clear error naming the file instead of the end of this process.
///
/// HDF5 (1.10.8 on Debian 12, and later versions alike) can read out of bounds on some corrupt files: the fuzz soak
/// found memcpy overruns in its global heap when a variable-length string's heap entry is damaged. The HDF5 layer
/// checks every size it can see before calling HDF5 (`HDF5Limits`); what happens inside HDF5 it cannot check. So the
/// file is read once by `ssim-conform _read-untrusted KIND FILE`, started with posix_spawn (``ChildProcess``): a fresh
/// process, which unlike a forked copy of this one never inherits a lock another thread held. If that process is
/// killed by a signal or overruns the timeout, the file is refused with an ``UntrustedFileError``; if it refused the
/// file with an error, that error is this one's (``UntrustedFileError/Kind/refused(_:)``): the file is not read again
/// here, because HDF5 can corrupt memory even on its way to rejecting a file (valgrind showed it on one file of the
/// fuzz corpus). Only a file the reader process read whole is read again, here.
///
/// The reader is the `ssim-conform` executable: the one `SSIM_CONFORM_EXECUTABLE` names (`ssim-conform` sets it to
/// itself when it starts, under whatever name it runs), else `ssim-conform` in this process's folder (where SwiftPM
/// builds it beside the test bundles). When there is none, reading fails with ``UntrustedFileError/Kind/readerUnavailable(_:)``: a file
/// from outside is never read unprotected.
public enum UntrustedFile {
    /// Seconds the reader process may take before the file is refused as hanging HDF5.
    public static let defaultTimeout: Double = 120

    /// Reads a request file.
    public static func readRequest(_ file: String, timeout: Double = defaultTimeout) throws -> AdapterRequest {
        try readInReaderProcess(file, as: .request, timeout: timeout)
        return try AdapterRequest.read(from: file)
    }

    /// Reads a response file.
    public static func readResponse(_ file: String, timeout: Double = defaultTimeout) throws -> AdapterResponse {
        try readInReaderProcess(file, as: .response, timeout: timeout)
        return try AdapterResponse.read(from: file)
    }

    /// Reads a vector file.
    public static func readVectorFile(_ file: String, timeout: Double = defaultTimeout) throws -> VectorFile {
        try readInReaderProcess(file, as: .vectors, timeout: timeout)
        return try VectorFile.read(from: file)
    }

    /// Reads `file` as `kind` and discards what was read: whether it can be read, and the error if not.
    public static func read(_ file: String, as kind: UntrustedFileKind, timeout: Double = defaultTimeout) throws {
        try readInReaderProcess(file, as: kind, timeout: timeout)
        try kind.readHere(file)
    }

    /// Has the reader process read `file` as `kind`; returns when it read the file.
    ///
    /// - Throws: ``UntrustedFileError`` when it refused the file, was killed by a signal, overran `timeout` seconds,
    ///   or could not be run.
    private static func readInReaderProcess(
        _ file: String, as kind: UntrustedFileKind, timeout: Double
    ) throws(UntrustedFileError) {
        let executable = readerExecutable()
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw UntrustedFileError(
                .readerUnavailable(
                    "no executable \(executable) to read it in a process of its own (build the product ssim-conform "
                        + "there, or set SSIM_CONFORM_EXECUTABLE)"),
                file: file)
        }
        let run: (outcome: ChildProcess.Outcome, stderr: StderrTail.Captured)
        do {
            // "--": a file named like an option is still the file.
            run = try ChildProcess.run([executable, ReaderCommand.name, kind.rawValue, "--", file], timeout: timeout)
        } catch {
            throw UntrustedFileError(.readerUnavailable("\(error)"), file: file)
        }
        switch run.outcome {
        case .terminated(.exited(ReaderCommand.read)):
            return
        case .terminated(.exited(ReaderCommand.refused)):
            throw UntrustedFileError(.refused(run.stderr.text), file: file)
        case .terminated(.signalled(let signal)):
            throw UntrustedFileError(.crashed(signal: signal), file: file)
        case .timedOut:
            throw UntrustedFileError(.timedOut(seconds: timeout), file: file)
        case .terminated(let termination):
            // Not an answer about the file: another program, or an ssim-conform without the reader command.
            throw UntrustedFileError(.readerUnavailable("the reader \(executable) \(termination)\(run.stderr)"), file: file)
        }
    }

    /// The `ssim-conform` executable to run as the reader (see the type's comment), which may not exist.
    static func readerExecutable() -> String {
        if let given = ProcessInfo.processInfo.environment["SSIM_CONFORM_EXECUTABLE"] { return given }
        let running = RunningExecutable.pathOrName
        // When this is ssim-conform, the file of that name beside it is this very executable.
        return URL(fileURLWithPath: running).deletingLastPathComponent().appendingPathComponent("ssim-conform").path
    }

    /// The contract between ``UntrustedFile`` and the command line's hidden reader command.
    public enum ReaderCommand {
        /// The subcommand's name: `ssim-conform _read-untrusted KIND FILE`.
        public static let name = "_read-untrusted"
        /// The exit status when the file was read.
        public static let read: Int32 = 0
        /// The exit status when the reader refused the file with an error (written to standard error).
        public static let refused: Int32 = 1
    }
}
