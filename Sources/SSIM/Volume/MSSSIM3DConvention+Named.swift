extension MSSSIM3DConvention {
    /// The named 3-D MS-SSIM conventions, torchmetrics' first (the vectors' convention): what
    /// `ssim-conform conventions` lists and `--convention NAME` takes. Each is read from the pinned source its
    /// ``provenance`` names (`docs/ssim3d-provenance.md`, section 9).
    public static let named: [MSSSIM3DConvention] = [torchmetrics, pytorchMSSSIM]

    /// The named convention called `name`, or nil.
    public static func named(_ name: String) -> MSSSIM3DConvention? { named.first { $0.name == name } }

    /// pytorch-msssim 1.0.0's `ms_ssim` on 5-D tensors: its 2-D MS-SSIM (Wang's weights and terms, relu on the
    /// means, per channel) with its 5-D `ssim` at every scale (separable 'valid' Gaussian passes of `win_size` taps
    /// along D, H and W, an axis shorter than the window not blurred) and `avg_pool3d` between scales, a zero before
    /// the first voxel of each odd axis.
    public static let pytorchMSSSIM = recorded(
        "pytorch-msssim",
        "pytorch-msssim 1.0.0 ms_ssim on (B, C, D, H, W): Wang's weights and terms, separable 'valid' Gaussian passes along D, H, W (axes shorter than the window not blurred), relu on the means, per channel, avg_pool3d counting a zero before each odd axis",
        MSSSIM3DConvention(volume: .pytorchMSSSIM, multiScale: .pytorchMSSSIM))

    /// torchmetrics 1.9.0's `multiscale_structural_similarity_index_measure` on 5-D tensors with data_range given and
    /// normalize='relu': its 2-D MS-SSIM (the cs maps 'valid', the coarsest SSIM map whole, relu, per image, float32
    /// weights) with its 5-D SSIM at every scale (11 taps per axis from σ 1.5 whatever `kernel_size`, one 3-D
    /// convolution, reflect, W padded by `kernel_size`'s reach) and `avg_pool3d` dropping the last voxel of each odd
    /// axis.
    public static let torchmetrics = recorded(
        "torchmetrics",
        "torchmetrics 1.9.0 multiscale_structural_similarity_index_measure on (B, C, D, H, W) (data_range given, normalize='relu'): 11-tap Gaussians whatever kernel_size, one 3-D convolution, reflect, W padded by kernel_size's reach, cs 'valid', relu, per image, avg_pool3d floor, float32 weights",
        MSSSIM3DConvention(volume: torchmetricsScale, multiScale: .torchmetrics))

    /// torchmetrics' 3-D SSIM as its MS-SSIM computes it at each scale: its 3-D convention with the per-scale plane
    /// of its 2-D MS-SSIM, whose 'valid' cs maps are cropped by the Gaussian's reach (5) rather than by half the
    /// window asked (functional/image/ssim.py 172–175: on volumes D and H by the Gaussian's reach, W by
    /// (kernel_size − 1)/2 of a W already padded by as much, which leaves the 'valid' voxels of its 11 taps).
    static let torchmetricsScale: SSIM3DConvention = {
        var volume = SSIM3DConvention.torchmetrics
        volume.plane = MSSSIMConvention.torchmetricsScale
        return volume
    }()

    /// `choices` named `name`, summed up by `summary`, with the record of its provenance in `Resources/provenance.json`.
    private static func recorded(_ name: String, _ summary: String, _ choices: MSSSIM3DConvention) -> MSSSIM3DConvention {
        var named = choices
        (named.name, named.summary, named.provenance) = (name, summary, .recorded(msssim3D: name))
        return named
    }
}
