import Foundation
import Testing
import TestSupport

/// `ssim-conform certify` as a command: a run that cannot be made says why in one line on standard error and exits
/// 2 before any case runs.
@Suite struct CertifyCommandTests {
    static let vectors = packageRoot.appendingPathComponent("Vectors").path
    static let request = packageRoot.appendingPathComponent("docs/example-request.h5").path

    /// Runs `certify --vectors Vectors ARGUMENTS…` and checks that it could not be made: status 2, one line on
    /// standard error containing `saying`.
    static func expectRefused(_ arguments: [String], saying: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let run = try SSIMConformExecutable.runCapturingOutput(["certify", "--vectors", vectors] + arguments)
        #expect(run.status == 2, "\(arguments): \(run.stderr)", sourceLocation: sourceLocation)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(arguments): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(saying), "\(arguments): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(!run.stdout.contains("cases"), "\(arguments): it ran: \(run.stdout)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        (["--timeout", "-1"], "--timeout must be a positive number of seconds, not -1"),
        (["--timeout", "0"], "--timeout must be a positive number of seconds, not 0"),
        (["--seed", "-1"], "a seed is a whole number from 0 to"),
        (["--batch-size", "-5"], "--batch-size must be a positive number of cases, not -5"),
        (["--require", "everything"], "'full'"),
        (["--property-cases", "100000000000"], "--property-cases must be from 0 to 1000, not 100000000000"),
        (["--property-cases", "1000000", "--filter", "core-*"], "--property-cases must be from 0 to 1000"),
        (["--no-such-option"], "--no-such-option"),
        (["--adapter", ""], "--adapter is empty"),
    ])
    func refusesBadArgumentsSayingWhatIsWrong(arguments: [String], saying: String) throws {
        try Self.expectRefused(arguments, saying: saying)
    }

    /// A certification of nothing is refused like "no case to judge": every selected case 'same', which a
    /// convention without a border cannot express; or every case declared unsupported.
    @Test func refusesARunThatJudgedNothing() throws {
        try Self.expectRefused(
            ["--implementation", "reference", "--convention", "pytorch-msssim", "--filter", "core-00*same*", "--property-cases", "0"],
            saying: "nothing to judge: `pytorch-msssim` cannot express any of the")
        try Self.expectRefused(
            ["--implementation", "fast", "--convention", "scikit-image", "--filter", "core-00*", "--property-cases", "0", "--quiet"],
            saying: "nothing to judge: ssim-conformance-fast answered none of the")
    }

    @Test func refusesACommandThatCannotStart() throws {
        try Self.expectRefused(["--adapter", "no-such-adapter-command --flag"], saying: "cannot run the adapter command no-such-adapter-command --flag")
        let notExecutable = try temporaryFolder().appendingPathComponent("adapter.py")
        try Data("print(1)\n".utf8).write(to: notExecutable)
        try Self.expectRefused(["--adapter", notExecutable.path], saying: "status 126")
    }

    /// A path with spaces is split by /bin/sh, as --help says: unquoted it cannot start; quoted, it runs (and, exiting
    /// 1 on every batch, is judged: status 1).
    @Test func splitsTheCommandLineAsTheShellDoes() throws {
        let folder = try temporaryFolder().appendingPathComponent("my adapters")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let adapter = folder.appendingPathComponent("fails.sh")
        try Data("#!/bin/sh\nexit 1\n".utf8).write(to: adapter)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: adapter.path)
        try Self.expectRefused(["--adapter", adapter.path, "--filter", "core-*"], saying: "quote a path")
        let quoted = try SSIMConformExecutable.runCapturingOutput([
            "certify", "--vectors", Self.vectors, "--adapter", "'\(adapter.path)'", "--filter", "invalid", "--property-cases", "0",
        ])
        #expect(quoted.status == 1, "\(quoted.stderr)")
        #expect(quoted.stdout.contains("crash"))
    }

    @Test func refusesARunWithNoCaseToJudge() throws {
        try Self.expectRefused(["--filter", "no-such-case"], saying: "no case to judge")
        try Self.expectRefused(["--filter", "no-such-case", "--property-cases", "0"], saying: "property checks are off")
        let empty = try temporaryFolder().path
        let run = try SSIMConformExecutable.run(["certify", "--vectors", empty])
        #expect(run.status == 2 && run.stderr.contains("\(empty): no vector files"), "\(run.stderr)")
        let request = try SSIMConformExecutable.run(["certify", "--vectors", Self.request])
        #expect(request.status == 2 && request.stderr.contains("\(Self.request) is an adapter request, not a vector file"), "\(request.stderr)")
    }

    @Test func checksTheReportFolderBeforeRunning() throws {
        let file = try temporaryFolder().appendingPathComponent("a-file")
        try Data().write(to: file)
        try Self.expectRefused(["--report", file.path], saying: "--report: \(file.path) is a file, not a folder")
        try Self.expectRefused(["--report", file.path + "/report"], saying: "\(file.path) is a file")
        // A folder nothing can be made in, even by root, who passes every permission check.
        try Self.expectRefused(["--report", "/proc/ssim-conform-report"], saying: "/proc is not writable")
    }
}

extension CertifyCommandTests {
    /// Without --vectors, certify finds the vectors of the checkout it was built in from any folder; a copy outside
    /// any checkout takes $SSIM_CONFORM_VECTORS, and without it says where it looked.
    @Test func findsTheVectorsFromAnyFolder() throws {
        let elsewhere = try temporaryFolder()
        let arguments = ["certify", "--implementation", "reference", "--filter", "core-00*", "--property-cases", "0"]
        let built = try SSIMConformExecutable.runCapturingOutput(arguments, in: elsewhere)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("full"), "\(built.stdout)")

        let copy = elsewhere.appendingPathComponent("ssim-conform")
        try FileManager.default.copyItem(at: SSIMConformExecutable.url, to: copy)
        let unset = try SSIMConformExecutable.runCapturingOutput(
            arguments, executable: copy, in: elsewhere, environment: ["SSIM_CONFORM_VECTORS": ""])
        #expect(unset.status == 2)
        #expect(unset.stderr.contains("no vectors found") && unset.stderr.contains(copy.path), "\(unset.stderr)")
        let set = try SSIMConformExecutable.runCapturingOutput(
            arguments, executable: copy, in: elsewhere, environment: ["SSIM_CONFORM_VECTORS": Self.vectors])
        #expect(set.status == 0, "\(set.stderr)")
    }
}
