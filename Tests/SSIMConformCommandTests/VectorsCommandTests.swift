import Foundation
import Testing
import TestSupport

/// `ssim-conform vectors generate|verify` as commands: what they refuse, and in which words.
@Suite struct VectorsCommandTests {
    @Test func verifySaysAFileIsNotAFolder() throws {
        let file = packageRoot.appendingPathComponent("Vectors/core.h5").path
        let run = try SSIMConformExecutable.run(["vectors", "verify", file])
        #expect(run.status == 2)
        #expect(run.stderr == "ssim-conform vectors verify: \(file) is a file, not a folder of vectors\n")
    }

    /// Sources that cannot be read are found before any vector is computed; one that reads as garbage fails the run
    /// after the output folder was made, which is then removed: no empty folder is left behind. The files written
    /// before it are reported as they were written.
    @Test func generateChecksItsInputsAndLeavesNoFolderBehind() throws {
        let folder = try temporaryFolder()
        let output = folder.appendingPathComponent("new-vectors").path
        let missing = folder.appendingPathComponent("missing.h5").path
        let absent = try SSIMConformExecutable.run(["vectors", "generate", "--output", output, "--real-images", missing])
        #expect(absent.status == 2)
        #expect(absent.stderr == "ssim-conform vectors generate: --real-images: no such file \(missing)\n")
        let garbage = folder.appendingPathComponent("garbage.h5")
        try Data("not hdf5".utf8).write(to: garbage)
        let unreadable = try SSIMConformExecutable.runCapturingOutput([
            "vectors", "generate", "--output", output, "--real-images", garbage.path, "--matlab-parity", garbage.path,
        ])
        #expect(unreadable.status == 2)
        #expect(unreadable.stderr.hasPrefix("ssim-conform vectors generate: ") && unreadable.stderr.contains(garbage.path), "\(unreadable.stderr)")
        // Each file is reported as it is written: the families before the real images were, before the failure.
        #expect(unreadable.stdout.hasPrefix("core.h5: 302 cases\nborders.h5: 36 cases\n"), "\(unreadable.stdout)")
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["garbage.h5"])
    }
}
