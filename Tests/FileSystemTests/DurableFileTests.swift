import FileSystem
import Foundation
import Testing

/// DurableFile's promises: the whole new content or what was there, never a part; no overwrite unless asked; every
/// failure a FileSystemError naming the file and the step; no temporary file left behind.
@Suite struct DurableFileTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("durable-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func entries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func writesAndReplacesOnlyWhenAsked() throws {
        let path = folder.appendingPathComponent("report.json").path
        try DurableFile.write(Data("first".utf8), to: path, overwrite: false)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("first".utf8))

        let refusal = #expect(throws: FileSystemError.self) {
            try DurableFile.write(Data("second".utf8), to: path, overwrite: false)
        }
        #expect(refusal == FileSystemError(.exists, path: path))
        #expect(refusal?.description == "\(path): the file exists and will not be overwritten")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("first".utf8))

        try DurableFile.write(Data("second".utf8), to: path, overwrite: true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("second".utf8))
        #expect(try entries() == ["report.json"])
    }

    @Test func namesTheFileAndTheStepThatFailed() throws {
        let path = folder.appendingPathComponent("missing/report.json").path
        let failure = #expect(throws: FileSystemError.self) {
            try DurableFile.write(Data("x".utf8), to: path, overwrite: true)
        }
        #expect(failure?.kind == .write)
        #expect(failure?.path == path)
        #expect(failure?.code == ENOENT)
        #expect(failure?.description == "cannot write \(path): No such file or directory")

        let unsynced = #expect(throws: FileSystemError.self) { try DurableFile.sync(path) }
        #expect(unsynced == FileSystemError(.open, path: path, code: ENOENT))
    }

    @Test func leavesNoPartialFileWhenTheContentFails() throws {
        struct Refused: Error {}
        let path = folder.appendingPathComponent("request.h5").path
        #expect(throws: Refused.self) {
            try DurableFile.write(to: path, overwrite: false) { temporary in
                try Data("part".utf8).write(to: URL(fileURLWithPath: temporary))
                throw Refused()
            }
        }
        #expect(try entries() == [])
    }
}
