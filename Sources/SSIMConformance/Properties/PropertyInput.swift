import SSIM
import SSIMAdapterProtocol
import SSIMVectors

/// A generated input for a property check: a pair of images and the loss's parameters.
///
/// Pixels are float32 values, so that the same pair can be asked for in float32 and in float64.
///
/// A pair of volumes (the metric `ssim-3d`) has a ``depth`` D: its (B, C, D, H, W) elements are laid out as they are,
/// and ``shape`` is (B, C, D·H, W), each channel's volume its slices stacked as one tall plane, so that what concerns
/// samples, channels and the last axis (splitting a batch, picking a channel, flipping or cropping the width) is
/// done as for images. A pair for MS-SSIM + L1 (the metric `ms-ssim-l1`) ``mixesL1``; one for MS-SSIM, on images or
/// volumes, has ``weights``.
public struct PropertyInput: Sendable, Equatable, CustomStringConvertible {
    public var shape: Shape
    public var img1: [Double]
    public var img2: [Double]
    /// The window size (for MS-SSIM, each scale's).
    public var windowSize: Int
    public var maxVal: Double
    /// An MS-SSIM input's weights, one per scale (nil: an SSIM input).
    public var weights: [Double]? = nil
    /// A pair of volumes' depth D (nil: images).
    public var depth: Int? = nil
    /// Whether the pair is asked for MS-SSIM + L1 (the convention's scales: no weights; ``windowSize`` not read).
    public var mixesL1 = false
    /// The α and compensation an MS-SSIM + L1 pair is asked with (nil: the convention's own).
    public var l1Alpha: Double? = nil
    public var l1Compensation: Double? = nil

    /// A pair drawn from `random`: B 1–2, C 1–3, a window of 3 to 11 and H, W up to 6 past it, data range 1 or 255,
    /// img2 img1 plus noise of a random strength (clamped to the range), or img1 reversed for a negative SSIM.
    static func generate(_ random: inout SplitMix64) -> PropertyInput {
        func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let windowSize = [3, 5, 7, 11][below(4)]
        let shape: Shape = [1 + below(2), 1 + below(3), windowSize + below(7), windowSize + below(7)]
        return generated(&random, shape: shape, windowSize: windowSize, reversible: true)
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
        return probedPair(&random, shape: shape, windowSize: windowSize, weights: weights, mixesL1: false)
    }

    /// A 3-D MS-SSIM pair of volumes drawn from `random`, as small as every library's rules allow so that the
    /// checks stay fast (``SSIMVectors`` picks its 3-D MS-SSIM vectors likewise): two scales, weights from
    /// {0.25, 0.5, 0.75, 1}, a window of 3 (pytorch-msssim asserts H and W above 16·(window − 1)), B and C 1–2 (one
    /// of them 1), H and W 0–1 past the smallest side of images (``smallestMultiScaleSide(windowSize:scales:)``), D
    /// 0–1 past 12 (torchmetrics blurs the depth too with 11 taps, by a reflect pad of 5 that its coarsest scale must
    /// exceed), data range and pixels as ``generateMultiScale(_:)`` draws them.
    static func generateMultiScaleVolume(_ random: inout SplitMix64) -> PropertyInput {
        func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let (windowSize, scales) = (3, 2)
        let weights = (0..<scales).map { _ in Double(1 + below(4)) / 4 }
        let side = smallestMultiScaleSide(windowSize: windowSize, scales: scales)
        let (depth, height, width) = ((6 << (scales - 1)) + below(2), side + below(2), side + below(2))
        let (batch, channels) = below(2) == 0 ? (1 + below(2), 1) : (1, 1 + below(2))
        var input = probedPair(
            &random, shape: [batch, channels, depth * height, width], windowSize: windowSize, weights: weights,
            mixesL1: false)
        input.depth = depth
        return input
    }

    /// An MS-SSIM + L1 pair drawn from `random`: B 1–2, C 1–3, H and W 6–12 (its zero border needs no minimum, and
    /// the 33-tap Gaussians reach across such images whole), data range and pixels as ``generateMultiScale(_:)``
    /// draws them (within [3h, L − 3h] of its longer step h, ``probeStep``), but img2 at least 4h from img1 at each
    /// probed pixel (``SSIMProperty/probes(_:)``): |x − y| has no derivative at 0, and a probe moving a pixel by 2h
    /// at most then never crosses it. ``windowSize`` holds Kornia's 33 taps, as the vectors' cases do (the metric
    /// does not read it). Half the pairs are asked with the convention's α and compensation, half with their own:
    /// α from {0.025 (Kornia's), 0.5, 0.84 (Zhao et al.'s), 1 (the MS-SSIM term alone)} and compensation 1 or 200,
    /// so that an implementation that reads either in its loss but not in its gradient shows; drawn last, so that the
    /// pairs are those drawn before.
    static func generateMultiScaleL1(_ random: inout SplitMix64) -> PropertyInput {
        func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let shape: Shape = [1 + below(2), 1 + below(3), 6 + below(7), 6 + below(7)]
        var input = probedPair(
            &random, shape: shape, windowSize: MSSSIML1Convention.kornia.taps, weights: nil, mixesL1: true)
        let apart = 4 * input.probeStep
        for probe in SSIMProperty.probes(input) where abs(input.img1[probe.pixel] - input.img2[probe.pixel]) < apart {
            let x = input.img1[probe.pixel]
            input.img2[probe.pixel] = Double(Float(x < input.maxVal / 2 ? x + apart : x - apart))
        }
        if below(2) == 0 {
            (input.l1Alpha, input.l1Compensation) = ([0.025, 0.5, 0.84, 1][below(4)], [1.0, 200][below(2)])
        }
        return input
    }

    /// A pair of `shape` drawn from `random` for a multi-scale metric: data range L 1 or 255, img2 img1 plus noise of
    /// a random strength, every pixel within [3h, L − 3h] (h the gradient's step, ``probeStep``).
    private static func probedPair(
        _ random: inout SplitMix64, shape: Shape, windowSize: Int, weights: [Double]?, mixesL1: Bool
    ) -> PropertyInput {
        func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let maxVal = below(2) == 0 ? 1.0 : 255.0
        let h = probeStep(maxVal: maxVal, mixesL1: mixesL1)
        let (low, high) = (3 * h, maxVal - 3 * h)
        let img1 = (0..<shape.count).map { _ in Double(Float(low + (high - low) * random.unit())) }
        let noise = [0.05, 0.3, 1][below(3)]
        let img2 = img1.map { Double(Float(min(max($0 + noise * maxVal * (2 * random.unit() - 1), low), high))) }
        var input = PropertyInput(
            shape: shape, img1: img1, img2: img2, windowSize: windowSize, maxVal: maxVal, weights: weights)
        input.mixesL1 = mixesL1
        return input
    }

    /// The step h of the gradient's probes (``SSIMProperty/probes(_:)``): 10⁻⁴·L, and 5·10⁻²·L for MS-SSIM + L1.
    /// Its losses are held to bounds of about 10⁻³ of the loss (Kornia builds its 33 taps in float32, so an
    /// implementation may be off by what those taps make of μ and σ², times its compensation of 200), and a central
    /// difference's tolerance grows with those bounds over h: at 10⁻⁴·L it is hundreds of times the gradient, at
    /// 5·10⁻²·L below it, so that a wrong gradient (its sign flipped) shows; the truncation of so long a step is in
    /// the tolerance (``SSIMProperty/checkCentralDifferences(_:prefix:answers:)``).
    static func probeStep(maxVal: Double, mixesL1: Bool) -> Double { (mixesL1 ? 5e-2 : 1e-4) * maxVal }

    /// The step of the gradient's probes for this pair.
    var probeStep: Double { Self.probeStep(maxVal: maxVal, mixesL1: mixesL1) }

    /// A pair of volumes drawn from `random`, small so that the 3-D properties stay fast (a few thousand voxels at
    /// most): B and C 1–2 (one of them 1), a window of 3, 5 or 7, D, H and W each 0–3 past the larger of the window and
    /// 6 (torch's `reflect` mirrors once, and torchmetrics blurs with 11 taps whatever the window: a reach of 5), data
    /// range 1 or 255, img2 img1 plus noise of a random strength (clamped to the range), or img1 reversed.
    static func generateVolume(_ random: inout SplitMix64) -> PropertyInput {
        func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let windowSize = [3, 5, 7][below(3)]
        let side = max(windowSize, 6)
        let (depth, height, width) = (side + below(4), side + below(4), side + below(4))
        let (batch, channels) = below(2) == 0 ? (1 + below(2), 1) : (1, 1 + below(2))
        var input = generated(
            &random, shape: [batch, channels, depth * height, width], windowSize: windowSize, reversible: true)
        input.depth = depth
        return input
    }

    /// A pair of `shape` drawn from `random` with the window `windowSize`: data range 1 or 255, img2 img1 plus noise
    /// of a random strength (clamped to the range), or, if `reversible`, one time in five img1 reversed.
    private static func generated(
        _ random: inout SplitMix64, shape: Shape, windowSize: Int, reversible: Bool
    ) -> PropertyInput {
        func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let maxVal = below(2) == 0 ? 1.0 : 255.0
        let img1 = (0..<shape.count).map { _ in Double(Float(maxVal * random.unit())) }
        let noise = [0.05, 0.3, 1][below(3)]
        let img2 = reversible && below(5) == 0
            ? img1.reversed()
            : img1.map { Double(Float(min(max($0 + noise * maxVal * (2 * random.unit() - 1), 0), maxVal))) }
        return PropertyInput(shape: shape, img1: img1, img2: img2, windowSize: windowSize, maxVal: maxVal)
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
        let what = depth == nil ? "images" : "volumes"
        let size = dimensions(of: shape).map(String.init).joined(separator: "×")
        guard !mixesL1 else {
            let mix = l1Alpha.map { ", α \($0), compensation \(l1Compensation ?? 0)" } ?? ""
            return "\(size) \(what), maxVal \(maxVal), MS-SSIM + L1\(mix)"
        }
        return "\(size) \(what), window \(windowSize), maxVal \(maxVal)\(scales)"
    }

    /// The protocol's dimensions of images of `shape`: (B, C, H, W), or for volumes (B, C, D, H, W), `shape` holding
    /// each channel's slices stacked (``depth``).
    func dimensions(of shape: Shape) -> [Int] {
        guard let depth else { return shape.dimensions }
        return [shape.batch, shape.channels, depth, shape.height / depth, shape.width]
    }

    /// The volumes' (D, H, W); nil for images.
    var volumeExtents: [Int]? { depth.map { [$0, shape.height / $0, shape.width] } }

    /// An MS-SSIM protocol case of this pair (or `img1`, `img2` given), in float64: of MS-SSIM with the input's
    /// weights or `weights`, on volumes where the pair has a ``depth``; of MS-SSIM + L1 where it ``mixesL1``, with
    /// the pair's α and compensation (``l1Alpha``, ``l1Compensation``; nil: the convention's) and no weights.
    func msssimRequest(
        _ id: String, img1: [Double]? = nil, img2: [Double]? = nil, shape: Shape? = nil, weights: [Double]? = nil,
        reduction: String, outputs: [AdapterOutput]
    ) -> AdapterCase {
        let shape = dimensions(of: shape ?? self.shape)
        let (first, second) = (
            ProtocolArray(shape: shape, precision: .float64, values: img1 ?? self.img1),
            ProtocolArray(shape: shape, precision: .float64, values: img2 ?? self.img2)
        )
        guard !mixesL1 else {
            return AdapterCase(
                id: id, img1: first, img2: second, windowSize: Int64(windowSize), maxVal: maxVal, eps: 0, padding: "",
                reduction: reduction, outputs: outputs, metric: .msSSIML1(alpha: l1Alpha, compensation: l1Compensation))
        }
        return .msSSIM(
            id: id, img1: first, img2: second, windowSize: Int64(windowSize), maxVal: maxVal,
            weights: weights ?? self.weights, reduction: reduction, outputs: outputs, volumes: depth != nil)
    }

    /// A protocol case of this pair (or `img1`, `img2` given), asking for `outputs` in `precision`.
    func request(
        _ id: String, img1: [Double]? = nil, img2: [Double]? = nil, shape: Shape? = nil, maxVal: Double? = nil,
        eps: Double = 1e-12, padding: String = "same", reduction: String = "none",
        precision: Precision = .float64, outputs: [AdapterOutput] = [.ssimMap, .loss]
    ) -> AdapterCase {
        let shape = dimensions(of: shape ?? self.shape)
        return AdapterCase(
            id: id, img1: ProtocolArray(shape: shape, precision: precision, values: img1 ?? self.img1),
            img2: ProtocolArray(shape: shape, precision: precision, values: img2 ?? self.img2),
            windowSize: Int64(windowSize), maxVal: maxVal ?? self.maxVal, eps: eps, padding: padding,
            reduction: reduction, outputs: outputs, metric: depth == nil ? .ssim : .ssim3D)
    }

    /// Simpler inputs that may still fail: fewer samples or channels (down to `minimum`), smaller images, a smaller
    /// window, then coarser pixel values; most aggressive first. An MS-SSIM or MS-SSIM + L1 input keeps its size and
    /// window, which are already near the smallest the libraries take (or small, or not read), and an MS-SSIM + L1
    /// input its pixels (coarser ones would meet, where |x − y| has no derivative); a pair of volumes is cropped
    /// along its width alone (its stacked slices are not rows to drop).
    func shrunk(minimumBatch: Int, minimumChannels: Int) -> [PropertyInput] {
        var candidates: [PropertyInput] = []
        if shape.batch > minimumBatch { candidates.append(planes(batch: minimumBatch, channels: shape.channels)) }
        if shape.channels > minimumChannels { candidates.append(planes(batch: shape.batch, channels: minimumChannels)) }
        let singleScale = weights == nil && !mixesL1
        let axes = depth == nil ? [(2, shape.height), (3, shape.width)] : [(3, shape.width)]
        for (axis, size) in axes where singleScale && size > windowSize {
            candidates.append(cropped(axis: axis, to: windowSize))
            if size > windowSize + 1 { candidates.append(cropped(axis: axis, to: size - 1)) }
        }
        if singleScale && windowSize > 3 {
            var smaller = self
            smaller.windowSize -= 2
            candidates.append(smaller)
        }
        for levels in [1.0, 4.0] where !mixesL1 {
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

/// Rearrangements of (B, C, H, W) arrays, and of (B, C, D, H, W) ones, each unit (sample, channel) an array of
/// `extents` ([H, W] or [D, H, W]) in row-major order: what equivariance properties apply to images, volumes and
/// maps alike.
enum Layout {
    /// Each row reversed (a horizontal flip).
    static func flipped(_ values: [Double], shape: Shape) -> [Double] {
        flipped(values, extents: [shape.height, shape.width], axis: 1)
    }

    /// Each unit of `extents` reversed along `axis`.
    static func flipped(_ values: [Double], extents: [Int], axis: Int) -> [Double] {
        let stride = extents[(axis + 1)...].reduce(1, *), length = extents[axis]
        return values.indices.map { index in
            let position = index / stride % length
            return values[index + (length - 1 - 2 * position) * stride]
        }
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

    /// The elements of a map whose window, reaching `reaches[k]` elements on each side along axis k of a unit of
    /// `extents` and reading beyond its ends by the rule of `borders[k]`, reads element `pixel`; the map is cropped by
    /// `crops[k]` at each end of axis k, and its elements are numbered in its own row-major order.
    static func reached(
        by pixel: Int, extents: [Int], reaches: [Int], borders: [SSIMConvention.Border], crops: [Int]
    ) -> Set<Int> {
        let size = extents.reduce(1, *)
        let (unit, within) = pixel.quotientAndRemainder(dividingBy: size)
        let mapExtents = extents.indices.map { extents[$0] - 2 * crops[$0] }
        var remaining = within
        var position = Array(repeating: 0, count: extents.count)
        for axis in extents.indices.reversed() { (remaining, position[axis]) = remaining.quotientAndRemainder(dividingBy: extents[axis]) }
        /// Along axis k, the map positions whose window reads position p.
        func readers(_ k: Int) -> [Int] {
            (0..<mapExtents[k]).filter { m in
                (-reaches[k]...reaches[k]).contains { t in borders[k].source(m + crops[k] + t, in: extents[k]) == position[k] }
            }
        }
        var offsets = [0]
        for axis in extents.indices {
            let along = readers(axis)
            offsets = offsets.flatMap { offset in along.map { offset * mapExtents[axis] + $0 } }
        }
        let mapSize = mapExtents.reduce(1, *)
        return Set(offsets.map { unit * mapSize + $0 })
    }

    /// The crop of an (H, W)-plane array by `crop` on each edge.
    static func cropped(_ values: [Double], shape: Shape, by crop: Int) -> [Double] {
        cropped(values, extents: [shape.height, shape.width], by: [crop, crop])
    }

    /// The crop of each unit of `extents` by `crops[k]` at each end of axis k.
    static func cropped(_ values: [Double], extents: [Int], by crops: [Int]) -> [Double] {
        values.indices.filter { index in
            var remaining = index
            for axis in extents.indices.reversed() {
                let position: Int
                (remaining, position) = remaining.quotientAndRemainder(dividingBy: extents[axis])
                if position < crops[axis] || position >= extents[axis] - crops[axis] { return false }
            }
            return true
        }.map { values[$0] }
    }
}
