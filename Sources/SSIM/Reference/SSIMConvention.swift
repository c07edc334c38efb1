/// A convention of SSIM: every choice an implementation makes besides what a case asks (window size, data range,
/// eps, padding, reduction), so that the reference can compute what that implementation should answer.
///
/// Implementations of SSIM differ in a handful of choices. ``kornia`` (every property at its default) is the
/// reference's own convention: its results, the golden vectors and their bounds are computed with it. The named
/// conventions (``named``, `docs/conventions.md`) are those of other libraries, read from their pinned sources
/// (``provenance``); any other can be given as JSON (``decode(json:)``). The diagnosis also uses conventions to
/// explain what a disagreeing implementation computes. Gradients and the acceptance bounds (``SSIMErrorBounds``)
/// follow the convention.
///
/// Convention (what each choice means; Kornia 0.9.0's value first):
/// - Border (``border``): how the blur reads pixels beyond the image's edge: torch's `reflect`; or `reflect-101`,
///   `symmetric`, `replicate`, `zero`, `circular`; or `none`, when only the 'valid' region exists: such a convention has no
///   'same' map, and its 'valid' map must not reach beyond the image.
/// - Window (``window``, ``taps``, ``tapsPrecision``): a sampled Gaussian of σ = 1.5 (or another σ, or σ by a rule
///   of the taps: OpenCV's, k/6) or a uniform window; with
///   `window_size` taps as asked, a fixed number whatever is asked, or as many as σ and a truncation give (scipy's
///   rule); its weights computed in float64, or in float32 and then used in float64.
/// - Moments (``sampleCovariance``): population moments, or variances and covariance scaled by N/(N − 1).
/// - Constants (``k1``, ``k2``, ``includesEps``): C1 = (K1·L)², C2 = (K2·L)² with K1 = 0.01, K2 = 0.03; the case's
///   eps added to the ratio's denominator, or left out.
/// - Output region (``cropsByTaps``, ``extraValidCrop``): 'same' is the full map; 'valid' is that map cropped by the
///   radius of the taps used (or of `window_size` asked), plus an extra crop.
/// - Outputs (``outputs``): the map, or only each image's mean SSIM (a means-only convention cannot answer a map,
///   nor the loss of reduction 'none').
/// - Loss (``loss``): clamp((1 − SSIM)/2, 0, 1) per element, 1 − SSIM, or clamp(1 − SSIM, 0, 1)/2.
/// - Arithmetic (``arithmetic``): the precision the case asks for, or one precision whatever it asks; the bounds of
///   that precision judge an implementation of the convention.
/// - Data range (``dataRange``): L is the case's `max_val`, as given.
///
/// Only the reference computes conventions
/// (``SSIMReference/evaluate(_:_:options:reduction:gradients:convention:)``): ``SSIMOptions`` holds what Kornia's API
/// holds, and ``FastSSIM`` computes Kornia's convention alone.
public struct SSIMConvention: Hashable, Sendable, CustomStringConvertible {
    /// How the blur reads pixels beyond the image's edge, for a row `a b c d`.
    public enum Border: String, Hashable, Sendable, CaseIterable {
        /// torch's `reflect`, mirrored without repeating the edge: `c b | a b c d | c b` (Kornia). Mirrored once: the
        /// image must be longer than the window reaches.
        case reflect
        /// Mirrored without repeating the edge as often as the window reaches (period 2(n − 1)), so that an image
        /// of any size is extended: `c b | a b c d | c b`, and `b a b | a b | a b a` for a line of two. OpenCV's
        /// `BORDER_REFLECT_101` (its `BORDER_DEFAULT`, which `cv2.GaussianBlur` pads with) and numpy's
        /// `pad(mode='reflect')`, as their documentation defines them (docs.opencv.org, core module, `BorderTypes`;
        /// numpy.org/doc/stable/reference/generated/numpy.pad.html). The same as torch's `reflect` wherever that one
        /// reaches; a line of one pixel reads it everywhere.
        case reflect101 = "reflect-101"
        /// Zeros: `0 0 | a b c d | 0 0` (a convolution with zero padding).
        case zero
        /// The edge pixel repeated: `a a | a b c d | d d`.
        case replicate
        /// Mirrored with the edge repeated: `b a | a b c d | d c` (MATLAB's `symmetric`, scipy's `reflect`).
        case symmetric
        /// Wrapped around: `c d | a b c d | a b` (a periodic image; torch's `circular`).
        case circular
        /// Nothing beyond the edge: only positions whose whole window lies inside the image exist (a convolution
        /// without padding, 'VALID'). There is no 'same' map.
        case none

        /// The pixel read for index `j` of a line of `n` pixels, or nil for a zero (or for nothing, without a
        /// border). torch's `reflect` mirrors once (it needs n > |j − edge|); `reflect-101` mirrors as often as `j`
        /// reaches (period 2(n − 1)), `symmetric` too with the edge repeated (period 2n, as scipy's `reflect` and
        /// MATLAB's `symmetric` pad), and `circular` wraps as often.
        public func source(_ j: Int, in n: Int) -> Int? {
            guard j < 0 || j >= n else { return j }
            switch self {
            case .reflect: return j < 0 ? -j : 2 * (n - 1) - j
            case .reflect101:
                guard n > 1 else { return 0 }
                let period = 2 * (n - 1)
                let phase = (j % period + period) % period
                return phase < n ? phase : period - phase
            case .symmetric:
                let period = (j % (2 * n) + 2 * n) % (2 * n)
                return period < n ? period : 2 * n - 1 - period
            case .replicate: return j < 0 ? 0 : n - 1
            // No border: the convention's maps never read there (SSIMConvention.check), and the adjoint then
            // scatters nothing there either.
            case .zero, .none: return nil
            case .circular: return (j % n + n) % n
            }
        }
    }

    /// The shape of the window's weights.
    public enum Window: Hashable, Sendable {
        /// Sampled Gaussian weights of standard deviation `sigma`, normalised (Kornia: σ = 1.5).
        case gaussian(sigma: Sigma)
        /// Equal weights, 1/k each.
        case uniform
    }

    /// The standard deviation of a Gaussian window: a number, or a rule giving it from the window's k taps (so
    /// that each window size has its own).
    public enum Sigma: Hashable, Sendable, ExpressibleByFloatLiteral, CustomStringConvertible {
        /// This σ whatever the taps (Kornia: 1.5).
        case fixed(Double)
        /// σ = 0.3·((k − 1)/2 − 1) + 0.8: OpenCV's `getGaussianKernel` rule when it is given σ ≤ 0 (its
        /// documentation, docs.opencv.org, imgproc module, `getGaussianKernel`), which `cv2.GaussianBlur` follows.
        case opencv
        /// σ = k/ratio: the window spans ±ratio/2 σ (k/6 and k/7 are common).
        case tapsOver(Double)

        public init(floatLiteral value: Double) { self = .fixed(value) }

        /// σ for a window of `taps` taps.
        public func value(taps: Int) -> Double {
            switch self {
            case .fixed(let sigma): sigma
            case .opencv: 0.3 * (Double(taps - 1) / 2 - 1) + 0.8
            case .tapsOver(let ratio): Double(taps) / ratio
            }
        }

        /// "1.5", "0.3·((k − 1)/2 − 1) + 0.8 for k taps (OpenCV's rule)", "k/6 for k taps".
        public var description: String {
            switch self {
            case .fixed(let sigma): "\(sigma)"
            case .opencv: "0.3·((k − 1)/2 − 1) + 0.8 for k taps (OpenCV's rule)"
            case .tapsOver(let ratio): "k/\(ratio) for k taps"
            }
        }
    }

    /// How many taps the window has.
    public enum Taps: Hashable, Sendable {
        /// `window_size`, as asked (Kornia).
        case asked
        /// This many, whatever `window_size` asks (a library that ignores it).
        case fixed(Int)
        /// 2·⌊truncate·σ + 0.5⌋ + 1, from the Gaussian's σ, `window_size` ignored: scipy's `gaussian_filter` rule
        /// (scikit-image passes truncate 3.5, giving 11 taps at σ = 1.5). A uniform window, or a Gaussian whose σ
        /// follows from its taps (which JSON refuses with this rule), has `window_size` taps.
        case truncated(Double)
    }

    /// How the loss is made from an SSIM value s.
    public enum Loss: String, Hashable, Sendable, CaseIterable {
        /// clamp((1 − s)/2, 0, 1): Kornia's.
        case halvedThenClamped = "halved-then-clamped"
        /// 1 − s, neither halved nor clamped (piq's `SSIMLoss`).
        case oneMinusSSIM = "one-minus-ssim"
        /// clamp(1 − s, 0, 1)/2: halved after the clamp.
        case clampedThenHalved = "clamped-then-halved"
    }

    /// What an implementation of the convention gives.
    public enum Outputs: String, Hashable, Sendable, CaseIterable {
        /// The SSIM map, and so every loss (Kornia).
        case map
        /// Only each image's mean SSIM over its channels and map: the 'mean' and 'sum' losses follow from them (and
        /// their gradients), the map and the 'none' loss do not.
        case imageMeans = "image-means"
    }

    /// Where the data range L comes from.
    public enum DataRange: String, Hashable, Sendable, CaseIterable {
        /// The case's `max_val`, as given: no range inferred from the pixels or their type (Kornia). Libraries that
        /// can infer it (torchmetrics, MATLAB) are described as called with it given.
        case given
    }

    /// The convention's name: how `--convention` and ``named(_:)`` call it ("custom" when it has none).
    public var name: String
    /// One line saying what it is.
    public var summary: String
    /// Where each choice was read, for a named convention.
    public var provenance: Provenance?

    public var border: Border
    public var window: Window
    public var taps: Taps
    /// The precision the window's weights are computed and normalised in, then used in float64 (several libraries
    /// build their taps in float32 whatever the images' precision). Any precision but float32 means float64.
    ///
    /// Taps built in float32 are not one set of numbers: each library's `exp` and the order of its sum give its own
    /// last bits (torch's 11 taps for σ 1.5 are up to 4.4 units of float32's roundoff from the exact Gaussian:
    /// `tools/adapters/float32_taps.py`). So the reference computes with the exact taps, and the acceptance bounds allow
    /// each tap the same error the analysis allows taps built in the working precision, (k + 4)·u, with u
    /// float32's (``RoundingErrorBound``).
    public var tapsPrecision: Precision
    /// Variances and covariance scaled by N/(N − 1), N = taps² (scikit-image's `use_sample_covariance`).
    public var sampleCovariance: Bool
    /// Whether 'valid' crops by the radius of the taps used rather than of `window_size` asked (the same unless
    /// ``taps`` departs).
    public var cropsByTaps: Bool
    /// Pixels cropped from each edge of a 'valid' map beyond that radius (fewer when negative).
    public var extraValidCrop: Int
    /// C1 = (K1·L)², C2 = (K2·L)²: Kornia's K1 = 0.01, K2 = 0.03.
    public var k1: Double
    public var k2: Double
    /// Whether the options' eps is added to the denominator (Kornia's), or left out (most other libraries).
    public var includesEps: Bool
    public var loss: Loss
    public var outputs: Outputs
    /// The precision an implementation of this convention computes in whatever the case asks, or nil for the case's
    /// own (Kornia). It decides which acceptance bounds judge the implementation; the reference computes in float64.
    public var arithmetic: Precision?
    public var dataRange: DataRange

    public init(
        name: String = "custom", summary: String = "", provenance: Provenance? = nil,
        border: Border = .reflect, window: Window = .gaussian(sigma: 1.5), taps: Taps = .asked,
        tapsPrecision: Precision = .float64, sampleCovariance: Bool = false, cropsByTaps: Bool = true,
        extraValidCrop: Int = 0, k1: Double = 0.01, k2: Double = 0.03, includesEps: Bool = true,
        loss: Loss = .halvedThenClamped, outputs: Outputs = .map, arithmetic: Precision? = nil,
        dataRange: DataRange = .given
    ) {
        (self.name, self.summary, self.provenance) = (name, summary, provenance)
        self.border = border
        self.window = window
        self.taps = taps
        self.tapsPrecision = tapsPrecision
        self.sampleCovariance = sampleCovariance
        self.cropsByTaps = cropsByTaps
        self.extraValidCrop = extraValidCrop
        self.k1 = k1
        self.k2 = k2
        self.includesEps = includesEps
        self.loss = loss
        self.outputs = outputs
        self.arithmetic = arithmetic
        self.dataRange = dataRange
    }

    /// Whether `other` makes every choice this one makes, whatever either is called or where it was read.
    public func computesLike(_ other: SSIMConvention) -> Bool {
        func choices(_ convention: SSIMConvention) -> SSIMConvention {
            var bare = convention
            (bare.name, bare.summary, bare.provenance) = ("", "", nil)
            return bare
        }
        return choices(self) == choices(other)
    }

    /// The number of taps of the window when `windowSize` is asked.
    public func tapCount(windowSize: Int) -> Int {
        switch (taps, window) {
        case (.asked, _): windowSize
        case (.fixed(let count), _): count
        case (.truncated(let truncate), .gaussian(.fixed(let sigma))): 2 * Int(truncate * sigma + 0.5) + 1
        case (.truncated, _): windowSize
        }
    }

    /// The number of taps of the window under `options`.
    public func tapCount(_ options: SSIMOptions) -> Int { tapCount(windowSize: options.windowSize) }

    /// How far the window reaches on each side of its centre when `windowSize` is asked.
    public func reach(windowSize: Int) -> Int { tapCount(windowSize: windowSize) / 2 }

    func reach(_ options: SSIMOptions) -> Int { reach(windowSize: options.windowSize) }

    /// The pixels a 'valid' map drops from each edge when `windowSize` is asked: the radius of the taps used (or
    /// of the window asked) and the extra crop.
    public func validCrop(windowSize: Int) -> Int {
        (cropsByTaps ? reach(windowSize: windowSize) : windowSize / 2) + extraValidCrop
    }

    /// The pixels a map under `options` drops from each edge: ``validCrop(windowSize:)`` for 'valid', 0 for 'same'.
    /// Every stage that places a map's elements in the image (the diagnosis, the property checks) reads it here.
    public func crop(for options: SSIMOptions) -> Int {
        options.padding == .valid ? validCrop(windowSize: options.windowSize) : 0
    }

    /// Whether a map under `options` reads pixels beyond the image's edge, so that the border decides some of its
    /// elements: every 'same' map, and a 'valid' one cropped by less than the window's reach (a window fixed at 11
    /// whose 'valid' map is cropped by the radius of a smaller `window_size` asked, say).
    public func readsBeyondEdge(_ options: SSIMOptions) -> Bool { crop(for: options) < reach(options) }

    /// The precision whose acceptance bounds judge an implementation of this convention on a case asking for
    /// `precision`: the convention's ``arithmetic`` when it fixes one, else the case's own.
    public func judgingPrecision(for precision: Precision) -> Precision { arithmetic ?? precision }

    /// Checks that this convention can compare images of `img1Shape` and `img2Shape` under `options`: ``check(_:)``,
    /// then their shapes (``SSIMOptions/validate(_:_:)``). Only torch's `reflect` limits the window's reach to less
    /// than the image (it mirrors once); the other borders extend an image of any size (`symmetric` mirrors again
    /// and again, as scipy and MATLAB do), so the image need only hold the 'valid' map's crop.
    ///
    /// - Throws: ``SSIMError/outsideConvention(convention:reason:)``, ``SSIMError/shapeMismatch(img1:img2:)`` or
    ///   ``SSIMError/imageTooSmall(height:width:windowSize:padding:)``.
    func validate(_ options: SSIMOptions, _ img1Shape: Shape, _ img2Shape: Shape) throws(SSIMError) {
        try check(options)
        try options.validate(img1Shape, img2Shape, crop: crop(for: options), reach: border == .reflect ? reach(options) : 0)
    }

    /// Checks that this convention can compute a map under `options`: a 'same' map needs a border, and a border
    /// of `none` needs a 'valid' crop of at least the window's reach; no crop is negative.
    ///
    /// - Throws: ``SSIMError/outsideConvention(convention:reason:)``.
    func check(_ options: SSIMOptions) throws(SSIMError) {
        let crop = crop(for: options)
        if border == .none && options.padding == .same {
            throw .outsideConvention(convention: name, reason: "it has no 'same' map: only the 'valid' region exists (border none)")
        }
        if border == .none && crop < reach(options) {
            throw .outsideConvention(
                convention: name,
                reason: "its 'valid' map cropped by \(crop) pixels would read \(reach(options) - crop) beyond the image, which it does not pad (border none)")
        }
        if crop < 0 { throw .outsideConvention(convention: name, reason: "its 'valid' crop would be \(crop) pixels") }
    }

    /// The normalised window, its weights exact to float64 (``tapsPrecision`` only widens the bounds).
    func window(_ options: SSIMOptions) -> [Double] {
        let count = tapCount(options)
        switch window {
        case .gaussian(let sigma): return SSIMOptions.gaussianWindow(size: count, sigma: sigma.value(taps: count))
        case .uniform: return [Double](repeating: 1 / Double(count), count: count)
        }
    }

    /// (K1·L)² and (K2·L)².
    func constants(_ options: SSIMOptions) -> (c1: Double, c2: Double) {
        ((k1 * options.maxVal) * (k1 * options.maxVal), (k2 * options.maxVal) * (k2 * options.maxVal))
    }

    /// The eps added to the denominator.
    func eps(_ options: SSIMOptions) -> Double { includesEps ? options.eps : 0 }

    /// Whose answers this convention's are, in messages: "Kornia 0.9.0" for Kornia's own, else the convention's name
    /// ("`scikit-image`"), so that a run certified under one never speaks of the other.
    public var answerer: String { name == SSIMConvention.kornia.name && computesLike(.kornia) ? "Kornia 0.9.0" : "`\(name)`" }

    /// What differs from Kornia's convention, in words ("Kornia's convention" when nothing does).
    public var description: String {
        var differences: [String] = []
        switch border {
        case .reflect: break
        case .none: differences.append("no border: only the 'valid' region exists")
        default: differences.append("borders use \(border.rawValue) padding")
        }
        switch window {
        case .gaussian(let sigma) where sigma != 1.5: differences.append("a Gaussian window of σ = \(sigma)")
        case .uniform: differences.append("a uniform window")
        default: break
        }
        switch taps {
        case .asked: break
        case .fixed(let count): differences.append("\(count) taps whatever window_size asks")
        case .truncated(let truncate): differences.append("taps from σ truncated at \(truncate)σ, window_size ignored")
        }
        if tapsPrecision == .float32 { differences.append("taps computed in float32") }
        if sampleCovariance { differences.append("sample covariance (N/(N − 1))") }
        if !cropsByTaps { differences.append("'valid' cropped by the radius of window_size, not of the taps") }
        if extraValidCrop != 0 { differences.append("'valid' cropped by \(extraValidCrop) pixel(s) more than the window's radius") }
        if k1 != 0.01 || k2 != 0.03 { differences.append("K1 = \(k1), K2 = \(k2)") }
        if !includesEps { differences.append("no eps in the denominator") }
        if loss != .halvedThenClamped { differences.append("loss \(loss.rawValue)") }
        if outputs != .map { differences.append("only each image's mean SSIM, no map") }
        if let arithmetic { differences.append("computes in \(arithmetic.rawValue) whatever is asked") }
        return differences.isEmpty ? "Kornia's convention" : differences.joined(separator: ", ")
    }
}
