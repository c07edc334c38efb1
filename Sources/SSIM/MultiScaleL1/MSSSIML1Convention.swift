/// A convention of the MS-SSIM + L1 loss of Zhao, Gallo, Frosio and Kautz ("Loss Functions for Image Restoration
/// with Neural Networks", IEEE TCI 2017): every choice an implementation makes besides what a case asks (the images,
/// the data range L, α, the compensation c, the reduction), so that the reference (``MSSSIML1Reference``) can compute
/// what that implementation should answer. The metric is `ms-ssim-l1`; it is not Wang's MS-SSIM
/// (``MSSSIMConvention``): there is no pyramid, and no power.
///
/// At every pixel p of every (sample, channel), and for each σ₁ < … < σ_M, the images are blurred at full resolution
/// by a Gaussian of σⱼ, giving μx, μy, σx², σy², σxy as for SSIM, and
///
///     MS-SSIM(p) = l_M(p) · Πⱼ csⱼ(p),   l = (2μxμy + C1)/(μx² + μy² + C1),   cs = (2σxy + C2)/(σx² + σy² + C2)
///     loss(p)    = c · (α·(1 − mean_channels MS-SSIM(p)) + (1 − α)·mean_channels (G_σM ∗ |x − y|)(p) / L)
///
/// one loss per (sample, pixel), reduced by 'mean' or 'sum' over all of them, or kept (B, H, W) by 'none'.
///
/// Convention (what each choice means; Kornia 0.9.0's `MS_SSIMLoss` value first):
/// - Scales (``sigmas``): σ = 0.5, 1, 2, 4, 8, the last the coarsest: its luminance and its Gaussian weigh the L1
///   term. Every scale's window has the same 2·⌊r·σ_M⌋ + 1 taps (``reachInSigmas`` r = 2: 33 taps), sampled from
///   exp(−t²/2σ²) and normalised, each 2-D window the outer product of its 1-D one.
/// - Border (``border``): zeros beyond the edge (the convolutions' padding), so the loss map has the images' size.
/// - Taps (``tapsPrecision``): built in float32, the 2-D outer product included, and used in the precision computed
///   in; the 2-D window is applied as one sum of k² products (the reference computes separably with exact taps: the
///   same values; the bounds allow the float32 taps and the sum of k² products, ``SeparableBlur/summedAtOnce``).
/// - Constants (``k1``, ``k2``): C1 = (K1·L)², C2 = (K2·L)², K = (0.01, 0.03); no eps; pixels not rescaled.
/// - Mix (``alpha``, ``compensation``): α = 0.025 and c = 200 where the case gives none.
/// - Arithmetic (``computesHalfInFloat32``): float32 and float64 images computed in their precision; float16 and bfloat16
///   ones in float32, the answer rounded to their precision.
/// - Shapes: any channel count (each channel is filtered on its own); any size (zero padding needs no minimum).
///
/// Where each named convention's choices were read (file and line) is in `docs/msssim-provenance.md`, section 6, and
/// in its ``provenance``.
public struct MSSSIML1Convention: Hashable, Sendable, CustomStringConvertible {
    /// The convention's name ("custom" when it has none).
    public var name: String
    /// One line saying what it is.
    public var summary: String
    /// Where each choice was read, for a named convention.
    public var provenance: SSIMConvention.Provenance?

    /// The Gaussians' σ, the last the coarsest.
    public var sigmas: [Double]
    /// The window reaches ⌊reachInSigmas·σ_M⌋ pixels each side of its centre, at every scale.
    public var reachInSigmas: Double
    public var border: SSIMConvention.Border
    /// The precision the taps are built in (any but float32 means float64).
    public var tapsPrecision: Precision
    public var k1: Double
    public var k2: Double
    /// The weight of the MS-SSIM term where the case gives none; the L1 term gets 1 − α.
    public var alpha: Double
    /// The factor of the whole loss where the case gives none.
    public var compensation: Double
    /// Whether float16 and bfloat16 images are computed in float32 and the answer rounded to their precision
    /// (Kornia's), rather than in their own precision.
    public var computesHalfInFloat32: Bool

    public init(
        name: String = "custom", summary: String = "", provenance: SSIMConvention.Provenance? = nil,
        sigmas: [Double] = [0.5, 1, 2, 4, 8], reachInSigmas: Double = 2, border: SSIMConvention.Border = .zero,
        tapsPrecision: Precision = .float32, k1: Double = 0.01, k2: Double = 0.03, alpha: Double = 0.025,
        compensation: Double = 200, computesHalfInFloat32: Bool = true
    ) {
        (self.name, self.summary, self.provenance) = (name, summary, provenance)
        (self.sigmas, self.reachInSigmas, self.border, self.tapsPrecision) = (sigmas, reachInSigmas, border, tapsPrecision)
        (self.k1, self.k2, self.alpha, self.compensation) = (k1, k2, alpha, compensation)
        self.computesHalfInFloat32 = computesHalfInFloat32
    }

    /// The taps of every scale's window: 2·⌊r·σ_M⌋ + 1.
    public var taps: Int { 2 * Int(reachInSigmas * (sigmas.last ?? 0)) + 1 }

    /// This convention as a case asks it: its α and compensation where it gives them.
    public func asked(alpha: Double?, compensation: Double?) -> MSSSIML1Convention {
        var asked = self
        if let alpha { asked.alpha = alpha }
        if let compensation { asked.compensation = compensation }
        return asked
    }

    /// The SSIM convention of scale `index` (0-based): its Gaussian, the common taps, the border, the constants, no
    /// eps. The reference computes each scale's moments and ratio terms by the SSIM reference's own steps.
    public func scale(_ index: Int) -> SSIMConvention {
        SSIMConvention(
            name: "\(name)-sigma-\(sigmas[index])", border: border, window: .gaussian(sigma: .fixed(sigmas[index])),
            taps: .fixed(taps), tapsPrecision: tapsPrecision, k1: k1, k2: k2, includesEps: false)
    }

    /// Checks that the convention is computable: at least one σ, each finite and positive; finite constants, α and
    /// compensation.
    ///
    /// - Throws: ``SSIMError/outsideConvention(convention:reason:)`` naming the value.
    func check() throws(SSIMError) {
        if sigmas.isEmpty { throw .outsideConvention(convention: name, reason: "it has no scale (sigmas [])") }
        if let bad = sigmas.first(where: { !($0.isFinite && $0 > 0) }) {
            throw .outsideConvention(convention: name, reason: "its σ \(bad) is not finite and positive (sigmas \(sigmas))")
        }
        if !(reachInSigmas.isFinite && reachInSigmas >= 0) {
            throw .outsideConvention(convention: name, reason: "its window reach \(reachInSigmas)σ is not finite and non-negative")
        }
        for (what, value) in [("K1", k1), ("K2", k2), ("alpha", alpha), ("compensation", compensation)] where !value.isFinite {
            throw .outsideConvention(convention: name, reason: "its \(what) \(value) is not finite")
        }
    }

    /// Whose answers a message speaks of: "`name`".
    public var answerer: String { "`\(name)`" }

    /// Whether `other` makes every choice this one makes, whatever either is called or where it was read.
    public func computesLike(_ other: MSSSIML1Convention) -> Bool { choices == other.choices }

    /// The choices alone: the convention without its name, summary and provenance.
    public var choices: MSSSIML1Convention {
        var bare = self
        (bare.name, bare.summary, bare.provenance) = ("", "", nil)
        return bare
    }

    /// The precision whose bounds judge a case asking for `precision`: the case's own (a half precision's bounds are
    /// float32's with the answer rounded, under ``computesHalfInFloat32``, ``MSSSIML1ErrorBounds``).
    public func judgingPrecision(for precision: Precision) -> Precision { precision }

    /// What differs from Kornia's, in words.
    public var description: String {
        let kornia = MSSSIML1Convention.kornia
        var differences: [String] = []
        if sigmas != kornia.sigmas { differences.append("sigmas \(sigmas)") }
        if reachInSigmas != kornia.reachInSigmas { differences.append("window reach \(reachInSigmas)σ (\(taps) taps)") }
        if border != kornia.border { differences.append("border \(border.rawValue)") }
        if tapsPrecision != kornia.tapsPrecision { differences.append("taps in \(tapsPrecision.rawValue)") }
        if k1 != kornia.k1 || k2 != kornia.k2 { differences.append("K = (\(k1), \(k2))") }
        if alpha != kornia.alpha { differences.append("alpha \(alpha)") }
        if compensation != kornia.compensation { differences.append("compensation \(compensation)") }
        if computesHalfInFloat32 != kornia.computesHalfInFloat32 {
            differences.append(computesHalfInFloat32 ? "half precisions computed in float32" : "half precisions computed in their own")
        }
        return differences.isEmpty ? "Kornia 0.9.0's MS_SSIMLoss" : differences.joined(separator: ", ")
    }
}

extension MSSSIML1Convention: MetricConvention {
    public static let metricName = "ms-ssim-l1"
}
