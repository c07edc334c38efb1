import Foundation
import HDF5
import SSIM
import SSIMConformance
import SSIMVectors
import Testing
import TestSupport

/// Files the suite did not write: damaged and hostile vector, request and response files, the fuzz corpus, and the
/// command line's verdict on them.
@Suite struct UntrustedFileTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzCorpus")
    static let invalidVectors = packageRoot.appendingPathComponent("Vectors/invalid.h5")

    /// Each reader, through its reader process, either reads the file or throws an error naming it; none crashes
    /// this process.
    static func expectClearErrors(_ path: String, mayRead: Bool = false) {
        for kind in UntrustedFileKind.allCases {
            do {
                try UntrustedFile.read(path, as: kind)
                #expect(mayRead, "\(path) read as \(kind)")
            } catch {
                #expect("\(error)".contains(path), "\(error)")
                #expect(!isUnavailable(error), "\(error)")
            }
        }
    }

    /// Whether `error` says the file was not read at all, for want of a reader process.
    static func isUnavailable(_ error: any Error) -> Bool {
        guard case .readerUnavailable? = (error as? UntrustedFileError)?.kind else { return false }
        return true
    }

    /// The inputs the fuzz soak kept (tools/fuzz-soak): new errors, and (`crash-*`) files on which HDF5 1.10.8
    /// overran a buffer inside the library during the soak; those crash or not depending on what lies past the
    /// buffer, and are refused either way, the process going on.
    @Test func replaysTheFuzzCorpus() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { $0.hasSuffix(".h5") }
        #expect(files.count >= 10)
        for name in files {
            Self.expectClearErrors(Self.corpus.appendingPathComponent(name).path, mayRead: true)
        }
    }

    @Test func damagedFilesGiveErrorsNamingThem() throws {
        let folder = try temporaryFolder()
        let valid = try Data(contentsOf: Self.invalidVectors)
        var random = SplitMix64(seed: 6)
        let damaged: [(String, Data)] = [
            ("empty.h5", Data()),
            ("random.h5", Data((0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) })),
            ("truncated.h5", valid.prefix(valid.count / 2)),
            ("header-only.h5", valid.prefix(512)),
            ("flipped.h5", Data(valid.enumerated().map { $0 % 997 == 400 ? $1 ^ 0x10 : $1 })),
        ]
        for (name, bytes) in damaged {
            let path = folder.appendingPathComponent(name).path
            try bytes.write(to: URL(fileURLWithPath: path))
            Self.expectClearErrors(path)
        }
        // The command line: exit status 2 naming the file.
        let truncated = folder.appendingPathComponent("truncated.h5").path
        let run = try SSIMConformExecutable.run(["certify", "--vectors", truncated, "--property-cases", "0"])
        #expect(run.status == 2)
        #expect(run.stderr.contains(truncated))
    }

    /// Without a reader process, a file from outside is refused with an error saying so, not read unprotected; and
    /// SSIM_CONFORM_EXECUTABLE comes before the running ssim-conform.
    @Test func withoutAReaderProcessFilesAreRefusedNotReadUnprotected() throws {
        let missing = try temporaryFolder().appendingPathComponent("no-such-ssim-conform").path
        let process = Process()
        process.executableURL = SSIMConformExecutable.url
        process.arguments = ["certify", "--vectors", Self.invalidVectors.path, "--property-cases", "0"]
        process.environment = ProcessInfo.processInfo.environment.merging(["SSIM_CONFORM_EXECUTABLE": missing]) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(stderr.contains("\(Self.invalidVectors.path): not read: no executable \(missing)"), "\(stderr)")
    }

    @Test func aHugeDeclaredImageIsRefusedNamingTheCase() throws {
        let path = try temporaryFolder().appendingPathComponent("huge.h5").path
        try FileManager.default.copyItem(atPath: Self.invalidVectors.path, toPath: path)
        // Replace the first case's img1 by an unwritten 2⁶⁰-element dataset.
        let id = try VectorFile.read(from: Self.invalidVectors.path).cases[0].request.id
        try HostileDataset.unwritten(shape: [1 << 15, 1 << 15, 1 << 15, 1 << 15]).add(
            to: path, group: "/cases/\(id)", name: "img1")
        let error = #expect(throws: HDF5Error.self) { try VectorFile.read(from: path) }
        #expect(error?.kind == .tooLarge)
        #expect(error?.description.contains("/cases/\(id)/img1") == true)
        #expect(error?.description.contains(path) == true)
    }
}
