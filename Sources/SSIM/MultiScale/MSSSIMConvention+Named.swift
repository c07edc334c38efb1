extension MSSSIMConvention {
    /// The named MS-SSIM conventions, Wang's first. Each is read from the pinned source its ``provenance`` names
    /// (`docs/msssim-provenance.md` has the research); what the model does not express of a library is in its
    /// provenance's notes. Besides Wang's, each states only where it departs from the initialiser's defaults (window
    /// 11 'valid', no eps, Wang's weights as given, cs then SSIM, per channel, L as given).
    public static let named: [MSSSIMConvention] = [
        wangMSSSIM, pytorchMSSSIM, piq, tensorflow, torchmetrics, torchmetricsNormalizeSimple, torchmetricsNormalizeNone,
        torchmetricsDataRangeNone,
    ]

    /// The named convention called `name`, or nil.
    public static func named(_ name: String) -> MSSSIMConvention? { named.first { $0.name == name } }

    /// Zhou Wang's `msssim.m`: 5 scales with Wang's weights (not normalised); at each scale SSIM with a Gaussian
    /// window of 11 taps, σ 1.5, 'valid' only (no border), population moments, K = (0.01, 0.03), no eps, in double;
    /// the mean cs at scales 1–4 and the mean SSIM at scale 5; MS-SSIM = Π mcsⱼ^wⱼ · mssim₅^w₅; downsampling by
    /// 2 × 2 block averages after repeating the last row or column of an odd size; negative means raised as they are.
    /// L is the case's `max_val` (msssim.m fixes 255).
    public static let wangMSSSIM = MSSSIMConvention(
        name: "wang-msssim",
        summary: "Zhou Wang's msssim.m: 5 scales, weights [0.0448, 0.2856, 0.3001, 0.2363, 0.1333], Gaussian 11 taps σ 1.5 'valid', no eps, cs at scales 1–4 and SSIM at 5, 2 × 2 averages repeating the last row/column",
        provenance: .recorded(msssim: "wang-msssim"),
        scale: SSIMConvention(
            name: "wang-msssim-scale",
            summary: "the SSIM of each scale of msssim.m: Gaussian 11 taps σ 1.5, filter2 'valid', K = (0.01, 0.03), no eps, in double",
            border: .none, includesEps: false, arithmetic: .float64),
        windowSize: 11, padding: .valid, eps: 0, weights: wangWeights, normalisesWeights: false, terms: .csThenSSIM,
        downsampling: .repeatLastThenAverage, negativeValues: .none, channelPooling: .perChannel, dataRange: .given)

    /// pytorch-msssim 1.0.0's `ms_ssim` with data_range given: Wang's weights and terms, pytorch-msssim's own SSIM at
    /// every scale ('valid'), `avg_pool2d` with zero padding before an odd size's first row or column, relu on the
    /// means, per channel.
    public static let pytorchMSSSIM = MSSSIMConvention(
        name: "pytorch-msssim",
        summary: "pytorch-msssim 1.0.0 ms_ssim: 5 scales, Wang's weights, Gaussian 11 taps σ 1.5 'valid', no eps, cs at 1–4 and SSIM at 5, relu on the means, avg_pool2d counting a zero before an odd size's first row/column",
        provenance: .recorded(msssim: "pytorch-msssim"),
        scale: .pytorchMSSSIM, downsampling: .zeroPadBothSides, negativeValues: .relu)

    /// piq 0.8.0's `multi_scale_ssim` with its default weights: Wang's weights (not normalised) and terms, piq's own
    /// SSIM at every scale ('valid'), replicate padding of the first row and column when either side is odd, then
    /// 2 × 2 averages (floor), relu on the means, per channel.
    public static let piq = MSSSIMConvention(
        name: "piq",
        summary: "piq 0.8.0 multi_scale_ssim: 5 scales, Wang's weights (not normalised), Gaussian 11 taps σ 1.5 'valid', no eps, cs at 1–4 and SSIM at 5, relu on the means, replicate top/left when either side is odd",
        provenance: .recorded(msssim: "piq"),
        scale: .piq, downsampling: .replicateTopLeft, negativeValues: .relu, givenWeights: .normalised)

    /// TensorFlow 2.21's `tf.image.ssim_multiscale`: Wang's weights and terms, `tf.image.ssim`'s SSIM at every scale
    /// ('valid'), a symmetric pad after an odd size's last row or column then 2 × 2 averages, relu on the means, per
    /// channel; in float32, which the reference does not model.
    public static let tensorflow = MSSSIMConvention(
        name: "tensorflow",
        summary: "TensorFlow 2.21 tf.image.ssim_multiscale: 5 scales, Wang's weights, Gaussian 11 taps σ 1.5 'valid', no eps, cs at 1–4 and SSIM at 5, relu on the means, the last row/column repeated; float32 not modelled",
        provenance: .recorded(msssim: "tensorflow"),
        scale: .tensorflow, downsampling: .repeatLastThenAverage, negativeValues: .relu)

    /// torchmetrics 1.9.0's `multiscale_structural_similarity_index_measure` with data_range given and its default
    /// normalize='relu': torchmetrics' own SSIM at every scale (torch reflect border, 11 taps from σ 1.5), the cs maps
    /// cropped to the 'valid' region and the coarsest scale's SSIM map whole ('same'), 2 × 2 averages dropping an
    /// odd size's last row or column, relu on the means, each image's channels pooled together, and Wang's weights
    /// as float32 numbers.
    public static let torchmetrics = MSSSIMConvention(
        name: "torchmetrics",
        summary: "torchmetrics 1.9.0 multiscale_structural_similarity_index_measure (data_range given, normalize='relu'): reflect border, cs 'valid' at 1–4 and the whole SSIM map at 5, relu on the means, per image, floor downsampling, float32 weights",
        provenance: .recorded(msssim: "torchmetrics"),
        scale: torchmetricsScale, padding: .same, csPadding: .valid, weights: wangWeights.map { Double(Float($0)) },
        downsampling: .floor, negativeValues: .relu, channelPooling: .perImage, givenWeights: .float32,
        minimumSide: .beyondWindowTimesScale)

    /// torchmetrics 1.9.0's MS-SSIM called with normalize='simple': as ``torchmetrics``, each mean mapped to (v + 1)/2
    /// before its power (src/torchmetrics/functional/image/ssim.py 420–421). Its adapter computes it with
    /// SSIM_ADAPTER_TORCHMETRICS_NORMALIZE=simple.
    public static let torchmetricsNormalizeSimple = torchmetrics(
        normalize: "simple", spelt: "'simple'", .halfShifted, "each mean mapped to (v + 1)/2")

    /// torchmetrics 1.9.0's MS-SSIM called with normalize=None: as ``torchmetrics``, negative means raised as they are
    /// (NaN) (src/torchmetrics/functional/image/ssim.py 317–319). Its adapter computes it with
    /// SSIM_ADAPTER_TORCHMETRICS_NORMALIZE=none.
    public static let torchmetricsNormalizeNone = torchmetrics(
        normalize: "none", spelt: "None", .none, "negative means raised as they are (NaN)")

    /// torchmetrics 1.9.0's MS-SSIM called with data_range=None, its default: as ``torchmetrics``, but the data range
    /// estimated at every scale from that scale's images, max(preds.max() − preds.min(), target.max() − target.min())
    /// over the whole batch (src/torchmetrics/functional/image/ssim.py 113–114, reached at every scale from 403–405,
    /// on the images avg_pool2d has just downsampled), so the constants follow the images' contrast down the pyramid.
    /// Its adapter computes it with SSIM_ADAPTER_TORCHMETRICS_DATA_RANGE=none.
    public static let torchmetricsDataRangeNone: MSSSIMConvention = {
        var convention = torchmetrics
        convention.name = "torchmetrics-data-range-none"
        convention.summary = "torchmetrics 1.9.0 multiscale_structural_similarity_index_measure with data_range=None (its default): as torchmetrics, but L estimated at every scale from the images there"
        convention.dataRange = .estimatedPerScale
        convention.provenance?.notes.insert(
            "Called with data_range=None, its default (tools/adapters/torchmetrics_adapter.py with SSIM_ADAPTER_TORCHMETRICS_DATA_RANGE=none): the data range is max(preds.max() - preds.min(), target.max() - target.min()) at every scale, on that scale's images (src/torchmetrics/functional/image/ssim.py 113-114, from 403-405), and the gradients pass through it to the extremes; the case's max_val is not read.",
            at: 0)
        return convention
    }()

    /// ``torchmetrics`` called with `normalize` (as Python spells it: `spelt`), which makes negative means
    /// `negativeValues` (in `words`).
    private static func torchmetrics(
        normalize: String, spelt: String, _ negativeValues: NegativeValues, _ words: String
    ) -> MSSSIMConvention {
        var convention = torchmetrics
        convention.name = "torchmetrics-normalize-\(normalize)"
        convention.summary = "torchmetrics 1.9.0 multiscale_structural_similarity_index_measure with normalize=\(spelt): as torchmetrics, but \(words)"
        convention.negativeValues = negativeValues
        convention.provenance?.notes.insert(
            "Called with normalize=\(spelt) (tools/adapters/torchmetrics_adapter.py with SSIM_ADAPTER_TORCHMETRICS_NORMALIZE=\(normalize)): \(words), where the notes below describe normalize='relu'.",
            at: 0)
        return convention
    }

    /// torchmetrics' SSIM as its MS-SSIM computes it at each scale: its SSIM convention, except that the cs maps are
    /// cropped by its Gaussian's reach (5, from 11 taps), not by half the window size asked, which its Gaussian
    /// ignores (src/torchmetrics/functional/image/ssim.py 126–133, 172–177).
    static let torchmetricsScale: SSIMConvention = {
        var scale = SSIMConvention.torchmetrics
        scale.name = "torchmetrics-msssim-scale"
        scale.cropsByTaps = true
        return scale
    }()
}
