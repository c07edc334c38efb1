import SSIM
import SSIMAdapterProtocol

/// One way an MS-SSIM implementation can depart from the MS-SSIM convention it is certified under
/// (``SSIM/MSSSIMConvention``), which the reference can reproduce: the MS-SSIM counterpart of ``KnownDeviation``.
///
/// Each sets one choice of the pyramid (the downsampling of odd sizes, what negative means become, the channels'
/// pooling, which maps are whole, the weights' normalisation and precision, the terms, the data range), or makes one
/// of SSIM's departures (``KnownDeviation``, the convention's choices only) at every scale. The data range is tried
/// at msssim.m's L = 255 and at any L the search fits (``MSSSIMExplanationSearch/fitted(explaining:)``).
public enum MSSSIMDeviation: ConventionDeviation {
    case downsampling(MSSSIMDownsampling)
    case negativeValues(MSSSIMConvention.NegativeValues)
    case channelPooling(MSSSIMConvention.ChannelPooling)
    /// The last scale's SSIM map over the whole image, the cs maps over their 'valid' region (torchmetrics').
    case ssimMapWhole
    /// Every scale's map over the whole image.
    case mapsWhole
    /// Every scale's map over its 'valid' region only.
    case mapsValid
    case normalisedWeights(Bool)
    /// The weights rounded to float32, the convention's own and those a case gives.
    case weightsInFloat32
    case terms(MSSSIMConvention.Terms)
    case dataRange(MSSSIMConvention.DataRange)
    /// One of SSIM's departures, made at every scale.
    case scale(KnownDeviation)

    /// msssim.m's data range, which it fixes whatever the images (msssim.m, `L = 255`).
    static let msssimRange = 255.0

    /// Every deviation the diagnosis tries. Those that would make a choice the convention already makes are skipped
    /// for it (``applied(to:)``).
    public static let all: [MSSSIMDeviation] =
        MSSSIMDownsampling.allCases.map(MSSSIMDeviation.downsampling)
        + MSSSIMConvention.NegativeValues.allCases.map(MSSSIMDeviation.negativeValues)
        + MSSSIMConvention.ChannelPooling.allCases.map(MSSSIMDeviation.channelPooling)
        + [.ssimMapWhole, .mapsWhole, .mapsValid, .normalisedWeights(true), .normalisedWeights(false), .weightsInFloat32]
        + MSSSIMConvention.Terms.allCases.map(MSSSIMDeviation.terms)
        + [.dataRange(.fixed(msssimRange)), .dataRange(.given), .dataRange(.estimatedPerScale)]
        + [KnownDeviation.float32Arithmetic, .tapsInFloat32, .sampleCovariance, .uniformWindow, .windowFixedAt11].map(MSSSIMDeviation.scale)

    public var name: String {
        switch self {
        case .downsampling(let rule): "downsampling-\(rule.rawValue)"
        case .negativeValues(let rule): "negative-\(rule.rawValue)"
        case .channelPooling(let pooling): "channels-\(pooling.rawValue)"
        case .ssimMapWhole: "ssim-map-whole"
        case .mapsWhole: "maps-whole"
        case .mapsValid: "maps-valid"
        case .normalisedWeights(let normalises): normalises ? "weights-normalised" : "weights-not-normalised"
        case .weightsInFloat32: "weights-float32"
        case .terms(let terms): terms.rawValue
        case .dataRange(.fixed(let range)): "data-range-\(range)"
        case .dataRange(.given): "data-range-given"
        case .dataRange(.estimatedPerScale): "data-range-estimated-per-scale"
        case .scale(let deviation): "scale-\(deviation.name)"
        }
    }

    public var explanation: String {
        switch self {
        case .downsampling(.repeatLastThenAverage): "averages odd sizes after repeating the last row or column"
        case .downsampling(.zeroPadBothSides): "averages odd sizes counting a zero before the first row or column (avg_pool2d padding)"
        case .downsampling(.replicateTopLeft): "averages after repeating the first row and column when either side is odd"
        case .downsampling(.floor): "drops the last row or column of odd sizes before averaging"
        case .negativeValues(.none): "raises negative means to their weights as they are"
        case .negativeValues(.relu): "clamps negative means at 0 (relu)"
        case .negativeValues(.halfShifted): "maps each mean v to (v + 1)/2 before raising it"
        case .channelPooling(.perImage): "pools each image's channels together (one MS-SSIM per image)"
        case .channelPooling(.perChannel): "computes MS-SSIM per channel, then averages"
        case .ssimMapWhole: "averages the last scale's SSIM map over the whole image (padded), the cs maps over their 'valid' region"
        case .mapsWhole: "averages every scale's map over the whole image (padded)"
        case .mapsValid: "averages every scale's map over its 'valid' region only"
        case .normalisedWeights(true): "divides the weights by their sum"
        case .normalisedWeights(false): "uses the weights without dividing them by their sum"
        case .weightsInFloat32: "rounds the weights to float32"
        case .terms(.ssimAtEveryScale): "uses the mean SSIM (l·cs) at every scale, not cs"
        case .terms(.csThenSSIM): "uses the mean cs at every scale but the last"
        case .dataRange(.fixed(let range)): "fixes the data range L at \(range) whatever max_val is"
        case .dataRange(.given): "takes the data range L from max_val"
        case .dataRange(.estimatedPerScale): "estimates the data range L at every scale from the images there (max − min), whatever max_val is"
        case .scale(let deviation): "at every scale \(deviation.explanation)"
        }
    }

    /// None is a mistake: each is a choice an ``SSIM/MSSSIMConvention`` can make.
    public var isMistake: Bool { false }

    public var choice: Int {
        switch self {
        case .downsampling: 0
        case .negativeValues: 1
        case .channelPooling: 2
        case .ssimMapWhole, .mapsWhole, .mapsValid: 3
        case .normalisedWeights: 4
        case .weightsInFloat32: 5
        case .terms: 6
        case .dataRange: 7
        case .scale(let deviation): 8 + deviation.choice
        }
    }

    public func applied(to convention: MSSSIMConvention) -> MSSSIMConvention? {
        var changed = convention
        func padded(_ padding: SSIMPadding, cs: SSIMPadding?) {
            (changed.padding, changed.csPadding) = (padding, cs)
            // A whole map reads beyond the edge: torch's reflection, where the per-scale SSIM has no border of its own.
            if changed.scale.border == .none && (padding == .same || cs == .same) { changed.scale.border = .reflect }
        }
        switch self {
        case .downsampling(let rule): changed.downsampling = rule
        case .negativeValues(let rule): changed.negativeValues = rule
        case .channelPooling(let pooling): changed.channelPooling = pooling
        case .ssimMapWhole: padded(.same, cs: .valid)
        case .mapsWhole: padded(.same, cs: nil)
        case .mapsValid: padded(.valid, cs: nil)
        case .normalisedWeights(let normalises): changed.normalisesWeights = normalises
        case .weightsInFloat32: (changed.weights, changed.givenWeights) = (convention.weights.map { Double(Float($0)) }, .float32)
        case .terms(let terms): changed.terms = terms
        case .dataRange(let range): changed.dataRange = range
        case .scale(let deviation):
            guard let scale = deviation.applied(to: convention.scale) else { return nil }
            changed.scale = scale
        }
        return changed.computesLike(convention) ? nil : changed
    }

    /// Whether the deviation can change the outputs of `validated` when an implementation departs from `base` to
    /// compute `explained` (every departure made): the downsampling only where a scale but the last has an odd side,
    /// the weights' treatment only where it changes the exponents, the terms only with more than one scale, the data
    /// range only where it changes L, a window fixed at 11 only where another is asked. A deviation that cannot is
    /// left out of an explanation of that case.
    func matters(to validated: ValidatedCase, from base: MSSSIMConvention, to explained: MSSSIMConvention) -> Bool {
        let (from, to) = (validated.asked(base), validated.asked(explained))
        switch self {
        case .downsampling:
            return from.scaleShapes(validated.img1.shape).dropLast().contains { $0.height % 2 == 1 || $0.width % 2 == 1 }
        case .normalisedWeights, .weightsInFloat32: return from.exponents != to.exponents
        case .terms: return to.scales > 1
        case .dataRange: return from.range(maxVal: validated.options.maxVal) != to.range(maxVal: validated.options.maxVal)
        case .scale(.windowFixedAt11): return validated.options.windowSize != 11
        default: return true
        }
    }
}
