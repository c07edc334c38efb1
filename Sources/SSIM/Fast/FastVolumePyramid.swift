/// A volume at every scale of a 3-D MS-SSIM pyramid, in `S`, for the fast implementation's backward pass: the volume
/// itself, then each scale pooled 2 × 2 × 2 from the one before (``FastVolumePooling``): every depth plane pooled
/// along W and H as an image by ``FastPyramid``, then the pairs of pooled planes averaged along D, planes on the
/// workers.
///
/// `@unchecked Sendable`: the finest scale is the caller's volume, which it keeps alive and unchanged while the
/// pyramid is used; the coarser scales are allocated here and written only while the pyramid is made.
struct FastVolumePyramid<S: FastSSIMScalar>: @unchecked Sendable {
    let pooling: FastVolumePooling<S>
    /// Each scale's volumes, finest first.
    private let levels: [UnsafePointer<S>]
    /// The coarser scales' storage.
    private let storage: UnsafeMutablePointer<S>?

    /// (B, C, D, H, W) of each scale, finest first.
    var dimensions: [[Int]] { pooling.dimensions }

    /// The pyramid of the (B, C, D, H, W) volumes at `volume` (of `pooling.dimensions[0]`), pooled by `pooling`.
    init(fast: FastSSIM, pooling: FastVolumePooling<S>, _ volume: UnsafePointer<S>) {
        self.pooling = pooling
        let dimensions = pooling.dimensions
        let coarser = dimensions.dropFirst().map { $0.reduce(1, *) }.reduce(0, +)
        let storage = coarser > 0 ? UnsafeMutablePointer<S>.allocate(capacity: coarser) : nil
        var levels = [volume], offset = 0
        for (j, coarse) in dimensions.enumerated().dropFirst() {
            // Scale j − 1's depth planes pooled along W and H as images, freed once averaged along D.
            let step = FastPyramid.pyramids(of: [levels[j - 1]], pooling: pooling.steps[j - 1], fast: fast)[0]
            let output = storage! + offset
            Self.poolDepth(step.level(1), into: output, fine: dimensions[j - 1], coarse: coarse, sources: pooling.depthSources[j - 1], fast: fast)
            step.deallocate()
            levels.append(UnsafePointer(output))
            offset += coarse.reduce(1, *)
        }
        (self.levels, self.storage) = (levels, storage)
    }

    /// Scale `j`'s volumes.
    func level(_ j: Int) -> UnsafePointer<S> { levels[j] }

    func deallocate() { storage?.deallocate() }

    /// Adds to `fine`, gradients with respect to scale `j`, those in `coarse` (with respect to scale j + 1) carried
    /// back through the downsampling's adjoint: along D, each coarse plane's gradient halved to each of its source
    /// planes (gathered per fine plane in a fixed order), then along H and W by ``FastPyramid/carryBack(_:pooling:multiplyingBy:fast:)``.
    func addAdjoint(of coarse: UnsafePointer<S>, to fine: UnsafeMutablePointer<S>, scale j: Int, fast: FastSSIM) {
        let (fineDimensions, coarseDimensions) = (dimensions[j], dimensions[j + 1])
        let volumes = fineDimensions[0] * fineDimensions[1], depth = fineDimensions[2]
        let coarseDepth = coarseDimensions[2], plane = coarseDimensions[3] * coarseDimensions[4]
        // The coarse planes whose sources include each fine plane, once per time they count it.
        var readers = [[Int]](repeating: [], count: depth)
        for (i, (d1, d2)) in pooling.depthSources[j].enumerated() {
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
        _ = FastPyramid.carryBack([[fine, spread]], pooling: pooling.steps[j], multiplyingBy: nil, fast: fast)
    }

    /// Scale j + 1 (`coarse`) from `pooled`, scale j's (`fine`) depth planes pooled along W and H: each output plane
    /// the average along D of its two source planes (``FastVolumePooling/average(_:_:into:count:)``). Output planes
    /// on the workers.
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
                func source(_ d: Int) -> UnsafePointer<S>? { d < 0 ? nil : pointers.source + (volume * depth + d) * plane }
                FastVolumePooling.average(source(d1), source(d2), into: pointers.target + unit * plane, count: plane)
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
