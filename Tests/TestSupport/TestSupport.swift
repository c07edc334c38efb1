import Foundation
import Synchronization

/// Runs the `ssim-conform` executable that `swift test` built beside the test bundle.
public enum SSIMConformExecutable {
    public static let url: URL = {
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
    public static func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let result = try runCapturingOutput(arguments)
        return (result.status, result.stderr)
    }

    /// Runs `ssim-conform ARGUMENTS…` and returns its exit status, standard output and standard error. Standard
    /// output goes through a temporary file, so that neither stream can fill its pipe while the other is read.
    ///
    /// - Parameters:
    ///   - executable: another copy of the executable to run.
    ///   - folder: the working folder (default: this process's).
    ///   - environment: variables to set or replace in this process's environment.
    public static func runCapturingOutput(
        _ arguments: [String], executable: URL = url, in folder: URL? = nil, environment: [String: String] = [:]
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errors = Pipe()
        process.standardError = errors
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("ssim-conform-\(UUID()).out")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let output = try FileHandle(forWritingTo: outputFile)
        process.standardOutput = output
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try output.close()
        let stdout = String(decoding: try Data(contentsOf: outputFile), as: UTF8.self)
        return (process.terminationStatus, stdout, stderr)
    }
}

/// A fresh temporary folder for one test, removed with all it holds when the test process exits.
public func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ssim-adapter-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    TemporaryFolders.made.add(folder)
    return folder
}

/// The folders ``temporaryFolder()`` made in this process, removed at its exit (the tests of a run share it), unless
/// the environment sets SSIM_KEEP_TEST_FOLDERS, to look into them after a failure.
private final class TemporaryFolders: Sendable {
    static let made: TemporaryFolders = {
        if ProcessInfo.processInfo.environment["SSIM_KEEP_TEST_FOLDERS"] == nil {
            atexit { TemporaryFolders.made.removeAll() }
        }
        return TemporaryFolders()
    }()

    private let folders = Mutex<[URL]>([])

    func add(_ folder: URL) { folders.withLock { $0.append(folder) } }

    private func removeAll() {
        for folder in folders.withLock({ $0 }) { try? FileManager.default.removeItem(at: folder) }
    }
}

/// The package's root folder.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

extension SSIMConformExecutable {
    /// The command lines of running processes that contain `marker` (from /proc).
    public static func processes(matching marker: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { Int($0) != nil }.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let line = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\0", with: " ")
            return line.contains(marker) ? line : nil
        }
    }
}
