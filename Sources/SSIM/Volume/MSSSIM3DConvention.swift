/// A convention of MS-SSIM on volumes (the metric `ms-ssim-3d`): the MS-SSIM model (``MSSSIMConvention``) whose
/// per-scale SSIM is a 3-D SSIM (``SSIM3DConvention``), so that the reference (``MSSSIM3DReference``) can compute what
/// an implementation of MS-SSIM on (B, C, D, H, W) tensors should answer.
///
/// What volumes change, and nothing else:
/// - Each scale's SSIM or cs map is the 3-D SSIM of ``volume`` (its window along D, H and W, each axis's border and
///   'valid' crop, cubic or separable, short axes skipped or refused), asked for the padding ``multiScale`` asks of
///   that scale (``MSSSIMConvention/padding``, ``MSSSIMConvention/csPadding``).
/// - The downsampling is ``MSSSIMConvention/downsampling``'s rule on every spatial axis: 2 × 2 × 2 block averages
///   (`avg_pool3d`), each odd axis treated by the rule on its own (``MSSSIMDownsampling``).
/// - ``MSSSIMConvention/minimumSide`` holds for H and W only: the libraries' own checks read the last two axes (the
///   depth needs only what every scale's 3-D SSIM needs along it).
///
/// The weights, terms, treatment of negative means, pooling over the channels, loss and data range are
/// ``multiScale``'s, as on images. ``multiScale``'s per-scale convention (``MSSSIMConvention/scale``) is always
/// ``volume``'s plane: setting either sets both.
///
/// Where each named convention's choices were read (file and line): `docs/ssim3d-provenance.md` and its
/// ``provenance``.
public struct MSSSIM3DConvention: Hashable, Sendable, CustomStringConvertible {
    /// The convention's name ("custom" when it has none).
    public var name: String
    /// One line saying what it is.
    public var summary: String
    /// Where each choice was read, for a named convention.
    public var provenance: SSIMConvention.Provenance?

    /// The 3-D SSIM of every scale.
    public var volume: SSIM3DConvention { didSet { multiScale.scale = volume.plane } }
    /// Every multi-scale choice: the scales and weights, terms, downsampling rule, negative means, channel pooling,
    /// loss, data range, the window size and padding each scale's SSIM is asked for; its per-scale convention is
    /// ``volume``'s plane.
    public var multiScale: MSSSIMConvention {
        didSet { if multiScale.scale != volume.plane { volume.plane = multiScale.scale } }
    }

    public init(
        name: String = "custom", summary: String = "", provenance: SSIMConvention.Provenance? = nil,
        volume: SSIM3DConvention, multiScale: MSSSIMConvention
    ) {
        (self.name, self.summary, self.provenance) = (name, summary, provenance)
        var multiScale = multiScale
        multiScale.scale = volume.plane
        (self.volume, self.multiScale) = (volume, multiScale)
    }

    /// The number of scales.
    public var scales: Int { multiScale.scales }

    /// This convention as a call asks it: each scale's window of `windowSize` taps, and the caller's `weights` (nil:
    /// the convention's own) treated as ``MSSSIMConvention/givenWeights`` says.
    public func asked(windowSize: Int, weights: [Double]?) -> MSSSIM3DConvention {
        var asked = self
        asked.multiScale = multiScale.asked(windowSize: windowSize, weights: weights)
        return asked
    }

    /// Whose answers a message speaks of: "`name`".
    public var answerer: String { "`\(name)`" }

    /// The per-scale convention's (``SSIM3DConvention/judgingPrecision(for:)``).
    public func judgingPrecision(for precision: Precision) -> Precision { volume.judgingPrecision(for: precision) }

    /// Whether `other` makes every choice this one makes, whatever either is called or where it was read.
    public func computesLike(_ other: MSSSIM3DConvention) -> Bool { choices == other.choices }

    /// The choices alone: the convention without its name, summary and provenance, nor its parts'.
    public var choices: MSSSIM3DConvention {
        var bare = self
        (bare.name, bare.summary, bare.provenance) = ("", "", nil)
        (bare.volume.name, bare.volume.summary, bare.volume.provenance) = ("", "", nil)
        bare.multiScale = bare.multiScale.choices
        return bare
    }

    /// The per-scale 3-D SSIM and the multi-scale choices, in words.
    public var description: String { "each scale: \(volume.description); across scales: \(multiScale.description)" }
}

extension MSSSIM3DConvention: MetricConvention {
    public static let metricName = "ms-ssim-3d"
}
