import Foundation

/// A second, independent SSIM in the working precision `T`, summing in other orders than the reference: the
/// plane padded first and then filtered without a border rule, the kernel built in `T`, the blur along H first,
/// each weighted sum from the last tap to the first, the products grouped differently, and reductions summed
/// pairwise. Without defects it is a correct implementation of the same algorithm: the acceptance bounds of its
/// precision must pass it everywhere.
///
/// With a ``rounding`` to a narrower precision it computes as a half-precision implementation does: every
/// operation's result, the window's weights and each blur pass's result rounded to it, the weighted sums
/// accumulated in `T` (float32) in between. With ``AlternativeSSIMDefects`` it makes the known mistakes on purpose,
/// written independently of the reference's variants, so that the diagnosis is tested against code it does not share.
public struct AlternativeSSIM<T: BinaryFloatingPoint> {
    public let windowSize: Int
    public let maxVal: T
    public let eps: T
    public let valid: Bool
    public let defects: AlternativeSSIMDefects
    /// Rounds a result to the precision computed in: identity for `T` itself.
    public let rounding: (T) -> T
    /// The pixels a 'valid' map drops from each edge.
    private let validCrop: Int

    public init(
        windowSize: Int, maxVal: T, eps: T, valid: Bool, defects: AlternativeSSIMDefects = AlternativeSSIMDefects(),
        rounding: @escaping (T) -> T = { $0 }
    ) {
        self.rounding = rounding
        self.windowSize = defects.fixedWindowSize ?? windowSize
        self.maxVal = maxVal
        self.eps = defects.ignoresEps ? 0 : eps
        self.valid = valid
        self.defects = defects
        validCrop = (defects.cropsAsAsked ? windowSize : self.windowSize) / 2 + defects.extraValidCrop
    }

    /// The SSIM map and the per-pixel loss of (B, C, H, W) images, in `T`.
    public func maps(_ x: [T], _ y: [T], shape: [Int]) -> (ssim: [T], loss: [T]) {
        let (planes, height, width) = (shape[0] * shape[1], shape[2], shape[3])
        let r = windowSize / 2
        let round = rounding
        var window: [T]
        let sigma = defects.sigma.map { defects.sigmaOfTaps?(windowSize) ?? $0 }
        if defects.tapsInFloat32 {
            let raw = (0..<windowSize).map { tap in
                sigma.map { sigma -> Float in
                    let offset = Float(tap - r)
                    let exponent: Float = -(offset * offset) / (2 * Float(sigma) * Float(sigma))
                    return Foundation.exp(exponent)
                } ?? 1
            }
            let total = raw.reduce(0, +)
            window = raw.map { T($0 / total) }
        } else {
            let raw = (0..<windowSize).map { tap in
                sigma.map { sigma in T(exp(-Double((tap - r) * (tap - r)) / (2 * sigma * sigma))) } ?? 1
            }
            let total = raw.reduce(0, +)
            window = raw.map { $0 / total }
        }
        window = window.map(round)
        // Each operation of the formulas, rounded.
        func plus(_ a: T, _ b: T) -> T { round(a + b) }
        func minus(_ a: T, _ b: T) -> T { round(a - b) }
        func times(_ a: T, _ b: T) -> T { round(a * b) }
        func over(_ a: T, _ b: T) -> T { round(a / b) }
        let (k1, k2) = (round(T(defects.k1)), round(T(defects.k2)))
        let (c1, c2) = (times(times(k1, maxVal), times(k1, maxVal)), times(times(k2, maxVal), times(k2, maxVal)))
        let scale = defects.sampleCovariance ? over(T(windowSize * windowSize), T(windowSize * windowSize - 1)) : 1
        let (paddedHeight, paddedWidth) = (height + 2 * r, width + 2 * r)
        /// Where padded index i of a line of n pixels reads from, or nil for a zero.
        func source(_ i: Int, _ n: Int) -> Int? {
            let j = i - r
            if j >= 0 && j < n { return j }
            switch defects.border {
            case .reflect: return j < 0 ? -j : 2 * n - 2 - j
            case .reflect101:
                // Mirrored again until inside, the edge never repeated; a line of one pixel has nothing else to read.
                guard n > 1 else { return 0 }
                var k = j
                while k < 0 || k >= n { k = k < 0 ? -k : 2 * n - 2 - k }
                return k
            case .symmetric:
                // Mirrored again until inside: a window reaching past an image's far edge mirrors more than once.
                var k = j
                while k < 0 || k >= n { k = k < 0 ? -1 - k : 2 * n - 1 - k }
                return k
            case .replicate: return min(max(j, 0), n - 1)
            case .zero: return nil
            case .circular: return (j % n + n) % n
            }
        }
        func blur(_ plane: [T]) -> [T] {
            var padded = [T](repeating: 0, count: paddedHeight * paddedWidth)
            for h in 0..<paddedHeight {
                for w in 0..<paddedWidth {
                    if let sh = source(h, height), let sw = source(w, width) { padded[h * paddedWidth + w] = plane[sh * width + sw] }
                }
            }
            var columns = [T](repeating: 0, count: height * paddedWidth), out = [T](repeating: 0, count: height * width)
            for h in 0..<height {
                for w in 0..<paddedWidth {
                    var sum: T = 0
                    for t in stride(from: windowSize - 1, through: 0, by: -1) { sum += window[t] * padded[(h + t) * paddedWidth + w] }
                    columns[h * paddedWidth + w] = round(sum)
                }
            }
            for h in 0..<height {
                for w in 0..<width {
                    var sum: T = 0
                    for t in stride(from: windowSize - 1, through: 0, by: -1) { sum += window[t] * columns[h * paddedWidth + w + t] }
                    out[h * width + w] = round(sum)
                }
            }
            return out
        }
        var ssim: [T] = [], loss: [T] = []
        for index in 0..<planes {
            let range = (index * height * width)..<((index + 1) * height * width)
            let (xs, ys) = (Array(x[range]), Array(y[range]))
            let mx = blur(xs), my = blur(ys)
            let xx = blur(xs.map { times($0, $0) }), yy = blur(ys.map { times($0, $0) }), xy = blur(zip(xs, ys).map(times))
            let offset = valid ? validCrop : 0
            for h in offset..<(height - offset) {
                for w in offset..<(width - offset) {
                    let p = h * width + w
                    let meanProduct = times(mx[p], my[p])
                    let numerator = times(
                        plus(times(2, meanProduct), c1), plus(times(times(2, scale), minus(xy[p], meanProduct)), c2))
                    let varianceX = minus(xx[p], times(mx[p], mx[p])), varianceY = minus(yy[p], times(my[p], my[p]))
                    let denominator = times(
                        plus(plus(times(mx[p], mx[p]), times(my[p], my[p])), c1), plus(times(scale, plus(varianceX, varianceY)), c2))
                    let value = over(numerator, plus(denominator, eps))
                    ssim.append(value)
                    switch defects.loss {
                    case .halvedThenClamped: loss.append(min(max(over(minus(1, value), 2), 0), 1))
                    case .oneMinusSSIM: loss.append(minus(1, value))
                    case .clampedThenHalved: loss.append(over(min(max(minus(1, value), 0), 1), 2))
                    }
                }
            }
        }
        return (ssim, loss)
    }

    /// The loss reduced as `reduction` ('mean', 'sum'; nil for 'none') asks: summed pairwise in `T`, divided by the
    /// count for the mean, then rounded once.
    public func reduced(_ loss: [T], _ reduction: String) -> T? {
        switch reduction {
        case "sum": rounding(Self.pairwiseSum(loss[...]))
        case "mean": rounding(Self.pairwiseSum(loss[...]) / T(loss.count))
        default: nil
        }
    }

    /// Pairwise summation: another order than the reference's left-to-right.
    public static func pairwiseSum(_ values: ArraySlice<T>) -> T {
        if values.count <= 2 { return values.reduce(0, +) }
        let middle = values.startIndex + values.count / 2
        return pairwiseSum(values[..<middle]) + pairwiseSum(values[middle...])
    }
}

/// Deliberate departures from Kornia's convention.
public struct AlternativeSSIMDefects: Sendable {
    /// torch's `reflect` (mirrored once), OpenCV's `BORDER_REFLECT_101` (mirrored as often as the window reaches),
    /// zeros, the edge repeated, mirrored with the edge repeated, wrapped around.
    public enum Border: Sendable { case reflect, reflect101, zero, replicate, symmetric, circular }
    public enum Loss: Sendable { case halvedThenClamped, oneMinusSSIM, clampedThenHalved }

    public var border = Border.reflect
    /// The Gaussian's σ; nil for a uniform window.
    public var sigma: Double? = 1.5
    /// The Gaussian's σ from the window's number of taps, in place of ``sigma`` (OpenCV's rule, k/6).
    public var sigmaOfTaps: (@Sendable (Int) -> Double)?
    /// A window size used whatever is asked.
    public var fixedWindowSize: Int?
    /// With a fixed window size: 'valid' still cropped by the radius of the size asked.
    public var cropsAsAsked = false
    public var sampleCovariance = false
    public var ignoresEps = false
    public var extraValidCrop = 0
    public var loss = Loss.halvedThenClamped
    /// The constants' K1 and K2 (Kornia's 0.01 and 0.03).
    public var k1 = 0.01
    public var k2 = 0.03
    /// The window's weights computed and normalised in float32, then converted.
    public var tapsInFloat32 = false

    public init() {}
}

/// Rounding a `Float` to the half precisions, written apart from the library's `Precision.rounded`.
public enum HalfRounding {
    /// To IEEE binary16, by Swift's own conversion.
    public static func float16(_ value: Float) -> Float { Float(Float16(value)) }

    /// To bfloat16: the upper 16 bits of the float32, rounded to nearest, ties to even; NaN kept.
    public static func bfloat16(_ value: Float) -> Float {
        guard !value.isNaN else { return value }
        let bits = value.bitPattern
        let roundingBias: UInt32 = 0x7FFF + ((bits >> 16) & 1)
        return Float(bitPattern: (bits &+ roundingBias) & 0xFFFF_0000)
    }
}
