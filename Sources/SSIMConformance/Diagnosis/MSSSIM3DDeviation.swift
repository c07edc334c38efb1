import SSIM
import SSIMAdapterProtocol

/// One way an implementation of MS-SSIM on volumes can depart from the 3-D MS-SSIM convention it is certified under
/// (``SSIM/MSSSIM3DConvention``), which the 3-D MS-SSIM reference can reproduce: a departure of the pyramid, as on
/// images, or of the 3-D SSIM every scale computes.
///
/// - ``pyramid(_:)``: one of MS-SSIM's departures (``MSSSIMDeviation``), made on ``SSIM/MSSSIM3DConvention/multiScale``:
///   the downsampling rule of odd sizes, applied to each odd axis of the volume (pytorch-msssim's `avg_pool3d` counts a
///   zero before it, torchmetrics' drops its last voxel), what negative means become (both libraries relu them), the
///   channels' pooling (pytorch-msssim per channel, torchmetrics per image), which maps are whole (torchmetrics' coarsest
///   SSIM map), the weights' normalisation and precision (torchmetrics' float32), the terms, the data range, and the
///   per-scale SSIM choices MS-SSIM's diagnosis tries (float32 arithmetic or taps, sample moments, a uniform window, a
///   window fixed at 11: torchmetrics' 11 taps whatever `kernel_size`).
/// - ``scale(_:)``: one of 3-D SSIM's own departures (``SSIM3DDeviation``, but its planes', which ``pyramid(_:)`` makes
///   through the per-scale convention), made at every scale on ``SSIM/MSSSIM3DConvention/volume``: the border along the
///   depth, along H and W or at every face, an axis padded by window_size's reach or its taps' (torchmetrics pads W by
///   `kernel_size`'s), σ or the taps along the depth, the convolution (torchmetrics' one 3-D convolution,
///   pytorch-msssim's separable passes), the arithmetic of halves, axes shorter than the window left unblurred
///   (pytorch-msssim) or refused (torchmetrics).
///
/// Another named 3-D MS-SSIM convention is the one departure more that an ``Explanation`` may start from
/// (``MSSSIM3DExplanationSearch``). Where each named convention's choices were read: `docs/ssim3d-provenance.md`,
/// section 9, and their ``SSIM/MSSSIM3DConvention/provenance``.
public enum MSSSIM3DDeviation: ConventionDeviation {
    case pyramid(MSSSIMDeviation)
    case scale(SSIM3DDeviation)

    /// Every deviation the diagnosis tries: MS-SSIM's (``MSSSIMDeviation/all``), then 3-D SSIM's but the planes'
    /// (``SSIM3DDeviation/all``: on the planes, MS-SSIM's per-scale departures are the ones a multi-scale SSIM is
    /// diagnosed by). Those that make a choice the convention already makes are skipped for it (``applied(to:)``).
    public static let all: [MSSSIM3DDeviation] =
        MSSSIMDeviation.all.map(pyramid)
        + SSIM3DDeviation.all.filter { deviation in
            if case .plane = deviation { return false }
            return true
        }.map(scale)

    /// MS-SSIM's name of a pyramid's departure ("downsampling-floor", "scale-taps-float32"); a 3-D one's prefixed by
    /// "scale-" as MS-SSIM names its per-scale departures ("scale-depth-border-zero").
    public var name: String {
        switch self {
        case .pyramid(let deviation): deviation.name
        case .scale(let deviation): "scale-\(deviation.name)"
        }
    }

    /// MS-SSIM's words, but for the downsampling, said of a volume's axes (``SSIM/MSSSIMDownsampling`` on volumes);
    /// 3-D SSIM's after "at every scale".
    public var explanation: String {
        switch self {
        case .pyramid(.downsampling(.repeatLastThenAverage)): "averages odd axes after repeating their last voxel"
        case .pyramid(.downsampling(.zeroPadBothSides)): "averages odd axes counting a zero before their first voxel (avg_pool3d padding)"
        case .pyramid(.downsampling(.replicateTopLeft)): "averages after repeating the first voxel of every axis when any axis is odd"
        case .pyramid(.downsampling(.floor)): "drops the last voxel of odd axes before averaging"
        case .pyramid(let deviation): deviation.explanation
        case .scale(let deviation): "at every scale \(deviation.explanation)"
        }
    }

    /// None is a mistake: each is a choice an ``SSIM/MSSSIM3DConvention`` can make.
    public var isMistake: Bool { false }

    /// The pyramid's choices as MS-SSIM numbers them, the volumes' after every one of them.
    public var choice: Int {
        switch self {
        case .pyramid(let deviation): deviation.choice
        case .scale(let deviation): Self.volumeChoices + deviation.choice
        }
    }

    /// Where the volumes' choices start: past every choice MS-SSIM's deviations make.
    private static let volumeChoices = 1 + MSSSIMDeviation.all.map(\.choice).max()!

    public func applied(to convention: MSSSIM3DConvention) -> MSSSIM3DConvention? {
        var changed = convention
        switch self {
        case .pyramid(let deviation):
            // Setting the multi-scale choices sets the volume's plane to their per-scale convention.
            guard let multiScale = deviation.applied(to: convention.multiScale) else { return nil }
            changed.multiScale = multiScale
        case .scale(let deviation):
            guard let volume = deviation.applied(to: convention.volume) else { return nil }
            changed.volume = volume
        }
        return changed.computesLike(convention) ? nil : changed
    }

    /// Whether the deviation can change the outputs of `request` (`validated` its volumes) when an implementation
    /// departs from `base` to compute `explained` (every departure made): the downsampling only where a scale but the
    /// last has an odd axis, the arithmetic of halves only for a half precision, float32 arithmetic only for a float64
    /// case, the pyramid's other departures where MS-SSIM's diagnosis says they matter
    /// (``MSSSIMDeviation/matters(to:from:to:)``), and every other 3-D departure always: which of its axes a scale's
    /// map reads beyond, and which is short, changes from scale to scale. A deviation that cannot is left out of an
    /// explanation of that case.
    func matters(to request: AdapterCase, validated: ValidatedCase, from base: MSSSIM3DConvention, to explained: MSSSIM3DConvention) -> Bool {
        switch self {
        case .pyramid(.downsampling):
            let shape = validated.volumes!.img1.shape
            return validated.asked(base).multiScale.scaleDimensions(shape).dropLast().contains { $0[2...].contains { $0 % 2 == 1 } }
        case .pyramid(.scale(.float32Arithmetic)): return request.precision == .float64
        case .pyramid(let deviation): return deviation.matters(to: validated, from: base.multiScale, to: explained.multiScale)
        case .scale(.halvesInFloat32): return request.precision.isHalf
        case .scale: return true
        }
    }
}
