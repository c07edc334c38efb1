import Foundation

/// A second, independent MS-SSIM in the working precision `T`, with its gradients, written apart from the reference
/// (``MSSSIMReference``) to check it and its error bounds: a correct implementation of the same algorithm, computing
/// in other orders and groupings. The plane is blurred along H first (each weighted sum from the last tap to the
/// first) reading a reflected border, and the region asked for is kept afterwards; SSIM is l·cs with
/// l = (2μxμy + C1)/(μx² + μy² + C1) and cs from σ² and σxy; means are summed pairwise; the pyramid is its own (each
/// output a quarter of its block's sum); the product of the powers is exp(Σ w·log b); the gradients go back through
/// l and cs themselves, d MS-SSIM/d b = MS-SSIM·w/b, the blur's transpose (scattered, not folded) and the pyramid's.
///
/// What it covers: a Gaussian window of σ 1.5 and `windowSize` taps, K = (0.01, 0.03), no eps, population moments;
/// the mean cs at every scale but the last and the mean SSIM there, the cs maps 'valid' and the last SSIM map 'valid'
/// or whole (``Options/wholeSSIMMap``, over the reflected border: torchmetrics'); downsampling with the last row or
/// column repeated, a zero before the first, or the last dropped; negative means as they are (NaN) or relu'd; each
/// (sample, channel) or each sample pooled; the weights as given, rounded to `T`.
///
/// And, to plant departures from that (forward outputs only: the gradients do not follow these): the first row and
/// column repeated when either side is odd, means mapped to (v + 1)/2, the weights divided by their sum or rounded to
/// float32, a fixed data range or one estimated at every scale (the larger of max − min of either image's planes), the mean SSIM at every scale, the cs maps whole too; at each scale a uniform window,
/// a window of 11 taps whatever is asked, taps rounded to float32, or sample moments (N/(N − 1), N the taps²).
///
/// With a ``rounding`` to a narrower precision it computes as a half-precision implementation does: every operation's
/// result, the window's weights, the exponents and each weighted sum's result (a blur pass, a block average, a mean,
/// a reduction) rounded to it, the sums accumulated in `T` (float32) in between.
public struct AlternativeMSSSIM<T: BinaryFloatingPoint> {
    public typealias Downsampling = AlternativeMSSSIMOptions.Downsampling
    public typealias Options = AlternativeMSSSIMOptions

    /// What one evaluation gives: MS-SSIM and 1 − MS-SSIM per unit, the reduced loss, the gradients.
    public struct Outputs {
        public init(msssim: [T], loss: [T], reducedLoss: T?, gradImg1: [T]?, gradImg2: [T]?) {
            (self.msssim, self.loss, self.reducedLoss, self.gradImg1, self.gradImg2) = (msssim, loss, reducedLoss, gradImg1, gradImg2)
        }

        public var msssim: [T]
        public var loss: [T]
        public var reducedLoss: T?
        public var gradImg1: [T]?
        public var gradImg2: [T]?
    }

    public let options: Options
    public let maxVal: T
    /// Rounds a result to the precision computed in: identity for `T` itself.
    public let rounding: (T) -> T

    public init(_ options: Options = Options(), maxVal: T, rounding: @escaping (T) -> T = { $0 }) {
        (self.options, self.maxVal, self.rounding) = (options, maxVal, rounding)
    }

    /// One image plane.
    struct Grid {
        let height: Int
        let width: Int
        var values: [T]
    }

    /// MS-SSIM of (B, C, H, W) images, its loss reduced by "mean", "sum" or "none", and if asked the gradients of
    /// the reduced loss (of the sum of the losses for "none").
    public func evaluate(_ x: [T], _ y: [T], shape: [Int], reduction: String, gradients: Bool) -> Outputs {
        let (batch, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
        let planes = batch * channels
        let unitOf = { (plane: Int) in options.perImage ? plane / channels : plane }
        let units = options.perImage ? batch : planes
        let scales = options.weights.count
        // The pyramid of every plane, finest first.
        var pyramids = (0..<planes).map { p -> [(Grid, Grid)] in
            let range = (p * height * width)..<((p + 1) * height * width)
            return [(Grid(height: height, width: width, values: Array(x[range])),
                     Grid(height: height, width: width, values: Array(y[range])))]
        }
        for p in 0..<planes {
            for _ in 1..<scales {
                let (a, b) = pyramids[p].last!
                pyramids[p].append((halved(a), halved(b)))
            }
        }
        // Each scale's data range: the given or fixed L, or the larger of the two images' max − min over every plane.
        let ranges = (0..<scales).map { j -> T in
            guard options.estimatedRange else { return options.fixedRange.map { T($0) } ?? maxVal }
            func spread(_ side: (Grid, Grid) -> Grid) -> T {
                let values = pyramids.flatMap { side($0[j].0, $0[j].1).values }
                return rounding(values.max()! - values.min()!)
            }
            let (first, second) = (spread { a, _ in a }, spread { _, b in b })
            return second > first ? second : first
        }
        // Each scale's map per unit, and its mean.
        var means = [[T]](repeating: [T](repeating: 0, count: units), count: scales)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: units), count: scales)
        for j in 0..<scales {
            var maps = [[T]](repeating: [], count: units)
            for p in 0..<planes {
                let (a, b) = pyramids[p][j]
                maps[unitOf(p)] += forward(a, b, ssim: j == scales - 1 || options.ssimAtEveryScale, range: ranges[j]).map
            }
            for u in 0..<units {
                means[j][u] = rounding(pairwise(maps[u][...]) / T(maps[u].count))
                counts[j][u] = maps[u].count
            }
        }
        let weights = options.weights.map { options.float32Weights ? Double(Float($0)) : $0 }
        let total = weights.reduce(0, +)
        let exponents = weights.map { rounding(T(options.normalisedWeights ? $0 / total : $0)) }
        let bases = means.map { $0.map { options.relu ? Swift.max($0, 0) : options.halfShifted ? ($0 + 1) / 2 : $0 } }
        let msssim = (0..<units).map { u in
            var exponent: T = 0
            for j in 0..<scales { exponent = rounding(exponent + rounding(exponents[j] * rounding(log(bases[j][u])))) }
            return rounding(T(Foundation.exp(Double(exponent))))
        }
        let loss = msssim.map { rounding(1 - $0) }
        var outputs = Outputs(msssim: msssim, loss: loss, reducedLoss: nil, gradImg1: nil, gradImg2: nil)
        switch reduction {
        case "mean": outputs.reducedLoss = rounding(pairwise(loss[...]) / T(units))
        case "sum": outputs.reducedLoss = rounding(pairwise(loss[...]))
        default: outputs.reducedLoss = nil
        }
        guard gradients else { return outputs }

        let upstream: T = reduction == "mean" ? rounding(-1 / T(units)) : -1
        // d loss/d (each map element of scale j, unit u).
        let elementGradients = (0..<scales).map { j in
            (0..<units).map { u -> T in
                if options.relu && means[j][u] <= 0 { return 0 }
                let gradBase = rounding(rounding(upstream * msssim[u]) * rounding(exponents[j] / bases[j][u]))
                return rounding(gradBase / T(counts[j][u]))
            }
        }
        var grad1: [T] = [], grad2: [T] = []
        for p in 0..<planes {
            var carried: (Grid, Grid)?
            for j in (0..<scales).reversed() {
                let (a, b) = pyramids[p][j]
                var (ga, gb) = backward(a, b, ssim: j == scales - 1, weight: elementGradients[j][unitOf(p)], range: ranges[j])
                if let (ca, cb) = carried {
                    ga.values = zip(ga.values, unhalved(ca, to: a).values).map { rounding($0 + $1) }
                    gb.values = zip(gb.values, unhalved(cb, to: b).values).map { rounding($0 + $1) }
                }
                carried = (ga, gb)
            }
            grad1 += carried!.0.values
            grad2 += carried!.1.values
        }
        (outputs.gradImg1, outputs.gradImg2) = (grad1, grad2)
        return outputs
    }

    // MARK: One scale

    /// The taps of each scale's window.
    public var taps: Int { options.fixedTaps ?? options.windowSize }

    var radius: Int { taps / 2 }

    var window: [T] {
        let raw = (0..<taps).map { t in options.uniformWindow ? 1 : Foundation.exp(-Double((t - radius) * (t - radius)) / (2 * 1.5 * 1.5)) }
        let total = raw.reduce(0, +)
        return raw.map { rounding(T(options.float32Taps ? Double(Float($0 / total)) : $0 / total)) }
    }

    /// Where index `i` of a line of `n` reads from, reflected at the edges.
    func source(_ i: Int, _ n: Int) -> Int { i < 0 ? -i : (i >= n ? 2 * n - 2 - i : i) }

    /// The Gaussian blur of a plane at every pixel, along H then along W.
    func blurred(_ plane: Grid) -> Grid {
        let (h, w, k, window) = (plane.height, plane.width, taps, window)
        var columns = [T](repeating: 0, count: h * w), out = columns
        for row in 0..<h {
            for column in 0..<w {
                var sum: T = 0
                for t in stride(from: k - 1, through: 0, by: -1) {
                    sum += window[t] * plane.values[source(row + t - radius, h) * w + column]
                }
                columns[row * w + column] = rounding(sum)
            }
        }
        for row in 0..<h {
            for column in 0..<w {
                var sum: T = 0
                for t in stride(from: k - 1, through: 0, by: -1) {
                    sum += window[t] * columns[row * w + source(column + t - radius, w)]
                }
                out[row * w + column] = rounding(sum)
            }
        }
        return Grid(height: h, width: w, values: out)
    }

    /// The transpose of ``blurred(_:)``: each output's gradient scattered back to the pixels it read, along W then
    /// along H.
    func unblurred(_ gradient: Grid) -> Grid {
        let (h, w, k, window) = (gradient.height, gradient.width, taps, window)
        var columns = [T](repeating: 0, count: h * w), out = columns
        for row in 0..<h {
            for column in 0..<w where gradient.values[row * w + column] != 0 {
                for t in 0..<k {
                    let target = row * w + source(column + t - radius, w)
                    columns[target] = columns[target] + window[t] * gradient.values[row * w + column]
                }
            }
        }
        columns = columns.map(rounding)
        for row in 0..<h {
            for column in 0..<w {
                for t in 0..<k {
                    let target = source(row + t - radius, h) * w + column
                    out[target] = out[target] + window[t] * columns[row * w + column]
                }
            }
        }
        return Grid(height: h, width: w, values: out.map(rounding))
    }

    /// The pixels a scale's map keeps: the 'valid' region, or all of them for the last scale's whole SSIM map.
    func region(_ plane: Grid, ssim: Bool) -> [Int] {
        let crop = (ssim ? options.wholeSSIMMap : options.wholeCSMaps) ? 0 : radius
        return (crop..<(plane.height - crop)).flatMap { row in
            (crop..<(plane.width - crop)).map { row * plane.width + $0 }
        }
    }

    struct Moments {
        let mx: Grid, my: Grid, sxx: Grid, syy: Grid, sxy: Grid
    }

    func moments(_ a: Grid, _ b: Grid) -> Moments {
        func product(_ p: Grid, _ q: Grid) -> Grid {
            Grid(height: p.height, width: p.width, values: zip(p.values, q.values).map { rounding($0 * $1) })
        }
        return Moments(
            mx: blurred(a), my: blurred(b), sxx: blurred(product(a, a)), syy: blurred(product(b, b)),
            sxy: blurred(product(a, b)))
    }

    func constants(range: T) -> (c1: T, c2: T) {
        let (l1, l2) = (rounding(T(0.01) * range), rounding(T(0.03) * range))
        return (rounding(l1 * l1), rounding(l2 * l2))
    }

    /// The terms at pixel p: l = n/d and cs = a/b.
    func terms(_ m: Moments, _ p: Int, range: T) -> (n: T, d: T, a: T, b: T) {
        let (c1, c2) = constants(range: range)
        let (mx, my) = (m.mx.values[p], m.my.values[p])
        let (xx, yy, xy) = (rounding(mx * mx), rounding(my * my), rounding(mx * my))
        let scaled = options.sampleMoments ? T(taps * taps) / T(taps * taps - 1) : 1
        let varianceX = rounding(scaled * rounding(m.sxx.values[p] - xx)), varianceY = rounding(scaled * rounding(m.syy.values[p] - yy))
        let covariance = rounding(scaled * rounding(m.sxy.values[p] - xy))
        return (
            rounding(rounding(2 * xy) + c1), rounding(rounding(xx + yy) + c1),
            rounding(rounding(2 * covariance) + c2), rounding(rounding(varianceX + varianceY) + c2)
        )
    }

    /// The SSIM or cs map of one scale over its region.
    func forward(_ a: Grid, _ b: Grid, ssim: Bool, range: T) -> (map: [T], moments: Moments) {
        let m = moments(a, b)
        let map = region(a, ssim: ssim).map { p -> T in
            let t = terms(m, p, range: range)
            let cs = rounding(t.a / t.b)
            return ssim ? rounding(rounding(t.n / t.d) * cs) : cs
        }
        return (map, m)
    }

    /// ∂/∂a and ∂/∂b of `weight` × the sum of the scale's map.
    func backward(_ a: Grid, _ b: Grid, ssim: Bool, weight: T, range: T) -> (Grid, Grid) {
        let m = forward(a, b, ssim: ssim, range: range).moments
        let count = a.values.count
        var gmx = [T](repeating: 0, count: count), gmy = gmx, gss = gmx, gxy = gmx
        for p in region(a, ssim: ssim) {
            let t = terms(m, p, range: range)
            let (mx, my) = (m.mx.values[p], m.my.values[p])
            let cs = rounding(t.a / t.b), l = rounding(t.n / t.d)
            // d/d(n, d, a, b) of the weighted map element.
            let dcs = ssim ? rounding(weight * l) : weight
            let dl: T = ssim ? rounding(weight * cs) : 0
            let (dn, dd) = (rounding(dl / t.d), rounding(-rounding(dl * l) / t.d))
            let (da, db) = (rounding(dcs / t.b), rounding(-rounding(dcs * cs) / t.b))
            // n = 2μxμy + C1, d = μx² + μy² + C1, a = 2(E[xy] − μxμy) + C2, b = E[x²] − μx² + E[y²] − μy² + C2.
            let luminance = rounding(dn - da), spread = rounding(dd - db)
            gmx[p] = rounding(rounding(2 * rounding(my * luminance)) + rounding(2 * rounding(mx * spread)))
            gmy[p] = rounding(rounding(2 * rounding(mx * luminance)) + rounding(2 * rounding(my * spread)))
            gss[p] = db
            gxy[p] = rounding(2 * da)
        }
        func back(_ values: [T]) -> [T] { unblurred(Grid(height: a.height, width: a.width, values: values)).values }
        let (bmx, bmy, bss, bxy) = (back(gmx), back(gmy), back(gss), back(gxy))
        let ga = (0..<count).map { i in
            rounding(rounding(bmx[i] + rounding(2 * rounding(a.values[i] * bss[i]))) + rounding(b.values[i] * bxy[i]))
        }
        let gb = (0..<count).map { i in
            rounding(rounding(bmy[i] + rounding(2 * rounding(b.values[i] * bss[i]))) + rounding(a.values[i] * bxy[i]))
        }
        return (Grid(height: a.height, width: a.width, values: ga), Grid(height: b.height, width: b.width, values: gb))
    }

    // MARK: The pyramid

    /// The two pixels each output of a line of `n` averages (nil: a zero), in a plane with an odd side or not.
    func sources(_ n: Int, oddPlane: Bool) -> [(Int?, Int)] {
        switch options.downsampling {
        case .repeatLast: (0..<((n + 1) / 2)).map { (2 * $0, Swift.min(2 * $0 + 1, n - 1)) }
        case .zeroBefore where n % 2 == 1: (0..<((n + 1) / 2)).map { ($0 == 0 ? nil : 2 * $0 - 1, 2 * $0) }
        case .replicateFirst where oddPlane: (0..<((n + 1) / 2)).map { (Swift.max(2 * $0 - 1, 0), 2 * $0) }
        case .zeroBefore, .dropLast, .replicateFirst: (0..<(n / 2)).map { (2 * $0, 2 * $0 + 1) }
        }
    }

    /// The sides of a plane of `height` × `width` once halved.
    public func halvedSides(_ height: Int, _ width: Int) -> (height: Int, width: Int) {
        let odd = height % 2 == 1 || width % 2 == 1
        return (sources(height, oddPlane: odd).count, sources(width, oddPlane: odd).count)
    }

    /// 2 × 2 block averages: a quarter of each block's sum.
    func halved(_ plane: Grid) -> Grid {
        let odd = plane.height % 2 == 1 || plane.width % 2 == 1
        let (rows, columns) = (sources(plane.height, oddPlane: odd), sources(plane.width, oddPlane: odd))
        var out: [T] = []
        for (r0, r1) in rows {
            for (c0, c1) in columns {
                var sum: T = 0
                for r in [r0, r1] {
                    for c in [c0, c1] {
                        if let r, let c { sum += plane.values[r * plane.width + c] }
                    }
                }
                out.append(rounding(sum / 4))
            }
        }
        return Grid(height: rows.count, width: columns.count, values: out)
    }

    /// The transpose of ``halved(_:)``: a quarter of each output's gradient to each pixel of its block.
    func unhalved(_ gradient: Grid, to plane: Grid) -> Grid {
        let odd = plane.height % 2 == 1 || plane.width % 2 == 1
        let (rows, columns) = (sources(plane.height, oddPlane: odd), sources(plane.width, oddPlane: odd))
        var out = [T](repeating: 0, count: plane.values.count)
        for (i, (r0, r1)) in rows.enumerated() {
            for (k, (c0, c1)) in columns.enumerated() {
                let share = rounding(gradient.values[i * gradient.width + k] / 4)
                for r in [r0, r1] {
                    for c in [c0, c1] {
                        if let r, let c { out[r * plane.width + c] += share }
                    }
                }
            }
        }
        return Grid(height: plane.height, width: plane.width, values: out.map(rounding))
    }

    // MARK: Arithmetic

    /// The sum, halving the range recursively.
    func pairwise(_ values: ArraySlice<T>) -> T {
        if values.count <= 2 { return values.reduce(0, +) }
        let middle = values.startIndex + values.count / 2
        return pairwise(values[..<middle]) + pairwise(values[middle...])
    }

    /// The natural logarithm, correctly rounded to `T` (through `Double`) and then to the precision computed in.
    func log(_ value: T) -> T { rounding(T(Foundation.log(Double(value)))) }
}

/// What ``AlternativeMSSSIM`` computes, whatever its working precision.
public struct AlternativeMSSSIMOptions: Sendable {
    public enum Downsampling: Sendable { case repeatLast, zeroBefore, dropLast, replicateFirst }

    public var windowSize = 11
    public var weights = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]
    public var downsampling = Downsampling.repeatLast
    public var relu = false
    public var perImage = false
    /// The last scale's SSIM map over the whole image (reflected border) rather than its 'valid' region.
    public var wholeSSIMMap = false
    /// The cs maps over the whole image (reflected border) too.
    public var wholeCSMaps = false
    /// Each mean v raised as (v + 1)/2.
    public var halfShifted = false
    /// The weights divided by their sum.
    public var normalisedWeights = false
    /// The weights rounded to float32 first.
    public var float32Weights = false
    /// This data range whatever `maxVal` is.
    public var fixedRange: Double?
    /// The data range estimated at every scale from its images, whatever `maxVal` is.
    public var estimatedRange = false
    /// The mean SSIM at every scale, not cs but at the last.
    public var ssimAtEveryScale = false
    /// A uniform window rather than the Gaussian.
    public var uniformWindow = false
    /// This many taps whatever `windowSize` asks (the 'valid' maps cropped by its radius).
    public var fixedTaps: Int?
    /// The window's weights rounded to float32.
    public var float32Taps = false
    /// Variances and covariance scaled by N/(N − 1), N the window's taps squared.
    public var sampleMoments = false

    public init() {}
}
