import SSIM
import SSIMAdapterProtocol
import SSIMVectors

/// A generated input for a property check: a pair of images and the loss's parameters.
///
/// Pixels are float32 values, so that the same pair can be asked for in float32 and in float64.
public struct PropertyInput: Sendable, Equatable, CustomStringConvertible {
    public var shape: Shape
    public var img1: [Double]
    public var img2: [Double]
    /// The window size (for MS-SSIM, each scale's).
    public var windowSize: Int
    public var maxVal: Double
    /// An MS-SSIM input's weights, one per scale (nil: an SSIM input).
    public var weights: [Double]? = nil

    /// A pair drawn from `random`: B 1–2, C 1–3, a window of 3 to 11 and H, W up to 6 past it, data range 1 or 255,
    /// img2 img1 plus noise of a random strength (clamped to the range), or img1 reversed for a negative SSIM.
    static func generate(_ random: inout SplitMix64) -> PropertyInput {
        func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let windowSize = [3, 5, 7, 11][below(4)]
        let shape: Shape = [1 + below(2), 1 + below(3), windowSize + below(7), windowSize + below(7)]
        let maxVal = below(2) == 0 ? 1.0 : 255.0
        let count = shape.count
        let img1 = (0..<count).map { _ in Double(Float(maxVal * random.unit())) }
        let noise = [0.05, 0.3, 1][below(3)]
        let img2 = below(5) == 0
            ? img1.reversed()
            : img1.map { Double(Float(min(max($0 + noise * maxVal * (2 * random.unit() - 1), 0), maxVal))) }
        return PropertyInput(shape: shape, img1: img1, img2: img2, windowSize: windowSize, maxVal: maxVal)
    }

    /// An MS-SSIM pair drawn from `random`, of 2 or 3 scales so that the images stay small: B 1–2, C 1–3, a window
    /// of 3, 5 or 7, weights from {0.25, 0.5, 0.75, 1} (not Wang's, nor normalised), data range L 1 or 255, img2 img1
    /// plus noise of a random strength; H and W up to 7 past the smallest side every MS-SSIM library computes
    /// (``smallestMultiScaleSide(windowSize:scales:)``). Pixels lie within [3h, L − 3h], h the gradient's step
    /// (``SSIMProperty/probes(_:)``), so that a probed pixel, moved by 2h at most, stays within [0, L] (piq refuses
    /// pixels outside the range).
    static func generateMultiScale(_ random: inout SplitMix64) -> PropertyInput {
        func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let windowSize = [3, 5, 7][below(3)]
        let weights = (0..<(2 + below(2))).map { _ in Double(1 + below(4)) / 4 }
        let side = smallestMultiScaleSide(windowSize: windowSize, scales: weights.count)
        let shape: Shape = [1 + below(2), 1 + below(3), side + below(8), side + below(8)]
        let maxVal = below(2) == 0 ? 1.0 : 255.0
        let (low, high) = (3e-4 * maxVal, maxVal - 3e-4 * maxVal)
        let img1 = (0..<shape.count).map { _ in Double(Float(low + (high - low) * random.unit())) }
        let noise = [0.05, 0.3, 1][below(3)]
        let img2 = img1.map { Double(Float(min(max($0 + noise * maxVal * (2 * random.unit() - 1), low), high))) }
        return PropertyInput(shape: shape, img1: img1, img2: img2, windowSize: windowSize, maxVal: maxVal, weights: weights)
    }

    /// The smallest side of an MS-SSIM property's images for a window of `windowSize` and `scales` scales: one that
    /// every library's own checks accept, so that a property request is valid for all of them (their size rules are
    /// the vectors' to judge). pytorch-msssim 1.0.0 asserts a side above (k − 1)·16 whatever the number of scales;
    /// torchmetrics 1.9.0 blurs every scale with 11 taps whatever the window (its Gaussian from σ 1.5) and crops its
    /// cs maps by 5 on each side, so its coarsest scale, ⌊n/2^(M−1)⌋, needs 11 pixels
    /// (`docs/msssim-provenance.md`; tools/adapters/evidence/pytorch_msssim_msssim_size_assert.py and
    /// torchmetrics_msssim_size_rule.py show both rules).
    static func smallestMultiScaleSide(windowSize: Int, scales: Int) -> Int {
        max((windowSize - 1) * 16 + 1, 11 << (scales - 1))
    }

    public var description: String {
        let scales = weights.map { ", weights \($0)" } ?? ""
        return "\(shape.dimensions.map(String.init).joined(separator: "×")) images, window \(windowSize), maxVal \(maxVal)\(scales)"
    }

    /// An MS-SSIM protocol case of this pair (or `img1`, `img2` given), with the input's weights or `weights`.
    func msssimRequest(
        _ id: String, img1: [Double]? = nil, img2: [Double]? = nil, shape: Shape? = nil, weights: [Double]? = nil,
        reduction: String, outputs: [AdapterOutput]
    ) -> AdapterCase {
        let shape = (shape ?? self.shape).dimensions
        return .msSSIM(
            id: id, img1: ProtocolArray(shape: shape, precision: .float64, values: img1 ?? self.img1),
            img2: ProtocolArray(shape: shape, precision: .float64, values: img2 ?? self.img2),
            windowSize: Int64(windowSize), maxVal: maxVal, weights: weights ?? self.weights, reduction: reduction,
            outputs: outputs)
    }

    /// A protocol case of this pair (or `img1`, `img2` given), asking for `outputs` in `precision`.
    func request(
        _ id: String, img1: [Double]? = nil, img2: [Double]? = nil, shape: Shape? = nil, maxVal: Double? = nil,
        eps: Double = 1e-12, padding: String = "same", reduction: String = "none",
        precision: Precision = .float64, outputs: [AdapterOutput] = [.ssimMap, .loss]
    ) -> AdapterCase {
        let shape = (shape ?? self.shape).dimensions
        return AdapterCase(
            id: id, img1: ProtocolArray(shape: shape, precision: precision, values: img1 ?? self.img1),
            img2: ProtocolArray(shape: shape, precision: precision, values: img2 ?? self.img2),
            windowSize: Int64(windowSize), maxVal: maxVal ?? self.maxVal, eps: eps, padding: padding,
            reduction: reduction, outputs: outputs)
    }

    /// Simpler inputs that may still fail: fewer samples or channels (down to `minimum`), smaller images, a smaller
    /// window, then coarser pixel values; most aggressive first. An MS-SSIM input keeps its size and window, which
    /// are already near the smallest the libraries take.
    func shrunk(minimumBatch: Int, minimumChannels: Int) -> [PropertyInput] {
        var candidates: [PropertyInput] = []
        if shape.batch > minimumBatch { candidates.append(planes(batch: minimumBatch, channels: shape.channels)) }
        if shape.channels > minimumChannels { candidates.append(planes(batch: shape.batch, channels: minimumChannels)) }
        for (axis, size) in [(2, shape.height), (3, shape.width)] where weights == nil && size > windowSize {
            candidates.append(cropped(axis: axis, to: windowSize))
            if size > windowSize + 1 { candidates.append(cropped(axis: axis, to: size - 1)) }
        }
        if weights == nil && windowSize > 3 {
            var smaller = self
            smaller.windowSize -= 2
            candidates.append(smaller)
        }
        for levels in [1.0, 4.0] {
            var coarse = self
            coarse.img1 = img1.map { ($0 / maxVal * levels).rounded() / levels * maxVal }
            coarse.img2 = img2.map { ($0 / maxVal * levels).rounded() / levels * maxVal }
            if coarse != self { candidates.append(coarse) }
        }
        return candidates
    }

    /// The first `batch` samples and `channels` channels.
    func planes(batch: Int, channels: Int) -> PropertyInput {
        func pick(_ values: [Double]) -> [Double] {
            (0..<batch).flatMap { b in (0..<channels).flatMap { c in values[shape.index(b, c, 0, 0)...].prefix(shape.planeSize) } }
        }
        var input = self
        (input.shape.batch, input.shape.channels) = (batch, channels)
        (input.img1, input.img2) = (pick(img1), pick(img2))
        return input
    }

    /// The first `size` rows (axis 2) or columns (axis 3).
    private func cropped(axis: Int, to size: Int) -> PropertyInput {
        var input = self
        if axis == 2 { input.shape.height = size } else { input.shape.width = size }
        let (height, width) = (shape.height, shape.width)
        func crop(_ values: [Double]) -> [Double] {
            values.indices.filter { index in (axis == 2 ? index / width % height : index % width) < size }.map { values[$0] }
        }
        (input.img1, input.img2) = (crop(img1), crop(img2))
        return input
    }
}

/// Rearrangements of (B, C, H, W) arrays: what equivariance properties apply to images and maps alike.
enum Layout {
    /// Each row reversed (a horizontal flip).
    static func flipped(_ values: [Double], shape: Shape) -> [Double] {
        let width = shape.width
        return values.indices.map { index in values[index - index % width + (width - 1 - index % width)] }
    }

    /// H and W swapped in every plane; the shape becomes (B, C, W, H).
    static func transposed(_ values: [Double], shape: Shape) -> [Double] {
        let (height, width) = (shape.height, shape.width)
        return values.indices.map { index in
            let (plane, pixel) = index.quotientAndRemainder(dividingBy: height * width)
            let (row, column) = pixel.quotientAndRemainder(dividingBy: height)  // in the transposed (W, H) plane
            return values[plane * height * width + column * width + row]
        }
    }

    /// Plane p of B·C planes, each of `plane` elements.
    static func plane(_ values: [Double], _ index: Int, size plane: Int) -> [Double] {
        Array(values[(index * plane)..<((index + 1) * plane)])
    }

    /// The elements of a 'same' map of `shape` whose window, reaching `reach` pixels on each side and reading
    /// beyond the edge by the rule of `border`, reads image element `pixel`.
    static func reached(by pixel: Int, shape: Shape, reach: Int, border: SSIMConvention.Border) -> Set<Int> {
        let (plane, within) = pixel.quotientAndRemainder(dividingBy: shape.planeSize)
        let (row, column) = within.quotientAndRemainder(dividingBy: shape.width)
        /// The positions along a line of n pixels whose window reads position p.
        func readers(of p: Int, _ n: Int) -> [Int] {
            (0..<n).filter { i in
                (-reach...reach).contains { t in border.source(i + t, in: n) == p }
            }
        }
        let rows = readers(of: row, shape.height), columns = readers(of: column, shape.width)
        return Set(rows.flatMap { r in columns.map { c in plane * shape.planeSize + r * shape.width + c } })
    }

    /// The crop of an (H, W)-plane array by `crop` on each edge.
    static func cropped(_ values: [Double], shape: Shape, by crop: Int) -> [Double] {
        let (height, width) = (shape.height, shape.width)
        return values.indices.filter { index in
            let (row, column) = (index / width % height, index % width)
            return row >= crop && row < height - crop && column >= crop && column < width - crop
        }.map { values[$0] }
    }
}
