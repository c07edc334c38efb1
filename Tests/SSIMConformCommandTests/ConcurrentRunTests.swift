import Foundation
import Testing
import TestSupport

/// Two certification runs over the same vectors at once both succeed, and neither writes into the vectors.
@Suite struct ConcurrentRunTests {
    @Test func twoRunsAtOnceSucceedAndLeaveTheVectorsAlone() throws {
        let vectors = packageRoot.appendingPathComponent("Vectors")
        let files = try FileManager.default.contentsOfDirectory(atPath: vectors.path).sorted()
        func snapshot() throws -> [String: (Data, Date)] {
            try Dictionary(uniqueKeysWithValues: files.map { name in
                let path = vectors.appendingPathComponent(name).path
                let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date
                return (name, (try Data(contentsOf: URL(fileURLWithPath: path)), modified))
            })
        }
        let before = try snapshot()
        let reports = try temporaryFolder()
        let temporary = reports.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let runs = try (0..<2).map { index in
            let process = Process()
            process.executableURL = SSIMConformExecutable.url
            process.arguments = [
                "certify", "--vectors", vectors.path, "--filter", "invalid", "--filter", "border", "--property-cases", "0",
                "--adapter", "\(SSIMConformExecutable.url.path) eval", "--batch-size", "16",
                "--report", reports.appendingPathComponent("run\(index)").path,
            ]
            process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary.path]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        for run in runs {
            run.waitUntilExit()
            #expect(run.terminationStatus == 0)
        }
        for index in 0..<2 {
            #expect(FileManager.default.fileExists(atPath: reports.appendingPathComponent("run\(index)/report.json").path))
        }
        let after = try snapshot()
        #expect(after.keys == before.keys)
        for (name, (bytes, modified)) in before {
            #expect(after[name]?.0 == bytes && after[name]?.1 == modified, "\(name) changed")
        }
        // Nothing of the runs is left in their temporary folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path) == [])
    }
}
