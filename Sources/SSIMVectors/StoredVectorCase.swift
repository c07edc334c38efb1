import HDF5
import SSIM
import SSIMAdapterProtocol

/// A case as read back from a vector file: the request, its tags, what it expects, and where it was read.
public struct StoredVectorCase: Sendable {
    public let request: AdapterCase
    public let family: String
    public let tags: [String]
    public let expectation: CaseExpectation
    /// The vector file it was read from, nil for a case made in memory.
    public let source: VectorSource?

    public init(request: AdapterCase, family: String, tags: [String], expectation: CaseExpectation, source: VectorSource? = nil) {
        (self.request, self.family, self.tags, self.expectation, self.source) = (request, family, tags, expectation, source)
    }

    /// Reads the case `id` of `casesGroup`, checking that every expected output has its bounds.
    static func read(id: String, in casesGroup: HDF5Group, source: VectorSource) throws -> StoredVectorCase {
        let group = try casesGroup.group(id)
        let request = try AdapterCase.read(id: id, from: group)
        return StoredVectorCase(
            request: request, family: try group.stringAttribute("family"),
            tags: try group.stringAttribute("tags").split(separator: ",").map(String.init),
            expectation: try readExpectation(of: request, in: group, file: casesGroup.file), source: source)
    }

    /// The `expected` group of a case (and its `bounds`), by its `result`: a file written before every case carried
    /// one holds it on invalid and acceptable cases only, so a case without it and without an error is valid.
    private static func readExpectation(of request: AdapterCase, in group: HDF5Group, file: String) throws -> CaseExpectation {
        let expected = try group.group("expected")
        let result = expected.hasAttribute(VectorFileWriter.resultAttribute)
            ? try expected.stringAttribute(VectorFileWriter.resultAttribute)
            : expected.hasAttribute("error") ? "invalid" : "valid"
        func mismatch(_ what: String) -> VectorStoreError {
            VectorStoreError(.notAVectorFile, "\(file): \(expected.path) has result \"\(result)\" but \(what)")
        }
        switch result {
        case "valid":
            guard !expected.hasAttribute("error") else { throw mismatch("an error") }
            var values: [AdapterOutput: ProtocolArray] = [:]
            for output in request.outputs {
                values[output] = try ProtocolArray.read(output.rawValue, in: expected)
            }
            var bounds: [Precision: [AdapterOutput: ProtocolArray]] = [:]
            let boundsGroup = try group.group("bounds")
            for precision in VectorFileWriter.boundPrecisions(request.precision) {
                let precisionGroup = try boundsGroup.group(precision.rawValue)
                var perOutput: [AdapterOutput: ProtocolArray] = [:]
                for (output, value) in values {
                    let bound = try ProtocolArray.read(output.rawValue, in: precisionGroup)
                    guard bound.shape == value.shape else {
                        throw VectorStoreError(.notAVectorFile, "\(file): \(precisionGroup.path)/\(output.rawValue) has shape \(bound.shape), its output \(value.shape)")
                    }
                    perOutput[output] = bound
                }
                bounds[precision] = perOutput
            }
            let notComputable = expected.hasAttribute(VectorFileWriter.notComputableAttribute)
                ? try expected.stringAttribute(VectorFileWriter.notComputableAttribute) : nil
            switch request.metric {
            case .ssim:
                return .valid(ExpectedOutputs(
                    values: values, bounds: bounds, convention: SSIMConvention.kornia, precision: request.precision,
                    notComputable: notComputable))
            case .msSSIM, .msSSIML1, .ssim3D, .msSSIM3D:
                // Another metric's answers name the convention they follow.
                let name = try expected.stringAttribute(VectorFileWriter.conventionAttribute)
                let named: (any MetricConvention)? = switch request.metric {
                case .msSSIM: MSSSIMConvention.named(name)
                case .ssim3D: SSIM3DConvention.named(name)
                case .msSSIM3D: MSSSIM3DConvention.named(name)
                default: MSSSIML1Convention.named(name)
                }
                guard let convention = named else {
                    throw VectorStoreError(.notAVectorFile, "\(file): \(expected.path) names the \(request.metric.name) convention \"\(name)\", which is not a named one")
                }
                return .valid(ExpectedOutputs(
                    values: values, bounds: bounds, convention: convention, precision: request.precision,
                    notComputable: notComputable))
            }
        case "invalid":
            return .invalid(category: try expected.stringAttribute("error"))
        case "acceptable":
            let answers = try expected.group(VectorFileWriter.korniaAnswerGroup)
            let bounds = try expected.group(VectorFileWriter.korniaBoundsGroup)
            var kornia = (outputs: [AdapterOutput: ProtocolArray](), bounds: [AdapterOutput: ProtocolArray]())
            for output in request.outputs {
                kornia.outputs[output] = try ProtocolArray.read(output.rawValue, in: answers)
                kornia.bounds[output] = try ProtocolArray.read(output.rawValue, in: bounds)
            }
            return .acceptable(
                category: try expected.stringAttribute("error"),
                because: try expected.stringAttribute(VectorFileWriter.acceptableBecauseAttribute),
                korniaAnswer: KorniaAnswer(outputs: kornia.outputs, bounds: kornia.bounds))
        default:
            throw VectorStoreError(.notAVectorFile, "\(file): \(expected.path) has result \"\(result)\", expected \"valid\", \"invalid\" or \"acceptable\"")
        }
    }
}

/// Where a stored case was read: its vector file, and the commit that file was generated at.
public struct VectorSource: Sendable, Hashable {
    public let file: String
    public let commit: String

    public init(file: String, commit: String) {
        (self.file, self.commit) = (file, commit)
    }
}

/// A vector file read back: its family and cases.
public struct VectorFile: Sendable {
    public let family: String
    public let gitCommit: String
    public let cases: [StoredVectorCase]

    /// Reads and checks a vector file: its schema, and every case, dataset and bound in it (reading every dataset
    /// also checks its Fletcher32 checksum).
    public static func read(from path: String) throws -> VectorFile {
        let root = try HDF5File.open(path).root
        let schema = try root.stringAttribute("schema")
        guard schema == VectorProvenance.schema else {
            throw VectorStoreError(.notAVectorFile, "\(path): schema \"\(schema)\", expected \"\(VectorProvenance.schema)\"")
        }
        let casesGroup = try root.group("cases")
        let source = VectorSource(file: path, commit: try root.stringAttribute("git_commit"))
        return VectorFile(
            family: try root.stringAttribute("family"), gitCommit: source.commit,
            cases: try casesGroup.childNames().map { try StoredVectorCase.read(id: $0, in: casesGroup, source: source) })
    }
}
