import SSIM
import SSIMAdapterProtocol

/// One way an implementation can depart from the convention it is certified under, which the reference can
/// reproduce: the diagnosis searches for the fewest of them (an ``Explanation``) whose outputs match an
/// implementation's wrong answers.
///
/// Most are choices of ``SSIM/SSIMConvention`` (the border, the window, the moments, the constants, the loss, the
/// arithmetic), each setting one field to a value the certified convention does not have; the others are mistakes
/// that are no convention (``isMistake``): the 'sum' reported as the mean, the channels averaged, the first sample
/// copied, NaN and ±Inf read as 0. Only forward outputs (`ssim_map`, `loss`) are reproduced.
///
/// The continuous choices (σ, K1, K2) are tried at the values named conventions and papers use (``all``), and at
/// any value the search fits to an implementation's answers where none of those explains them
/// (``ExplanationSearch/fitted(explaining:)``): σ then by a rule of the taps where the values fitted follow one.
public enum KnownDeviation: ConventionDeviation {
    case border(SSIMConvention.Border)
    case validCroppedOneMore
    case sampleCovariance
    case populationCovariance
    case uniformWindow
    case gaussianSigma(SSIMConvention.Sigma)
    case windowFixedAt11
    case windowFixedAt11CroppedAsAsked
    case windowAsAsked
    case tapsInFloat32
    case tapsInFloat64
    case noEps
    case epsInDenominator
    case loss(SSIMConvention.Loss)
    case float32Arithmetic
    case sumReportedAsMean
    case channelsAveraged
    case firstSampleCopied
    case nonFiniteReadAsZero
    /// K1 and K2 of the constants C1 = (K1·L)², C2 = (K2·L)²: only fitted, no named value is tried.
    case k1(Double)
    case k2(Double)

    /// Every deviation the diagnosis tries, σ over the values other libraries and papers use. Those that would set a
    /// convention's field to the value it already has are skipped for that convention (``applied(to:)``).
    public static let all: [KnownDeviation] =
        [.border(.zero), .border(.replicate), .border(.symmetric), .border(.reflect), .border(.reflect101), .border(.circular),
         .validCroppedOneMore,
         .sampleCovariance, .populationCovariance, .uniformWindow]
        + [0.5, 1, 1.25, 1.5, 1.75, 2, 2.5, 3].map { KnownDeviation.gaussianSigma(.fixed($0)) }
        + [.windowFixedAt11, .windowFixedAt11CroppedAsAsked, .windowAsAsked, .tapsInFloat32, .tapsInFloat64, .noEps,
           .epsInDenominator, .loss(.oneMinusSSIM), .loss(.clampedThenHalved), .loss(.halvedThenClamped), .float32Arithmetic,
           .sumReportedAsMean, .channelsAveraged, .firstSampleCopied, .nonFiniteReadAsZero]

    /// A stable identifier, for reports and filters.
    public var name: String { naming.name }

    /// What the implementation does, in words.
    public var explanation: String { naming.words }

    /// The name and the words of each deviation, side by side.
    private var naming: (name: String, words: String) {
        switch self {
        case .border(let border):
            let words = switch border {
            case .zero: "pads the borders with zeros"
            case .replicate: "pads the borders by repeating the edge pixel"
            case .symmetric: "mirrors the borders with the edge repeated (symmetric)"
            case .reflect: "mirrors the borders without repeating the edge (reflect)"
            case .reflect101: "mirrors the borders without repeating the edge, as often as the window reaches (reflect-101)"
            case .circular: "wraps the borders around (circular)"
            case .none: "has no border: only the 'valid' region"
            }
            return ("border-\(border.rawValue)", words)
        case .validCroppedOneMore: return ("valid-cropped-one-more", "crops 'valid' by one pixel too many (r + 1 from each edge)")
        case .sampleCovariance: return ("sample-covariance", "uses sample covariance (N/(N − 1))")
        case .populationCovariance: return ("population-covariance", "uses population covariance (not N/(N − 1))")
        case .uniformWindow: return ("uniform-window", "uses a uniform window")
        case .gaussianSigma(.fixed(let sigma)): return ("gaussian-sigma-\(sigma)", "uses a Gaussian window of σ = \(sigma)")
        case .gaussianSigma(.opencv):
            return ("gaussian-sigma-opencv", "uses a Gaussian window of σ = 0.3·((k − 1)/2 − 1) + 0.8 for k taps, OpenCV's rule for σ ≤ 0")
        case .gaussianSigma(.tapsOver(let ratio)):
            return ("gaussian-sigma-taps-over-\(ratio)", "uses a Gaussian window of σ = k/\(ratio) for k taps")
        case .k1(let k1): return ("k1-\(k1)", "uses K1 = \(k1) (C1 = (K1·L)²)")
        case .k2(let k2): return ("k2-\(k2)", "uses K2 = \(k2) (C2 = (K2·L)²)")
        case .windowFixedAt11: return ("window-fixed-11", "uses a window of 11 whatever window_size asks")
        case .windowFixedAt11CroppedAsAsked:
            return ("window-fixed-11-cropped-as-asked", "filters with a window of 11 whatever window_size asks, but crops 'valid' by the size asked")
        case .windowAsAsked: return ("window-as-asked", "uses a window of window_size taps, as asked")
        case .tapsInFloat32: return ("taps-float32", "builds the window's taps in float32")
        case .tapsInFloat64: return ("taps-float64", "builds the window's taps in float64")
        case .noEps: return ("no-eps", "leaves eps out of the denominator")
        case .epsInDenominator: return ("eps-in-denominator", "adds eps to the denominator")
        case .loss(.oneMinusSSIM): return ("loss-one-minus-ssim", "computes the loss as 1 − SSIM")
        case .loss(.clampedThenHalved): return ("loss-halved-after-clamp", "computes the loss as clamp(1 − SSIM, 0, 1)/2, halved after clamping")
        case .loss(.halvedThenClamped): return ("loss-halved-then-clamped", "computes the loss as clamp((1 − SSIM)/2, 0, 1)")
        case .float32Arithmetic: return ("float32-arithmetic", "computes in float32 where float64 was asked")
        case .sumReportedAsMean: return ("sum-reported-as-mean", "reports the mean when 'sum' is asked")
        case .channelsAveraged: return ("channels-averaged", "averages the channels before comparing")
        case .firstSampleCopied: return ("first-sample-copied", "copies the first batch sample's result to the others")
        case .nonFiniteReadAsZero:
            return ("non-finite-read-as-zero", "reads NaN and ±Inf pixels as 0 (scrubs them) instead of letting them through")
        }
    }

    /// Whether this is a mistake rather than a convention's choice: no ``SSIM/SSIMConvention`` can say it.
    public var isMistake: Bool {
        switch self {
        case .sumReportedAsMean, .channelsAveraged, .firstSampleCopied, .nonFiniteReadAsZero: true
        default: false
        }
    }

    /// The choice this deviation makes: two deviations making the same choice (two borders) never combine.
    public var choice: Int {
        switch self {
        case .border: 0
        case .validCroppedOneMore: 1
        case .sampleCovariance, .populationCovariance: 2
        case .uniformWindow, .gaussianSigma: 3
        case .windowFixedAt11, .windowFixedAt11CroppedAsAsked, .windowAsAsked: 4
        case .tapsInFloat32, .tapsInFloat64: 5
        case .noEps, .epsInDenominator: 6
        case .loss: 7
        case .float32Arithmetic: 8
        case .sumReportedAsMean: 9
        case .channelsAveraged: 10
        case .firstSampleCopied: 11
        case .nonFiniteReadAsZero: 12
        case .k1: 13
        case .k2: 14
        }
    }

    /// `convention` with this deviation's choice made, or nil when it already makes it (or cannot: a border for a
    /// convention that has none). A mistake leaves the convention as it is.
    public func applied(to convention: SSIMConvention) -> SSIMConvention? {
        var changed = convention
        switch self {
        case .border(let border):
            guard convention.border != .none else { return nil }
            changed.border = border
        case .validCroppedOneMore: changed.extraValidCrop += 1
        case .sampleCovariance: changed.sampleCovariance = true
        case .populationCovariance: changed.sampleCovariance = false
        case .uniformWindow: changed.window = .uniform
        case .gaussianSigma(let sigma): changed.window = .gaussian(sigma: sigma)
        case .windowFixedAt11: (changed.taps, changed.cropsByTaps) = (.fixed(11), true)
        case .windowFixedAt11CroppedAsAsked: (changed.taps, changed.cropsByTaps) = (.fixed(11), false)
        case .windowAsAsked: (changed.taps, changed.cropsByTaps) = (.asked, true)
        case .tapsInFloat32: changed.tapsPrecision = .float32
        case .tapsInFloat64: changed.tapsPrecision = .float64
        case .noEps: changed.includesEps = false
        case .epsInDenominator: changed.includesEps = true
        case .loss(let loss): changed.loss = loss
        case .float32Arithmetic: changed.arithmetic = .float32
        case .k1(let k1): changed.k1 = k1
        case .k2(let k2): changed.k2 = k2
        case .sumReportedAsMean, .channelsAveraged, .firstSampleCopied, .nonFiniteReadAsZero: return convention
        }
        return changed == convention ? nil : changed
    }

    /// Whether the deviation can change the forward outputs of `request` when an implementation departs from `base`
    /// to compute `explained` (``Explanation/convention``, every departure made): a border only matters where that
    /// convention's map reads beyond the image's edge (every 'same' map, and a 'valid' one cropped by less than its
    /// taps reach), a window only where it changes the taps or the crop, an eps only when it is not 0, a float32
    /// arithmetic only for a float64 case, and so on. A deviation that cannot is left out of an explanation of that
    /// case rather than making it fail.
    func matters(
        to request: AdapterCase, validated: ValidatedCase, from base: SSIMConvention, to explained: SSIMConvention
    ) -> Bool {
        let (shape, options) = (validated.img1.shape, validated.options)
        switch self {
        case .border: return explained.readsBeyondEdge(options)
        case .validCroppedOneMore: return options.padding == .valid
        case .windowFixedAt11, .windowFixedAt11CroppedAsAsked, .windowAsAsked:
            // Each sets both the taps and what 'valid' is cropped by: it matters where either changes.
            guard let changed = applied(to: base) else { return false }
            return changed.tapCount(options) != base.tapCount(options) || changed.crop(for: options) != base.crop(for: options)
        case .noEps, .epsInDenominator: return options.eps != 0
        case .loss: return request.outputs.contains(.loss)
        case .float32Arithmetic: return request.precision == .float64
        case .sumReportedAsMean: return validated.reduction == .sum && request.outputs.contains(.loss)
        case .channelsAveraged: return shape.channels > 1
        case .firstSampleCopied: return shape.batch > 1
        case .nonFiniteReadAsZero:
            return validated.img1.values.contains { !$0.isFinite } || validated.img2.values.contains { !$0.isFinite }
        case .sampleCovariance, .populationCovariance, .uniformWindow, .gaussianSigma, .tapsInFloat32, .tapsInFloat64, .k1, .k2:
            return true
        }
    }
}
