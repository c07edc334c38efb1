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
        provenance: Provenance(
            source: "kornia (PyPI wheel kornia-0.9.0-py3-none-any.whl)", version: "0.9.0",
            pin: "wheel sha256 7a1632fe004a305c94f2b979fc6ab4df26e01f925e74bdb9f8b8a03a1229caaf",
            locations: [
                .init(file: "kornia/metrics/ssim.py", lines: "235–236, 252–254", choices: "border: torch reflect"),
                .init(file: "kornia/metrics/ssim.py", lines: "221", choices: "window: Gaussian, σ = 1.5, window_size taps"),
                .init(file: "kornia/metrics/ssim.py", lines: "247–266", choices: "moments: population"),
                .init(file: "kornia/metrics/ssim.py", lines: "224–225, 269–272", choices: "K1 = 0.01, K2 = 0.03; eps added to the denominator"),
                .init(file: "kornia/metrics/ssim.py", lines: "238–243, 256–259", choices: "'valid': the map cropped by window_size // 2"),
                .init(file: "kornia/losses/ssim.py", lines: "77–86", choices: "loss clamp((1 − SSIM)/2, 0, 1), then reduced"),
                .init(file: "kornia/metrics/ssim.py", lines: "204–218", choices: "arithmetic: the inputs' precision"),
            ],
            adapter: "tools/adapters/kornia_adapter.py: kornia.metrics.ssim and kornia.losses.ssim_loss as the case asks"))

    /// scikit-image 0.26.0's `structural_similarity` with Wang et al.'s settings, as our adapter calls it.
    public static let scikitImage = SSIMConvention(
        name: "scikit-image",
        summary: "scikit-image 0.26.0 structural_similarity, Gaussian σ 1.5 (11 taps), symmetric border, no eps",
        provenance: Provenance(
            source: "scikit-image (with scipy 1.17.1's ndimage filters)", version: "0.26.0",
            pin: "tag v0.26.0 = commit ee0a7a3ebd9ac8c2602f40e55bc015a3c8a81ae8",
            locations: [
                .init(file: "src/skimage/metrics/_structural_similarity.py", lines: "227–232", choices: "border: scipy mode 'reflect', which repeats the edge (symmetric)"),
                .init(file: "src/skimage/metrics/_structural_similarity.py", lines: "172–183", choices: "window: Gaussian σ, truncate = 3.5: 11 taps at σ = 1.5, win_size ignored by the filter"),
                .init(file: "scipy/ndimage/_filters.py (v1.17.1)", lines: "744–753, 656–666", choices: "taps: radius int(truncate·σ + 0.5), weights in float64"),
                .init(file: "src/skimage/metrics/_structural_similarity.py", lines: "238–256", choices: "moments: population with use_sample_covariance=False"),
                .init(file: "src/skimage/metrics/_structural_similarity.py", lines: "161–167, 258–269", choices: "K1 = 0.01, K2 = 0.03; no eps"),
                .init(file: "src/skimage/metrics/_structural_similarity.py", lines: "271–275", choices: "the mean over the map cropped by (win_size − 1)/2: the crop follows win_size, not the taps"),
                .init(file: "src/skimage/metrics/_structural_similarity.py", lines: "119, 234–236", choices: "arithmetic: im1's float type (float32 stays float32)"),
            ],
            adapter: "tools/adapters/skimage_adapter.py: gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=max_val, win_size=window_size, full=True, per plane; 'valid' is the full map cropped by window_size // 2; the loss is the protocol's formula on that map",
            notes: [
                "The adapter declares 'same' unsupported, though the full map with the symmetric border is what this convention's 'same' is.",
                "Called with its defaults instead (uniform 7 × 7 window, sample covariance), scikit-image computes another convention.",
            ]),
        border: .symmetric, taps: .truncated(3.5), cropsByTaps: false, includesEps: false)

    /// pytorch-msssim 1.0.0's `ssim`, as our adapter calls it.
    public static let pytorchMSSSIM = SSIMConvention(
        name: "pytorch-msssim",
        summary: "pytorch-msssim 1.0.0 ssim: no padding ('valid' only), taps built in float32, per-image means only, no eps",
        provenance: Provenance(
            source: "pytorch-msssim", version: "1.0.0", pin: "tag v1.0.0 = commit 6a2a7acbecba8fc88bb993ef825c3b443b256a13",
            locations: [
                .init(file: "pytorch_msssim/ssim.py", lines: "28–54", choices: "border: none (conv2d without padding)"),
                .init(file: "pytorch_msssim/ssim.py", lines: "11–25, 147–148", choices: "window: Gaussian, win_size taps, win_sigma 1.5"),
                .init(file: "pytorch_msssim/ssim.py", lines: "19, 84", choices: "taps built in float32, then cast to the images' type"),
                .init(file: "pytorch_msssim/ssim.py", lines: "79, 93–95", choices: "moments: population"),
                .init(file: "pytorch_msssim/ssim.py", lines: "77, 81–82", choices: "C = (K·L)², K = (0.01, 0.03); no eps"),
                .init(file: "pytorch_msssim/ssim.py", lines: "100, 154–161", choices: "outputs: each image's mean over channels and the valid map"),
            ],
            adapter: "tools/adapters/pytorch_msssim_adapter.py: win_size=window_size, win_sigma=1.5, data_range=max_val, K=(0.01, 0.03), size_average=False; the 'mean' and 'sum' losses by the protocol's formula from the images' means",
            notes: [
                "It skips the blur along an axis shorter than the window (with a warning) instead of refusing: such cases are outside the convention.",
                "It has no loss; the adapter's loss is the protocol's (1 − SSIM)/2 of the means.",
            ]),
        border: .none, tapsPrecision: .float32, includesEps: false, outputs: .imageMeans)

    /// torchmetrics 1.9.0's `structural_similarity_index_measure`, as our adapter calls it.
    public static let torchmetrics = SSIMConvention(
        name: "torchmetrics",
        summary: "torchmetrics 1.9.0 structural_similarity_index_measure: torch reflect border, Gaussian of 11 taps whatever kernel_size, no eps",
        provenance: Provenance(
            source: "torchmetrics", version: "1.9.0", pin: "tag v1.9.0 = commit 700261d3683ba77517e9650043f62a8313027437",
            locations: [
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "128–143", choices: "border: torch reflect by (k − 1)/2"),
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "126, 144–145", choices: "window: Gaussian of 2·int(3.5σ + 0.5) + 1 taps, kernel_size ignored"),
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "158–165", choices: "moments: population (σx², σy² clamped at 0)"),
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "120–121, 167–170", choices: "k1 = 0.01, k2 = 0.03; no eps"),
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "170, 183–186", choices: "the full H × W map"),
                .init(file: "src/torchmetrics/functional/image/ssim.py", lines: "27–37", choices: "arithmetic: the images' precision"),
            ],
            adapter: "tools/adapters/torchmetrics_adapter.py: gaussian_kernel=True, sigma=1.5, kernel_size=window_size, data_range=max_val, k1=0.01, k2=0.03, return_full_image=True; 'valid' is the map cropped by window_size // 2; the loss is the protocol's formula on the map",
            notes: [
                "It clamps σx² and σy² at 0, which the convention does not: they differ only where E[x²] − μ² rounds below 0.",
                "Its default data_range=None infers L from the batch; the adapter gives it.",
            ]),
        taps: .truncated(3.5), cropsByTaps: false, includesEps: false)

    /// piq 0.8.0's `ssim`, as our adapter calls it.
    public static let piq = SSIMConvention(
        name: "piq",
        summary: "piq 0.8.0 ssim (downsample=False): no padding ('valid' only), per-image means only, no eps",
        provenance: Provenance(
            source: "piq", version: "0.8.0", pin: "tag v0.8.0 = commit 9948a52fc09ac5f7fb3618ce64b7086f5c3109da",
            locations: [
                .init(file: "piq/ssim.py", lines: "189–205", choices: "border: none (conv2d, padding 0)"),
                .init(file: "piq/functional/filters.py", lines: "38–56", choices: "window: 2-D Gaussian, kernel_size taps, σ = kernel_sigma, in the images' type"),
                .init(file: "piq/ssim.py", lines: "196–211", choices: "moments: population; no eps"),
                .init(file: "piq/ssim.py", lines: "55–56, 193–194", choices: "images divided by data_range, then C = k² (K1 = 0.01, K2 = 0.03)"),
                .init(file: "piq/ssim.py", lines: "213, 67–71", choices: "outputs: each image's mean over its map, then over channels"),
            ],
            adapter: "tools/adapters/piq_adapter.py: kernel_size=window_size, kernel_sigma=1.5, data_range=max_val, k1=0.01, k2=0.03, downsample=False, reduction='none'; the 'mean' and 'sum' losses by the protocol's formula from the images' means",
            notes: [
                "By default piq first average-pools images whose shorter side is at least 384 pixels (downsample=True); the adapter turns that off.",
                "piq's own SSIMLoss is 1 − SSIM of the reduced means (loss one-minus-ssim); the adapter's loss is the protocol's (1 − SSIM)/2.",
                "It divides the images by data_range before computing, equal in exact arithmetic to C = (K·L)².",
            ]),
        border: .none, includesEps: false, outputs: .imageMeans)

    /// Zhou Wang's `ssim_index.m` (2003/2004), the paper's own code.
    public static let matlabSSIMIndex = SSIMConvention(
        name: "matlab-ssim-index",
        summary: "Zhou Wang's ssim_index.m (2004): filter2 'valid', fspecial Gaussian σ 1.5, the valid map in double, no eps",
        provenance: Provenance(
            source: "ssim_index.m distributed with Wang, Bovik, Sheikh, Simoncelli, IEEE TIP 13(4), 2004 (mirror zhengliu6699/imageFusionMetrics; the 2003 copy in utlive/ssim differs only in casts)",
            version: "2004 (\"to appear\" revision)", pin: "zhengliu6699/imageFusionMetrics ssim_index.m @ d6f7f1a0c0a13e7d19bc1e8e4d4f3ad51f439273",
            locations: [
                .init(file: "ssim_index.m", lines: "95–98", choices: "defaults: window fspecial('gaussian', 11, 1.5), K = [0.01 0.03], L = 255"),
                .init(file: "ssim_index.m", lines: "169–176", choices: "border: none (filter2 'valid'); moments: population"),
                .init(file: "ssim_index.m", lines: "163–164, 178–179", choices: "C = (K·L)²; one fraction, no eps"),
                .init(file: "ssim_index.m", lines: "166–167", choices: "arithmetic: double() casts"),
                .init(file: "ssim_index.m", lines: "56–58, 192", choices: "outputs: the valid map and its mean2"),
            ],
            notes: [
                "Described called as ssim_index(img1, img2, [0.01 0.03], fspecial('gaussian', window_size, 1.5), max_val): the window size as asked (11 by default).",
                "When C1 or C2 is not positive it switches to a special case the convention leaves out; with K1, K2 > 0 it never does.",
            ]),
        border: .none, includesEps: false, arithmetic: .float64)

    /// The MATLAB Image Processing Toolbox's `ssim`, from its documentation only: unverified.
    public static let matlabSSIM = SSIMConvention(
        name: "matlab-ssim",
        summary: "MATLAB Image Processing Toolbox ssim (R2014a+), from its documentation: replicate border, Gaussian σ 1.5, full map, no eps (UNVERIFIED)",
        provenance: Provenance(
            source: "MathWorks documentation of ssim and imgaussfilt (no source available)", version: "R2021a and current",
            pin: "mathworks.com help/images/ref/ssim.html, help/images/ref/imgaussfilt.html (stored excerpts)",
            locations: [
                .init(file: "ssim.html", lines: "Algorithms", choices: "l·c·s with exponents [1 1 1] and C3 = C2/2: the usual single fraction"),
                .init(file: "ssim.html", lines: "RegularizationConstants", choices: "C1 = (0.01·L)², C2 = (0.03·L)² (secondary source)"),
                .init(file: "ssim.html", lines: "Description", choices: "ssimmap has one value per pixel of A: the full map"),
                .init(file: "imgaussfilt.html", lines: "Tips", choices: "replicate padding (imgaussfilt's default; that ssim uses it is unverified)"),
            ],
            verified: false,
            notes: [
                "UNVERIFIED: the border (replicate), σ = 1.5 (Radius), 11 taps (2·ceil(3σ) + 1; imgaussfilt's default would give 7), the mean of the map and the arithmetic were not read from any source.",
                "DynamicRange defaults to the class's range (1 for double); the convention takes max_val as given.",
            ]),
        border: .replicate, taps: .fixed(11), includesEps: false)

    /// TensorFlow 2.21's `tf.image.ssim`.
    public static let tensorflow = SSIMConvention(
        name: "tensorflow",
        summary: "TensorFlow 2.21 tf.image.ssim: no padding ('valid' only), always float32 (taps too), per-image means only, no eps",
        provenance: Provenance(
            source: "tensorflow (PyPI wheel tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl)", version: "2.21.0",
            pin: "wheel sha256 2b847d217b02ee7731ed91431daf3250daa0196c3c94614d23be27232e6e5b6c",
            locations: [
                .init(file: "tensorflow/python/ops/image_ops_impl.py", lines: "4363–4378, 4391–4397", choices: "border: none (depthwise_conv2d 'VALID')"),
                .init(file: "tensorflow/python/ops/image_ops_impl.py", lines: "4307–4321, 4359–4360", choices: "window: Gaussian of filter_size taps, filter_sigma 1.5, built in float32"),
                .init(file: "tensorflow/python/ops/image_ops_impl.py", lines: "4384–4386", choices: "moments: population (compensation 1)"),
                .init(file: "tensorflow/python/ops/image_ops_impl.py", lines: "4282–4283, 4300", choices: "c = (k·max_val)², k1 = 0.01, k2 = 0.03; no eps"),
                .init(file: "tensorflow/python/ops/image_ops_impl.py", lines: "4405–4408, 4503", choices: "outputs: the mean over height, width and channels per image"),
                .init(file: "tensorflow/python/ops/image_ops_impl.py", lines: "4493–4498", choices: "arithmetic: everything converted to float32"),
            ],
            notes: [
                "Described called as tf.image.ssim(img1, img2, max_val, filter_size=window_size) on NHWC images of float type.",
                "return_index_map gives the valid map averaged over channels, not per channel: the convention counts it as means only.",
                "For integer images max_val is converted like a pixel; the convention takes float images and max_val as given.",
            ]),
        border: .none, tapsPrecision: .float32, includesEps: false, outputs: .imageMeans, arithmetic: .float32)
}
