import Foundation

/// A second, independent MS-SSIM in `Double`, written apart from the reference (``MSSSIMReference``) to check it:
/// Wang's msssim.m recipe computed directly. Each map pixel sums its window's k × k products with the 2-D Gaussian
/// (the outer product of the 1-D one, weights normalised over all k² of them) rather than blurring separably; the
/// moments become σ² and σxy before the ratio; the pyramid is its own (odd sizes: the last row or column repeated,
/// then 2 × 2 averages summed in one go); means are summed pairwise; the product of the powers is taken as
/// exp(Σ w·log b).
///
/// Only what msssim.m does: a Gaussian window of σ 1.5 and `windowSize` taps read only inside the image ('valid'),
/// K = (0.01, 0.03), no eps, the mean cs at every scale but the last and the mean SSIM there, each (sample,
/// channel) on its own, the weights as given. Negative means give NaN (their log is NaN).
public struct AlternativeMSSSIM {
    public let windowSize: Int
    public let weights: [Double]
    public let maxVal: Double

    public init(windowSize: Int = 11, weights: [Double] = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333], maxVal: Double) {
        (self.windowSize, self.weights, self.maxVal) = (windowSize, weights, maxVal)
    }

    /// MS-SSIM of each (sample, channel) of (B, C, H, W) images, in row-major order.
    public func msssim(_ x: [Double], _ y: [Double], shape: [Int]) -> [Double] {
        let (planes, height, width) = (shape[0] * shape[1], shape[2], shape[3])
        return (0..<planes).map { plane in
            let range = (plane * height * width)..<((plane + 1) * height * width)
            var (a, b) = (Grid(height: height, width: width, values: Array(x[range])),
                          Grid(height: height, width: width, values: Array(y[range])))
            var logSum = 0.0
            for (scale, weight) in weights.enumerated() {
                if scale > 0 { (a, b) = (a.halved(), b.halved()) }
                let (meanSSIM, meanCS) = means(a, b)
                logSum += weight * Foundation.log(scale == weights.count - 1 ? meanSSIM : meanCS)
            }
            return Foundation.exp(logSum)
        }
    }

    /// One image plane.
    struct Grid {
        let height: Int
        let width: Int
        var values: [Double]

        subscript(row: Int, column: Int) -> Double { values[row * width + column] }

        /// 2 × 2 block averages, ⌈n/2⌉ each way, an odd side's last row or column standing in for the missing one.
        func halved() -> Grid {
            let (newHeight, newWidth) = ((height + 1) / 2, (width + 1) / 2)
            var out: [Double] = []
            for row in 0..<newHeight {
                let (r0, r1) = (2 * row, Swift.min(2 * row + 1, height - 1))
                for column in 0..<newWidth {
                    let (c0, c1) = (2 * column, Swift.min(2 * column + 1, width - 1))
                    out.append(0.25 * (self[r0, c0] + self[r0, c1] + self[r1, c0] + self[r1, c1]))
                }
            }
            return Grid(height: newHeight, width: newWidth, values: out)
        }
    }

    /// The mean SSIM and the mean cs over the 'valid' positions of one scale.
    func means(_ x: Grid, _ y: Grid) -> (ssim: Double, cs: Double) {
        let k = windowSize
        let sigma = 1.5
        var kernel = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            for j in 0..<k {
                let (di, dj) = (Double(i - k / 2), Double(j - k / 2))
                kernel[i * k + j] = Foundation.exp(-(di * di + dj * dj) / (2 * sigma * sigma))
            }
        }
        let total = pairwise(kernel)
        kernel = kernel.map { $0 / total }
        let (c1, c2) = (0.01 * maxVal * 0.01 * maxVal, 0.03 * maxVal * 0.03 * maxVal)
        var ssims: [Double] = [], css: [Double] = []
        for top in 0...(x.height - k) {
            for left in 0...(x.width - k) {
                var (sx, sy, sxx, syy, sxy) = (0.0, 0.0, 0.0, 0.0, 0.0)
                for i in 0..<k {
                    for j in 0..<k {
                        let w = kernel[i * k + j]
                        let (a, b) = (x[top + i, left + j], y[top + i, left + j])
                        sx += w * a
                        sy += w * b
                        sxx += w * a * a
                        syy += w * b * b
                        sxy += w * a * b
                    }
                }
                let (varX, varY, cov) = (sxx - sx * sx, syy - sy * sy, sxy - sx * sy)
                let cs = (2 * cov + c2) / (varX + varY + c2)
                css.append(cs)
                ssims.append((2 * sx * sy + c1) / (sx * sx + sy * sy + c1) * cs)
            }
        }
        return (pairwise(ssims) / Double(ssims.count), pairwise(css) / Double(css.count))
    }

    /// The sum, halving the range recursively.
    func pairwise(_ values: [Double]) -> Double {
        func sum(_ range: Range<Int>) -> Double {
            if range.count <= 2 { return range.reduce(0) { $0 + values[$1] } }
            let middle = range.lowerBound + range.count / 2
            return sum(range.lowerBound..<middle) + sum(middle..<range.upperBound)
        }
        return sum(0..<values.count)
    }
}
