/// How MS-SSIM halves an image between scales: 2 × 2 block averages (2 × 2 × 2 on volumes), each axis averaged in
/// pairs, with a rule for an odd size. Each output is (x[a] + x[b])/2 along W, then the same along H (then along D),
/// a missing source standing for a zero.
///
/// For a row `a b c d e` (n = 5):
/// - ``repeatLastThenAverage``: the last pixel repeated, ⌈n/2⌉ outputs: (a+b)/2, (c+d)/2, (e+e)/2.
/// - ``zeroPadBothSides``: a zero before the first (and after the last, which the pairs never reach), ⌈n/2⌉
///   outputs: (0+a)/2, (b+c)/2, (d+e)/2; an even size is not padded.
/// - ``replicateTopLeft``: when H or W (or D) is odd, the first row and column repeated (every axis, even an even one),
///   ⌊(n+1)/2⌋ outputs: (a+a)/2, (b+c)/2, (d+e)/2 (for an even row `a b c d` then (a+a)/2, (b+c)/2: d is dropped).
/// - ``floor``: the last pixel of an odd size dropped, ⌊n/2⌋ outputs: (a+b)/2, (c+d)/2.
///
/// It is linear, so its adjoint (``adjoint(_:of:)``) carries gradients back from the coarser scale: each output's
/// gradient goes, halved per axis, to the pixels it averaged (twice to a repeated one), none to a zero.
public enum MSSSIMDownsampling: String, Hashable, Sendable, CaseIterable {
    /// ⌈n/2⌉: the last row or column repeated, then 2 × 2 averages (msssim.m, TensorFlow).
    case repeatLastThenAverage = "repeat-last-then-average"
    /// ⌈n/2⌉: `avg_pool2d(kernel 2, padding n % 2)` counting the zero padding (pytorch-msssim).
    case zeroPadBothSides = "zero-pad-both-sides"
    /// ⌊(n+1)/2⌋: the first row and column repeated when H or W is odd, then 2 × 2 averages (piq).
    case replicateTopLeft = "replicate-top-left"
    /// ⌊n/2⌋: 2 × 2 averages, the last row or column of an odd size dropped (torchmetrics' `avg_pool2d`).
    case floor

    /// The size of an axis of `n` pixels once downsampled.
    public func downsampled(_ n: Int) -> Int { self == .floor ? n / 2 : (n + 1) / 2 }

    /// The shape of images of `shape` once downsampled.
    public func downsampled(_ shape: Shape) -> Shape {
        Shape(batch: shape.batch, channels: shape.channels, height: downsampled(shape.height), width: downsampled(shape.width))
    }

    /// The two sources of each output of an axis of `n` pixels (nil: a zero), in an image whose H or W is odd or not.
    func pairs(_ n: Int, imageHasOddSide: Bool) -> [(Int?, Int?)] {
        (0..<downsampled(n)).map { i in
            switch self {
            case .repeatLastThenAverage: (2 * i, min(2 * i + 1, n - 1))
            case .zeroPadBothSides where n % 2 == 1: (2 * i - 1 >= 0 ? 2 * i - 1 : nil, 2 * i)
            case .replicateTopLeft where imageHasOddSide: (max(2 * i - 1, 0), 2 * i)
            case .zeroPadBothSides, .replicateTopLeft, .floor: (2 * i, 2 * i + 1)
            }
        }
    }

    /// The (B, C, H, W) `values` of `shape`, downsampled: along W, then along H.
    func apply(_ values: [Double], of shape: Shape) -> [Double] { apply(values, of: shape.dimensions) }

    /// The adjoint of ``apply(_:of:)`` for images of `shape`.
    func adjoint(_ gradient: [Double], of shape: Shape) -> [Double] { adjoint(gradient, of: shape.dimensions) }

    /// The dimensions (B, C, then the spatial axes: H, W or D, H, W) of images of `dimensions` once downsampled:
    /// every spatial axis halved by the rule.
    public func downsampled(_ dimensions: [Int]) -> [Int] { Array(dimensions[..<2]) + dimensions[2...].map(downsampled) }

    /// The `values` of `dimensions` (B, C and any number of spatial axes), downsampled: pairs averaged along the
    /// last axis, then along each one before it. On (B, C, H, W) each output is ((a + b)/2 + (c + d)/2)/2 as the
    /// 2 × 2 block average computes it; on volumes, the 2 × 2 × 2 one (`avg_pool3d`), each axis by the rule.
    func apply(_ values: [Double], of dimensions: [Int]) -> [Double] {
        let odd = dimensions[2...].contains { $0 % 2 == 1 }
        var current = values, extents = dimensions
        for axis in dimensions.indices.dropFirst(2).reversed() {
            let pairs = pairs(extents[axis], imageHasOddSide: odd)
            let (outer, inner) = Self.strides(extents, axis)
            var output: [Double] = []
            output.reserveCapacity(outer * pairs.count * inner)
            for o in 0..<outer {
                for (first, second) in pairs {
                    for i in 0..<inner {
                        func value(_ k: Int?) -> Double { k.map { current[(o * extents[axis] + $0) * inner + i] } ?? 0 }
                        output.append((value(first) + value(second)) / 2)
                    }
                }
            }
            (current, extents[axis]) = (output, pairs.count)
        }
        return current
    }

    /// The adjoint of ``apply(_:of:)`` for images of `dimensions`: each output's gradient halved along each
    /// axis and given to the elements it averaged (twice to a repeated one), none to a zero; along the first spatial
    /// axis first, the reverse of ``apply(_:of:)``.
    func adjoint(_ gradient: [Double], of dimensions: [Int]) -> [Double] {
        let odd = dimensions[2...].contains { $0 % 2 == 1 }
        var current = gradient, extents = Array(dimensions[..<2]) + dimensions[2...].map(downsampled)
        for axis in dimensions.indices.dropFirst(2) {
            let pairs = pairs(dimensions[axis], imageHasOddSide: odd)
            extents[axis] = dimensions[axis]
            let (outer, inner) = Self.strides(extents, axis)
            var output = [Double](repeating: 0, count: outer * dimensions[axis] * inner)
            for o in 0..<outer {
                for (k, (first, second)) in pairs.enumerated() {
                    for i in 0..<inner {
                        let share = current[(o * pairs.count + k) * inner + i] / 2
                        for source in [first, second] {
                            guard let source else { continue }
                            output[(o * dimensions[axis] + source) * inner + i] += share
                        }
                    }
                }
            }
            current = output
        }
        return current
    }

    /// The elements before `axis` (the outer count) and after it (the inner stride) in a row-major array of `extents`.
    private static func strides(_ extents: [Int], _ axis: Int) -> (outer: Int, inner: Int) {
        (extents[..<axis].reduce(1, *), extents[(axis + 1)...].reduce(1, *))
    }
}
