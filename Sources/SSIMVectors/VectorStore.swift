import Foundation
import HDF5

/// The golden-vector store: a folder with one HDF5 file per ``VectorFamily`` and a ``VectorManifest``.
public enum VectorStore {
    /// Regenerates every family file and the manifest in `directory`.
    ///
    /// The files are written to a hidden folder inside `directory` first, then renamed over the old ones, the
    /// manifest last; other files in `directory` (its README) are left alone. The same sources, provenance and
    /// HDF5 library give the same bytes.
    ///
    /// - Returns: the number of cases written, by family.
    @discardableResult
    public static func generate(
        to directory: String, sources: VectorSources, provenance: VectorProvenance
    ) throws -> [VectorFamily: Int] {
        let folder = URL(fileURLWithPath: directory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let staging = folder.appendingPathComponent(".generate-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: staging) }

        var counts: [VectorFamily: Int] = [:]
        for family in VectorFamily.allCases {
            let cases = try VectorCatalog.cases(family, sources: sources)
            let file = try HDF5File.create(staging.appendingPathComponent(family.fileName).path)
            try VectorFileWriter.write(cases, family: family.rawValue, provenance: provenance, to: file)
            try file.flush()
            counts[family] = cases.count
        }
        let names = VectorFamily.allCases.map(\.fileName)
        let manifest = try VectorManifest(hashing: names, in: staging)
        try Data(manifest.text.utf8).write(to: staging.appendingPathComponent(VectorManifest.fileName))
        for name in names + [VectorManifest.fileName] {
            try replace(folder.appendingPathComponent(name), with: staging.appendingPathComponent(name))
        }
        return counts
    }

    /// Checks `directory` against its manifest and reads every file through: names what is missing, extra,
    /// tampered with or unreadable.
    public static func verify(_ directory: String) -> VectorVerification {
        let folder = URL(fileURLWithPath: directory)
        var problems: [String] = []
        var caseCount = 0
        let manifestURL = folder.appendingPathComponent(VectorManifest.fileName)
        let manifest: VectorManifest
        do {
            manifest = try VectorManifest(parsing: String(decoding: try Data(contentsOf: manifestURL), as: UTF8.self))
        } catch {
            return VectorVerification(problems: ["\(manifestURL.path): cannot read the manifest: \(error)"], caseCount: 0)
        }
        let present = Set(((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".h5") })
        for family in VectorFamily.allCases where manifest.digests[family.fileName] == nil {
            problems.append("\(family.fileName): the \(family.rawValue) family is not in the manifest")
        }
        for name in present.subtracting(manifest.digests.keys).sorted() {
            problems.append("\(name): extra: not in the manifest")
        }
        for (name, digest) in manifest.digests.sorted(by: { $0.key < $1.key }) {
            let url = folder.appendingPathComponent(name)
            guard present.contains(name) else {
                problems.append("\(name): missing: listed in the manifest but not in \(directory)")
                continue
            }
            if let actual = try? VectorManifest.digest(of: url), actual != digest {
                problems.append("\(name): tampered: its SHA-256 is \(actual), the manifest says \(digest)")
            }
            do {
                caseCount += try VectorFile.read(from: url.path).cases.count
            } catch {
                problems.append("\(name): unreadable: \(error)")
            }
        }
        return VectorVerification(problems: problems, caseCount: caseCount)
    }

    /// Regenerates the store of `directory` elsewhere, with the commit stamp its files carry, and names the files
    /// whose bytes differ from what is there: the committed vectors are stale when the generator, the reference or
    /// the sources changed without a regeneration.
    public static func staleFiles(in directory: String, sources: VectorSources) throws -> [String] {
        let gitCommit = try VectorFile.read(from: URL(fileURLWithPath: directory).appendingPathComponent(VectorFamily.core.fileName).path).gitCommit
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ssim-vectors-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try generate(to: scratch.path, sources: sources, provenance: VectorProvenance(gitCommit: gitCommit))
        return (VectorFamily.allCases.map(\.fileName) + [VectorManifest.fileName]).filter { name in
            let committed = try? Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
            return committed != (try? Data(contentsOf: scratch.appendingPathComponent(name)))
        }
    }

    /// rename(2): atomically replaces `destination`, which readers see whole, old or new.
    private static func replace(_ destination: URL, with source: URL) throws {
        guard rename(source.path, destination.path) == 0 else {
            throw VectorStoreError("cannot move \(source.path) to \(destination.path): \(String(cString: strerror(errno)))")
        }
    }
}

/// The outcome of ``VectorStore/verify(_:)``.
public struct VectorVerification: Sendable {
    /// One line per problem, naming the file (and the case) concerned; empty when the store is sound.
    public let problems: [String]
    /// The cases read.
    public let caseCount: Int

    public var isSound: Bool { problems.isEmpty }
}
