import Foundation
import Testing

/// Runs the `ssim-conform` executable that `swift test` built beside the test bundle.
enum SSIMConformExecutable {
    static let url: URL = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // The test bundle may be a folder (…/X.xctest/…) inside the build folder.
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("ssim-conform").path),
            folder.path != "/"
        {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("ssim-conform")
    }()

    /// Runs `ssim-conform ARGUMENTS…` and returns its exit status and standard error.
    static func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stderr)
    }
}

/// A fresh temporary folder for one test.
func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ssim-adapter-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// The folder of this test target's files.
let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
