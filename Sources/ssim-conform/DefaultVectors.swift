import FoundationEssentials
import SSIMConformance

/// Where `certify` finds the golden vectors when `--vectors` is not given, from whatever folder it is run: the
/// `Vectors` folder of the checkout this executable was built in (the nearest folder above it holding `Package.swift`
/// and `Vectors/MANIFEST.sha256`), else the folder `$SSIM_CONFORM_VECTORS` names. An executable built in a checkout
/// certifies against that checkout's vectors, which its own tests were made from.
enum DefaultVectors {
    /// The environment variable naming a vector folder (or file) for executables outside a checkout.
    static let environmentVariable = "SSIM_CONFORM_VECTORS"

    /// The vectors to certify against.
    ///
    /// - Throws: ``CommandFailure`` saying where it looked.
    static func find(for command: String) throws(CommandFailure) -> String {
        let executable = URL(fileURLWithPath: RunningExecutable.pathOrName)
        var folder = executable.deletingLastPathComponent()
        while folder.path != "/" {
            let vectors = folder.appendingPathComponent("Vectors")
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
                FileManager.default.fileExists(atPath: vectors.appendingPathComponent("MANIFEST.sha256").path) {
                return vectors.path
            }
            folder.deleteLastPathComponent()
        }
        if let given = ProcessInfo.processInfo.environment[environmentVariable], !given.isEmpty { return given }
        throw CommandFailure(
            command,
            "no vectors found: no checkout with Vectors/MANIFEST.sha256 in a folder above \(executable.path), and "
                + "\(environmentVariable) is not set; give --vectors FOLDER or set \(environmentVariable)")
    }
}
