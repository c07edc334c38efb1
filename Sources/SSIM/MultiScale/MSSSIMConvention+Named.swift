extension MSSSIMConvention {
    /// The named MS-SSIM conventions, Wang's first. Each is read from the pinned source its ``provenance`` names
    /// (`docs/msssim-provenance.md` has the research); what the model does not express of a library is in its
    /// provenance's notes. Besides Wang's, each states only where it departs from the initialiser's defaults (window
    /// 11 'valid', no eps, Wang's weights as given, cs then SSIM, per channel, L as given).
    public static let named: [MSSSIMConvention] = [wangMSSSIM, pytorchMSSSIM, piq, tensorflow, torchmetrics]

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
        provenance: SSIMConvention.Provenance(
            source: "Zhou Wang's msssim.m with its ssim_index_new.m, as distributed with the paper (Wang, Simoncelli & Bovik, Asilomar 2003), read in the third-party GitHub mirror zhuyefan/MATLAB_-",
            version: "msssim.m as distributed with the 2003 paper",
            pin: "zhuyefan/MATLAB_- @ ef655b24f2617d297337c9e87e527513acb9b2ef (files last changed in 48c087c3e89bca997c74046162e061fad05ae2e6; blobs d9edf524… msssim.m, 1945a3a8… ssim_index_new.m)",
            locations: [
                .init(file: "msssim/msssim.m", lines: "1, 13–31", choices: "defaults: K = [0.01 0.03], window fspecial('gaussian', 11, 1.5), level = 5, weight = [0.0448 0.2856 0.3001 0.2363 0.1333], method 'product'"),
                .init(file: "msssim/msssim.m", lines: "97–104", choices: "weights: as given for 'product', not normalised (sum 1.0001; normalised only for 'wtd_sum', 102)"),
                .init(file: "msssim/msssim.m", lines: "85–86", choices: "arithmetic: both images cast with double()"),
                .init(file: "msssim/msssim.m", lines: "84, 90–94", choices: "downsampling: imfilter(ones(2)/4, 'symmetric', 'same'), then rows and columns 1:2:end: the last row/column repeated for an odd size, ⌈n/2⌉"),
                .init(file: "msssim/ssim_index_new.m", lines: "70–79", choices: "per-scale window renormalised to sum 1, filter2 'valid': border none, the same 11 × 11 σ 1.5 Gaussian at every scale"),
                .init(file: "msssim/msssim.m", lines: "88, 99", choices: "terms: mean cs (mcs) at levels 1–4, mean SSIM (mssim) at level 5"),
                .init(file: "msssim/ssim_index_new.m", lines: "101–102", choices: "the means: mean2 of the SSIM map and of the cs map"),
                .init(file: "msssim/msssim.m", lines: "99", choices: "pooling: per-scale means, then powers and product ∏ mcsⱼ^wⱼ · mssim₅^w₅; no clamp of negative means"),
                .init(file: "msssim/ssim_index_new.m", lines: "68–69", choices: "C1 = (K1·255)², C2 = (K2·255)²: L = 255 hard-coded, the same at every scale"),
                .init(file: "msssim/msssim.m", lines: "38", choices: "channels: 2-D grayscale only ([M N] = size(img1))"),
                .init(file: "msssim/ssim_index_new.m", lines: "72", choices: "filter2, a 2-D filter"),
                .init(file: "msssim/msssim.m", lines: "67–72", choices: "minimum size: −Inf when min(M, N)/2^(level−1) is below the window size (below 176 px)"),
            ],
            notes: [
                "Read from a third-party mirror, not from Wang's distribution point; cross-checked against weizhou-geek/SFSN msssim.m @ 14a3d6ba5befe161f73762ad76f7173a394f6f3a (the same code).",
                "Inferred, not run: the origin of the even 2 × 2 kernel under imfilter(…, 'same') (the top-left tap, documented for nlfilter), which makes an odd size's rule 'repeat the last row/column'.",
                "msssim.m hard-codes L = 255; the convention takes the case's max_val, which is msssim.m's for max_val 255.",
                "A negative mean raised to its fractional weight is complex in MATLAB; here it is NaN (negative means: none).",
                "msssim.m returns −Inf below 176 px (its guard is stricter than its computation); the reference computes from 161 px (a coarsest scale of 11 × 11) and refuses smaller images with an error.",
                "UNVERIFIED: what msssim.m does with colour input (it is written for 2-D images); the convention takes each channel plane on its own and averages the planes' MS-SSIM.",
                "Wang's older ssim_mscale_new.m (thomas-koehler/SupER @ d8c6f2e4b26db002ff55bc2beba18639f1d0bb49) is another convention: ⌊n/2⌋ downsampling and no exponent on the last scale.",
            ]),
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
        provenance: SSIMConvention.Provenance(
            source: "pytorch-msssim", version: "1.0.0",
            pin: "tag v1.0.0 = commit 6a2a7acbecba8fc88bb993ef825c3b443b256a13 (wheel sha256 0b4b7bbf7035fe9dc8084244237aac13b1f104852c45b63a7e9fab4363bede54, identical)",
            locations: [
                .init(file: "pytorch_msssim/ssim.py", lines: "164–174", choices: "ms_ssim's defaults: data_range=255, win_size=11, win_sigma=1.5, weights=None, K=(0.01, 0.03)"),
                .init(file: "pytorch_msssim/ssim.py", lines: "217–219, 225", choices: "weights: the paper's five, not normalised, in the input's dtype; levels = len(weights)"),
                .init(file: "pytorch_msssim/ssim.py", lines: "230–234", choices: "downsampling: avg_pool2d(kernel_size=2, padding=[s % 2]) with count_include_pad: a zero before the first row/column of an odd size, ⌈n/2⌉"),
                .init(file: "pytorch_msssim/ssim.py", lines: "11–25, 28–54, 84", choices: "per-scale window: separable Gaussian of win_size taps, σ win_sigma, built in float32, conv without padding ('valid'), the same at every scale"),
                .init(file: "pytorch_msssim/ssim.py", lines: "227–237", choices: "terms: relu(cs) at levels 1…L−1, SSIM at level L"),
                .init(file: "pytorch_msssim/ssim.py", lines: "231, 236", choices: "negative means: relu on the pooled values"),
                .init(file: "pytorch_msssim/ssim.py", lines: "100–101, 237–238", choices: "pooling: per (image, channel) spatial means, then powers and their product over levels"),
                .init(file: "pytorch_msssim/ssim.py", lines: "81–82, 167", choices: "C1 = (K1·data_range)², C2 = (K2·data_range)², fixed across scales; no eps"),
                .init(file: "pytorch_msssim/ssim.py", lines: "240–243", choices: "channels: per channel, then the mean over channels (and over the batch for size_average=True)"),
                .init(file: "pytorch_msssim/ssim.py", lines: "212–215", choices: "minimum size: assert min(H, W) > (win_size − 1)·2⁴ = 160"),
            ],
            notes: [
                "Described called as ms_ssim(X, Y, data_range=max_val): its default data_range is 255.",
                "Not modelled: it computes in the input's dtype, the weights included (float32 input: float32 exponents; half: half arithmetic); the reference computes in Double and MS-SSIM has no rounding-error bounds yet.",
                "An axis shorter than the window is left unfiltered with a warning (47–52) instead of refused (e.g. under python -O, or with more than five weights); the reference refuses such images.",
                "It has no loss; the convention's 1 − MS-SSIM is the user's.",
            ]),
        scale: .pytorchMSSSIM, downsampling: .zeroPadBothSides, negativeValues: .relu)

    /// piq 0.8.0's `multi_scale_ssim` with its default weights: Wang's weights (not normalised) and terms, piq's own
    /// SSIM at every scale ('valid'), replicate padding of the first row and column when either side is odd, then
    /// 2 × 2 averages (floor), relu on the means, per channel.
    public static let piq = MSSSIMConvention(
        name: "piq",
        summary: "piq 0.8.0 multi_scale_ssim: 5 scales, Wang's weights (not normalised), Gaussian 11 taps σ 1.5 'valid', no eps, cs at 1–4 and SSIM at 5, relu on the means, replicate top/left when either side is odd",
        provenance: SSIMConvention.Provenance(
            source: "piq", version: "0.8.0",
            pin: "tag v0.8.0 = commit 9948a52fc09ac5f7fb3618ce64b7086f5c3109da (wheel sha256 bad83f8e68bad6c09df09c2bdf50d1e8ccf5e852d7b64562317c27ed5eb63159, identical)",
            locations: [
                .init(file: "piq/ms_ssim.py", lines: "20–23", choices: "multi_scale_ssim's defaults: kernel_size=11, kernel_sigma=1.5, data_range=1., scale_weights=None, k1=0.01, k2=0.03"),
                .init(file: "piq/ms_ssim.py", lines: "66–71", choices: "weights: scale_weights=None gives the paper's five in x's dtype, not normalised (a caller's weights are normalised)"),
                .init(file: "piq/ms_ssim.py", lines: "219–224", choices: "downsampling: replicate pad top and left by max(H mod 2, W mod 2) on both axes, then avg_pool2d(2) (floor)"),
                .init(file: "piq/ms_ssim.py", lines: "75", choices: "per-scale window: a 2-D Gaussian of kernel_size taps, σ kernel_sigma"),
                .init(file: "piq/functional/filters.py", lines: "38–56", choices: "the Gaussian, built in x's dtype"),
                .init(file: "piq/ssim.py", lines: "196–205", choices: "conv2d with padding 0 ('valid'), the same at every scale"),
                .init(file: "piq/ms_ssim.py", lines: "226–230", choices: "terms: cs at levels 1…L−1, SSIM at level L; relu on the pooled values"),
                .init(file: "piq/ssim.py", lines: "213–214", choices: "pooling: per (image, channel) spatial means"),
                .init(file: "piq/ms_ssim.py", lines: "233", choices: "powers, their product over levels, then the mean over channels"),
                .init(file: "piq/ms_ssim.py", lines: "63–64", choices: "images divided by data_range first"),
                .init(file: "piq/ssim.py", lines: "193–194", choices: "c1 = k1², c2 = k2² (L = 1 after the division), fixed across scales; no eps"),
                .init(file: "piq/ms_ssim.py", lines: "211–214", choices: "minimum size: ValueError below (kernel_size − 1)·2^(levels−1) + 1 = 161"),
            ],
            notes: [
                "Described called as multi_scale_ssim(x, y, data_range=max_val) with its default weights. MultiScaleSSIMLoss always passes its float32 weights, which are then normalised (ms_ssim.py 161–165, 190–192): that is this convention with normalisesWeights, not named here.",
                "It divides the images by data_range before computing, equal in exact arithmetic to C = (K·L)².",
                "Not modelled: it computes in x's dtype (float32 input: float32 weights and exponents); the reference computes in Double and MS-SSIM has no rounding-error bounds yet.",
                "The values are asserted in [0, data_range] (only without python -O); the reference does not check them.",
            ]),
        scale: .piq, downsampling: .replicateTopLeft, negativeValues: .relu)

    /// TensorFlow 2.21's `tf.image.ssim_multiscale`: Wang's weights and terms, `tf.image.ssim`'s SSIM at every scale
    /// ('valid'), a symmetric pad after an odd size's last row or column then 2 × 2 averages, relu on the means, per
    /// channel; in float32, which the reference does not model.
    public static let tensorflow = MSSSIMConvention(
        name: "tensorflow",
        summary: "TensorFlow 2.21 tf.image.ssim_multiscale: 5 scales, Wang's weights, Gaussian 11 taps σ 1.5 'valid', no eps, cs at 1–4 and SSIM at 5, relu on the means, the last row/column repeated; float32 not modelled",
        provenance: SSIMConvention.Provenance(
            source: "tensorflow (PyPI wheel tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl)", version: "2.21.0",
            pin: "wheel sha256 2b847d217b02ee7731ed91431daf3250daa0196c3c94614d23be27232e6e5b6c",
            locations: [
                .init(file: "tensorflow/python/ops/image_ops_impl.py", lines: "4510–4519", choices: "ssim_multiscale(img1, img2, max_val, power_factors=_MSSSIM_WEIGHTS, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03)"),
                .init(file: "tensorflow/python/ops/image_ops_impl.py", lines: "4507, 4589, 4633–4634", choices: "weights: the paper's five, not normalised, scales = len(power_factors), pow in float32"),
                .init(file: "tensorflow/python/ops/image_ops_impl.py", lines: "4580–4615", choices: "downsampling: SYMMETRIC pad after (bottom/right) on the odd axes, then avg_pool 2 × 2 VALID: the last row/column repeated, ⌈n/2⌉"),
                .init(file: "tensorflow/python/ops/image_ops_impl.py", lines: "4618–4624, 4307–4321, 4359–4360, 4381–4397", choices: "per-scale SSIM: the same _ssim_per_channel at every scale, Gaussian of 11 taps σ 1.5 in float32, depthwise_conv2d VALID"),
                .init(file: "tensorflow/python/ops/image_ops_impl.py", lines: "4618–4631", choices: "terms: cs at scales 1…M−1, SSIM at M (the last cs popped)"),
                .init(file: "tensorflow/python/ops/image_ops_impl.py", lines: "4625, 4631", choices: "negative means: relu on the pooled values"),
                .init(file: "tensorflow/python/ops/image_ops_impl.py", lines: "4405–4408, 4630–4636", choices: "pooling: per (image, channel) mean over H and W, then powers and product, then the mean over channels"),
                .init(file: "tensorflow/python/ops/image_ops_impl.py", lines: "4282–4283, 4300, 4386", choices: "c = (k·max_val)², max_val fixed across scales; no eps"),
                .init(file: "tensorflow/python/ops/image_ops_impl.py", lines: "4566–4569", choices: "arithmetic: images and max_val converted to float32"),
                .init(file: "tensorflow/python/ops/image_ops_impl.py", lines: "4363–4378", choices: "minimum size: an Assert that H, W ≥ filter_size at each scale (from 161 px for 5 scales)"),
            ],
            notes: [
                "Not modelled yet: TensorFlow computes everything in float32 (float64 images cast down, the exponents applied in float32); the reference computes in Double and MS-SSIM has no rounding-error bounds yet to accept float32's error.",
                "No git commit is recorded: the tensorflow repository could not be mirrored; the wheel is the pin.",
                "Described called with float images and max_val as given; integer images are scaled to [0, 1] by convert_image_dtype.",
            ]),
        scale: .tensorflow, downsampling: .repeatLastThenAverage, negativeValues: .relu)

    /// torchmetrics 1.9.0's `multiscale_structural_similarity_index_measure` with data_range given and its default
    /// normalize='relu': torchmetrics' own SSIM at every scale (torch reflect border, 11 taps from σ 1.5), the cs maps
    /// cropped to the 'valid' region and the coarsest scale's SSIM map whole ('same'), 2 × 2 averages dropping an
    /// odd size's last row or column, relu on the means, each image's channels pooled together, and Wang's weights
    /// as float32 numbers.
    public static let torchmetrics = MSSSIMConvention(
        name: "torchmetrics",
        summary: "torchmetrics 1.9.0 multiscale_structural_similarity_index_measure (data_range given, normalize='relu'): reflect border, cs 'valid' at 1–4 and the whole SSIM map at 5, relu on the means, per image, floor downsampling, float32 weights",
        provenance: SSIMConvention.Provenance(
            source: "torchmetrics", version: "1.9.0",
            pin: "tag v1.9.0 = commit 700261d3683ba77517e9650043f62a8313027437 (wheel sha256 bfdcbff3dd1d96b3374bb2496eb39f23c4b28b8a845b6a18c313688e0d2d9ca1, identical)",
            locations: [
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "449–461", choices: "defaults: gaussian_kernel=True, sigma=1.5, kernel_size=11, data_range=None, k1=0.01, k2=0.03, betas=(0.0448, 0.2856, 0.3001, 0.2363, 0.1333), normalize='relu'"),
                .init(file: "src/torchmetrics/image/ssim.py", lines: "312–322", choices: "the class: the same defaults"),
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "518–521, 423–424", choices: "weights: a tuple of floats, torch.tensor(betas) in float32, not normalised"),
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "402–415", choices: "downsampling: avg_pool2d((2, 2)) after every level: floor, an odd size's last row/column dropped"),
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "126–145", choices: "per-scale SSIM: inputs reflect-padded by (g − 1)/2, g = 2·int(3.5σ + 0.5) + 1 = 11 taps (kernel_size ignored for the Gaussian), then a valid conv"),
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "172–181", choices: "cs cropped by the pad before its mean ('valid'); the SSIM map not cropped ('same', the reflected border included)"),
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "402–417", choices: "terms: cs at levels 1…L−1, then mcs_list[-1] = sim"),
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "179–181, 423–425", choices: "pooling: per-image means over all channels and pixels at once, then powers and their product"),
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "317–319, 420–421, 460", choices: "negative means: normalize='relu' clamps the pooled sim and cs at 0"),
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "113–121", choices: "constants: C = (k·L)² with a number data_range fixed across scales; None re-estimates L at every level"),
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "163–165", choices: "σx², σy² clamped at ≥ 0, σxy not"),
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "384–400", choices: "minimum size: ValueError for H, W < 176 (the message says 160)"),
            ],
            notes: [
                "Described called with data_range=max_val (a number) and normalize='relu'. Not modelled: data_range=None, which re-estimates L at every scale from the (downsampled) batch, and a (lo, hi) tuple, which clamps the inputs at every level; normalize=None and 'simple' are the negative treatments none and half-shifted.",
                "Inferred from torch's type promotion: the float32 betas raise a float64 stack to exactly their float32 values, so the weights are Wang's rounded to float32; half input comes back float32, which the reference (in Double) does not model.",
                "Not modelled: its clamp of σx² and σy² at 0 (as the SSIM convention torchmetrics): they differ only where E[x²] − μ² rounds below 0.",
                "It refuses images below 176 px (a policy); the reference computes from 96 px (a coarsest scale of 6 for torch's reflect pad, cs 'valid' at 12) and refuses smaller ones.",
                "The class sums the per-image values in a float32 state (inferred); the convention describes the function.",
            ]),
        scale: .torchmetrics, padding: .same, csPadding: .valid, weights: wangWeights.map { Double(Float($0)) },
        downsampling: .floor, negativeValues: .relu, channelPooling: .perImage)
}
