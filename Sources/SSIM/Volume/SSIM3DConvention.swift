/// A convention of SSIM on volumes (the metric `ssim-3d`): every choice an implementation makes besides what a case
/// asks (the volumes, `window_size` as the taps on every axis, the data range, eps, 'same' or 'valid', the
/// reduction), so that the reference (``SSIM3DReference``) can compute what that implementation should answer.
///
/// SSIM on a (D, H, W) volume is SSIM on an image with one more axis: the moments are blurred by a 3-D window, and
/// the ratio, the constants, eps, the covariance and the loss are the 2-D ones, which ``plane`` holds (an
/// ``SSIMConvention``: its border is the border along H and W, its window and taps those along every axis unless
/// the depth has its own). What volumes add:
/// - Depth (``depthBorder``, ``depthSigma``, ``depthTaps``): the border, σ and taps along D where they differ from
///   the plane's.
/// - Convolution (``convolution``): one 1-D pass per axis (separable), or one 3-D convolution by the outer product of
///   the three windows (k³ products in one sum): the same values in exact arithmetic, another order and other taps
///   in floating point, so other bounds.
/// - Padding (``paddedByWindowSize``): an axis is padded by the reach of its taps (the map has the volume's extent
///   there under 'same'), or by the reach of the `window_size` asked (torchmetrics 1.9.0 pads its last axis so), and
///   a 'same' map is then shorter along it by twice the difference.
/// - Short axes (``skipsShortAxes``): an axis shorter than its window is not blurred at all (pytorch-msssim
///   1.0.0, which warns), rather than refused.
/// - Arithmetic (``computesHalfInFloat32``): float16 and bfloat16 volumes computed in float32 and the answer rounded
///   (Kornia 0.9.0's `ssim3d`), or in their own precision.
///
/// 'same' keeps every voxel; 'valid' crops each axis by the plane convention's 'valid' crop of that axis's taps.
/// Where each named convention's choices were read (file and line) is in `docs/ssim3d-provenance.md` and in its
/// ``provenance``.
public struct SSIM3DConvention: Hashable, Sendable, CustomStringConvertible {
    /// An axis of a volume.
    public enum Axis: String, Hashable, Sendable, CaseIterable, Comparable {
        case depth, height, width

        public static func < (lhs: Axis, rhs: Axis) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// How the 3-D window is applied.
    public enum Convolution: String, Hashable, Sendable, CaseIterable {
        /// One 1-D correlation per axis (pytorch-msssim's `gaussian_filter`).
        case separable
        /// One 3-D correlation by the outer product of the three 1-D windows, each tap the rounded product of three
        /// (Kornia's `filter3d` with `get_gaussian_kernel3d`, torchmetrics' `conv3d`).
        case cubic
    }

    /// The convention's name ("custom" when it has none).
    public var name: String
    /// One line saying what it is.
    public var summary: String
    /// Where each choice was read, for a named convention.
    public var provenance: SSIMConvention.Provenance?

    /// What 2-D SSIM already models, for every plane of the volume: the constants, eps, covariance, loss, outputs,
    /// arithmetic, the window and its taps, and the border along H and W.
    public var plane: SSIMConvention
    /// The border along D, where it is not the plane's.
    public var depthBorder: SSIMConvention.Border?
    /// The Gaussian σ along D, where it is not the plane's.
    public var depthSigma: Double?
    /// The taps along D whatever `window_size` asks, where they are not the plane's.
    public var depthTaps: Int?
    public var convolution: Convolution
    /// The axes padded by the reach of `window_size` asked rather than of the taps used, in order.
    public var paddedByWindowSize: [Axis]
    /// Whether an axis shorter than its window is left unblurred (its map keeps its whole extent) rather than refused.
    public var skipsShortAxes: Bool
    /// Whether float16 and bfloat16 volumes are computed in float32 and the answer rounded to their precision.
    public var computesHalfInFloat32: Bool

    public init(
        name: String = "custom", summary: String = "", provenance: SSIMConvention.Provenance? = nil,
        plane: SSIMConvention = .kornia, depthBorder: SSIMConvention.Border? = nil, depthSigma: Double? = nil,
        depthTaps: Int? = nil, convolution: Convolution = .cubic, paddedByWindowSize: [Axis] = [],
        skipsShortAxes: Bool = false, computesHalfInFloat32: Bool = true
    ) {
        (self.name, self.summary, self.provenance, self.plane) = (name, summary, provenance, plane)
        (self.depthBorder, self.depthSigma, self.depthTaps) = (depthBorder, depthSigma, depthTaps)
        (self.convolution, self.paddedByWindowSize) = (convolution, paddedByWindowSize.sorted())
        (self.skipsShortAxes, self.computesHalfInFloat32) = (skipsShortAxes, computesHalfInFloat32)
    }

    /// The 2-D convention whose border, window, taps and 'valid' crop rule hold along `axis`: the plane's, with the
    /// depth's own where it has them.
    public func along(_ axis: Axis) -> SSIMConvention {
        guard axis == .depth else { return plane }
        var depth = plane
        depth.border = depthBorder ?? plane.border
        if let depthSigma { depth.window = .gaussian(sigma: .fixed(depthSigma)) }
        if let depthTaps { depth.taps = .fixed(depthTaps) }
        return depth
    }

    /// The shape (B, C, D', H', W') of the SSIM map of volumes of `shape` (B, C, D, H, W) under `options`: each axis
    /// its extent less twice what the convention crops there ('valid', or a padding short of the window's reach), an
    /// axis it leaves unblurred (``skipsShortAxes``) whole.
    ///
    /// - Throws: what ``SSIM3DReference/evaluate(_:_:options:reduction:gradients:convention:)`` throws for the shape.
    public func mapShape(_ shape: [Int], options: SSIMOptions) throws(SSIMError) -> [Int] {
        try SSIM3DComputation(shape, shape, options: options, convention: self).mapShape
    }

    /// Whether it computes what `other` computes, whatever their names: the same choices along every axis (a depth
    /// choice equal to the plane's is no choice of its own) and the same convolution, padding and arithmetic.
    public func computesLike(_ other: SSIM3DConvention) -> Bool {
        plane.computesLike(other.plane) && along(.depth).computesLike(other.along(.depth))
            && (convolution, paddedByWindowSize, skipsShortAxes, computesHalfInFloat32)
                == (other.convolution, other.paddedByWindowSize, other.skipsShortAxes, other.computesHalfInFloat32)
    }

    /// Whose answers a message speaks of: "Kornia 0.9.0" for Kornia's own `ssim3d`, else "`name`".
    public var answerer: String {
        var bare = self
        (bare.name, bare.summary, bare.provenance) = (Self.kornia.name, Self.kornia.summary, Self.kornia.provenance)
        return bare == Self.kornia ? "Kornia 0.9.0" : "`\(name)`"
    }

    /// The precision whose bounds judge a case asking for `precision`: the plane convention's fixed arithmetic, else
    /// the case's own (a half precision's bounds are float32's with the answer rounded, under
    /// ``computesHalfInFloat32``: ``SSIM3DErrorBounds``).
    public func judgingPrecision(for precision: Precision) -> Precision { plane.arithmetic ?? precision }

    /// What differs from Kornia's `ssim3d`, in words.
    public var description: String {
        let kornia = SSIM3DConvention.kornia
        var differences: [String] = []
        if !plane.computesLike(kornia.plane) { differences.append("per plane: \(plane.description)") }
        if let depthBorder { differences.append("depth border \(depthBorder.rawValue)") }
        if let depthSigma { differences.append("depth σ \(depthSigma)") }
        if let depthTaps { differences.append("\(depthTaps) taps along depth") }
        if convolution != kornia.convolution { differences.append("\(convolution.rawValue) convolution") }
        if !paddedByWindowSize.isEmpty {
            differences.append("\(paddedByWindowSize.map(\.rawValue).joined(separator: ", ")) padded by window_size's reach")
        }
        if skipsShortAxes { differences.append("axes shorter than the window not blurred") }
        if computesHalfInFloat32 != kornia.computesHalfInFloat32 {
            differences.append(computesHalfInFloat32 ? "half precisions computed in float32" : "half precisions computed in their own")
        }
        return differences.isEmpty ? "Kornia 0.9.0's ssim3d" : differences.joined(separator: ", ")
    }
}

extension SSIM3DConvention: MetricConvention {
    public static let metricName = "ssim-3d"
}
