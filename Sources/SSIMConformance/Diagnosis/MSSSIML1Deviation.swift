import SSIM
import SSIMAdapterProtocol

/// One way an implementation of the MS-SSIM + L1 loss (Zhao et al. 2017) can depart from the convention it is
/// certified under (``SSIM/MSSSIML1Convention``), which its reference can reproduce: one of the convention's own
/// fields set to another value.
///
/// - ``border(_:)``: another border than Kornia's zero padding (its `conv2d` padding) beyond the image's edge: torch's
///   replicate, reflect or circular padding, or a mirror with the edge repeated (symmetric, reflect-101).
/// - ``reachInSigmas(_:)``: the window truncated at another multiple of the coarsest σ than Kornia's 2σ (33 taps):
///   3σ, the common rule, or 4σ, `scipy.ndimage.gaussian_filter`'s default `truncate=4.0`.
/// - ``tapsInFloat32(_:)``: the taps built in float32 (Kornia's) or in float64: the reference computes with exact
///   taps, so this changes only the bounds an answer is judged by.
/// - ``alpha(_:)``, ``compensation(_:)``: the mix where the case gives none: Zhao et al.'s α = 0.84 and no
///   compensation (c = 1, the paper's loss), or Kornia's α = 0.025 and c = 200.
/// - ``halvesInFloat32(_:)``: float16 and bfloat16 computed in float32 (Kornia's) or in their own precision: bounds
///   only, as for 3-D SSIM.
///
/// Kornia's is the only named convention (`docs/msssim-provenance.md`, section 6), so another named convention is no
/// departure here unless `--convention` certifies a convention of a file.
public enum MSSSIML1Deviation: ConventionDeviation {
    case border(SSIMConvention.Border)
    case reachInSigmas(Double)
    case tapsInFloat32(Bool)
    case alpha(Double)
    case compensation(Double)
    case halvesInFloat32(Bool)

    /// Every deviation the diagnosis tries. Those that make a choice the convention already makes are skipped for it
    /// (``applied(to:)``).
    public static let all: [MSSSIML1Deviation] =
        [SSIMConvention.Border.zero, .replicate, .symmetric, .reflect, .reflect101, .circular].map(border)
        + [3, 4].map(reachInSigmas) + [tapsInFloat32(true), tapsInFloat32(false)] + [0.84, 0.025].map(alpha)
        + [1, 200].map(compensation) + [halvesInFloat32(true), halvesInFloat32(false)]

    /// SSIM's name and words for a border (``KnownDeviation/border(_:)``), the others their own.
    public var name: String {
        switch self {
        case .border(let border): KnownDeviation.border(border).name
        case .reachInSigmas(let reach): "reach-\(reach)-sigmas"
        case .tapsInFloat32(let float32): float32 ? "taps-float32" : "taps-float64"
        case .alpha(let alpha): "alpha-\(alpha)"
        case .compensation(let compensation): "compensation-\(compensation)"
        case .halvesInFloat32(let float32): float32 ? "halves-in-float32" : "halves-in-own-precision"
        }
    }

    public var explanation: String {
        switch self {
        case .border(let border): KnownDeviation.border(border).explanation
        case .reachInSigmas(let reach): "truncates the Gaussians at \(reach) times the coarsest σ"
        case .tapsInFloat32(true): "builds the window's taps in float32"
        case .tapsInFloat32(false): "builds the window's taps in float64"
        case .alpha(let alpha): "weighs the MS-SSIM term by α = \(alpha) where the case gives none"
        case .compensation(let compensation): "multiplies the loss by \(compensation) where the case gives no compensation"
        case .halvesInFloat32(true): "computes float16 and bfloat16 images in float32"
        case .halvesInFloat32(false): "computes float16 and bfloat16 images in their own precision"
        }
    }

    /// None is a mistake: each is a choice an ``SSIM/MSSSIML1Convention`` can make.
    public var isMistake: Bool { false }

    public var choice: Int {
        switch self {
        case .border: 0
        case .reachInSigmas: 1
        case .tapsInFloat32: 2
        case .alpha: 3
        case .compensation: 4
        case .halvesInFloat32: 5
        }
    }

    public func applied(to convention: MSSSIML1Convention) -> MSSSIML1Convention? {
        var changed = convention
        switch self {
        case .border(let border): changed.border = border
        case .reachInSigmas(let reach): changed.reachInSigmas = reach
        case .tapsInFloat32(let float32): changed.tapsPrecision = float32 ? .float32 : .float64
        case .alpha(let alpha): changed.alpha = alpha
        case .compensation(let compensation): changed.compensation = compensation
        case .halvesInFloat32(let float32): changed.computesHalfInFloat32 = float32
        }
        return changed.computesLike(convention) ? nil : changed
    }

    /// Whether the deviation can change the outputs of `failing`: α and the compensation only where the case gives
    /// none, the arithmetic of halves only for a half precision, the rest always (every window reads beyond the edge
    /// of an image at full resolution). A deviation that cannot is left out of an explanation of that case.
    func matters(to failing: FailingMSSSIML1Case) -> Bool {
        switch self {
        case .alpha: failing.mix.alpha == nil
        case .compensation: failing.mix.compensation == nil
        case .halvesInFloat32: failing.request.precision.isHalf
        case .border, .reachInSigmas, .tapsInFloat32: true
        }
    }
}
