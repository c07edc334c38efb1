import ArgumentParser
import FoundationEssentials
import Glibc
import SSIMAdapterProtocol
import SSIMConformance
import SSIMVectors

/// `ssim-conform vectors generate|verify`: the golden-vector store.
struct Vectors: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate or verify the golden vectors.",
        subcommands: [Generate.self, Verify.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Regenerate the vector files and their manifest.",
            discussion: """
                Writes one HDF5 file per family and MANIFEST.sha256 into the output folder, replacing the old ones \
                (other files there are left alone). The same sources, commit stamp and HDF5 library give the same \
                bytes. Exit status: 0 when the store was written, 2 when a source cannot be read, the folder cannot \
                be written or generating fails (the previous store is then left whole, and no new folder behind).
                """)

        @Option(help: "The folder to write.")
        var output = "Vectors"

        @OptionGroup var sourceOptions: VectorSourceOptions

        @Option(help: "The commit to record as the vectors' provenance (default: git rev-parse HEAD, with -dirty when the tree has changes; unknown outside git).")
        var gitCommit: String?

        func run() throws {
            if let problem = sourceOptions.problem ?? WritablePath.folderProblem(output) {
                throw CommandFailure("vectors generate", problem)
            }
            let commit = gitCommit ?? currentCommit()
            let counts: [VectorFamily: Int]
            do {
                counts = try VectorStore.generate(
                    to: output, sources: sourceOptions.sources,
                    provenance: VectorProvenance(gitCommit: commit)
                ) { family, count in
                    print("\(family.fileName): \(count) cases")
                    fflush(nil)  // as each file is written, even into a pipe
                }
            } catch {
                throw CommandFailure("vectors generate", "\(error)")
            }
            print("\(counts.values.reduce(0, +)) cases written to \(output) at commit \(commit)")
        }

        private func currentCommit() -> String {
            guard let head = git(["rev-parse", "HEAD"]) else { return "unknown" }
            let dirty = git(["status", "--porcelain", "--untracked-files=no"]).map { !$0.isEmpty } ?? false
            return head + (dirty ? "-dirty" : "")
        }

        /// What `git` with `arguments` prints, trimmed, or nil when it fails (its errors are not shown).
        private func git(_ arguments: [String]) -> String? {
            guard let output = popen(ShellWords.quoted(["git"] + arguments) + " 2>/dev/null", "r") else { return nil }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while case let count = fread(&buffer, 1, buffer.count, output), count > 0 { bytes += buffer[..<count] }
            guard pclose(output) == 0 else { return nil }
            return String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the vector files against their manifest and read every case through.",
            discussion: """
                With --regenerate, also regenerates the store elsewhere (with the commit stamp its files carry) and \
                reports every file whose bytes differ: the vectors are stale. Exit status: 0 when the store is \
                sound (and fresh), 1 when a file is missing, extra, tampered with, unreadable or stale, 2 when the \
                folder does not exist or the regeneration fails.
                """)

        @Argument(help: "The folder of vectors.")
        var directory = "Vectors"

        @Flag(help: "Also check that regenerating gives the same bytes.")
        var regenerate = false

        @OptionGroup(title: "With --regenerate") var sourceOptions: VectorSourceOptions

        func run() throws {
            var isDirectory = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
                throw CommandFailure("vectors verify", "\(directory): no such folder")
            }
            guard isDirectory else {
                throw CommandFailure("vectors verify", "\(directory) is a file, not a folder of vectors")
            }
            let verification = VectorStore.verify(directory)
            var problems = verification.problems
            if regenerate {
                do {
                    problems += try VectorStore.staleFiles(in: directory, sources: sourceOptions.sources).map {
                        "\($0): stale: regenerating gives other bytes; run ssim-conform vectors generate and commit the result"
                    }
                } catch {
                    throw CommandFailure("vectors verify", "cannot regenerate: \(error)")
                }
            }
            for problem in problems {
                print(problem)
            }
            guard problems.isEmpty else {
                print("\(directory): \(problems.count) problems")
                throw ExitCode(1)
            }
            print("\(directory): sound\(regenerate ? " and fresh" : ""), \(verification.caseCount) cases")
        }
    }
}
