import HDF5

/// A response file: an implementation's answers, by case id.
///
/// Layout: root attributes `protocol`, `implementation`, `implementation_version`; group `/cases` with a subgroup
/// per answered case holding its outputs as datasets, or the attribute `error` (and optionally `message`).
public struct AdapterResponse: Equatable, Sendable {
    public let implementation: String
    public let implementationVersion: String
    public let answers: [String: AdapterAnswer]

    public init(implementation: String, implementationVersion: String, answers: [String: AdapterAnswer]) {
        self.implementation = implementation
        self.implementationVersion = implementationVersion
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
            answers: answers)
    }

    /// Writes the response to a new file at `path`, atomically; an existing file is not overwritten.
    public func write(to path: String) throws {
        try DurableFile.writeHDF5(to: path, overwrite: false) { file in
            try file.root.setAttribute("protocol", .string(AdapterProtocol.version))
            try file.root.setAttribute("implementation", .string(implementation))
            try file.root.setAttribute("implementation_version", .string(implementationVersion))
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
