/// The separable blur of one plane (H, W), or one volume (D, H, W), by a window per axis, with a border rule per
/// axis, and its adjoint.
///
/// Forward: correlation along the last axis (W), then along each axis before it, each output element reading
/// `in[source(i + t − r)]·window[t]` for t = 0…k−1 along that axis, where `source` maps an index beyond the edge back
/// into the line by the axis's ``SSIMConvention/Border`` rule (or to nothing: a zero). The adjoint scatters each
/// output's weight back onto the element it read, so the reads beyond the edge fold back onto the elements they stand
/// for. torch's `reflect` requires each length > r (it mirrors once); the other borders extend a line of any length
/// (``SSIMConvention/Border/source(_:in:)``). A window of one tap leaves its axis as it is.
struct SeparableBlur {
    /// One axis of the blurred array: its window, its border and its length.
    struct Axis {
        let window: [Double]
        let border: SSIMConvention.Border
        let length: Int

        var radius: Int { window.count / 2 }
    }

    /// The axes, outermost first: (H, W) for a plane, (D, H, W) for a volume.
    let axes: [Axis]
    /// The precision an implementation builds the window's weights in (``SSIMConvention/tapsPrecision``): the
    /// error analysis allows them its roundoff where it is coarser than the arithmetic's.
    let tapsPrecision: Precision
    /// Whether an implementation sums each output's products at once (k² for a plane, k³ for a volume), as a
    /// convolution by the outer product of the windows does (Kornia's `MS_SSIMLoss`, its `ssim3d`), rather than k
    /// per pass: the same values, but the error analysis allows that sum's roundoff, and taps that are products of
    /// rounded taps, rounded again.
    var summedAtOnce = false

    init(axes: [Axis], tapsPrecision: Precision) {
        (self.axes, self.tapsPrecision) = (axes, tapsPrecision)
    }

    /// The blur of an (H, W) plane by `window` along both axes, with one border.
    init(window: [Double], tapsPrecision: Precision, border: SSIMConvention.Border, height: Int, width: Int) {
        self.init(
            axes: [height, width].map { Axis(window: window, border: border, length: $0) }, tapsPrecision: tapsPrecision)
    }

    /// The number of weights of the whole window: the product of every axis's taps (k² for a plane).
    var weightCount: Int { axes.reduce(1) { $0 * $1.window.count } }

    /// blur(array): along the last axis, then along each one before it.
    func apply(_ array: [Double]) -> [Double] {
        axes.indices.reversed().reduce(array) { partial, axis in pass(partial, along: axis, adjoint: false) }
    }

    /// blurᵀ(gradient): the adjoint of ``apply(_:)``, the first axis's adjoint first.
    func adjoint(_ gradient: [Double]) -> [Double] {
        axes.indices.reduce(gradient) { partial, axis in pass(partial, along: axis, adjoint: true) }
    }

    /// One axis's correlation, or its adjoint (each output's weights scattered back onto what it read).
    private func pass(_ input: [Double], along index: Int, adjoint: Bool) -> [Double] {
        let axis = axes[index]
        let (length, radius) = (axis.length, axis.radius)
        // Elements one step apart along the axis are `step` apart in the array; lines of it start every element
        // of each block of length·step.
        let step = axes[(index + 1)...].reduce(1) { $0 * $1.length }
        var output = [Double](repeating: 0, count: input.count)
        for block in stride(from: 0, to: input.count, by: length * step) {
            for base in block..<(block + step) {
                for i in 0..<length {
                    if adjoint {
                        let g = input[base + i * step]
                        for (t, weight) in axis.window.enumerated() {
                            guard let j = axis.border.source(i + t - radius, in: length) else { continue }
                            output[base + j * step] += weight * g
                        }
                    } else {
                        var sum = 0.0
                        for (t, weight) in axis.window.enumerated() {
                            guard let j = axis.border.source(i + t - radius, in: length) else { continue }
                            sum += weight * input[base + j * step]
                        }
                        output[base + i * step] = sum
                    }
                }
            }
        }
        return output
    }
}
