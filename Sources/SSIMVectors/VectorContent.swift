import SSIM

/// How the images of a pseudo-random case are made from its seed: a recipe anyone can follow in any language.
///
/// Every recipe draws from one ``SSIM/SplitMix64`` seeded with the case's seed, filling img1 completely in C order
/// first, then img2 (or what img2 needs) in C order. L is the case's `max_val`, U() the next ``SplitMix64/unit()``.
/// Values are computed in float64; a float32 case then rounds each value to the nearest float32. The recipes that
/// place values (a band, a slice, a voxel) say which shape they read: (B, C, H, W) images or (B, C, D, H, W) volumes.
public indirect enum VectorContent: Sendable, Equatable {
    /// x = L·U(); y = L·U().
    case random
    /// x = L·U(); y = clamp(x + level·L·(2U() − 1), 0, L).
    case noisyCopy(level: Double)
    /// x = L·U(); y = x.
    case identical
    /// x = L·U(); y = L − x.
    case anticorrelated
    /// x = a·L; y = b·L everywhere, no draws.
    case flat(a: Double, b: Double)
    /// x = (k + U())·L; y = clamp(x + 0.1·L·(2U() − 1), k·L, (k + 1)·L): a large constant offset k·L.
    case offset(k: Double)
    /// x = L·U(); y = x, except pixels within `band` of an edge of their plane, which get y = L·U() (drawn in C
    /// order over those pixels only).
    case borderOnly(band: Int)
    /// x = L·U(); then per pixel u = U(): y = 0 if u < p/2, L if u < p, x otherwise.
    case impulse(p: Double)
    /// x = L·⌊2U()⌋; y = L·⌊2U()⌋: saturated black-and-white images.
    case saturated
    /// x = scale·L·U(); y = scale·L·U(): tiny values next to black.
    case nearBlack(scale: Double)
    /// The noisy copy of level 0.3, then the `patch` × `patch` square whose top-left pixel is (row, column) in the
    /// first plane (sample 0, channel 0) of img1, and of img2 when `inBoth`, set to `value`.
    case nonFinite(NonFiniteValue, patch: Int, row: Int, column: Int, inBoth: Bool)
    /// Volumes (B, C, D, H, W): `plane`'s recipe followed for (B, C, 1, H, W), each (sample, channel)'s one slice
    /// then repeated D times along the depth.
    case identicalSlices(of: VectorContent)
    /// Volumes (B, C, D, H, W): x = L·U(); y = x, except voxels in the first or last `band` slices of their volume,
    /// which get y = L·U() (drawn in C order over those voxels only): the volumes that tell depth borders apart.
    case depthBand(band: Int)
    /// Volumes (B, C, D, H, W): the noisy copy of level 0.3, then voxel (slice, row, column) of the first volume
    /// (sample 0, channel 0) of img1, and of img2 when `inBoth`, set to `value`.
    case nonFiniteVoxel(NonFiniteValue, slice: Int, row: Int, column: Int, inBoth: Bool)

    /// A short name for ids and descriptions.
    public var name: String { words.name }

    /// The recipe, as the `content` attribute states it.
    public var recipe: String { words.recipe }

    /// Each content's name and recipe, side by side.
    private var words: (name: String, recipe: String) {
        switch self {
        case .random: ("random", "x = L*U(); y = L*U()")
        case .noisyCopy(let level): ("noisy\(format(level))", "x = L*U(); y = clamp(x + \(level)*L*(2U() - 1), 0, L)")
        case .identical: ("identical", "x = L*U(); y = x")
        case .anticorrelated: ("anticorrelated", "x = L*U(); y = L - x")
        case .flat(let a, let b): ("flat\(format(a))-\(format(b))", "x = \(a)*L; y = \(b)*L")
        case .offset(let k): ("offset\(format(k))", "x = (\(k) + U())*L; y = clamp(x + 0.1*L*(2U() - 1), \(k)*L, \(k + 1)*L)")
        case .borderOnly(let band): ("border\(band)", "x = L*U(); y = x except within \(band) px of an edge, where y = L*U()")
        case .impulse(let p): ("impulse\(format(p))", "x = L*U(); u = U(): y = 0 if u < \(p / 2), L if u < \(p), else x")
        case .saturated: ("saturated", "x = L*floor(2U()); y = L*floor(2U())")
        case .nearBlack(let scale): ("nearblack\(format(scale))", "x = \(scale)*L*U(); y = \(scale)*L*U()")
        case .nonFinite(let value, let patch, let row, let column, let inBoth):
            ("\(value.rawValue)\(patch)x\(patch)-r\(row)c\(column)-\(inBoth ? "both" : "img1")",
             "x = L*U(); y = clamp(x + 0.3*L*(2U() - 1), 0, L); then \(value.literal) in rows \(row)..<\(row + patch), columns \(column)..<\(column + patch) of plane (0, 0) of \(inBoth ? "x and y" : "x")")
        case .identicalSlices(let plane):
            ("slices-\(plane.name)", "\(plane.recipe) on (B, C, 1, H, W); each slice repeated D times along the depth")
        case .depthBand(let band):
            ("depthband\(band)", "x = L*U(); y = x except in the first and last \(band) slices of each volume, where y = L*U()")
        case .nonFiniteVoxel(let value, let slice, let row, let column, let inBoth):
            ("\(value.rawValue)-d\(slice)r\(row)c\(column)-\(inBoth ? "both" : "img1")",
             "x = L*U(); y = clamp(x + 0.3*L*(2U() - 1), 0, L); then \(value.literal) at slice \(slice), row \(row), column \(column) of volume (0, 0) of \(inBoth ? "x and y" : "x")")
        }
    }

    /// The two images, in float64, for `shape` ((B, C, H, W), or (B, C, D, H, W) for the volume recipes), data range
    /// `maxVal` and `seed`.
    public func images(shape: [Int], maxVal L: Double, seed: UInt64) -> (img1: [Double], img2: [Double]) {
        var random = SplitMix64(seed: seed)
        let count = shape.reduce(1, *)
        func draw(_ count: Int, _ value: () -> Double) -> [Double] { (0..<count).map { _ in value() } }
        switch self {
        case .random:
            return (draw(count) { L * random.unit() }, draw(count) { L * random.unit() })
        case .noisyCopy(let level):
            let x = draw(count) { L * random.unit() }
            return (x, x.map { min(max($0 + level * L * (2 * random.unit() - 1), 0), L) })
        case .identical:
            let x = draw(count) { L * random.unit() }
            return (x, x)
        case .anticorrelated:
            let x = draw(count) { L * random.unit() }
            return (x, x.map { L - $0 })
        case .flat(let a, let b):
            return ([Double](repeating: a * L, count: count), [Double](repeating: b * L, count: count))
        case .offset(let k):
            let x = draw(count) { (k + random.unit()) * L }
            return (x, x.map { min(max($0 + 0.1 * L * (2 * random.unit() - 1), k * L), (k + 1) * L) })
        case .borderOnly(let band):
            let x = draw(count) { L * random.unit() }
            let (height, width) = (shape[2], shape[3])
            let y = x.indices.map { index -> Double in
                let (row, column) = ((index / width) % height, index % width)
                let nearEdge = row < band || column < band || row >= height - band || column >= width - band
                return nearEdge ? L * random.unit() : x[index]
            }
            return (x, y)
        case .impulse(let p):
            let x = draw(count) { L * random.unit() }
            return (x, x.map { value in
                let u = random.unit()
                return u < p / 2 ? 0 : u < p ? L : value
            })
        case .saturated:
            return (draw(count) { L * (2 * random.unit()).rounded(.down) }, draw(count) { L * (2 * random.unit()).rounded(.down) })
        case .nearBlack(let scale):
            return (draw(count) { scale * L * random.unit() }, draw(count) { scale * L * random.unit() })
        case .nonFinite(let value, let patch, let row, let column, let inBoth):
            var (x, y) = VectorContent.noisyCopy(level: 0.3).images(shape: shape, maxVal: L, seed: seed)
            for r in row..<(row + patch) {
                for c in column..<(column + patch) {
                    x[r * shape[3] + c] = value.value
                    if inBoth { y[r * shape[3] + c] = value.value }
                }
            }
            return (x, y)
        case .identicalSlices(let plane):
            let (depth, sliceCount) = (shape[2], shape[3] * shape[4])
            let (x, y) = plane.images(shape: [shape[0], shape[1], 1, shape[3], shape[4]], maxVal: L, seed: seed)
            func repeated(_ slices: [Double]) -> [Double] {
                stride(from: 0, to: slices.count, by: sliceCount).flatMap { start in
                    repeatElement(slices[start..<(start + sliceCount)], count: depth).joined()
                }
            }
            return (repeated(x), repeated(y))
        case .depthBand(let band):
            let x = draw(count) { L * random.unit() }
            let (depth, sliceCount) = (shape[2], shape[3] * shape[4])
            let y = x.indices.map { index -> Double in
                let slice = (index / sliceCount) % depth
                return slice < band || slice >= depth - band ? L * random.unit() : x[index]
            }
            return (x, y)
        case .nonFiniteVoxel(let value, let slice, let row, let column, let inBoth):
            var (x, y) = VectorContent.noisyCopy(level: 0.3).images(shape: shape, maxVal: L, seed: seed)
            let index = (slice * shape[3] + row) * shape[4] + column
            x[index] = value.value
            if inBoth { y[index] = value.value }
            return (x, y)
        }
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
