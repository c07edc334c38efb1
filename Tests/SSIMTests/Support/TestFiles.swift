import Foundation
import SSIMVectors

/// Paths of files the tests read, relative to this package.
enum TestFiles {
    /// The package's root folder.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file under Tests/SSIMTests/Witness.
    static func witness(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/SSIMTests/Witness/\(name)").path
    }

    /// The MATLAB parity data committed in the repository (`tools/data/matlab-parity`).
    static let matlabParity = VectorSources.inRepository(packageRoot.path).matlabParity
}
