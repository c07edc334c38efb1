import Foundation

/// A second, independent SSIM in the working precision `T`, summing in other orders than the reference: the kernel
/// built in `T`, the blur along H first, each weighted sum from the last tap to the first, the products grouped
/// differently, and the reduction summed pairwise. A correct implementation of the same algorithm: the acceptance
/// bounds of its precision must pass it everywhere.
struct AlternativeSSIM<T: BinaryFloatingPoint> {
    let windowSize: Int
    let maxVal: T
    let eps: T
    let valid: Bool

    /// The SSIM map and the per-pixel loss of (B, C, H, W) images, in `T`.
    func maps(_ x: [T], _ y: [T], shape: [Int]) -> (ssim: [T], loss: [T]) {
        let (planes, height, width) = (shape[0] * shape[1], shape[2], shape[3])
        let r = windowSize / 2
        let raw = (0..<windowSize).map { T(exp(-Double((($0 - r) * ($0 - r))) / 4.5)) }
        let total = raw.reduce(0, +)
        let window = raw.map { $0 / total }
        let (c1, c2) = ((T(0.01) * maxVal) * (T(0.01) * maxVal), (T(0.03) * maxVal) * (T(0.03) * maxVal))
        func reflect(_ i: Int, _ n: Int) -> Int { i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i }
        func blur(_ plane: ArraySlice<T>) -> [T] {
            let p = Array(plane)
            var columns = [T](repeating: 0, count: p.count), out = columns
            for h in 0..<height {
                for w in 0..<width {
                    var sum: T = 0
                    for t in stride(from: windowSize - 1, through: 0, by: -1) { sum += window[t] * p[reflect(h + t - r, height) * width + w] }
                    columns[h * width + w] = sum
                }
            }
            for h in 0..<height {
                for w in 0..<width {
                    var sum: T = 0
                    for t in stride(from: windowSize - 1, through: 0, by: -1) { sum += window[t] * columns[h * width + reflect(w + t - r, width)] }
                    out[h * width + w] = sum
                }
            }
            return out
        }
        var ssim: [T] = [], loss: [T] = []
        for index in 0..<planes {
            let range = (index * height * width)..<((index + 1) * height * width)
            let mx = blur(x[range]), my = blur(y[range])
            let xx = blur(x[range].map { $0 * $0 }[...]), yy = blur(y[range].map { $0 * $0 }[...])
            let xy = blur(zip(x[range], y[range]).map(*)[...])
            let offset = valid ? r : 0
            for h in offset..<(height - offset) {
                for w in offset..<(width - offset) {
                    let p = h * width + w
                    let meanProduct = mx[p] * my[p]
                    let numerator = (2 * meanProduct + c1) * (2 * (xy[p] - meanProduct) + c2)
                    let denominator = (mx[p] * mx[p] + my[p] * my[p] + c1) * ((xx[p] - mx[p] * mx[p]) + (yy[p] - my[p] * my[p]) + c2)
                    let value = numerator / (denominator + eps)
                    ssim.append(value)
                    loss.append(min(max((1 - value) / 2, 0), 1))
                }
            }
        }
        return (ssim, loss)
    }

    /// Pairwise summation: another order than the reference's left-to-right.
    static func pairwiseSum(_ values: ArraySlice<T>) -> T {
        if values.count <= 2 { return values.reduce(0, +) }
        let middle = values.startIndex + values.count / 2
        return pairwiseSum(values[..<middle]) + pairwiseSum(values[middle...])
    }
}
