import Foundation

/// A second, independent MS-SSIM + L1 loss (Zhao et al. 2017, as Kornia 0.9.0's `MS_SSIMLoss` computes it) in the
/// working precision `T`, with its gradients, written apart from the reference (``MSSSIML1Reference``) to check it
/// and its error bounds. Where the reference blurs separably with exact taps, this one builds each 1-D Gaussian in `T`
/// (exp, then divided by its sum), its 2-D window as the outer product in `T`, and correlates with the whole 2-D
/// window at once over a zero border, as Kornia's `conv2d` does; its gradients are written from the derivatives of l
/// and cs with respect to the five moments directly (not through the ratio's terms), carried to the pixels by the
/// same 2-D window (it is symmetric, so its transpose is itself).
///
/// In `Float` it computes as Kornia does on float32 images: the same taps and every operation in float32.
public struct AlternativeMSSSIML1<T: BinaryFloatingPoint> {
    public var sigmas: [Double] = [0.5, 1, 2, 4, 8]
    public var alpha: T = 0.025
    public var compensation: T = 200
    public let maxVal: T

    public init(maxVal: T) { self.maxVal = maxVal }

    /// The loss (reduced by "mean" or "sum", or the (B, H, W) map for "none") and, if asked, ∂/∂img1 and ∂/∂img2
    /// (of the map's sum for "none").
    public struct Outputs {
        public var loss: [T]
        public var gradImg1: [T]?
        public var gradImg2: [T]?
    }

    public func evaluate(_ img1: [T], _ img2: [T], shape: [Int], reduction: String, gradients: Bool) -> Outputs {
        let (batch, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
        let size = height * width, reach = Int(2 * sigmas.last!)
        let windows = sigmas.map { window(sigma: $0, reach: reach) }
        let c1 = T((0.01 * Double(maxVal)) * (0.01 * Double(maxVal))), c2 = T((0.03 * Double(maxVal)) * (0.03 * Double(maxVal)))
        func correlate(_ plane: [T], _ window: [T]) -> [T] {
            let side = 2 * reach + 1
            return (0..<size).map { p in
                let (row, column) = (p / width, p % width)
                var sum: T = 0
                for i in 0..<side {
                    let r = row + i - reach
                    guard r >= 0 && r < height else { continue }
                    for j in 0..<side {
                        let c = column + j - reach
                        guard c >= 0 && c < width else { continue }
                        sum += window[i * side + j] * plane[r * width + c]
                    }
                }
                return sum
            }
        }
        // Per plane and scale: μx, μy, E[x²], E[y²], E[xy], then l and cs.
        var msssimMaps: [[T]] = [], l1Maps: [[T]] = []
        var planes: [(x: [T], y: [T], moments: [[[T]]])] = []
        for index in 0..<(batch * channels) {
            let x = Array(img1[(index * size)..<((index + 1) * size)]), y = Array(img2[(index * size)..<((index + 1) * size)])
            let moments = windows.map { w in
                [correlate(x, w), correlate(y, w), correlate(zip(x, x).map(*), w), correlate(zip(y, y).map(*), w),
                 correlate(zip(x, y).map(*), w)]
            }
            planes.append((x, y, moments))
            msssimMaps.append((0..<size).map { p in
                let last = moments[moments.count - 1]
                var value = Self.luminance(last[0][p], last[1][p], c1)
                for m in moments { value *= Self.contrastStructure(m.map { $0[p] }, c2) }
                return value
            })
            l1Maps.append(correlate(zip(x, y).map { abs($0 - $1) }, windows.last!))
        }
        var loss: [T] = []
        for b in 0..<batch {
            for p in 0..<size {
                var ms: T = 0, l1: T = 0
                for c in 0..<channels { ms += msssimMaps[b * channels + c][p]; l1 += l1Maps[b * channels + c][p] }
                ms /= T(channels)
                l1 /= T(channels)
                loss.append(compensation * (alpha * (1 - ms) + (1 - alpha) * l1 / maxVal))
            }
        }
        let total = loss.reduce(0, +)
        var outputs = Outputs(loss: reduction == "none" ? loss : [reduction == "mean" ? total / T(loss.count) : total])
        guard gradients else { return outputs }

        let perElement: T = reduction == "mean" ? 1 / T(loss.count) : 1
        let gradMS = -compensation * alpha * perElement / T(channels)
        let gradL1 = compensation * (1 - alpha) / maxVal * perElement / T(channels)
        var grad1: [T] = [], grad2: [T] = []
        for plane in planes {
            var gx = [T](repeating: 0, count: size), gy = gx
            let last = plane.moments.count - 1
            for (s, window) in windows.enumerated() {
                // d m / d(μx, μy, E[x²], E[y²], E[xy]) at each pixel, times the upstream gradient.
                var maps = [[T]](repeating: [T](repeating: 0, count: size), count: 5)
                for p in 0..<size {
                    let all = plane.moments.map { m in m.map { $0[p] } }
                    let lum = Self.luminance(all[last][0], all[last][1], c1)
                    var others: T = lum
                    for (t, m) in all.enumerated() where t != s { others *= Self.contrastStructure(m, c2) }
                    let (mx, my) = (all[s][0], all[s][1])
                    let vx = all[s][2] - mx * mx, vy = all[s][3] - my * my, cov = all[s][4] - mx * my
                    let den = vx + vy + c2, cs = (2 * cov + c2) / den
                    let g = gradMS * others
                    maps[0][p] = g * (2 * mx * cs - 2 * my) / den
                    maps[1][p] = g * (2 * my * cs - 2 * mx) / den
                    maps[2][p] = g * -cs / den
                    maps[3][p] = g * -cs / den
                    maps[4][p] = g * 2 / den
                    if s == last {
                        let lden = mx * mx + my * my + c1
                        let gl = gradMS * all.map { Self.contrastStructure($0, c2) }.reduce(1, *)
                        maps[0][p] += gl * (2 * my - 2 * mx * lum) / lden
                        maps[1][p] += gl * (2 * mx - 2 * my * lum) / lden
                    }
                }
                let back = maps.map { correlate($0, window) }
                for i in 0..<size {
                    gx[i] += back[0][i] + 2 * plane.x[i] * back[2][i] + plane.y[i] * back[4][i]
                    gy[i] += back[1][i] + 2 * plane.y[i] * back[3][i] + plane.x[i] * back[4][i]
                }
            }
            let spread = correlate([T](repeating: gradL1, count: size), windows.last!)
            for i in 0..<size {
                let sign: T = plane.x[i] > plane.y[i] ? 1 : plane.x[i] < plane.y[i] ? -1 : 0
                gx[i] += sign * spread[i]
                gy[i] -= sign * spread[i]
            }
            grad1 += gx
            grad2 += gy
        }
        (outputs.gradImg1, outputs.gradImg2) = (grad1, grad2)
        return outputs
    }

    /// The 2-D window of σ over ±reach, row-major: the outer product, in `T`, of the 1-D Gaussian built in `T`.
    func window(sigma: Double, reach: Int) -> [T] {
        let line = (-reach...reach).map { T(exp(-Double($0 * $0) / (2 * sigma * sigma))) }
        let total = line.reduce(0, +)
        let normalised = line.map { $0 / total }
        return normalised.flatMap { a in normalised.map { a * $0 } }
    }

    static func luminance(_ mx: T, _ my: T, _ c1: T) -> T { (2 * mx * my + c1) / (mx * mx + my * my + c1) }

    /// cs from the five moments (μx, μy, E[x²], E[y²], E[xy]).
    static func contrastStructure(_ m: [T], _ c2: T) -> T {
        let vx = m[2] - m[0] * m[0], vy = m[3] - m[1] * m[1], cov = m[4] - m[0] * m[1]
        return (2 * cov + c2) / (vx + vy + c2)
    }
}
