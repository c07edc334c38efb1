import SSIM
import SSIMAdapterProtocol

/// One way an implementation of SSIM on volumes can depart from the 3-D convention it is certified under
/// (``SSIM/SSIM3DConvention``), which the 3-D reference can reproduce: the volumes' counterpart of ``KnownDeviation``,
/// said per axis.
///
/// Each sets one choice of the volumes (the border along the depth, along H and W or at every face; an axis padded
/// by the reach of `window_size` rather than of its taps, or the reverse; σ or the taps along the depth; the
/// convolution, cubic or separable; half precisions computed in float32 or in their own; axes shorter than the window
/// left unblurred or refused), or makes one of SSIM's departures (``KnownDeviation``, the convention's choices but the
/// border) on every plane. The convolution and the arithmetic of halves change no value the reference computes (it
/// computes in float64), only the bounds an answer is judged by: they are named where those bounds alone hold the
/// answers (``ExplanationSearching/widensBounds(_:)``).
public enum SSIM3DDeviation: ConventionDeviation {
    /// The axes a border is set along.
    public enum Faces: String, Hashable, Sendable, CaseIterable {
        /// Every axis.
        case every
        /// The depth alone.
        case depth
        /// Height and width (the plane's), the depth keeping its own.
        case plane
    }

    case border(Faces, SSIMConvention.Border)
    /// The axis padded by window_size's reach where the convention pads it by its taps', or the reverse.
    case paddedByWindowSize(SSIM3DConvention.Axis, Bool)
    case depthSigma(Double)
    case depthTaps(Int)
    case convolution(SSIM3DConvention.Convolution)
    case halvesInFloat32(Bool)
    case skipsShortAxes(Bool)
    /// One of SSIM's departures, made on every plane (and along the depth where it has no choice of its own).
    case plane(KnownDeviation)

    /// Every deviation the diagnosis tries. Those that make a choice the convention already makes are skipped for it
    /// (``applied(to:)``).
    public static let all: [SSIM3DDeviation] =
        Faces.allCases.flatMap { faces in
            [SSIMConvention.Border.zero, .replicate, .symmetric, .reflect, .reflect101, .circular].map { border(faces, $0) }
        }
        + SSIM3DConvention.Axis.allCases.flatMap { [paddedByWindowSize($0, true), paddedByWindowSize($0, false)] }
        + [0.5, 1, 1.5, 2, 3].map(depthSigma) + [3, 5, 7, 11].map(depthTaps)
        + SSIM3DConvention.Convolution.allCases.map(convolution) + [halvesInFloat32(true), halvesInFloat32(false)]
        + [skipsShortAxes(true), skipsShortAxes(false)]
        + KnownDeviation.all.filter { deviation in
            if case .border = deviation { return false }
            return !deviation.isMistake
        }.map(plane)

    public var name: String {
        switch self {
        case .border(.every, let border): "border-\(border.rawValue)"
        case .border(let faces, let border): "\(faces == .depth ? "depth" : "height-width")-border-\(border.rawValue)"
        case .paddedByWindowSize(let axis, true): "\(axis.rawValue)-padded-by-window-size"
        case .paddedByWindowSize(let axis, false): "\(axis.rawValue)-padded-by-taps"
        case .depthSigma(let sigma): "depth-sigma-\(sigma)"
        case .depthTaps(let taps): "depth-taps-\(taps)"
        case .convolution(let convolution): "convolution-\(convolution.rawValue)"
        case .halvesInFloat32(let float32): float32 ? "halves-in-float32" : "halves-in-own-precision"
        case .skipsShortAxes(let skips): skips ? "short-axes-unblurred" : "short-axes-refused"
        case .plane(let deviation): deviation.name
        }
    }

    public var explanation: String {
        switch self {
        case .border(let faces, let border):
            let axes = switch faces {
            case .every: "every axis"
            case .depth: "the depth axis"
            case .plane: "the height and width axes"
            }
            return switch border {
            case .zero: "pads \(axes) with zeros"
            case .replicate: "pads \(axes) by repeating the face voxel"
            case .symmetric: "mirrors \(axes) with the face repeated (symmetric)"
            case .reflect: "mirrors \(axes) without repeating the face (reflect)"
            case .reflect101: "mirrors \(axes) without repeating the face, as often as the window reaches (reflect-101)"
            case .circular: "wraps \(axes) around (circular)"
            case .none: "does not pad \(axes): only its 'valid' region"
            }
        case .paddedByWindowSize(let axis, true):
            return "pads the \(axis.rawValue) axis by window_size // 2 where its window's taps reach further (its 'same' map shorter there)"
        case .paddedByWindowSize(let axis, false):
            return "pads the \(axis.rawValue) axis by its window's reach, not by window_size // 2"
        case .depthSigma(let sigma): return "uses a Gaussian of σ = \(sigma) along the depth axis"
        case .depthTaps(let taps): return "uses \(taps) taps along the depth axis whatever window_size asks"
        case .convolution(.cubic): return "blurs with one 3-D convolution by a cubic window"
        case .convolution(.separable): return "blurs separably, one 1-D pass per axis"
        case .halvesInFloat32(true): return "computes float16 and bfloat16 volumes in float32"
        case .halvesInFloat32(false): return "computes float16 and bfloat16 volumes in their own precision"
        case .skipsShortAxes(true): return "leaves an axis shorter than its window unblurred"
        case .skipsShortAxes(false): return "refuses an axis shorter than its window"
        case .plane(let deviation): return deviation.explanation
        }
    }

    /// None is a mistake: each is a choice an ``SSIM/SSIM3DConvention`` can make.
    public var isMistake: Bool { false }

    public var choice: Int {
        switch self {
        case .border: 0
        case .paddedByWindowSize(let axis, _): 1 + SSIM3DConvention.Axis.allCases.firstIndex(of: axis)!
        case .depthSigma: 4
        case .depthTaps: 5
        case .convolution: 6
        case .halvesInFloat32: 7
        case .skipsShortAxes: 8
        case .plane(let deviation): 9 + deviation.choice
        }
    }

    public func applied(to convention: SSIM3DConvention) -> SSIM3DConvention? {
        var changed = convention
        switch self {
        case .border(let faces, let border):
            guard convention.plane.border != .none || faces == .depth else { return nil }
            switch faces {
            case .every: (changed.plane.border, changed.depthBorder) = (border, nil)
            case .depth: changed.depthBorder = border
            case .plane: (changed.plane.border, changed.depthBorder) = (border, convention.along(.depth).border)
            }
        case .paddedByWindowSize(let axis, let padded):
            changed.paddedByWindowSize = (convention.paddedByWindowSize.filter { $0 != axis } + (padded ? [axis] : [])).sorted()
        case .depthSigma(let sigma): changed.depthSigma = sigma
        case .depthTaps(let taps): changed.depthTaps = taps
        case .convolution(let convolution): changed.convolution = convolution
        case .halvesInFloat32(let float32): changed.computesHalfInFloat32 = float32
        case .skipsShortAxes(let skips): changed.skipsShortAxes = skips
        case .plane(let deviation):
            // The depth keeps its own border, σ and taps where it has them.
            guard let plane = deviation.applied(to: convention.plane) else { return nil }
            changed.plane = plane
        }
        return changed.computesLike(convention) ? nil : changed
    }

    /// Whether the deviation can change the outputs of `request` (`validated` its volumes) when an implementation
    /// departs to compute `explained`, every departure made: a border only along an axis whose map reads beyond its
    /// faces, a padding by window_size's reach only for 'same' where the taps reach further, the taps or σ along the
    /// depth only where they change its window, the arithmetic of halves only for a half precision, a short axis only
    /// where one is shorter than its window, eps only when it is not 0, the loss only when it is asked, float32
    /// arithmetic only for a float64 case. A deviation that cannot is left out of an explanation of that case.
    func matters(to request: AdapterCase, validated: ValidatedCase, explained: SSIM3DConvention) -> Bool {
        let options = validated.options
        let extents = Array((validated.volumes?.img1.shape ?? [])[2...])
        func axes(_ faces: Faces) -> [SSIM3DConvention.Axis] {
            switch faces {
            case .every: SSIM3DConvention.Axis.allCases
            case .depth: [.depth]
            case .plane: [.height, .width]
            }
        }
        switch self {
        case .border(let faces, _):
            // 'valid' crops by the convention's 'valid' crop, 'same' by what a padding by window_size leaves.
            return axes(faces).contains { axis in
                let along = explained.along(axis)
                return options.padding == .same || along.validCrop(windowSize: options.windowSize) < along.reach(windowSize: options.windowSize)
            }
        case .paddedByWindowSize(let axis, _):
            // Padded by window_size's reach, an axis's map lacks the rest of the taps' reach at each end: under
            // 'same', and under 'valid' where that exceeds the 'valid' crop (``SSIM/SSIM3DConvention/mapShape(_:options:)``).
            let along = explained.along(axis)
            let lacking = along.reach(windowSize: options.windowSize) - options.windowSize / 2
            return lacking != 0 && (options.padding == .same || lacking > along.validCrop(windowSize: options.windowSize))
        case .depthSigma, .depthTaps:
            return true
        case .convolution: return true
        case .halvesInFloat32: return request.precision.isHalf
        case .skipsShortAxes:
            return zip(SSIM3DConvention.Axis.allCases, extents).contains { axis, length in
                length < explained.along(axis).tapCount(options)
            }
        case .plane(let deviation):
            switch deviation {
            case .noEps, .epsInDenominator: return options.eps != 0
            case .loss: return request.outputs.contains(.loss)
            case .float32Arithmetic: return request.precision == .float64
            default: return true
            }
        }
    }
}
