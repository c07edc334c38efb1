import Foundation
import SSIM
import SSIMVectors
import Testing
import TestSupport

/// `vectors generate` killed at any moment leaves the previous store whole (README, "What the suite promises").
@Suite struct InterruptedGenerationTests {
    @Test func killingGenerateLeavesThePreviousVectorsSound() throws {
        let folder = try temporaryFolder()
        let store = folder.appendingPathComponent("Vectors")
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Vectors"), to: store)
        let before = try Self.contents(of: store)
        var random = SplitMix64(seed: UInt64(Date().timeIntervalSince1970))
        for _ in 0..<3 {
            let process = Process()
            process.executableURL = SSIMConformExecutable.url
            process.arguments = [
                "vectors", "generate", "--output", store.path, "--git-commit", "interrupted",
                "--real-images", Self.sources.realImagePairs, "--matlab-parity", Self.sources.matlabParity,
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(100_000 + random.next() % 2_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(try Self.contents(of: store) == before)
        }
        #expect(VectorStore.verify(store.path).isSound)
        // The staging folders of the killed runs are removed by the next run.
        VectorStore.removeAbandonedStaging(beside: store)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["Vectors"])
    }

    static let sources = VectorSources.inRepository(packageRoot.path)

    /// Every file's bytes, by name.
    static func contents(of folder: URL) throws -> [String: Data] {
        try Dictionary(uniqueKeysWithValues: FileManager.default.contentsOfDirectory(atPath: folder.path).map {
            ($0, try Data(contentsOf: folder.appendingPathComponent($0)))
        })
    }
}
