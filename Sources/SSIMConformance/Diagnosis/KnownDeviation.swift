import SSIM
import SSIMAdapterProtocol

/// A way SSIM implementations are known to depart from the reference's convention, which the reference can
/// reproduce: the diagnosis names the deviation whose outputs match an implementation's wrong answers.
///
/// Each deviation is the reference run with other options (``SSIM/SSIMConvention``, another window size or eps), or
/// the reference's answer transformed the way a known mistake transforms it. Only forward outputs (`ssim_map`,
/// `loss`) are reproduced.
public enum KnownDeviation: Hashable, Sendable {
    case border(SSIMConvention.Border)
    case validCroppedOneMore
    case sampleCovariance
    case uniformWindow
    case gaussianSigma(Double)
    case windowFixedAt11
    case windowFixedAt11CroppedAsAsked
    case noEps
    case lossIsOneMinusSSIM
    case lossHalvedAfterClamp
    case sumReportedAsMean
    case float32Arithmetic
    case channelsAveraged
    case firstSampleCopied
    case nonFiniteReadAsZero

    /// Every deviation the diagnosis tries, σ over the values other libraries and papers use.
    public static let all: [KnownDeviation] =
        [.border(.zero), .border(.replicate), .border(.symmetric), .validCroppedOneMore, .sampleCovariance, .uniformWindow]
        + [0.5, 1, 1.25, 1.75, 2, 2.5, 3].map(KnownDeviation.gaussianSigma)
        + [.windowFixedAt11, .windowFixedAt11CroppedAsAsked, .noEps, .lossIsOneMinusSSIM, .lossHalvedAfterClamp, .sumReportedAsMean, .float32Arithmetic,
           .channelsAveraged, .firstSampleCopied, .nonFiniteReadAsZero]

    /// A stable identifier, for reports and filters.
    public var name: String {
        switch self {
        case .border(let border): "border-\(border.rawValue)"
        case .validCroppedOneMore: "valid-cropped-one-more"
        case .sampleCovariance: "sample-covariance"
        case .uniformWindow: "uniform-window"
        case .gaussianSigma(let sigma): "gaussian-sigma-\(sigma)"
        case .windowFixedAt11: "window-fixed-11"
        case .windowFixedAt11CroppedAsAsked: "window-fixed-11-cropped-as-asked"
        case .noEps: "no-eps"
        case .lossIsOneMinusSSIM: "loss-one-minus-ssim"
        case .lossHalvedAfterClamp: "loss-halved-after-clamp"
        case .sumReportedAsMean: "sum-reported-as-mean"
        case .float32Arithmetic: "float32-arithmetic"
        case .channelsAveraged: "channels-averaged"
        case .firstSampleCopied: "first-sample-copied"
        case .nonFiniteReadAsZero: "non-finite-read-as-zero"
        }
    }

    /// What the implementation does, in words.
    public var explanation: String {
        switch self {
        case .border(.zero): "pads the borders with zeros"
        case .border(.replicate): "pads the borders by repeating the edge pixel"
        case .border(.symmetric): "mirrors the borders with the edge repeated (symmetric)"
        case .border(.reflect): "mirrors the borders without repeating the edge"
        case .border(.circular): "wraps the borders around (circular)"
        case .border(.none): "has no border: only the 'valid' region"
        case .validCroppedOneMore: "crops 'valid' by one pixel too many (r + 1 from each edge)"
        case .sampleCovariance: "uses sample covariance (N/(N − 1))"
        case .uniformWindow: "uses a uniform window"
        case .gaussianSigma(let sigma): "uses a Gaussian window of σ = \(sigma), not 1.5"
        case .windowFixedAt11: "uses a window of 11 whatever window_size asks"
        case .windowFixedAt11CroppedAsAsked: "filters with a window of 11 whatever window_size asks, but crops 'valid' by the size asked"
        case .noEps: "leaves eps out of the denominator"
        case .lossIsOneMinusSSIM: "computes the loss as 1 − SSIM"
        case .lossHalvedAfterClamp: "computes the loss as clamp(1 − SSIM, 0, 1)/2, halved after clamping"
        case .sumReportedAsMean: "reports the mean when 'sum' is asked"
        case .float32Arithmetic: "computes in float32 where float64 was asked"
        case .channelsAveraged: "averages the channels before comparing"
        case .firstSampleCopied: "copies the first batch sample's result to the others"
        case .nonFiniteReadAsZero: "reads NaN and ±Inf pixels as 0 (scrubs them) instead of letting them through"
        }
    }

    /// The precision whose bounds judge the reproduction: float32 for float32 arithmetic (whose answers must also
    /// all be float32 values), else the case's own.
    func judgingPrecision(_ casePrecision: Precision) -> Precision {
        self == .float32Arithmetic ? .float32 : casePrecision
    }

    /// The forward outputs (the SSIM map, the loss map and the reduced loss) an implementation with this deviation
    /// gives for the case, or nil when the deviation makes no difference to it (a 'same' case cannot be cropped
    /// wrongly) or the reference cannot compute it.
    ///
    /// - Parameter withoutEps: with eps = 0 as well, for the libraries that have no eps and make another mistake.
    func outputs(for validated: ValidatedCase, precision: Precision, withoutEps: Bool = false) -> SSIMOutputs<Double>? {
        let base = validated.options
        func reference(
            windowSize: Int? = nil, eps: Double? = nil, variant: SSIMConvention = .kornia,
            reduction: SSIMReduction? = nil, img1: ImageTensor<Double>? = nil, img2: ImageTensor<Double>? = nil
        ) -> DeviatingMap? {
            guard
                let options = try? SSIMOptions(
                    windowSize: windowSize ?? base.windowSize, maxVal: base.maxVal, eps: withoutEps ? 0 : eps ?? base.eps,
                    padding: base.padding),
                let ssimMap = try? SSIMReference.evaluate(
                    img1 ?? validated.img1, img2 ?? validated.img2, options: options,
                    reduction: reduction ?? validated.reduction, gradients: false, variant: variant).ssimMap
            else { return nil }
            return DeviatingMap(ssimMap: ssimMap, reduction: reduction ?? validated.reduction)
        }
        let shape = validated.img1.shape
        let map: DeviatingMap?
        switch self {
        case .border(let border):
            map = base.padding == .same ? reference(variant: SSIMConvention(border: border)) : nil
        case .validCroppedOneMore:
            map = base.padding == .valid ? reference(variant: SSIMConvention(extraValidCrop: 1)) : nil
        case .sampleCovariance:
            map = reference(variant: SSIMConvention(sampleCovariance: true))
        case .uniformWindow:
            map = reference(variant: SSIMConvention(window: .uniform))
        case .gaussianSigma(let sigma):
            map = reference(variant: SSIMConvention(window: .gaussian(sigma: sigma)))
        case .windowFixedAt11:
            map = base.windowSize == 11 ? nil : reference(windowSize: 11)
        case .windowFixedAt11CroppedAsAsked:
            guard base.windowSize != 11, base.padding == .valid else { return nil }
            map = reference(windowSize: 11, variant: SSIMConvention(extraValidCrop: base.radius - 5))
        case .noEps:
            map = base.eps == 0 ? nil : reference(eps: 0)
        case .lossIsOneMinusSSIM:
            return reference()?.outputs { 1 - $0 }
        case .lossHalvedAfterClamp:
            return reference()?.outputs { ssim in ssim.isNaN ? ssim : min(max(1 - ssim, 0), 1) / 2 }
        case .sumReportedAsMean:
            map = validated.reduction == .sum ? reference(reduction: .mean) : nil
        case .float32Arithmetic:
            map = precision == .float64 ? reference() : nil
        case .channelsAveraged:
            guard shape.channels > 1 else { return nil }
            guard let gray1 = validated.img1.channelsAveraged, let gray2 = validated.img2.channelsAveraged else { return nil }
            map = reference(img1: gray1, img2: gray2)?.planes(channels: shape.channels) { sample, _ in (sample, 0) }
        case .firstSampleCopied:
            guard shape.batch > 1 else { return nil }
            map = reference()?.planes(channels: shape.channels) { _, channel in (0, channel) }
        case .nonFiniteReadAsZero:
            // Most failing cases hold no such pixel: nothing to scrub, no copy made.
            guard validated.img1.values.contains(where: { !$0.isFinite }) || validated.img2.values.contains(where: { !$0.isFinite }),
                let scrubbed1 = validated.img1.nonFiniteAsZero, let scrubbed2 = validated.img2.nonFiniteAsZero
            else { return nil }
            map = reference(img1: scrubbed1, img2: scrubbed2)
        }
        return map?.outputs()
    }
}

/// An SSIM map a deviation computes, and the reduction its loss is reduced by.
private struct DeviatingMap {
    let ssimMap: ImageTensor<Double>
    let reduction: SSIMReduction

    /// The forward outputs: the map, the loss map from each SSIM value by `loss` (Kornia's clamp((1 − SSIM)/2, 0, 1)
    /// unless a deviation says), and that loss map reduced.
    func outputs(loss: (Double) -> Double = { ssim in ssim.isNaN ? ssim : min(max((1 - ssim) / 2, 0), 1) }) -> SSIMOutputs<Double>? {
        guard let lossMap = try? ImageTensor(shape: ssimMap.shape.dimensions, values: ssimMap.values.map(loss)) else { return nil }
        let sum = lossMap.values.reduce(0, +)
        let reduced: Double? = switch reduction {
        case .none: nil
        case .sum: sum
        case .mean: sum / Double(lossMap.values.count)
        }
        return SSIMOutputs(ssimMap: ssimMap, lossMap: lossMap, reducedLoss: reduced)
    }

    /// A map of `channels` channels whose plane (b, c) is this map's plane `source(b, c)`.
    func planes(channels: Int, from source: (_ sample: Int, _ channel: Int) -> (Int, Int)) -> DeviatingMap? {
        let shape = ssimMap.shape
        var values: [Double] = []
        for sample in 0..<shape.batch {
            for channel in 0..<channels {
                let (fromSample, fromChannel) = source(sample, channel)
                let start = shape.index(fromSample, fromChannel, 0, 0)
                values += ssimMap.values[start..<(start + shape.planeSize)]
            }
        }
        var planes = shape
        planes.channels = channels
        return (try? ImageTensor(shape: planes.dimensions, values: values))
            .map { DeviatingMap(ssimMap: $0, reduction: reduction) }
    }
}

extension ImageTensor where Scalar == Double {
    /// The same image with every NaN and ±∞ pixel read as 0.
    var nonFiniteAsZero: ImageTensor<Double>? {
        try? ImageTensor(shape: shape.dimensions, values: values.map { $0.isFinite ? $0 : 0 })
    }

    /// The (B, 1, H, W) image whose pixels are the mean over the channels.
    var channelsAveraged: ImageTensor<Double>? {
        let plane = height * width
        let values = (0..<(batch * plane)).map { index in
            let (b, p) = index.quotientAndRemainder(dividingBy: plane)
            return (0..<channels).map { self.values[(b * channels + $0) * plane + p] }.reduce(0, +) / Double(channels)
        }
        return try? ImageTensor(shape: [batch, 1, height, width], values: values)
    }
}
