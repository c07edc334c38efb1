import FileSystem
import HDF5
import SSIM

/// A response file: an implementation's answers, by case id.
///
/// Layout: root attributes `protocol`, `implementation`, `implementation_version` and, from version 2, optionally
/// `precisions`; group `/cases` with a subgroup per answered case holding its outputs as datasets, or the attribute
/// `error` (and optionally `message`).
public struct AdapterResponse: Equatable, Sendable {
    public let implementation: String
    public let implementationVersion: String
    /// The precisions the implementation computes in, when it names them (version 2); nil for a version-1 adapter.
    public let precisions: Set<Precision>?
    public let answers: [String: AdapterAnswer]

    public init(
        implementation: String, implementationVersion: String, precisions: Set<Precision>? = nil,
        answers: [String: AdapterAnswer]
    ) {
        self.implementation = implementation
        self.implementationVersion = implementationVersion
        self.precisions = precisions
        self.answers = answers
    }

    /// Reads and checks a response file. Datasets that are not protocol outputs are ignored.
    public static func read(from path: String) throws -> AdapterResponse {
        let file = try HDF5File.open(path)
        try checkProtocol(of: file)
        let casesGroup = try file.root.group("cases")
        var answers: [String: AdapterAnswer] = [:]
        for id in try casesGroup.childNames() {
            let group = try casesGroup.group(id)
            if group.hasAttribute("error") {
                let message = group.hasAttribute("message") ? try group.stringAttribute("message") : nil
                answers[id] = .error(category: try group.stringAttribute("error"), message: message)
            } else {
                var outputs: [AdapterOutput: ProtocolArray] = [:]
                for output in AdapterOutput.allCases where group.contains(output.rawValue) {
                    outputs[output] = try ProtocolArray.read(output.rawValue, in: group)
                }
                answers[id] = .outputs(outputs)
            }
        }
        return AdapterResponse(
            implementation: try file.root.stringAttribute("implementation"),
            implementationVersion: try file.root.stringAttribute("implementation_version"),
            precisions: try declaredPrecisions(in: file), answers: answers)
    }

    /// The precisions the root attribute `precisions` names, or nil without it.
    private static func declaredPrecisions(in file: HDF5File) throws -> Set<Precision>? {
        guard file.root.hasAttribute(AdapterProtocol.precisionsAttribute) else { return nil }
        let listed = try file.root.stringAttribute(AdapterProtocol.precisionsAttribute)
        return Set(try listed.split(separator: ",").map { name in
            guard let precision = Precision(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw AdapterFileError(
                    file: file.file, object: "/ attribute \"\(AdapterProtocol.precisionsAttribute)\"",
                    detail: "names \"\(name)\", not one of \(Precision.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return precision
        })
    }

    /// Writes the response to a new file at `path`, atomically, as the answer to a request of `protocolVersion`; an
    /// existing file is not overwritten.
    public func write(to path: String, protocolVersion: String = AdapterProtocol.version) throws {
        try DurableFile.writeHDF5(to: path, overwrite: false) { file in
            try file.root.setAttribute("protocol", .string(protocolVersion))
            try file.root.setAttribute("implementation", .string(implementation))
            try file.root.setAttribute("implementation_version", .string(implementationVersion))
            if let precisions {
                let names = Precision.allCases.filter(precisions.contains).map(\.rawValue).joined(separator: ",")
                try file.root.setAttribute(AdapterProtocol.precisionsAttribute, .string(names))
            }
            let casesGroup = try file.root.createGroup("cases")
            for (id, answer) in answers.sorted(by: { $0.key < $1.key }) {
                let group = try casesGroup.createGroup(id)
                switch answer {
                case .outputs(let outputs):
                    for (output, array) in outputs.sorted(by: { $0.key < $1.key }) {
                        try array.write(output.rawValue, in: group)
                    }
                case .error(let category, let message):
                    try group.setAttribute("error", .string(category))
                    if let message { try group.setAttribute("message", .string(message)) }
                }
            }
        }
    }
}
