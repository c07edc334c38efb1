/// How the fast implementation pools volumes 2 × 2 × 2 between 3-D MS-SSIM's scales, by the convention's rule on
/// each axis (``MSSSIMDownsampling``), with the reference's arithmetic: along W, then H, then D, each output
/// (x[a] + x[b])/2 of its sources along the axis, a missing source standing for a zero. Along W and H every depth
/// plane is pooled as an image (``FastPooling``, whose ((a + b)/2 + (c + d)/2)/2 is the reference's two steps); each
/// output plane is then (p[d1] + p[d2])/2 of its two source planes so pooled (``average(_:_:into:count:)``).
///
/// Planes are pooled from any depth planes of the finer scale, wherever they are held (a whole pyramid,
/// ``FastVolumePyramid``, or the few planes a worker holds for a chunk of a volume, ``FastChunkPlan``), so that
/// every holder computes the same bits.
///
/// The rule reads each axis on its own, but for ``MSSSIMDownsampling/replicateTopLeft``, which repeats the first row
/// and column of every axis when any is odd: a volume with an odd depth whose H and W are even at some scale is not
/// pooled so (``isPooledAxisByAxis(_:rule:)``).
struct FastVolumePooling<S: FastSSIMScalar>: Sendable {
    /// (B, C, D, H, W) of each scale, finest first.
    let dimensions: [[Int]]
    /// Step j's pooling (from scale j to j + 1) of scale j's depth planes as images (B·C·D of them) along W and H.
    let steps: [FastPooling<S>]
    /// Step j's sources along D in scale j: pairs of depth planes, −1 for a zero.
    let depthSources: [[(Int, Int)]]

    /// Whether `rule` pools volumes of `dimensions` (every scale, finest first) axis by axis, as this pooling does.
    static func isPooledAxisByAxis(_ dimensions: [[Int]], rule: MSSSIMDownsampling) -> Bool {
        rule != .replicateTopLeft || dimensions.dropLast().allSatisfy { $0[2] % 2 == 0 || $0[3] % 2 == 1 || $0[4] % 2 == 1 }
    }

    /// The pooling between the scales `dimensions` by `rule`, its inner loops on `instructions`.
    init(dimensions: [[Int]], rule: MSSSIMDownsampling, instructions: FastSSIM.InstructionSet) {
        self.dimensions = dimensions
        depthSources = dimensions.dropLast().map { d in
            rule.pairs(d[2], imageHasOddSide: d[2...].contains { $0 % 2 == 1 }).map { ($0.0 ?? -1, $0.1 ?? -1) }
        }
        steps = zip(dimensions, dimensions.dropFirst()).map { fine, coarse in
            let planes = { (d: [Int]) in Shape(batch: fine[0] * fine[1] * fine[2], channels: 1, height: d[3], width: d[4]) }
            return FastPooling<S>(shapes: [planes(fine), planes(coarse)], rule: rule, instructions: instructions)
        }
    }

    /// The depth planes of scale j − 1 that depth planes `planes` of scale `j` are pooled from: the smallest range
    /// holding them (empty for none).
    func sources(ofPlanes planes: Range<Int>, scale j: Int) -> Range<Int> {
        FastPooling<S>.sources(of: planes, in: depthSources[j - 1])
    }

    /// Depth plane `i` of scale `j` of one channel volume into `out`, from the depth planes of scale j − 1 that
    /// `fine` gives by index: its two source planes pooled along W and H into `pooled` (room for two planes of scale
    /// j), then averaged along D.
    func poolPlane(
        _ i: Int, scale j: Int, from fine: (Int) -> UnsafePointer<S>, pooled: UnsafeMutablePointer<S>,
        into out: UnsafeMutablePointer<S>
    ) {
        let (height, width, fineWidth) = (dimensions[j][3], dimensions[j][4], dimensions[j - 1][4])
        let (d1, d2) = depthSources[j - 1][i]
        func pool(_ d: Int, into plane: UnsafeMutablePointer<S>) -> UnsafePointer<S>? {
            guard d >= 0 else { return nil }
            let source = fine(d)
            for row in 0..<height {
                steps[j - 1].poolRow(row, scale: 1, from: { source + $0 * fineWidth }, into: plane + row * width)
            }
            return UnsafePointer(plane)
        }
        Self.average(pool(d1, into: pooled), pool(d2, into: pooled + height * width), into: out, count: height * width)
    }

    /// The average along D of two depth planes pooled along W and H, of `count` elements each: (a[k] + b[k])/2, a
    /// missing plane (nil) standing for a zero.
    static func average(_ a: UnsafePointer<S>?, _ b: UnsafePointer<S>?, into out: UnsafeMutablePointer<S>, count: Int) {
        switch (a, b) {
        case (let a?, let b?): for k in 0..<count { out[k] = (a[k] + b[k]) / 2 }
        case (let a?, nil), (nil, let a?): for k in 0..<count { out[k] = (a[k] + 0) / 2 }
        case (nil, nil): out.initialize(repeating: 0, count: count)
        }
    }
}
