/// How MS-SSIM halves an image between scales: 2 × 2 block averages, each axis averaged in pairs, with a rule for an
/// odd size. Each output is (x[a] + x[b])/2 along W, then the same along H, a missing source standing for a zero.
///
/// For a row `a b c d e` (n = 5):
/// - ``repeatLastThenAverage``: the last pixel repeated, ⌈n/2⌉ outputs: (a+b)/2, (c+d)/2, (e+e)/2.
/// - ``zeroPadBothSides``: a zero before the first (and after the last, which the pairs never reach), ⌈n/2⌉
///   outputs: (0+a)/2, (b+c)/2, (d+e)/2; an even size is not padded.
/// - ``replicateTopLeft``: when H or W is odd, the first row and column repeated (both axes, even an even one),
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
    func apply(_ values: [Double], of shape: Shape) -> [Double] {
        let odd = shape.height % 2 == 1 || shape.width % 2 == 1
        let rows = pairs(shape.width, imageHasOddSide: odd), columns = pairs(shape.height, imageHasOddSide: odd)
        let (height, width) = (shape.height, shape.width)
        func value(_ plane: Int, _ h: Int?, _ w: Int?) -> Double {
            guard let h, let w else { return 0 }
            return values[(plane * height + h) * width + w]
        }
        var output: [Double] = []
        output.reserveCapacity(shape.planes * columns.count * rows.count)
        for plane in 0..<shape.planes {
            for (h1, h2) in columns {
                for (w1, w2) in rows {
                    let first = (value(plane, h1, w1) + value(plane, h1, w2)) / 2
                    let second = (value(plane, h2, w1) + value(plane, h2, w2)) / 2
                    output.append((first + second) / 2)
                }
            }
        }
        return output
    }

    /// The adjoint of ``apply(_:of:)`` for images of `shape`: the gradient with respect to the finer images from
    /// `gradient`, with respect to the downsampled ones.
    func adjoint(_ gradient: [Double], of shape: Shape) -> [Double] {
        let odd = shape.height % 2 == 1 || shape.width % 2 == 1
        let rows = pairs(shape.width, imageHasOddSide: odd), columns = pairs(shape.height, imageHasOddSide: odd)
        let (height, width) = (shape.height, shape.width)
        var output = [Double](repeating: 0, count: shape.count)
        var next = 0
        for plane in 0..<shape.planes {
            for (h1, h2) in columns {
                for (w1, w2) in rows {
                    let share = gradient[next] / 4
                    next += 1
                    for h in [h1, h2] {
                        guard let h else { continue }
                        for w in [w1, w2] {
                            guard let w else { continue }
                            output[(plane * height + h) * width + w] += share
                        }
                    }
                }
            }
        }
        return output
    }
}
