import FileSystem
import HDF5
import SSIM

/// A response file: an implementation's answers, by case id.
///
/// Layout: root attributes `protocol`, `implementation`, `implementation_version` and, optionally, `precisions`
/// (from version 2) and `metrics` (from version 3); group `/cases` with a subgroup per answered case holding its outputs as datasets, or the attribute
/// `error` (and optionally `message`).
public struct AdapterResponse: Equatable, Sendable {
    public let implementation: String
    public let implementationVersion: String
    /// The precisions the implementation computes in, when it names them (version 2); nil for a version-1 adapter.
    public let precisions: Set<Precision>?
    /// The metrics the implementation answers (``CaseMetric/name``), when it names them (version 3); nil for an
    /// adapter that answers SSIM alone.
    public let metrics: Set<String>?
    public let answers: [String: AdapterAnswer]

    public init(
        implementation: String, implementationVersion: String, precisions: Set<Precision>? = nil,
        metrics: Set<String>? = nil, answers: [String: AdapterAnswer]
    ) {
        self.implementation = implementation
        self.implementationVersion = implementationVersion
        self.precisions = precisions
        self.metrics = metrics
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
            precisions: try declared(AdapterProtocol.precisionsAttribute, in: file, among: Precision.allCases.map(\.rawValue))
                .map { Set($0.compactMap(Precision.init(rawValue:))) },
            metrics: try declared(AdapterProtocol.metricsAttribute, in: file, among: CaseMetric.names).map(Set.init),
            answers: answers)
    }

    /// The names the comma-separated root attribute `attribute` lists, each one of `known`; nil without it.
    private static func declared(_ attribute: String, in file: HDF5File, among known: [String]) throws -> [String]? {
        guard file.root.hasAttribute(attribute) else { return nil }
        return try file.root.stringAttribute(attribute).split(separator: ",").map { listed in
            let name = listed.trimmingWhitespace(newlines: false)
            guard known.contains(name) else {
                throw AdapterFileError(
                    file: file.file, object: "/ attribute \"\(attribute)\"",
                    detail: "names \"\(listed)\", not one of \(known.joined(separator: ", "))")
            }
            return name
        }
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
            if let metrics {
                let names = CaseMetric.names.filter(metrics.contains).joined(separator: ",")
                try file.root.setAttribute(AdapterProtocol.metricsAttribute, .string(names))
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
