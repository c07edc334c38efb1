/// A convention of MS-SSIM (multi-scale SSIM, Wang, Simoncelli and Bovik 2003): every choice an implementation makes
/// besides what a case asks (the images, the data range, the reduction), so that the reference
/// (``MSSSIMReference``) can compute what that implementation should answer.
///
/// MS-SSIM compares the images at M scales: scale 1 is the images themselves, scale j + 1 is scale j downsampled by
/// two. At each scale the SSIM ratio is computed under an SSIM convention, and its map (or the map of its
/// contrast-structure part cs) is averaged; the M averages, raised to the scales' weights, are multiplied.
///
/// Convention (what each choice means; `wang-msssim`'s value first):
/// - Per-scale SSIM (``scale``, ``windowSize``, ``padding``, ``eps``): the window, its taps, the border (`none`: only
///   the 'valid' region exists), the moments, K1 and K2, eps and the crop of each scale's map, as an
///   ``SSIMConvention`` with the window size, padding and eps it is asked for. The same at every scale. cs is
///   (2σxy + C2)/(σx² + σy² + C2); eps, where the per-scale convention includes it, enters the SSIM ratio only.
///   The cs maps may be asked for another padding than the SSIM maps (``csPadding``): torchmetrics averages its
///   cs maps cropped to the 'valid' region and its SSIM map whole ('same').
/// - Scales and weights (``weights``, ``normalisesWeights``): M = 5 with Wang's exponents
///   [0.0448, 0.2856, 0.3001, 0.2363, 0.1333], used as given, or divided by their sum.
/// - Terms (``terms``): the mean cs at scales 1…M − 1 and the mean SSIM (l·cs) at scale M; or the mean SSIM at
///   every scale.
/// - Downsampling (``downsampling``, ``MSSSIMDownsampling``): 2 × 2 block averages; for an odd size, the last row
///   or column repeated first (⌈n/2⌉: msssim.m's `imfilter(…, 'symmetric')` then every other pixel, TensorFlow's
///   symmetric pad), or a zero row or column before the first (pytorch-msssim's `avg_pool2d(padding = n % 2)`),
///   or the first row and column repeated when either side is odd (piq), or the last dropped (⌊n/2⌋: torchmetrics).
/// - Negative values (``negativeValues``): a mean that is negative is raised to its fractional weight as it is
///   (NaN in real arithmetic; MATLAB's power of a negative number is complex instead), or first clamped at 0 (relu,
///   as piq does), or mapped to (v + 1)/2. Which library makes which choice, scale by scale: the provenance.
/// - Pooling (``pooling``): the mean of each scale's map first, then the powers and their product. (Powers of the
///   maps multiplied pixel by pixel and then averaged are not modelled.)
/// - Channels (``channelPooling``): MS-SSIM of each channel, averaged over the channels by 'mean'; or each scale's
///   means taken over all the channels of an image at once, one MS-SSIM per image.
/// - Loss (``loss``): 1 − MS-SSIM of each pooled unit (each (sample, channel), or each sample), then reduced.
/// - Data range (``dataRange``): L is the case's `max_val`, as given (msssim.m itself fixes L = 255), or a fixed L
///   whatever the case gives, or estimated from each scale's images (torchmetrics' data_range=None).
/// - Minimum size: the images are refused unless every scale is large enough for the per-scale SSIM convention
///   under the padding its map is asked for (with one padding throughout, the coarsest decides;
///   ``SSIMError/imageTooSmallForScales(height:width:scales:coarsestHeight:coarsestWidth:neededAtCoarsest:neededImage:)``
///   names the size needed at the coarsest scale and the smallest image whose every scale fits).
///
/// Where each named convention's choices were read (file and line) is in `docs/msssim-provenance.md`, written from
/// the pinned sources apart from this code; each named one (``named``) carries them in its ``provenance``, with the
/// choices the model does not express yet in its notes.
public struct MSSSIMConvention: Hashable, Sendable, CustomStringConvertible {
    /// Which mean each scale contributes.
    public enum Terms: String, Hashable, Sendable, CaseIterable {
        /// The mean cs at scales 1…M − 1, the mean SSIM at scale M (Wang's).
        case csThenSSIM = "cs-then-ssim"
        /// The mean SSIM at every scale.
        case ssimAtEveryScale = "ssim-at-every-scale"
    }

    /// What a negative mean becomes before it is raised to its weight.
    public enum NegativeValues: String, Hashable, Sendable, CaseIterable {
        /// Nothing: a negative base under a fractional power gives NaN, and so does MS-SSIM.
        case none
        /// max(v, 0): a negative mean makes MS-SSIM 0. Its derivative at the kink v = 0 (and below) is 0, as
        /// torch's `relu` (whose backward selects 0 there, so that even an infinite derivative of the power at a
        /// zero base is not multiplied by it).
        case relu
        /// (v + 1)/2, which maps [−1, 1] onto [0, 1].
        case halfShifted = "half-shifted"

        /// The base the mean `v` gives.
        func base<Number: MSSSIMArithmetic>(_ v: Number) -> Number {
            switch self {
            case .none: v
            case .relu: v.rectified
            case .halfShifted: (v + Number(constant: 1)) / Number(constant: 2)
            }
        }

        /// `upstream` (a derivative with respect to the base) passed back to v: as it is, 0 where relu clamps
        /// (v ≤ 0, the kink included: torch's `threshold_backward` selects 0 rather than multiplying), halved.
        func gradient<Number: MSSSIMArithmetic>(upstream: Number, at v: Number) -> Number {
            switch self {
            case .none: upstream
            case .relu: v.rectifiedGradient(upstream: upstream)
            case .halfShifted: upstream / Number(constant: 2)
            }
        }
    }

    /// How the channels of an image are pooled.
    public enum ChannelPooling: String, Hashable, Sendable, CaseIterable {
        /// MS-SSIM of each (sample, channel) on its own (msssim.m, on one channel; piq, averaging the channels).
        case perChannel = "per-channel"
        /// Each scale's means taken over every channel of a sample at once: one MS-SSIM per sample.
        case perImage = "per-image"
    }

    /// In what order the maps are reduced.
    public enum Pooling: String, Hashable, Sendable, CaseIterable {
        /// The mean of each scale's map, then the powers, then their product: every implementation read so far.
        case meansThenPowers = "means-then-powers"
    }

    /// Where the data range L of the per-scale constants comes from.
    public enum DataRange: Hashable, Sendable {
        /// The case's `max_val`, as given.
        case given
        /// This L, whatever the case gives (msssim.m's 255, for one).
        case fixed(Double)
        /// Estimated at every scale from the images there, whatever the case gives: max x − min x or max y − min y
        /// over the whole batch, whichever is larger (``MSSSIMArithmetic/estimatedRange(_:_:)``). torchmetrics' MS-SSIM
        /// called without a data range does so on each scale's downsampled images, so its constants follow the
        /// images' contrast down the pyramid; the gradients pass through the range to the images' extremes.
        case estimatedPerScale
    }

    /// What becomes of weights a caller gives (a case's `weights`), where the convention's own are not used.
    public enum GivenWeights: String, Hashable, Sendable, CaseIterable {
        /// Used as given.
        case asGiven = "as-given"
        /// Divided by their sum (piq's `multi_scale_ssim` with `scale_weights`).
        case normalised
        /// Rounded to float32 (torchmetrics' `betas`, made a float32 tensor).
        case float32
    }

    /// The smallest images the convention computes.
    public enum MinimumSide: String, Hashable, Sendable, CaseIterable {
        /// Any whose every scale is large enough for its SSIM.
        case pyramid
        /// Those whose sides also exceed (k − 1)·2^(M − 1) for a window of k taps and M scales, as a library's own
        /// check documents it (torchmetrics: "the image height must be larger than …").
        case beyondWindowTimesScale = "beyond-window-times-scale"

        /// The smallest side allowed for a window of `windowSize` taps and `scales` scales, beyond the pyramid's.
        func smallestSide(windowSize: Int, scales: Int) -> Int {
            switch self {
            case .pyramid: 1
            case .beyondWindowTimesScale: (windowSize - 1) * (1 << (scales - 1)) + 1
            }
        }
    }

    /// The loss made from MS-SSIM.
    public enum Loss: String, Hashable, Sendable, CaseIterable {
        /// 1 − MS-SSIM.
        case oneMinusMSSSIM = "one-minus-ms-ssim"
    }

    /// The convention's name ("custom" when it has none).
    public var name: String
    /// One line saying what it is.
    public var summary: String
    /// Where each choice was read, for a named convention (the same record as an SSIM convention's), and in its
    /// notes what the convention leaves out or what was inferred rather than read.
    public var provenance: SSIMConvention.Provenance?

    /// The SSIM convention of every scale.
    public var scale: SSIMConvention
    /// The window size each scale's SSIM is asked for.
    public var windowSize: Int
    /// The padding each scale's SSIM is asked for ('valid' for a convention without a border).
    public var padding: SSIMPadding
    /// The padding each scale's cs map is asked for, where it is not ``padding`` (nil: ``padding``).
    public var csPadding: SSIMPadding?
    /// The eps each scale's SSIM is asked for (used only where ``scale`` includes eps).
    public var eps: Double
    /// The weight (exponent) of each scale, finest first: as many as there are scales.
    public var weights: [Double]
    /// Whether the weights are divided by their sum before use.
    public var normalisesWeights: Bool
    public var terms: Terms
    public var downsampling: MSSSIMDownsampling
    public var negativeValues: NegativeValues
    public var channelPooling: ChannelPooling
    public var pooling: Pooling
    public var loss: Loss
    public var dataRange: DataRange
    public var givenWeights: GivenWeights
    public var minimumSide: MinimumSide

    public init(
        name: String = "custom", summary: String = "", provenance: SSIMConvention.Provenance? = nil,
        scale: SSIMConvention, windowSize: Int = 11, padding: SSIMPadding = .valid, csPadding: SSIMPadding? = nil,
        eps: Double = 0,
        weights: [Double] = MSSSIMConvention.wangWeights, normalisesWeights: Bool = false, terms: Terms = .csThenSSIM,
        downsampling: MSSSIMDownsampling = .repeatLastThenAverage, negativeValues: NegativeValues = .none,
        channelPooling: ChannelPooling = .perChannel, pooling: Pooling = .meansThenPowers, loss: Loss = .oneMinusMSSSIM,
        dataRange: DataRange = .given, givenWeights: GivenWeights = .asGiven, minimumSide: MinimumSide = .pyramid
    ) {
        (self.name, self.summary, self.provenance) = (name, summary, provenance)
        (self.scale, self.windowSize, self.padding, self.csPadding, self.eps) = (scale, windowSize, padding, csPadding, eps)
        (self.weights, self.normalisesWeights, self.terms) = (weights, normalisesWeights, terms)
        (self.downsampling, self.negativeValues, self.channelPooling) = (downsampling, negativeValues, channelPooling)
        (self.pooling, self.loss, self.dataRange, self.givenWeights) = (pooling, loss, dataRange, givenWeights)
        self.minimumSide = minimumSide
    }

    /// Wang's exponents β₁…β₅ = γ₁…γ₅ (and α₅), finest scale first; they sum to 1.0001.
    public static let wangWeights = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]

    /// The number of scales, M.
    public var scales: Int { weights.count }

    /// The exponents used: the weights, or the weights divided by their sum.
    public var exponents: [Double] { exponents(Double.self) }

    /// The exponents as an implementation computing in `Number` has them: each weight rounded once to its
    /// precision, and where they are normalised, divided by their sum (in any order).
    func exponents<Number: SSIMArithmetic>(_: Number.Type) -> [Number] {
        let weights = weights.map(Number.init(constant:))
        guard normalisesWeights else { return weights }
        let total = Number.sum(weights)
        return weights.map { $0 / total }
    }

    /// The shape of each scale, finest first, for images of `shape`.
    public func scaleShapes(_ shape: Shape) -> [Shape] { scaleDimensions(shape.dimensions).compactMap(Shape.init) }

    /// The dimensions of each scale, finest first, for images (B, C, H, W) or volumes (B, C, D, H, W) of
    /// `dimensions`: every spatial axis halved by ``downsampling`` from one scale to the next.
    public func scaleDimensions(_ dimensions: [Int]) -> [[Int]] {
        var scaled = [dimensions]
        while scaled.count < scales { scaled.append(downsampling.downsampled(scaled.last!)) }
        return scaled
    }

    /// Whether scale `index` (0-based) contributes its mean SSIM rather than its mean cs.
    func contributesSSIM(scale index: Int) -> Bool { terms == .ssimAtEveryScale || index == scales - 1 }

    /// The padding scale `index` (0-based) asks its map for: ``padding`` for an SSIM map, ``csPadding`` (or
    /// ``padding``) for a cs map.
    func padding(scale index: Int) -> SSIMPadding { contributesSSIM(scale: index) ? padding : csPadding ?? padding }

    /// The SSIM options of scale `index` (0-based) when the case gives `maxVal` (L itself, or the convention's
    /// fixed L; where L is estimated from the images, the options' L is 1 and the pyramid passes the constants of
    /// each scale's estimate instead).
    ///
    /// - Throws: ``SSIMError/invalidWindowSize(_:)``, ``SSIMError/invalidMaxVal(_:)`` (the given or the fixed L).
    func options(maxVal: Double, scale index: Int) throws(SSIMError) -> SSIMOptions {
        try SSIMOptions(windowSize: windowSize, maxVal: range(maxVal: maxVal) ?? 1, eps: eps, padding: padding(scale: index))
    }

    /// The data range L of the per-scale constants when the case gives `maxVal`: it, or the convention's fixed L;
    /// nil where each scale estimates its own from the images.
    public func range(maxVal: Double) -> Double? {
        switch dataRange {
        case .given: maxVal
        case .fixed(let fixed): fixed
        case .estimatedPerScale: nil
        }
    }

    /// The data range L of the finest scale's constants for images `img1` and `img2` when the case gives `maxVal`:
    /// ``range(maxVal:)``, or the range estimated from those images.
    public func finestRange(maxVal: Double, _ img1: [Double], _ img2: [Double]) -> Double {
        range(maxVal: maxVal) ?? Double.estimatedRange(img1, img2)
    }

    /// Whether `other` makes every choice this one makes (its per-scale SSIM computing alike), whatever either is
    /// called or where it was read.
    public func computesLike(_ other: MSSSIMConvention) -> Bool { choices == other.choices }

    /// The choices alone: the convention without its name, summary and provenance, nor its per-scale SSIM's.
    public var choices: MSSSIMConvention {
        var bare = self
        (bare.name, bare.summary, bare.provenance) = ("", "", nil)
        (bare.scale.name, bare.scale.summary, bare.scale.provenance) = ("", "", nil)
        return bare
    }

    /// This convention as a call asks it: each scale's window of `windowSize` taps, and the caller's `weights`
    /// (nil: the convention's own) treated as ``givenWeights`` says.
    public func asked(windowSize: Int, weights: [Double]?) -> MSSSIMConvention {
        var asked = self
        asked.windowSize = windowSize
        guard let weights else { return asked }
        switch givenWeights {
        case .asGiven: asked.weights = weights
        case .normalised: (asked.weights, asked.normalisesWeights) = (weights, true)
        case .float32: asked.weights = weights.map { Double(Float($0)) }
        }
        return asked
    }

    /// Whose answers a message speaks of: "`name`".
    public var answerer: String { "`\(name)`" }

    /// The per-scale convention's (``SSIMConvention/judgingPrecision(for:)``).
    public func judgingPrecision(for precision: Precision) -> Precision { scale.judgingPrecision(for: precision) }

    /// Checks that the convention is computable: at least one scale, every weight finite and non-negative, a
    /// positive sum where they are normalised.
    ///
    /// - Throws: ``SSIMError/outsideConvention(convention:reason:)`` naming the weights.
    func check() throws(SSIMError) {
        if weights.isEmpty { throw .outsideConvention(convention: name, reason: "it has no scale (weights [])") }
        if let bad = weights.first(where: { !$0.isFinite || $0 < 0 }) {
            throw .outsideConvention(convention: name, reason: "its weight \(bad) is not finite and non-negative (weights \(weights))")
        }
        if normalisesWeights && !(weights.reduce(0, +) > 0) {
            throw .outsideConvention(convention: name, reason: "its weights \(weights) sum to 0 and cannot be normalised")
        }
    }

    /// What differs from `wang-msssim`, in words.
    public var description: String {
        let wang = MSSSIMConvention.wangMSSSIM
        var differences: [String] = []
        if !scale.computesLike(wang.scale) { differences.append("per-scale SSIM: \(scale.description)") }
        if windowSize != wang.windowSize { differences.append("window \(windowSize)") }
        if padding != wang.padding { differences.append("padding \(padding.rawValue)") }
        if let csPadding, csPadding != padding { differences.append("cs padding \(csPadding.rawValue)") }
        if weights != wang.weights { differences.append("weights \(weights)") }
        if normalisesWeights { differences.append("weights normalised") }
        if terms != wang.terms { differences.append("terms \(terms.rawValue)") }
        if downsampling != wang.downsampling { differences.append("downsampling \(downsampling.rawValue)") }
        if negativeValues != wang.negativeValues { differences.append("negative means \(negativeValues.rawValue)") }
        if channelPooling != wang.channelPooling { differences.append("channels \(channelPooling.rawValue)") }
        switch dataRange {
        case .given: break
        case .fixed(let range): differences.append("L fixed at \(range)")
        case .estimatedPerScale: differences.append("L estimated at every scale")
        }
        if givenWeights != wang.givenWeights { differences.append("given weights \(givenWeights.rawValue)") }
        if minimumSide != wang.minimumSide { differences.append("minimum side \(minimumSide.rawValue)") }
        return differences.isEmpty ? "Wang's msssim.m convention" : differences.joined(separator: ", ")
    }
}
