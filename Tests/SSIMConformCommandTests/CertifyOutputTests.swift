import Foundation
import SSIMVectors
import Testing
import TestSupport

/// What `ssim-conform certify` prints and how it runs: --version, --list, --max-failures, the command reproducing
/// each failing case, --quiet and --verbose, progress without a terminal, and --jobs.
@Suite struct CertifyOutputTests {
    static let vectors = packageRoot.appendingPathComponent("Vectors").path
    /// An adapter whose every batch is a crash: it writes garbage as the response.
    static let garbage = "sh -c 'echo garbage > \"$2\"' garbage"

    @Test func theRootCommandGivesItsVersions() throws {
        let run = try SSIMConformExecutable.runCapturingOutput(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("ssim-conform 1.0.0 (vectors schema ssim-conformance-vectors/1, adapter protocol ssim-conformance-adapter/1, HDF5 1."), "\(run.stdout)")
        // Then the commit the vectors it certifies against by default (this checkout's) were generated at.
        let commit = try VectorFile.read(from: Self.vectors + "/core.h5").gitCommit
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines[1].hasPrefix("vectors \(commit) (") && lines[1].hasSuffix("/Vectors)"), "\(run.stdout)")
    }

    @Test func listsWhatAFilterSelectsWithoutRunning() throws {
        let run = try SSIMConformExecutable.runCapturingOutput([
            "certify", "--vectors", Self.vectors, "--list", "--filter", "core-00*", "--filter", "property-identity-*",
            "--property-cases", "2", "--adapter", "no-such-command",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "core: 10 cases")
        #expect(lines.contains("  core-009-w13-same-mean-f32-random") && lines.contains("  property-identity-001"))
        #expect(lines.last == "10 cases in 1 families, 2 property checks")
    }

    /// Each metric's properties are listed (and run) under a convention of that metric alone: every metric's by
    /// default (14 of SSIM, 7 of MS-SSIM, 11 of 3-D SSIM, 5 of 3-D MS-SSIM, 3 of MS-SSIM + L1), SSIM's, 3-D SSIM's
    /// and MS-SSIM + L1's under `kornia` (which has no MS-SSIM, on images or volumes), MS-SSIM's under `wang-msssim`
    /// (which has nothing else), and all but MS-SSIM + L1's under `torchmetrics`.
    @Test(arguments: [(nil, 40), ("kornia", 28), ("wang-msssim", 7), ("torchmetrics", 37)] as [(String?, Int)])
    func listsThePropertiesOfTheMetricsCertified(convention: String?, checks: Int) throws {
        let run = try SSIMConformExecutable.runCapturingOutput(
            ["certify", "--vectors", Self.vectors, "--list", "--filter", "property-*", "--property-cases", "1", "--adapter", "no-such-command"]
                + (convention.map { ["--convention", $0] } ?? []))
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.last == "0 cases in 0 families, \(checks) property checks", "\(run.stdout)")
        #expect(lines.contains("  property-ms-ssim-single-scale-is-ssim-000") == (convention != "kornia"), "\(run.stdout)")
        #expect(lines.contains("  property-ms-ssim-3d-identity-000") == [nil, "torchmetrics"].contains(convention))
        #expect(lines.contains("  property-ms-ssim-3d-batch-order-000") == [nil, "torchmetrics"].contains(convention))
        #expect(lines.contains("  property-ms-ssim-l1-identity-000") == [nil, "kornia"].contains(convention))
    }

    @Test func stopsAfterMaxFailuresAndSaysHowToReproduceEachFailure() throws {
        let run = try SSIMConformExecutable.runCapturingOutput([
            "certify", "--vectors", Self.vectors, "--adapter", Self.garbage, "--filter", "invalid-*", "--batch-size", "4",
            "--max-failures", "5", "--property-cases", "0",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("(8 crash)") && run.stdout.contains("stopped after 5 failures (--max-failures; 8 in the batches run): 8 of 25 cases judged"), "\(run.stdout)")
        let reproductions = run.stdout.split(separator: "\n").filter { $0.hasPrefix("    reproduce alone: ") }
        #expect(reproductions.count == 8)
        // The first one, run as printed (through the shell, as a user pastes it), judges that case alone.
        let command = try #require(reproductions.first).dropFirst("    reproduce alone: ssim-conform".count)
        let alone = try SSIMConformExecutable.runCapturingOutput(
            ["-c", "\"$0\" \(command)", SSIMConformExecutable.url.path], executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(alone.status == 1)
        let text = alone.stdout
        #expect(text.contains("(1 crash)") && text.contains("invalid-000"), "\(text)")
    }

    @Test func quietVerboseAndProgressWithoutATerminal() throws {
        let arguments = ["certify", "--vectors", Self.vectors, "--implementation", "reference", "--filter", "core-00*", "--seed", "1", "--property-cases", "1", "--filter", "property-symmetry-*"]
        let plain = try SSIMConformExecutable.runCapturingOutput(arguments)
        #expect(plain.status == 0)
        // Standard error is a pipe here: lines, not a live line, for each phase.
        #expect(plain.stderr.contains("vectors 10/10") && plain.stderr.contains("properties "), "\(plain.stderr)")
        #expect(!plain.stderr.contains("\r"))
        // The estimate of the rest counts the phase from its start, not from its first batch's end: after the first
        // of seven 512 × 512 cases it is at least six times what that case took, never 0.
        let paced = try SSIMConformExecutable.runCapturingOutput([
            "certify", "--vectors", Self.vectors, "--implementation", "reference", "--filter", "matlab-parity-*",
            "--batch-size", "1", "--property-cases", "0",
        ])
        let firstLine = try #require(paced.stderr.split(separator: "\n").first.map(String.init))
        #expect(firstLine.contains("vectors 1/7") && firstLine.contains(" left") && !firstLine.contains("about 0.0 s left"), "\(firstLine)")
        let quiet = try SSIMConformExecutable.runCapturingOutput(arguments + ["--quiet"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
        #expect(quiet.stdout.split(separator: "\n").count == 1, "\(quiet.stdout)")
        let verbose = try SSIMConformExecutable.runCapturingOutput(arguments + ["--verbose"])
        #expect(verbose.stdout.contains("  core-000-w11-same-none-f64-random: pass") && verbose.stdout.contains("  property-symmetry-000: pass"), "\(verbose.stdout)")
    }

    /// On a terminal (a pseudo-terminal from script(1)) the progress is one line rewritten in place, through both
    /// phases, ended before the verdict.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func aLiveLineOnATerminal() throws {
        let command = "\"$0\" certify --vectors \"$1\" --implementation reference --filter 'core-0*' --seed 1 --property-cases 1 --filter 'property-identity-*'"
        let run = try SSIMConformExecutable.runCapturingOutput(
            ["-qec", "sh -c '\(command.replacingOccurrences(of: "'", with: "'\\''"))' \(SSIMConformExecutable.url.path) \(Self.vectors)", "/dev/null"],
            executable: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\rssim-conformance-reference: vectors 64/100, "), "\(run.stdout)")
        #expect(run.stdout.contains("\rssim-conformance-reference: vectors 100/100, ") && run.stdout.contains("\u{1B}[K\r\n"))
        #expect(run.stdout.contains("\rssim-conformance-reference: properties 1/1, "))
    }

    /// Batches run in parallel give the very results one job gives, property checks included.
    @Test func jobsChangeNothingButTheTime() throws {
        var reports: [Data] = []
        for jobs in ["1", "2", "3"] {
            let folder = try temporaryFolder().appendingPathComponent("report")
            let run = try SSIMConformExecutable.runCapturingOutput([
                "certify", "--vectors", Self.vectors, "--adapter", "\(SSIMConformExecutable.url.path) eval", "--filter", "core-*",
                "--filter", "invalid", "--filter", "property-*", "--seed", "7", "--property-cases", "1", "--batch-size", "8",
                "--jobs", jobs, "--report", folder.path, "--quiet",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json"))) as? [[String: Any]])
            // Every field but the time each case took.
            let cases = try #require(report[0]["cases"] as? [[String: Any]]).map { $0.filter { $0.key != "seconds" } }
            reports.append(try JSONSerialization.data(withJSONObject: cases, options: [.sortedKeys]))
        }
        #expect(reports[1] == reports[0] && reports[2] == reports[0])
    }
}
