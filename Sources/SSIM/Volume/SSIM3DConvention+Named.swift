extension SSIM3DConvention {
    /// The named 3-D SSIM conventions, Kornia's first: what `ssim-conform conventions` lists and `--convention NAME`
    /// takes. Each is read from the pinned source its ``provenance`` names (`docs/ssim3d-provenance.md`).
    public static let named: [SSIM3DConvention] = [kornia, torchmetrics, pytorchMSSSIM, matlabSSIM]

    /// The named convention called `name`, or nil.
    public static func named(_ name: String) -> SSIM3DConvention? { named.first { $0.name == name } }

    /// Kornia 0.9.0's `kornia.metrics.ssim3d` and `kornia.losses.ssim3d_loss`: its 2-D convention on every plane, one
    /// 3-D convolution by the outer product of three Gaussians (σ 1.5, `window_size` taps each), torch's `reflect` at
    /// every face, eps in the denominator, 'valid' cropped by window_size // 2 on every axis; half precisions in
    /// float32, the answer rounded.
    public static let kornia = recorded(
        "kornia",
        "Kornia 0.9.0 kornia.metrics.ssim3d and kornia.losses.ssim3d_loss: one 3-D convolution (Gaussian σ 1.5, window_size taps per axis), torch reflect at every face, eps, halves in float32",
        SSIM3DConvention())

    /// torchmetrics 1.9.0's `structural_similarity_index_measure` on 5-D tensors, as called with σ 1.5 and
    /// `kernel_size` = `window_size`: 11 taps per axis whatever `kernel_size` (from σ), one 3-D convolution, torch's
    /// `reflect`, no eps; its last axis (W) padded by `kernel_size`'s reach rather than the taps'.
    public static let torchmetrics = recorded(
        "torchmetrics",
        "torchmetrics 1.9.0 structural_similarity_index_measure on (B, C, D, H, W): 11-tap Gaussians (σ 1.5) whatever kernel_size, one 3-D convolution, reflect, no eps, W padded by kernel_size's reach",
        SSIM3DConvention(plane: .torchmetrics, paddedByWindowSize: [.width], computesHalfInFloat32: false))

    /// pytorch-msssim 1.0.0's `ssim` on 5-D tensors: 1-D passes along D, H and W without padding ('valid' only),
    /// taps built in float32, per-image means only, no eps; an axis shorter than the window is not blurred (with a
    /// warning).
    public static let pytorchMSSSIM = recorded(
        "pytorch-msssim",
        "pytorch-msssim 1.0.0 ssim on (B, C, D, H, W): separable 'valid' Gaussian passes (float32 taps), per-image means only, no eps, axes shorter than the window not blurred",
        SSIM3DConvention(plane: .pytorchMSSSIM, convolution: .separable, skipsShortAxes: true, computesHalfInFloat32: false))

    /// MATLAB's `ssim` on volumes, from its documentation only: unverified.
    public static let matlabSSIM = recorded(
        "matlab-ssim",
        "MATLAB Image Processing Toolbox ssim on 3-D volumes, from its documentation: isotropic Gaussian σ 1.5, replicate border, full map, no eps (UNVERIFIED)",
        SSIM3DConvention(plane: .matlabSSIM, convolution: .separable, computesHalfInFloat32: false))

    /// `choices` named `name`, summed up by `summary`, with the record of its provenance in `Resources/provenance.json`.
    private static func recorded(_ name: String, _ summary: String, _ choices: SSIM3DConvention) -> SSIM3DConvention {
        var named = choices
        (named.name, named.summary, named.provenance) = (name, summary, .recorded(ssim3D: name))
        return named
    }
}
