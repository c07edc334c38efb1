import Foundation

/// Paths of files the tests read, relative to this package.
enum TestFiles {
    /// The package's root folder.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file under Tests/SSIMTests/Witness.
    static func witness(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/SSIMTests/Witness/\(name)").path
    }

    /// The shared MATLAB parity data, which lives beside the checkout (`../shared/matlab-parity`).
    static let matlabParity = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/matlab-parity/camera.h5").path
}
