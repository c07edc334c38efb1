import Foundation
import SSIM
import Testing

/// 3-D MS-SSIM conventions: the named ones' choices and provenance, their JSON (round trips, the per-scale plane
/// always the volume's), and names and files holding them beside the other metrics'.
@Suite struct MSSSIM3DConventionTests {
    @Test(arguments: MSSSIM3DConvention.named.map(\.name))
    func aNamedConventionReadsBackAsItself(name: String) throws {
        let convention = try #require(MSSSIM3DConvention.named(name))
        #expect(try MSSSIM3DConvention.decode(json: convention.json()) == convention)
        let provenance = try #require(convention.provenance)
        #expect(provenance.verified && provenance.locations.count >= 5)
        #expect(convention.multiScale.scale == convention.volume.plane)
    }

    /// As read at the pinned versions (docs/ssim3d-provenance.md, "3-D MS-SSIM").
    @Test func theNamedConventionsChoices() {
        let pytorch = MSSSIM3DConvention.pytorchMSSSIM, torchmetrics = MSSSIM3DConvention.torchmetrics
        #expect(pytorch.volume == .pytorchMSSSIM && pytorch.volume.convolution == .separable && pytorch.volume.skipsShortAxes)
        #expect(pytorch.multiScale.downsampling == .zeroPadBothSides && pytorch.multiScale.negativeValues == .relu)
        #expect(pytorch.multiScale.channelPooling == .perChannel && pytorch.multiScale.padding == .valid)
        #expect(torchmetrics.volume.paddedByWindowSize == [.width] && torchmetrics.volume.convolution == .cubic)
        #expect(torchmetrics.volume.plane.cropsByTaps && torchmetrics.multiScale.csPadding == .valid && torchmetrics.multiScale.padding == .same)
        #expect(torchmetrics.multiScale.downsampling == .floor && torchmetrics.multiScale.channelPooling == .perImage)
        #expect(torchmetrics.multiScale.givenWeights == .float32)
        #expect(MSSSIM3DConvention.metricName == "ms-ssim-3d" && torchmetrics.answerer == "`torchmetrics`")
    }

    /// Setting the volume's plane sets each scale's plane of the multi-scale choices, and the other way round; a
    /// file's `multi_scale.scale` is not read over the volume's plane.
    @Test func thePerScalePlaneIsTheVolumes() throws {
        var convention = MSSSIM3DConvention.pytorchMSSSIM
        convention.volume.plane.k2 = 0.05
        #expect(convention.multiScale.scale.k2 == 0.05)
        convention.multiScale.scale.k1 = 0.02
        #expect(convention.volume.plane.k1 == 0.02 && convention.volume.plane.k2 == 0.05)
        let json = #"{"metric": "ms-ssim-3d", "volume": {"metric": "ssim-3d", "plane": {"k1": 0.02}}, "multi_scale": {"metric": "ms-ssim", "weights": [0.5, 0.5], "scale": {"k1": 0.07}}}"#
        let decoded = try MSSSIM3DConvention.decode(json: Data(json.utf8), defaultName: "mine")
        #expect(decoded.name == "mine" && decoded.scales == 2)
        #expect(decoded.volume.plane.k1 == 0.02 && decoded.multiScale.scale.k1 == 0.02)
        #expect(decoded.volume.convolution == .cubic && decoded.volume.depthBorder == nil)
        #expect(try MSSSIM3DConvention.decode(json: decoded.json()) == decoded)
        #expect {
            try MSSSIM3DConvention.decode(json: Data(#"{"metric": "ms-ssim-3d", "pyramid": {}}"#.utf8))
        } throws: { error in
            (error as? SSIMConventionError)?.kind == .unknownKey
        }
    }

    /// A library's name denotes its 3-D MS-SSIM beside its other conventions; a file holds one per metric; the
    /// vectors follow torchmetrics'.
    @Test func namesAndFilesCarryThe3DMSSSIMConvention() throws {
        let torchmetrics = try ConventionsByMetric.read("torchmetrics")
        #expect(torchmetrics.msssim3D == .torchmetrics && torchmetrics.ssim3D == .torchmetrics && torchmetrics.msssim == .torchmetrics)
        #expect(try ConventionsByMetric.read("pytorch-msssim").msssim3D == .pytorchMSSSIM)
        #expect(try ConventionsByMetric.read("kornia").msssim3D == nil)
        let file = "[\(String(decoding: SSIM3DConvention.kornia.json(), as: UTF8.self)), \(String(decoding: MSSSIM3DConvention.torchmetrics.json(), as: UTF8.self))]"
        let both = try ConventionsByMetric.decode(json: Data(file.utf8))
        #expect(both.ssim3D == .kornia && both.msssim3D == .torchmetrics && both.msssim == nil)
        #expect(ConventionsByMetric.vectors.msssim3D == .torchmetrics)
        #expect(ConventionsByMetric.names.contains("pytorch-msssim"))
    }
}
