import Foundation
import HDF5
import SSIM
import SSIMAdapterProtocol
@testable import SSIMVectors
import Testing

/// The committed store (Vectors/, written by `ssim-conform vectors generate`) and its checks.
@Suite struct VectorStoreTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Vectors")
    static let files: [VectorFamily: VectorFile] = Dictionary(uniqueKeysWithValues: VectorFamily.allCases.map {
        ($0, try! VectorFile.read(from: directory.appendingPathComponent($0.fileName).path))
    })
    static var cases: [StoredVectorCase] { files.values.flatMap(\.cases) }

    @Test func splitMix64IsTheDocumentedGenerator() {
        // Reference outputs of SplitMix64 for seed 0, as published with the algorithm (and in every port of it).
        var random = SplitMix64(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(random.next() == 0x06C4_5D18_8009_454F)
        var unit = SplitMix64(seed: 0)
        #expect(unit.unit() == Double(UInt64(0xE220_A839_7B1D_CDAF) >> 11) * 0x1p-53)
    }

    /// Each family's seeds start at a base of its own, named with it rather than taken from its place in the list,
    /// and no two families' seeds can meet (each has fewer than 100 000 cases).
    @Test func everyFamilyHasItsOwnSeedBase() {
        let bases = VectorFamily.allCases.map(\.seedBase)
        #expect(Set(bases).count == bases.count, "\(bases)")
        #expect(bases.allSatisfy { $0 > 0 && $0 % 100_000 == 0 })
    }

    /// Each file explains the tags its cases carry (Wycheproof's notes), the notes `Vectors/README.md` lists, and
    /// says on every case what it expects (`result`: valid, invalid or acceptable).
    @Test func everyFileExplainsItsTagsAndEveryCaseSaysItsResult() throws {
        for family in VectorFamily.allCases {
            let root = try HDF5File.open(Self.directory.appendingPathComponent(family.fileName).path).root
            let notes = try root.group("notes")
            let used = Set(Self.files[family]!.cases.flatMap(\.tags))
            #expect(used.isSubset(of: VectorTagNotes.notes.keys), "\(family): \(used.subtracting(VectorTagNotes.notes.keys))")
            for (tag, note) in VectorTagNotes.notes {
                #expect(notes.hasAttribute(tag) == used.contains(tag), "\(family): \(tag)")
                if used.contains(tag) { #expect(try notes.stringAttribute(tag) == note, "\(family): \(tag)") }
            }
            let cases = try root.group("cases")
            for stored in Self.files[family]!.cases {
                let result = try cases.group(stored.request.id).group("expected").stringAttribute("result")
                #expect(result == stored.expectation.result, "\(stored.request.id)")
            }
        }
        let readme = try String(contentsOf: Self.directory.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("<!-- tags:begin -->\n" + VectorTagNotes.markdownTable + "\n<!-- tags:end -->"),
                "Vectors/README.md's table of tags should read:\n\(VectorTagNotes.markdownTable)")
    }

    @Test func theCommittedStoreIsSound() {
        let verification = VectorStore.verify(Self.directory.path)
        #expect(verification.problems == [])
        #expect(verification.caseCount >= 400)
    }

    @Test func coversWhatTheStorePromises() {
        let cases = Self.cases
        let requests = cases.map(\.request)
        #expect(cases.count >= 400)
        #expect(Set(cases.map(\.family)) == Set(VectorFamily.allCases.map(\.rawValue)))
        #expect(Set(cases.flatMap(\.tags)).isSuperset(of: [
            "border", "flat", "eps", "cancellation", "identity", "anticorrelated", "impulse", "extreme", "real-image",
            "matlab-parity", "invalid", "smallest",
        ]))
        let windows = requests.map(\.windowSize)
        #expect(Set(windows) .isSuperset(of: [1, 3, 5, 7, 9, 11, 13]))
        #expect(windows.filter { $0 == 11 }.count > windows.filter { $0 == 3 }.count)
        #expect(Set(requests.map(\.padding)).isSuperset(of: ["same", "valid"]))
        #expect(Set(requests.map(\.reduction)).isSuperset(of: ["none", "mean", "sum"]))
        #expect(Set(requests.map(\.img1.precision)) == Set(Precision.allCases))
        #expect(Set(requests.map(\.maxVal)).isSuperset(of: [1, 255, 0.5, 2, 4095]))
        #expect(Set(requests.map(\.eps)).isSuperset(of: [0, 1e-12]))
        let valid = requests.filter { $0.img1.shape.count == 4 && $0.img1.shape.allSatisfy { $0 > 0 } }
        #expect(Set(valid.map { $0.img1.shape[0] }).isSuperset(of: [1, 2, 3, 4]))
        #expect(Set(valid.map { $0.img1.shape[1] }).isSuperset(of: [1, 2, 3, 4]))
        let invalid = cases.compactMap { stored -> String? in
            stored.expectation.errorCategory
        }
        #expect(Set(invalid) == Set(SSIMError.Category.invalidInputCategories.map(\.rawValue)))
    }

    @Test func matlabValuesAreRecordedBesideOurs() throws {
        let casesGroup = try HDF5File.open(Self.directory.appendingPathComponent("matlab-parity.h5").path).root.group("cases")
        let ids = try casesGroup.childNames()
        #expect(ids.count >= 7)
        for id in ids {
            let group = try casesGroup.group(id)
            let ours = try group.doubleAttribute("reference_mssim"), matlab = try group.doubleAttribute("matlab_mssim")
            #expect(abs(ours - matlab) <= 1e-11, "\(id)")
        }
    }

    @Test func verifyNamesWhatIsMissingExtraOrTampered() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("vectors-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.directory, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.removeItem(at: copy.appendingPathComponent("invalid.h5"))
        try Data("stray".utf8).write(to: copy.appendingPathComponent("stray.h5"))
        let borders = copy.appendingPathComponent("borders.h5")
        var bytes = try Data(contentsOf: borders)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: borders)
        let problems = VectorStore.verify(copy.path).problems
        #expect(problems.contains { $0.hasPrefix("invalid.h5: missing") })
        #expect(problems.contains { $0.hasPrefix("stray.h5: extra") })
        #expect(problems.contains { $0.hasPrefix("borders.h5: tampered") })
        #expect(!problems.contains { $0.hasPrefix("core.h5") })
    }
}
