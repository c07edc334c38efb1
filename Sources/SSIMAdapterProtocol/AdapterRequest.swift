import FileSystem
import HDF5

/// A request file: the cases an implementation is asked to answer.
///
/// Layout: root attribute `protocol` = ``AdapterProtocol/version(of:)``; group `/cases` with one subgroup per case,
/// named by its id. See ``AdapterCase`` and `docs/adapter-protocol.md`.
public struct AdapterRequest: Equatable, Sendable {
    public let cases: [AdapterCase]

    public init(cases: [AdapterCase]) {
        self.cases = cases
    }

    /// Reads and checks a request file.
    ///
    /// - Throws: ``AdapterFileError`` or `HDF5Error` naming the file, the case and what is wrong.
    public static func read(from path: String) throws -> AdapterRequest {
        let file = try HDF5File.open(path)
        try checkProtocol(of: file)
        let casesGroup = try file.root.group("cases")
        let cases = try casesGroup.childNames().map { id in
            guard AdapterProtocol.isValidCaseID(id) else {
                throw AdapterFileError(file: path, object: "/cases/\(id)", detail: "case ids are [A-Za-z0-9._-]+")
            }
            return try AdapterCase.read(id: id, from: casesGroup.group(id))
        }
        return AdapterRequest(cases: cases)
    }

    /// Writes the request to a new file at `path`, atomically; an existing file is not overwritten.
    public func write(to path: String) throws {
        try DurableFile.writeHDF5(to: path, overwrite: false) { file in
            try file.root.setAttribute("protocol", .string(AdapterProtocol.version(of: cases)))
            let casesGroup = try file.root.createGroup("cases")
            for adapterCase in cases {
                try adapterCase.write(to: casesGroup.createGroup(adapterCase.id))
            }
        }
    }
}

/// Checks the root attribute `protocol` of a request or response: any version.
func checkProtocol(of file: HDF5File) throws {
    let version = try file.root.stringAttribute("protocol")
    guard AdapterProtocol.versions.contains(version) else {
        throw AdapterFileError(
            file: file.file, object: "/ attribute \"protocol\"",
            detail: "is \"\(version)\", expected one of " + AdapterProtocol.versions.map { "\"\($0)\"" }.joined(separator: ", "))
    }
}
