import Foundation
import HDF5
@testable import SSIMVectors
import Testing
import TestSupport

/// The vectors are made from files committed in the repository, which needs nothing beside it (issue 14,
/// "Self-contained").
@Suite struct VectorSourcesTests {
    static let sources = VectorSources.inRepository(packageRoot.path)

    @Test func theSourcesAreCommittedInTheRepository() {
        for path in [Self.sources.realImagePairs, Self.sources.matlabParity, Self.sources.realVolumes] {
            #expect(path.hasPrefix(packageRoot.path + "/"), "\(path) lies outside the checkout")
            #expect(FileManager.default.isReadableFile(atPath: path), "\(path) is missing")
        }
        let notes = URL(fileURLWithPath: Self.sources.matlabParity).deletingLastPathComponent().appendingPathComponent("README.md")
        #expect(FileManager.default.isReadableFile(atPath: notes.path), "the parity data's README and licence notes")
    }

    /// The in-repository copy gives the committed `matlab-parity.h5` byte for byte, its recorded source included.
    @Test func theMatlabParityFamilyRegeneratesByteForByte() throws {
        let committed = packageRoot.appendingPathComponent("Vectors/\(VectorFamily.matlabParity.fileName)")
        let commit = try VectorFile.read(from: committed.path).gitCommit
        let regenerated = try temporaryFolder().appendingPathComponent(VectorFamily.matlabParity.fileName)
        try withExtendedLifetime(try HDF5File.create(regenerated.path)) { file in
            try VectorFileWriter.write(
                VectorCatalog.cases(.matlabParity, sources: Self.sources), family: VectorFamily.matlabParity.rawValue,
                provenance: VectorProvenance(gitCommit: commit), to: file)
            try file.flush()
        }
        #expect(try Data(contentsOf: regenerated) == Data(contentsOf: committed))
    }
}
