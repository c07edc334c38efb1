import CFileSystem
import FoundationEssentials
import Glibc
import FileSystem
import HDF5

/// The golden-vector store: a folder with one HDF5 file per ``VectorFamily`` and a ``VectorManifest``.
public enum VectorStore {
    /// Regenerates every family file and the manifest in `directory`.
    ///
    /// Nothing in `directory` changes until the new store is whole: the files are written and synced in a hidden
    /// folder beside it (`.NAME.generate-PID-UUID`), which also receives hard links to the other files of
    /// `directory` (its README), and the two folders are then exchanged in one renameat2(RENAME_EXCHANGE). A kill
    /// at any moment leaves `directory` old or new, never mixed; the hidden folder a killed run leaves is removed by
    /// the next one. The same sources, provenance and HDF5 library give the same bytes.
    ///
    /// When `directory` did not exist and generating fails, it is removed again: a failed run leaves no empty folder.
    ///
    /// - Parameter written: called as each family's file is written (into the hidden folder), with its case count.
    /// - Returns: the number of cases written, by family.
    @discardableResult
    public static func generate(
        to directory: String, sources: VectorSources, provenance: VectorProvenance,
        written: (VectorFamily, Int) -> Void = { _, _ in }
    ) throws -> [VectorFamily: Int] {
        let folder = URL(fileURLWithPath: directory).standardizedFileURL
        let existed = FileManager.default.fileExists(atPath: folder.path)
        do {
            return try generate(to: folder, sources: sources, provenance: provenance, written: written)
        } catch {
            if !existed { try? FileManager.default.removeItem(at: folder) }
            throw error
        }
    }

    /// ``generate(to:sources:provenance:written:)`` into `folder`, which may not exist yet.
    private static func generate(
        to folder: URL, sources: VectorSources, provenance: VectorProvenance, written: (VectorFamily, Int) -> Void
    ) throws -> [VectorFamily: Int] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let parent = folder.deletingLastPathComponent()
        removeAbandonedStaging(beside: folder)
        let staging = parent.appendingPathComponent(
            ".\(folder.lastPathComponent).generate-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: staging) }

        var counts: [VectorFamily: Int] = [:]
        for family in VectorFamily.allCases {
            let cases = try VectorCatalog.cases(family, sources: sources)
            let path = staging.appendingPathComponent(family.fileName).path
            try withExtendedLifetime(try HDF5File.create(path)) { file in
                try VectorFileWriter.write(cases, family: family.rawValue, provenance: provenance, to: file)
                try file.flush()
            }
            try DurableFile.sync(path)
            counts[family] = cases.count
            written(family, cases.count)
        }
        let names = VectorFamily.allCases.map(\.fileName) + [VectorManifest.fileName]
        let manifest = try VectorManifest(hashing: Array(names.dropLast()), in: staging)
        try DurableFile.write(Data(manifest.text.utf8), to: staging.appendingPathComponent(VectorManifest.fileName).path, overwrite: true)
        for other in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !names.contains(other) {
            try FileManager.default.linkItem(
                at: folder.appendingPathComponent(other), to: staging.appendingPathComponent(other))
        }
        try DurableFile.sync(staging.path)
        guard cfilesystem_exchange(staging.path, folder.path) == 0 else {
            throw VectorStoreError(.cannotReplace, "cannot exchange \(staging.path) with \(folder.path): \(String(cString: strerror(errno)))")
        }
        try DurableFile.sync(parent.path)
        return counts
    }

    /// Removes the staging folders beside `folder` that runs no longer alive left behind.
    public static func removeAbandonedStaging(beside folder: URL) {
        let parent = folder.deletingLastPathComponent()
        let prefix = ".\(folder.lastPathComponent).generate-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count).prefix { $0 != "-" }) else { continue }
            if kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
            }
        }
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
}

/// The outcome of ``VectorStore/verify(_:)``.
public struct VectorVerification: Sendable {
    /// One line per problem, naming the file (and the case) concerned; empty when the store is sound.
    public let problems: [String]
    /// The cases read.
    public let caseCount: Int

    public var isSound: Bool { problems.isEmpty }
}
