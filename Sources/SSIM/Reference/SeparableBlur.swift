/// The separable blur of one (H, W) plane by a window, with a border rule, and its adjoint.
///
/// Forward: correlation along W, then along H, each output pixel reading `in[source(i + t − r)]·window[t]` for
/// t = 0…k−1, where `source` maps an index beyond the edge back into the image by the ``SSIMConvention/Border`` rule
/// (or to nothing: a zero). The adjoint scatters each output's weight back onto the pixel it read, so the reads
/// beyond the edge fold back onto the pixels they stand for. torch's `reflect` requires H, W > r (it mirrors once);
/// the other borders extend an image of any size (``SSIMConvention/Border/source(_:in:)``).
struct SeparableBlur {
    let window: [Double]
    /// The precision an implementation builds the window's weights in (``SSIMConvention/tapsPrecision``): the
    /// error analysis allows them its roundoff where it is coarser than the arithmetic's.
    let tapsPrecision: Precision
    let border: SSIMConvention.Border
    let height: Int
    let width: Int
    /// Whether an implementation sums each output's k² products at once, as a 2-D convolution by the outer product
    /// of the window does (Kornia's `MS_SSIMLoss`), rather than k per pass: the same values, but the error analysis
    /// allows that sum's roundoff, and taps that are products of two rounded taps, rounded again.
    var summedAtOnce = false

    private var radius: Int { window.count / 2 }

    /// blur(plane): along W, then along H.
    func apply(_ plane: [Double]) -> [Double] {
        let rows = correlate(plane, length: width, lines: height, step: 1, lineStep: width)
        return correlate(rows, length: height, lines: width, step: width, lineStep: 1)
    }

    /// blurᵀ(gradient): the adjoint of ``apply(_:)``, along H's adjoint first, then W's.
    func adjoint(_ gradient: [Double]) -> [Double] {
        let columns = scatter(gradient, length: height, lines: width, step: width, lineStep: 1)
        return scatter(columns, length: width, lines: height, step: 1, lineStep: width)
    }

    private func source(_ j: Int, _ n: Int) -> Int? { border.source(j, in: n) }

    private func correlate(_ input: [Double], length: Int, lines: Int, step: Int, lineStep: Int) -> [Double] {
        var output = [Double](repeating: 0, count: input.count)
        for line in 0..<lines {
            let base = line * lineStep
            for i in 0..<length {
                var sum = 0.0
                for (t, weight) in window.enumerated() {
                    guard let j = source(i + t - radius, length) else { continue }
                    sum += weight * input[base + j * step]
                }
                output[base + i * step] = sum
            }
        }
        return output
    }

    private func scatter(_ gradient: [Double], length: Int, lines: Int, step: Int, lineStep: Int) -> [Double] {
        var output = [Double](repeating: 0, count: gradient.count)
        for line in 0..<lines {
            let base = line * lineStep
            for i in 0..<length {
                let g = gradient[base + i * step]
                for (t, weight) in window.enumerated() {
                    guard let j = source(i + t - radius, length) else { continue }
                    output[base + j * step] += weight * g
                }
            }
        }
        return output
    }
}
