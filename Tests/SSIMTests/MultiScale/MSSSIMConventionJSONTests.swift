import Foundation
import SSIM
import Testing
import TestSupport

/// MS-SSIM conventions as JSON, and files holding a convention of each metric.
@Suite struct MSSSIMConventionJSONTests {
    @Test(arguments: MSSSIMConvention.named.map(\.name))
    func aNamedConventionReadsBackAsItself(name: String) throws {
        let convention = try #require(MSSSIMConvention.named(name))
        #expect(try MSSSIMConvention.decode(json: convention.json()) == convention)
    }

    /// A convention that departs from wang-msssim in every choice the JSON has survives the round trip.
    @Test func everyChoiceReadsBack() throws {
        var convention = MSSSIMConvention.wangMSSSIM
        convention.name = "everything"
        convention.scale = .torchmetrics
        (convention.windowSize, convention.padding, convention.csPadding, convention.eps) = (7, .same, .valid, 1e-8)
        (convention.weights, convention.normalisesWeights, convention.terms) = ([0.5, 0.25, 0.25], true, .ssimAtEveryScale)
        (convention.downsampling, convention.negativeValues) = (.replicateTopLeft, .halfShifted)
        (convention.channelPooling, convention.dataRange) = (.perImage, .fixed(255))
        (convention.givenWeights, convention.minimumSide) = (.float32, .beyondWindowTimesScale)
        #expect(try MSSSIMConvention.decode(json: convention.json()) == convention)
    }

    /// Missing keys take wang-msssim's values, those of the per-scale convention too.
    @Test func missingKeysTakeWangsValues() throws {
        let relu = try MSSSIMConvention.decode(
            json: Data(#"{"metric": "ms-ssim", "negative_values": "relu", "scale": {"k1": 0.02}}"#.utf8), defaultName: "mine")
        var expected = MSSSIMConvention.wangMSSSIM
        (expected.name, expected.provenance, expected.negativeValues, expected.scale.k1) = ("mine", nil, .relu, 0.02)
        #expect(relu == expected)
    }

    @Test(arguments: [
        (#"{"negative_values": "relu"}"#, SSIMConventionError.Kind.missingValue, "`metric` is missing"),
        (#"{"metric": "ms-ssim", "weights": []}"#, .impossibleValue, "`weights` is []"),
        (#"{"metric": "ms-ssim", "weights": [0.5, -1]}"#, .impossibleValue, "-1.0"),
        (#"{"metric": "ms-ssim", "weights": [0, 0], "normalises_weights": true}"#, .impossibleValue, "sum to 0"),
        (#"{"metric": "ms-ssim", "weights": "wang"}"#, .wrongType, "`weights`: expected an array of numbers"),
        (#"{"metric": "ms-ssim", "window_size": 8}"#, .impossibleValue, "`window_size` is 8"),
        (#"{"metric": "ms-ssim", "downsampling": "bilinear"}"#, .impossibleValue, "`downsampling` is \"bilinear\""),
        (#"{"metric": "ms-ssim", "data_range": {"rule": "fixed"}}"#, .missingValue, "`data_range.l` is missing"),
        (#"{"metric": "ms-ssim", "data_range": {"rule": "given", "l": 1}}"#, .impossibleValue, "`data_range.l`"),
        (#"{"metric": "ms-ssim", "scale": {"border": "mirror"}}"#, .impossibleValue, "`scale.border` is \"mirror\""),
        (#"{"metric": "ms-ssim", "levels": 5}"#, .unknownKey, "unknown key `levels`"),
    ])
    func aFaultIsATypedErrorNamingTheKey(json: String, kind: SSIMConventionError.Kind, saying: String) {
        #expect {
            try MSSSIMConvention.decode(json: Data(json.utf8))
        } throws: { error in
            guard let error = error as? SSIMConventionError else { return false }
            return error.kind == kind && error.description.contains(saying)
        }
    }

    /// A file holds one convention or an array of them, at most one per metric, each told by its `metric`.
    @Test func aFileHoldsAConventionPerMetric() throws {
        let both = "[\(String(decoding: SSIMConvention.piq.json(), as: UTF8.self)), \(String(decoding: MSSSIMConvention.torchmetrics.json(), as: UTF8.self))]"
        let read = try ConventionsByMetric.decode(json: Data(both.utf8))
        #expect(read.ssim == .piq && read.msssim == .torchmetrics)
        let alone = try ConventionsByMetric.decode(json: MSSSIMConvention.piq.json())
        #expect(alone.ssim == nil && alone.msssim == .piq)
        let twice = "[\(String(decoding: SSIMConvention.piq.json(), as: UTF8.self)), {\"metric\": \"ssim\"}]"
        #expect(throws: SSIMConventionError(.impossibleValue, "`metric` is \"ssim\" twice: a file holds one convention per metric")) {
            try ConventionsByMetric.decode(json: Data(twice.utf8))
        }
        #expect(throws: SSIMConventionError.self) { try ConventionsByMetric.decode(json: Data(#"[{"metric": "ms-ssim-4d"}]"#.utf8)) }
        #expect(throws: SSIMConventionError.self) { try ConventionsByMetric.decode(json: Data("[]".utf8)) }
    }

    /// A file's MS-SSIM convention alone has no SSIM convention: reading it for SSIM says so.
    @Test func readingAnMSSSIMFileForSSIMSaysItHasNone() throws {
        let file = try temporaryFolder().appendingPathComponent("msssim.json")
        try MSSSIMConvention.pytorchMSSSIM.json().write(to: file)
        #expect(try ConventionsByMetric.read(file.path).msssim == .pytorchMSSSIM)
        #expect(throws: SSIMConventionError(.missingValue, "\(file.path): has no SSIM convention, only an MS-SSIM one")) {
            try SSIMConvention.read(file.path)
        }
    }

    /// Kornia's MS-SSIM + L1 convention reads back as itself, a changed one too, and its faults name the key.
    @Test func anMSSSIML1ConventionReadsBack() throws {
        #expect(try MSSSIML1Convention.decode(json: MSSSIML1Convention.kornia.json()) == .kornia)
        var changed = MSSSIML1Convention.kornia
        (changed.name, changed.provenance, changed.sigmas, changed.alpha, changed.border) = ("mine", nil, [1, 3], 0.5, .reflect)
        #expect(try MSSSIML1Convention.decode(json: changed.json()) == changed)
        #expect(throws: SSIMConventionError.self) {
            try MSSSIML1Convention.decode(json: Data(#"{"metric": "ms-ssim-l1", "sigmas": [2, 1]}"#.utf8))
        }
        #expect(throws: SSIMConventionError.self) {
            try MSSSIML1Convention.decode(json: Data(#"{"metric": "ms-ssim-l1", "alpha": 1.5}"#.utf8))
        }
    }
}
