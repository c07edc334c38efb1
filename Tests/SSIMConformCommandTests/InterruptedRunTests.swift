import Foundation
import Testing
import TestSupport

/// `certify` interrupted by SIGINT or SIGTERM while an adapter runs: it kills the adapter's process group, removes
/// its temporary files, writes no report, and exits 128 + the signal.
@Suite struct InterruptedRunTests {
    @Test(arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func endsTheAdapterAndLeavesNothingBehind(signal: Int32, status: Int32) throws {
        let folder = try temporaryFolder()
        let temporary = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        // A slow adapter, and a child of it: both must go. The sleep's length marks its process among all others.
        let marker = "\(1000 + Int.random(in: 0..<1_000_000)).5"
        let adapter = folder.appendingPathComponent("slow-adapter.sh")
        try Data("#!/bin/sh\nsleep \(marker)\n".utf8).write(to: adapter)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: adapter.path)
        let report = folder.appendingPathComponent("report")

        let process = Process()
        process.executableURL = SSIMConformExecutable.url
        process.arguments = [
            "certify", "--vectors", packageRoot.appendingPathComponent("Vectors").path, "--adapter", adapter.path,
            "--filter", "invalid", "--property-cases", "0", "--report", report.path,
        ]
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary.path]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while try SSIMConformExecutable.processes(matching: "sleep \(marker)").isEmpty, Date() < deadline {
            usleep(50_000)
        }
        #expect(try !SSIMConformExecutable.processes(matching: "sleep \(marker)").isEmpty, "the adapter never started")
        kill(process.processIdentifier, signal)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationReason == .exit && process.terminationStatus == status, "\(stderr)")
        #expect(stderr.contains("interrupted"), "\(stderr)")
        #expect(try SSIMConformExecutable.processes(matching: marker) == [], "adapter processes left")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path) == [], "temporary files left")
        #expect(!FileManager.default.fileExists(atPath: report.path), "a report was written")
    }
}
