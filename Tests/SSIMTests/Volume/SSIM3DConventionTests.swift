import Foundation
import SSIM
import Testing

/// 3-D SSIM conventions: their JSON (round trips, missing keys, faults naming the key), the named ones' choices and
/// provenance, and files holding them beside the other metrics'.
@Suite struct SSIM3DConventionTests {
    @Test(arguments: SSIM3DConvention.named.map(\.name))
    func aNamedConventionReadsBackAsItself(name: String) throws {
        let convention = try #require(SSIM3DConvention.named(name))
        #expect(try SSIM3DConvention.decode(json: convention.json()) == convention)
        let provenance = try #require(convention.provenance)
        #expect(!provenance.locations.isEmpty)
        #expect(provenance.verified == (name != "matlab-ssim"))
    }

    @Test func everyChoiceReadsBack() throws {
        var convention = SSIM3DConvention(
            name: "everything", plane: .scikitImage, depthBorder: .zero, depthSigma: 0.8, depthTaps: 5,
            convolution: .separable, paddedByWindowSize: [.width, .depth], skipsShortAxes: true, computesHalfInFloat32: false)
        #expect(convention.paddedByWindowSize == [.depth, .width])
        #expect(try SSIM3DConvention.decode(json: convention.json()) == convention)
        convention.depthSigma = nil
        #expect(try SSIM3DConvention.decode(json: convention.json()) == convention)
    }

    @Test func missingKeysTakeKorniasValues() throws {
        let decoded = try SSIM3DConvention.decode(
            json: Data(#"{"metric": "ssim-3d", "depth": {"border": "replicate"}, "plane": {"includes_eps": false}}"#.utf8),
            defaultName: "mine")
        var expected = SSIM3DConvention(name: "mine", depthBorder: .replicate)
        // The plane's keys given are read over Kornia's plane, without its record of provenance.
        (expected.plane.includesEps, expected.plane.provenance) = (false, nil)
        expected.summary = SSIM3DConvention.kornia.summary
        #expect(decoded == expected)
        #expect(decoded.description.contains("depth border replicate"))
        #expect(decoded.along(.depth).border == .replicate && decoded.along(.height).border == .reflect)
    }

    @Test(arguments: [
        (#"{"convolution": "cubic"}"#, SSIMConventionError.Kind.missingValue, "`metric` is missing"),
        (#"{"metric": "ssim-3d", "depth": {"taps": 4}}"#, .impossibleValue, "`depth.taps` is 4"),
        (#"{"metric": "ssim-3d", "depth": {"sigma": -1}}"#, .impossibleValue, "`depth.sigma` is -1.0"),
        (#"{"metric": "ssim-3d", "depth": {"border": "mirror"}}"#, .impossibleValue, "`depth.border` is \"mirror\""),
        (#"{"metric": "ssim-3d", "depth": {"window": 3}}"#, .unknownKey, "unknown key `depth.window`"),
        (#"{"metric": "ssim-3d", "plane": {"k1": -0.01}}"#, .impossibleValue, "`plane.k1` is -0.01"),
        (#"{"metric": "ssim-3d", "convolution": "fft"}"#, .impossibleValue, "`convolution` is \"fft\""),
        (#"{"metric": "ssim-3d", "padded_by_window_size": ["width", "width"]}"#, .impossibleValue, "`padded_by_window_size`"),
        (#"{"metric": "ssim-3d", "padded_by_window_size": ["time"]}"#, .impossibleValue, "`padded_by_window_size`"),
        (#"{"metric": "ssim-3d", "skips_short_axes": "yes"}"#, .wrongType, "`skips_short_axes`: expected true or false"),
        (#"{"metric": "ssim-3d", "depth_border": "zero"}"#, .unknownKey, "unknown key `depth_border`"),
    ])
    func aFaultIsATypedErrorNamingTheKey(json: String, kind: SSIMConventionError.Kind, saying: String) {
        #expect {
            try SSIM3DConvention.decode(json: Data(json.utf8))
        } throws: { error in
            guard let error = error as? SSIMConventionError else { return false }
            return error.kind == kind && error.description.contains(saying)
        }
    }

    /// A library's name denotes its 3-D convention beside its others; a file holds one per metric.
    @Test func namesAndFilesCarryThe3DConvention() throws {
        let kornia = try ConventionsByMetric.read("kornia")
        #expect(kornia.ssim3D == .kornia && kornia.ssim == .kornia)
        #expect(try ConventionsByMetric.read("pytorch-msssim").ssim3D == .pytorchMSSSIM)
        let file = "[\(String(decoding: SSIMConvention.piq.json(), as: UTF8.self)), \(String(decoding: SSIM3DConvention.torchmetrics.json(), as: UTF8.self))]"
        let both = try ConventionsByMetric.decode(json: Data(file.utf8))
        #expect(both.ssim == .piq && both.ssim3D == .torchmetrics && both.msssim == nil)
        #expect(ConventionsByMetric.vectors.ssim3D == .kornia)
        // A nested convention's missing keys are its metric's base's, in a file of several metrics as alone: a 3-D
        // plane Kornia's, an MS-SSIM scale wang-msssim's (no border, no eps, float64).
        let sparse = #"[{"metric": "ssim-3d", "plane": {"k1": 0.02}}, {"metric": "ms-ssim", "scale": {"k2": 0.04}}]"#
        let decoded = try ConventionsByMetric.decode(json: Data(sparse.utf8))
        var plane = SSIM3DConvention.kornia.plane, scale = MSSSIMConvention.wangMSSSIM.scale
        (plane.k1, scale.k2) = (0.02, 0.04)
        #expect(try #require(decoded.ssim3D).plane.computesLike(plane))
        #expect(try #require(decoded.msssim).scale.computesLike(scale))
        let alone = try SSIM3DConvention.decode(json: Data(#"{"metric": "ssim-3d", "plane": {"k1": 0.02}}"#.utf8))
        #expect(alone.plane.computesLike(plane))
        #expect(SSIM3DConvention.kornia.answerer == "Kornia 0.9.0" && SSIM3DConvention.torchmetrics.answerer == "`torchmetrics`")
    }

    /// The named conventions' choices, as read from the pinned sources (docs/ssim3d-provenance.md).
    @Test func theNamedConventionsChoices() {
        let kornia = SSIM3DConvention.kornia
        #expect(kornia.plane == .kornia && kornia.convolution == .cubic && kornia.computesHalfInFloat32)
        #expect(kornia.paddedByWindowSize.isEmpty && !kornia.skipsShortAxes && kornia.depthBorder == nil)
        let torchmetrics = SSIM3DConvention.torchmetrics
        #expect(torchmetrics.plane == .torchmetrics && torchmetrics.paddedByWindowSize == [.width])
        #expect(torchmetrics.convolution == .cubic && !torchmetrics.computesHalfInFloat32)
        let pytorch = SSIM3DConvention.pytorchMSSSIM
        #expect(pytorch.plane == .pytorchMSSSIM && pytorch.convolution == .separable && pytorch.skipsShortAxes)
        #expect(SSIM3DConvention.matlabSSIM.plane == .matlabSSIM)
    }
}
