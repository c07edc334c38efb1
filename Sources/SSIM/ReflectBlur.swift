/// The separable Gaussian blur of one (H, W) plane with torch's `reflect` border, and its adjoint.
///
/// Forward: correlation along W, then along H, each output pixel reading
/// `in[reflect(i + t − r)]·window[t]` for t = 0…k−1. The adjoint scatters each output's weight back onto the pixel
/// it read, so the mirrored reads fold back onto the pixels they mirror. Requires H, W > r (one reflection).
struct ReflectBlur {
    let window: [Double]
    let height: Int
    let width: Int

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

    /// torch's `reflect` index: −j for j < 0, 2(n − 1) − j for j ≥ n.
    private func reflect(_ index: Int, _ length: Int) -> Int {
        if index < 0 { return -index }
        if index >= length { return 2 * (length - 1) - index }
        return index
    }

    private func correlate(_ input: [Double], length: Int, lines: Int, step: Int, lineStep: Int) -> [Double] {
        var output = [Double](repeating: 0, count: input.count)
        for line in 0..<lines {
            let base = line * lineStep
            for i in 0..<length {
                var sum = 0.0
                for (t, weight) in window.enumerated() {
                    sum += weight * input[base + reflect(i + t - radius, length) * step]
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
                    output[base + reflect(i + t - radius, length) * step] += weight * g
                }
            }
        }
        return output
    }
}
