import ArgumentParser
import FoundationEssentials
import Glibc
import HDF5
import SSIMAdapterProtocol
import SSIMConformance
import SSIMVectors

@main
struct SSIMConform: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssim-conform",
        abstract: "The SSIM conformance suite: a Kornia-exact reference SSIM, its golden vectors and adapter protocol.",
        // The suite's version is its reference's; the vectors' schema and the HDF5 library decide which files it reads
        // and whether regenerating gives the same bytes.
        version: "ssim-conform \(ReferenceImplementation().version) (vectors schema \(VectorProvenance.schema), adapter "
            + "protocol \(AdapterProtocol.version), HDF5 \(HDF5File.libraryVersion))",
        subcommands: [Certify.self, Eval.self, Conventions.self, Vectors.self, Bench.self, FuzzReaders.self, ReadUntrusted.self])

    /// argument-parser's `main()`, except that a ``CommandFailure`` is reported as the suite's commands document it
    /// (its message after the command's name, exit status 2) instead of as argument-parser's "Error: …", status 1;
    /// that usage errors exit 2 too, as every command's help says, instead of argument-parser's 64 (EX_USAGE); and
    /// that this executable reads untrusted files for itself, even renamed or copied elsewhere.
    static func main() {
        // This executable is the reader of untrusted files (UntrustedFile), whatever its file is called.
        if ProcessInfo.processInfo.environment["SSIM_CONFORM_EXECUTABLE"] == nil,
            let executable = RunningExecutable.path {
            setenv("SSIM_CONFORM_EXECUTABLE", executable, 1)
        }
        // The vectors' commit is read from the vectors found at run time, not known when argument-parser's version
        // string is made: `--version` alone is answered here, with that string and the vectors' line.
        if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
            print(configuration.version)
            print(vectorsVersion())
            return
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            StandardError.write("ssim-conform \(failure.command): \(failure.message)\n")
            exit(withError: ExitCode(CommandFailure.exitStatus))
        } catch {
            // A usage error is a run that could not be made: one line, as a CommandFailure's, status 2.
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            let command = commandPath(Array(CommandLine.arguments.dropFirst()))
            StandardError.write("\(command): \(message(for: error)) (see \(command) --help)\n")
            exit(withError: ExitCode(CommandFailure.exitStatus))
        }
    }

    /// The default vectors (``DefaultVectors``, as `certify` finds them) and the commit they were generated at, as
    /// reports record it (``ConformanceRunner/vectorsCommit(of:)``); the files are read through the reader process,
    /// as `certify` reads them, so a damaged one is named rather than crashing this process.
    private static func vectorsVersion() -> String {
        do {
            let folder = try DefaultVectors.find(for: "--version")
            let cases = try ConformanceRunner.loadCases(from: folder).cases
            return "vectors \(ConformanceRunner.vectorsCommit(of: cases) ?? "of no known commit") (\(folder))"
        } catch let failure as CommandFailure {
            return "vectors: \(failure.message)"
        } catch {
            return "vectors: \(error)"
        }
    }

    /// The command `arguments` name, as messages spell it: "ssim-conform vectors verify".
    private static func commandPath(_ arguments: [String]) -> String {
        var command: any ParsableCommand.Type = SSIMConform.self
        var words = ["ssim-conform"]
        for argument in arguments {
            guard let subcommand = command.configuration.subcommands.first(where: { $0._commandName == argument }) else { break }
            command = subcommand
            words.append(argument)
        }
        return words.joined(separator: " ")
    }
}
