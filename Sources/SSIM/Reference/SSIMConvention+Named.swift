extension SSIMConvention {
    /// The named conventions, Kornia's first: what `ssim-conform conventions` lists and `--convention NAME` takes.
    /// Each is read from the pinned source its ``provenance`` names (`docs/conventions-provenance.md` has the
    /// research, `docs/conventions.md` the definitions).
    public static let named: [SSIMConvention] = [
        kornia, scikitImage, pytorchMSSSIM, torchmetrics, piq, matlabSSIMIndex, matlabSSIM, tensorflow,
    ]

    /// The named convention called `name`, or nil.
    public static func named(_ name: String) -> SSIMConvention? {
        named.first { $0.name == name }
    }

    /// Kornia 0.9.0's convention, the reference's own: reflect border, Gaussian σ = 1.5 of `window_size` taps in
    /// float64, population moments, 'valid' cropped by r, K1 = 0.01, K2 = 0.03, eps in the denominator, loss
    /// clamp((1 − s)/2, 0, 1), the map, in the case's precision.
    public static let kornia = SSIMConvention(
        name: "kornia",
        summary: "Kornia 0.9.0's kornia.metrics.ssim and ssim_loss: the reference's own convention and the default",
        provenance: .recorded(ssim: "kornia"))

    /// scikit-image 0.26.0's `structural_similarity` with Wang et al.'s settings, as our adapter calls it.
    public static let scikitImage = SSIMConvention(
        name: "scikit-image",
        summary: "scikit-image 0.26.0 structural_similarity, Gaussian σ 1.5 (11 taps), symmetric border, no eps",
        provenance: .recorded(ssim: "scikit-image"),
        border: .symmetric, taps: .truncated(3.5), cropsByTaps: false, includesEps: false)

    /// pytorch-msssim 1.0.0's `ssim`, as our adapter calls it.
    public static let pytorchMSSSIM = SSIMConvention(
        name: "pytorch-msssim",
        summary: "pytorch-msssim 1.0.0 ssim: no padding ('valid' only), taps built in float32, per-image means only, no eps",
        provenance: .recorded(ssim: "pytorch-msssim"),
        border: .none, tapsPrecision: .float32, includesEps: false, outputs: .imageMeans)

    /// torchmetrics 1.9.0's `structural_similarity_index_measure`, as our adapter calls it.
    public static let torchmetrics = SSIMConvention(
        name: "torchmetrics",
        summary: "torchmetrics 1.9.0 structural_similarity_index_measure: torch reflect border, Gaussian of 11 taps whatever kernel_size, no eps",
        provenance: .recorded(ssim: "torchmetrics"),
        taps: .truncated(3.5), cropsByTaps: false, includesEps: false)

    /// piq 0.8.0's `ssim`, as our adapter calls it.
    public static let piq = SSIMConvention(
        name: "piq",
        summary: "piq 0.8.0 ssim (downsample=False): no padding ('valid' only), per-image means only, no eps",
        provenance: .recorded(ssim: "piq"),
        border: .none, includesEps: false, outputs: .imageMeans)

    /// Zhou Wang's `ssim_index.m` (2003/2004), the paper's own code.
    public static let matlabSSIMIndex = SSIMConvention(
        name: "matlab-ssim-index",
        summary: "Zhou Wang's ssim_index.m (2004): filter2 'valid', fspecial Gaussian σ 1.5, the valid map in double, no eps",
        provenance: .recorded(ssim: "matlab-ssim-index"),
        border: .none, includesEps: false, arithmetic: .float64)

    /// The MATLAB Image Processing Toolbox's `ssim`, from its documentation only: unverified.
    public static let matlabSSIM = SSIMConvention(
        name: "matlab-ssim",
        summary: "MATLAB Image Processing Toolbox ssim (R2014a+), from its documentation: replicate border, Gaussian σ 1.5, full map, no eps (UNVERIFIED)",
        provenance: .recorded(ssim: "matlab-ssim"),
        border: .replicate, taps: .fixed(11), includesEps: false)

    /// TensorFlow 2.21's `tf.image.ssim`.
    public static let tensorflow = SSIMConvention(
        name: "tensorflow",
        summary: "TensorFlow 2.21 tf.image.ssim: no padding ('valid' only), always float32 (taps too), per-image means only, no eps",
        provenance: .recorded(ssim: "tensorflow"),
        border: .none, tapsPrecision: .float32, includesEps: false, outputs: .imageMeans, arithmetic: .float32)
}
