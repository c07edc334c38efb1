/// A volume at every scale of a 3-D MS-SSIM pyramid, in `S`, for the fast implementation: the volume itself, then
/// each scale downsampled 2 × 2 × 2 from the one before by the convention's rule on each axis
/// (``MSSSIMDownsampling``), with the reference's arithmetic: along W, then H, then D, each output
/// (x[a] + x[b])/2 of its sources along the axis, a missing source standing for a zero. Along W and H every depth
/// plane is pooled as an image by ``FastPyramid`` (its ((a + b)/2 + (c + d)/2)/2 is the reference's two steps); the
/// pairs of pooled planes are then averaged along D, planes on the workers.
///
/// The rule reads each axis on its own, but for ``MSSSIMDownsampling/replicateTopLeft``, which repeats the first row
/// and column of every axis when any is odd: a volume with an odd depth whose H and W are even at some scale is not
/// pooled so (``isPooledAxisByAxis(_:rule:)``).
///
/// `@unchecked Sendable`: the finest scale is the caller's volume, which it keeps alive and unchanged while the
/// pyramid is used; the coarser scales are allocated here and written only while the pyramid is made.
struct FastVolumePyramid<S: FastSSIMScalar>: @unchecked Sendable {
    /// (B, C, D, H, W) of each scale, finest first.
    let dimensions: [[Int]]
    /// Each scale's volumes, finest first.
    private let levels: [UnsafePointer<S>]
    /// The coarser scales' storage.
    private let storage: UnsafeMutablePointer<S>?
    /// Step j (from scale j to j + 1) along W and H: the pyramid of scale j's depth planes as images, whose pooled
    /// planes are freed once averaged along D (its adjoint needs only its sources).
    private let steps: [FastPyramid<S>]
    /// Step j's sources along D in scale j: pairs of depth planes, −1 for a zero.
    private let depthSources: [[(Int, Int)]]

    /// Whether `rule` pools volumes of `dimensions` (every scale, finest first) axis by axis, as this pyramid does.
    static func isPooledAxisByAxis(_ dimensions: [[Int]], rule: MSSSIMDownsampling) -> Bool {
        rule != .replicateTopLeft || dimensions.dropLast().allSatisfy { $0[2] % 2 == 0 || $0[3] % 2 == 1 || $0[4] % 2 == 1 }
    }

    /// The pyramid of the (B, C, D, H, W) volumes at `volume` (of `dimensions[0]`), for the scales `dimensions`.
    init(fast: FastSSIM, dimensions: [[Int]], rule: MSSSIMDownsampling, _ volume: UnsafePointer<S>) {
        self.dimensions = dimensions
        depthSources = dimensions.dropLast().map { d in
            rule.pairs(d[2], imageHasOddSide: d[2...].contains { $0 % 2 == 1 }).map { ($0.0 ?? -1, $0.1 ?? -1) }
        }
        let coarser = dimensions.dropFirst().map { $0.reduce(1, *) }.reduce(0, +)
        let storage = coarser > 0 ? UnsafeMutablePointer<S>.allocate(capacity: coarser) : nil
        var levels = [volume], offset = 0, steps: [FastPyramid<S>] = []
        for (j, coarse) in dimensions.enumerated().dropFirst() {
            let fine = dimensions[j - 1]
            let planes = { (d: [Int]) in Shape(batch: fine[0] * fine[1] * fine[2], channels: 1, height: d[3], width: d[4]) }
            let pooling = FastPooling<S>(shapes: [planes(fine), planes(coarse)], rule: rule, instructions: fast.instructions)
            let step = FastPyramid(fast: fast, pooling: pooling, levels[j - 1])
            let output = storage! + offset
            Self.poolDepth(step.level(1), into: output, fine: fine, coarse: coarse, sources: depthSources[j - 1], fast: fast)
            step.deallocate()
            steps.append(step)
            levels.append(UnsafePointer(output))
            offset += coarse.reduce(1, *)
        }
        (self.levels, self.storage, self.steps) = (levels, storage, steps)
    }

    /// Scale `j`'s volumes.
    func level(_ j: Int) -> UnsafePointer<S> { levels[j] }

    func deallocate() { storage?.deallocate() }

    /// Adds to `fine`, gradients with respect to scale `j`, those in `coarse` (with respect to scale j + 1) carried
    /// back through the downsampling's adjoint: along D, each coarse plane's gradient halved to each of its source
    /// planes (gathered per fine plane in a fixed order), then along H and W by ``FastPyramid/addAdjoint(of:to:scale:fast:)``.
    func addAdjoint(of coarse: UnsafePointer<S>, to fine: UnsafeMutablePointer<S>, scale j: Int, fast: FastSSIM) {
        let (fineDimensions, coarseDimensions) = (dimensions[j], dimensions[j + 1])
        let volumes = fineDimensions[0] * fineDimensions[1], depth = fineDimensions[2]
        let coarseDepth = coarseDimensions[2], plane = coarseDimensions[3] * coarseDimensions[4]
        // The coarse planes whose sources include each fine plane, once per time they count it.
        var readers = [[Int]](repeating: [], count: depth)
        for (i, (d1, d2)) in depthSources[j].enumerated() {
            if d1 >= 0 { readers[d1].append(i) }
            if d2 >= 0 { readers[d2].append(i) }
        }
        let spread = UnsafeMutablePointer<S>.allocate(capacity: volumes * depth * plane)
        defer { spread.deallocate() }
        let pointers = FastVolumeLevels(source: coarse, target: spread), queue = BandQueue(count: volumes * depth)
        fast.perform(workers: fast.workers(units: volumes * depth, pixels: volumes * depth * plane)) { [readers] in
            while let unit = queue.next() {
                let (volume, d) = (unit / depth, unit % depth)
                let out = pointers.target + unit * plane
                out.initialize(repeating: 0, count: plane)
                for i in readers[d] {
                    let source = pointers.source + (volume * coarseDepth + i) * plane
                    for k in 0..<plane { out[k] += source[k] / 2 }
                }
            }
        }
        steps[j].addAdjoint(of: spread, to: fine, scale: 0, fast: fast)
    }

    /// Scale j + 1 (`coarse`) from `pooled`, scale j's (`fine`) depth planes pooled along W and H: each output plane
    /// (p[d1] + p[d2])/2 of its two source planes, a zero for a missing one. Output planes on the workers.
    private static func poolDepth(
        _ pooled: UnsafePointer<S>, into output: UnsafeMutablePointer<S>, fine: [Int], coarse: [Int],
        sources: [(Int, Int)], fast: FastSSIM
    ) {
        let volumes = fine[0] * fine[1], plane = coarse[3] * coarse[4], (depth, coarseDepth) = (fine[2], coarse[2])
        let pointers = FastVolumeLevels(source: pooled, target: output)
        let queue = BandQueue(count: volumes * coarseDepth)
        fast.perform(workers: fast.workers(units: volumes * coarseDepth, pixels: volumes * depth * plane)) {
            while let unit = queue.next() {
                let (volume, i) = (unit / coarseDepth, unit % coarseDepth), (d1, d2) = sources[i]
                let out = pointers.target + unit * plane
                func source(_ d: Int) -> UnsafePointer<S>? { d < 0 ? nil : pointers.source + (volume * depth + d) * plane }
                switch (source(d1), source(d2)) {
                case (let a?, let b?): for k in 0..<plane { out[k] = (a[k] + b[k]) / 2 }
                case (let a?, nil), (nil, let a?): for k in 0..<plane { out[k] = (a[k] + 0) / 2 }
                case (nil, nil): out.initialize(repeating: 0, count: plane)
                }
            }
        }
    }
}

/// What the workers of a ``FastVolumePyramid`` step along D read and write.
///
/// `@unchecked Sendable`: `source` is only read, and each worker writes the planes of `target` it took alone.
private struct FastVolumeLevels<S>: @unchecked Sendable {
    let source: UnsafePointer<S>
    let target: UnsafeMutablePointer<S>
}
