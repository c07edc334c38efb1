import ArgumentParser
import Foundation

@main
struct SSIMConform: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssim-conform",
        abstract: "The SSIM conformance suite: a Kornia-exact reference SSIM, its golden vectors and adapter protocol.",
        subcommands: [Certify.self, Eval.self, Vectors.self, Bench.self, FuzzReaders.self, ReadUntrusted.self])

    /// argument-parser's `main()`, except that a ``CommandFailure`` is reported as the suite's commands document it
    /// (its message after the command's name, exit status 2) instead of as argument-parser's "Error: …", status 1.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("ssim-conform \(failure.command): \(failure.message)\n".utf8))
            exit(withError: ExitCode(CommandFailure.exitStatus))
        } catch {
            exit(withError: error)
        }
    }
}
