import HDF5
import SSIM
import SSIMAdapterProtocol

/// A case as read back from a vector file: the request, its tags, and the judgement it carries.
public struct StoredVectorCase: Sendable {
    public let request: AdapterCase
    public let family: String
    public let tags: [String]
    /// The reference's outputs, or the error category an implementation must answer with.
    public let expected: AdapterAnswer
    /// Per-element acceptance bounds, by the precision an implementation computes in and by output.
    public let bounds: [Precision: [AdapterOutput: ProtocolArray]]
    /// For an expected error that an implementation may also answer (Kornia 0.9.0 computes the input): why.
    public let acceptableBecause: String?
    /// With ``acceptableBecause``: Kornia 0.9.0's answer, the only one accepted, and the float64 bound of each element.
    public var korniaAnswer: (outputs: [AdapterOutput: ProtocolArray], bounds: [AdapterOutput: ProtocolArray])? = nil
    /// For a case the error analysis finds cannot be computed meaningfully in its precision (float16 overflowing,
    /// say): why. Any answer is accepted and reported as such.
    public internal(set) var notComputable: String?
    /// The precision an implementation is judged in whatever the case asks, when the convention of the expected
    /// answers fixes one (``SSIM/SSIMConvention/arithmetic``); nil for the case's own (``judgingPrecision``).
    public internal(set) var arithmetic: Precision? = nil

    /// The precision whose bounds judge an answer: the convention's arithmetic, else the case's precision.
    public var judgingPrecision: Precision { arithmetic ?? request.precision }

    /// Reads the case `id` of `casesGroup`, checking that every expected output has its bounds.
    static func read(id: String, in casesGroup: HDF5Group) throws -> StoredVectorCase {
        let group = try casesGroup.group(id)
        let request = try AdapterCase.read(id: id, from: group)
        let expectedGroup = try group.group("expected")
        let expected: AdapterAnswer
        var bounds: [Precision: [AdapterOutput: ProtocolArray]] = [:]
        var acceptableBecause: String?
        var notComputable: String?
        var korniaAnswer: (outputs: [AdapterOutput: ProtocolArray], bounds: [AdapterOutput: ProtocolArray])?
        if expectedGroup.hasAttribute("error") {
            expected = .error(category: try expectedGroup.stringAttribute("error"), message: nil)
            let result = try expectedGroup.stringAttribute("result")
            switch result {
            case "invalid": break
            case "acceptable":
                acceptableBecause = try expectedGroup.stringAttribute("acceptable_because")
                let answers = try expectedGroup.group(VectorFileWriter.korniaAnswerGroup)
                let bounds = try expectedGroup.group(VectorFileWriter.korniaBoundsGroup)
                var kornia: (outputs: [AdapterOutput: ProtocolArray], bounds: [AdapterOutput: ProtocolArray]) = ([:], [:])
                for output in request.outputs {
                    kornia.outputs[output] = try ProtocolArray.read(output.rawValue, in: answers)
                    kornia.bounds[output] = try ProtocolArray.read(output.rawValue, in: bounds)
                }
                korniaAnswer = kornia
            default:
                throw VectorStoreError(.notAVectorFile, "\(casesGroup.file): \(expectedGroup.path) has result \"\(result)\", expected \"invalid\" or \"acceptable\"")
            }
        } else {
            var outputs: [AdapterOutput: ProtocolArray] = [:]
            for output in request.outputs {
                outputs[output] = try ProtocolArray.read(output.rawValue, in: expectedGroup)
            }
            expected = .outputs(outputs)
            if expectedGroup.hasAttribute(VectorFileWriter.notComputableAttribute) {
                notComputable = try expectedGroup.stringAttribute(VectorFileWriter.notComputableAttribute)
            }
            let boundsGroup = try group.group("bounds")
            for precision in VectorFileWriter.boundPrecisions(request.precision) {
                let precisionGroup = try boundsGroup.group(precision.rawValue)
                var perOutput: [AdapterOutput: ProtocolArray] = [:]
                for (output, value) in outputs {
                    let bound = try ProtocolArray.read(output.rawValue, in: precisionGroup)
                    guard bound.shape == value.shape else {
                        throw VectorStoreError(.notAVectorFile, "\(casesGroup.file): \(precisionGroup.path)/\(output.rawValue) has shape \(bound.shape), its output \(value.shape)")
                    }
                    perOutput[output] = bound
                }
                bounds[precision] = perOutput
            }
        }
        return StoredVectorCase(
            request: request, family: try group.stringAttribute("family"),
            tags: try group.stringAttribute("tags").split(separator: ",").map(String.init), expected: expected,
            bounds: bounds, acceptableBecause: acceptableBecause, korniaAnswer: korniaAnswer, notComputable: notComputable)
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
        return VectorFile(
            family: try root.stringAttribute("family"), gitCommit: try root.stringAttribute("git_commit"),
            cases: try casesGroup.childNames().map { try StoredVectorCase.read(id: $0, in: casesGroup) })
    }

    /// The commit a vector file was generated at, read without its cases.
    public static func gitCommit(of path: String) throws -> String {
        try HDF5File.open(path).root.stringAttribute("git_commit")
    }
}
