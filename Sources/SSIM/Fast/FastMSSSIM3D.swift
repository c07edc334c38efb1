import CFastKernels

/// MS-SSIM on volumes on the fast implementation's 3-D kernel, in `S`: the reference's formulas (``MSSSIMPyramid``
/// of volumes, ``MSSSIM3DReference``) computed by
/// ``FastSSIM/evaluate(_:_:maxVal:convention:reduction:gradients:)-(VolumeTensor<Scalar>,_,_,_,_,_)``.
///
/// Forward: each scale's cs or SSIM map summed row by row by the volume kernel (``FastVolumeKernel``, its rows
/// computing cs or SSIM instead of the loss: `fast_value_cs`, `fast_value_ssim`), in chunks of depth planes of every
/// channel volume computed at every scale from the depth planes of the pooled volumes they need (``FastChunkPlan``,
/// ``FastVolumePooling``); each unit's mean is the pairwise sum of its rows' sums over its count. The treatment of
/// negative means, the powers, their product and the loss follow in `S` (``FastMSSSIMProduct``), as for images.
///
/// With gradients, forward and backward in one pass of the volume kernel over every scale (``FastMSSSIMGradients``),
/// on the volumes at every scale (``FastVolumePyramid``): its row sums give the means, and each scale's gradients,
/// scaled once the means are known, are carried to the finer scale through the downsampling's adjoint.
///
/// Every sum is over rows in a fixed order, and each block writes its own rows: the results do not depend on the
/// number of workers, nor the forward ones on whether gradients are asked for.
struct FastMSSSIM3D<S: FastSSIMScalar> {
    let fast: FastSSIM
    let pyramid: MSSSIMPyramid
    /// Each scale as the volume kernel computes it.
    let scales: [FastVolumeScale]

    var convention: MSSSIMConvention { pyramid.convention }
    var dimensions: [[Int]] { pyramid.dimensions }

    /// MS-SSIM of the volumes `img1` and `img2` (of ``dimensions``[0]).
    func evaluate(_ img1: VolumeTensor<S>, _ img2: VolumeTensor<S>, reduction: SSIMReduction, gradients: Bool) -> MSSSIM3DResult<S> {
        img1.values.withUnsafeBufferPointer { x in
            img2.values.withUnsafeBufferPointer { y in
                evaluate((x.baseAddress!, y.baseAddress!), reduction: reduction, gradients: gradients)
            }
        }
    }

    /// MS-SSIM of the volumes at `volumes` (of ``dimensions``[0]).
    private func evaluate(
        _ volumes: (UnsafePointer<S>, UnsafePointer<S>), reduction: SSIMReduction, gradients: Bool
    ) -> MSSSIM3DResult<S> {
        let pooling = FastVolumePooling<S>(dimensions: dimensions, rule: convention.downsampling, instructions: fast.instructions)
        // Each scale's window's distinct weights w[0…r] along H and W, then along D.
        func weights(_ window: [Double]) -> UnsafeMutablePointer<S> {
            let weights = UnsafeMutablePointer<S>.allocate(capacity: window.count / 2 + 1)
            for m in 0...window.count / 2 { weights[m] = S(window[m]) }
            return weights
        }
        let planeWeights = scales.map { weights($0.window) }, depthWeights = scales.map { weights($0.depthWindow) }
        defer { (planeWeights + depthWeights).forEach { $0.deallocate() } }
        let weights: [Weights] = zip(planeWeights, depthWeights).map { ($0, $1) }

        func result(_ product: FastMSSSIMProduct<S>) -> MSSSIM3DResult<S> {
            MSSSIM3DResult<S>(
                unitShape: pyramid.unitShape, scaleShapes: dimensions, scaleMeans: product.means, msssim: product.msssim,
                loss: product.loss, reducedLoss: product.reducedLoss(reduction))
        }
        guard gradients else {
            let means = scaleMeans(volumes, pooling: pooling, weights: weights)
            return result(FastMSSSIMProduct(convention: convention, means: means))
        }
        // The backward pass reads every scale of both volumes. Their finest scale is the volumes' own elements, alive
        // and unchanged while they are read.
        let pyramids = (FastVolumePyramid(fast: fast, pooling: pooling, volumes.0), FastVolumePyramid(fast: fast, pooling: pooling, volumes.1))
        defer {
            pyramids.0.deallocate()
            pyramids.1.deallocate()
        }
        let (product, grad1, grad2) = withGradients(pyramids, weights: weights, reduction: reduction)
        var withGradients = result(product)
        withGradients.gradImg1 = VolumeTensor(validatedShape: dimensions[0], values: grad1)
        withGradients.gradImg2 = VolumeTensor(validatedShape: dimensions[0], values: grad2)
        return withGradients
    }

    /// The channel volumes of every scale (B·C).
    private var volumeCount: Int { pyramid.planeCount }

    /// The map elements of one unit at scale `j`: its channel volumes' maps.
    private func count(_ j: Int) -> S { S(scales[j].mapCount * (volumeCount / pyramid.unitCount)) }

    /// The kernel's inputs at scale `j`: both volumes there (`volumes`, from the kernel's first plane on), its
    /// window, its constants (cs or SSIM; `upstream`, one per channel volume or one for all, the derivative of the
    /// result with respect to each map element), and the outputs.
    private func setup(
        _ j: Int, _ volumes: (UnsafePointer<S>, UnsafePointer<S>), weights: UnsafeMutablePointer<S>,
        upstream: [S], rowSums: UnsafeMutablePointer<S>?, gradients: (UnsafeMutablePointer<S>, UnsafeMutablePointer<S>)?
    ) -> FastSetup<S> {
        let options = pyramid.options[j]
        let value = convention.contributesSSIM(scale: j) ? fast_value_ssim : fast_value_cs
        let eps = convention.scale.includesEps ? S(options.eps) : 0
        return FastSetup<S>(
            instructions: fast.instructions, img1: volumes.0, img2: volumes.1, weights: weights,
            constants: upstream.map { S.constants(c1: S(options.c1), c2: S(options.c2), eps: eps, upstream: $0, value: value) },
            ssimMap: nil, lossMap: nil, rowSums: rowSums, grad1: gradients?.0, grad2: gradients?.1)
    }

    /// A scale's window's distinct weights along H and W, and along D.
    private typealias Weights = (plane: UnsafeMutablePointer<S>, depth: UnsafeMutablePointer<S>)

    /// The sizes of scale `j`'s depth planes for the kernels.
    private func geometry(_ j: Int) -> FastGeometry {
        scales[j].geometry(height: dimensions[j][3], width: dimensions[j][4], lanes: FastGeometry.rowGranularity / MemoryLayout<S>.stride)
    }

    /// The window along D of scale `j`, its weights `weights`.
    private func depthWindow(_ j: Int, _ weights: Weights) -> FastDepthWindow<S> {
        FastDepthWindow(radius: scales[j].depthRadius, weights: weights.depth)
    }

    /// Runs the volume kernel with gradients on scale `j`'s whole volumes with `setup`, its window along D
    /// `weights.depth`.
    private func runWithGradients(_ j: Int, _ setup: FastSetup<S>, _ weights: Weights) {
        let d = dimensions[j], scale = scales[j]
        fast.runVolumes(
            setup, geometry: geometry(j), volumes: volumeCount, depth: d[2], depthCrop: scale.depthCrop,
            mapDepth: d[2] - 2 * scale.depthCrop, depthWindow: depthWindow(j, weights), gradients: true)
    }

    /// Each scale's channel volumes as planes of D·H rows of W: how its row sums (one per row of every depth plane
    /// of every channel volume) and its gradients are laid out.
    private var volumePlanes: [Shape] {
        dimensions.map { Shape(batch: volumeCount, channels: 1, height: $0[2] * $0[3], width: $0[4]) }
    }

    /// Each scale's mean per unit: the rows of every depth plane of every scale summed by the volume kernel, in
    /// chunks of depth planes of each channel volume (``FastChunkPlan``), segments of them on the workers, then each
    /// unit's rows summed pairwise. A chunk reads its coarser scales' planes from planes its worker pools itself
    /// (``FastHeldRows``, a depth plane to a line): nothing of the volume's size is allocated but one sum per row.
    private func scaleMeans(
        _ volumes: (UnsafePointer<S>, UnsafePointer<S>), pooling: FastVolumePooling<S>, weights: [Weights]
    ) -> [[S]] {
        let dimensions = dimensions, volumeCount = volumeCount
        let sums = FastScaleRowSums<S>(shapes: volumePlanes)
        defer { sums.deallocate() }
        let plan = FastChunkPlan(
            segments: FastChunkPlan.segments(threads: fast.threads, planes: volumeCount), scales: scales,
            dimensions: dimensions, pooling: pooling)
        let shared = FastVolumeShared(volumes: volumes, weights: weights, sums: sums.scales)
        let geometries = dimensions.indices.map(geometry), planeSizes = dimensions.map { $0[3] * $0[4] }
        // Each scale's depth planes cut into bands of rows as the whole volumes' are (``FastSSIM/runVolumes``), so
        // that a band's rings of planes stay in the cache; their halo along H costs a pass along W.
        let bandHeights = geometries.indices.map { j in
            let bands = fast.volumeBlocks(volumes: volumeCount, depth: dimensions[j][2], height: dimensions[j][3], taps: geometries[j].taps).rows
            return (dimensions[j][3] + bands - 1) / bands
        }
        let units = volumeCount * plan.segments.count, queue = BandQueue(count: units)
        fast.perform(workers: fast.workers(units: units, pixels: volumePlanes[0].count)) {
            let scratches = geometries.indices.map { j in
                (FastScratch<S>(geometry: geometries[j], gradients: true),
                 FastVolumeScratch<S>(geometry: geometries[j], rows: min(geometries[j].mapHeight, bandHeights[j]), gradients: false))
            }
            // Room for the held planes of each coarser scale of both volumes, and for
            // the two planes of a coarser scale pooled along W and H before they are averaged along D.
            let slots = dimensions.indices.map { j in j == 0 ? 0 : 2 * plan.capacity[j] }
            let (storage, parts) = FastScratch<S>.parts(
                dimensions.indices.flatMap { j in Array(repeating: slots[j] * planeSizes[j], count: 2) }
                    + [2 * (planeSizes.dropFirst().max() ?? 0)])
            defer {
                scratches.forEach { $0.0.deallocate(); $0.1.deallocate() }
                storage.deallocate()
            }
            var held = dimensions.indices.map { j in
                FastHeldRows(x: parts[2 * j], y: parts[2 * j + 1], width: planeSizes[j], slots: slots[j])
            }
            while let unit = queue.next() {
                let volume = unit / plan.segments.count
                for j in held.indices { held[j].empty() }
                for chunk in plan.segments[unit % plan.segments.count].map({ plan.chunks[$0] }) {
                    computeChunk(
                        chunk, volume: volume, held: &held, pooled: parts.last!, shared: shared, pooling: pooling,
                        geometries: geometries, bandHeights: bandHeights, scratches: scratches)
                }
            }
        }
        return sums.means(units: pyramid.unitCount, counts: dimensions.indices.map(count))
    }

    /// The row sums of `chunk` of channel volume `volume` at every scale into `shared.sums[j]` (scale j's, one per
    /// row of every depth plane of every channel volume), its coarser scales' planes pooled into `held` (through `pooled`, room for two planes of scale 1), each scale computed in bands of
    /// `bandHeights[j]` rows with its `scratches`.
    private func computeChunk(
        _ chunk: FastChunkPlan.Chunk, volume: Int, held: inout [FastHeldRows<S>], pooled: UnsafeMutablePointer<S>,
        shared: FastVolumeShared<S>, pooling: FastVolumePooling<S>, geometries: [FastGeometry], bandHeights: [Int],
        scratches: [(FastScratch<S>, FastVolumeScratch<S>)]
    ) {
        let finest = volume * dimensions[0][2], finestPlane = dimensions[0][3] * dimensions[0][4]
        for (j, d) in dimensions.enumerated() {
            // The scale's volumes from their first plane held on, and that plane (as an image plane, v·D + d).
            let (x, y, firstPlane): (UnsafePointer<S>, UnsafePointer<S>, Int)
            if j == 0 {
                (x, y, firstPlane) = (shared.volumes.0, shared.volumes.1, 0)
            } else {
                guard !chunk.held[j].isEmpty else { continue }
                let fine = j == 1 ? nil : held[j - 1], (volume1, volume2) = shared.volumes
                held[j].hold(chunk.held[j]) { plane, outX, outY in
                    pooling.poolPlane(
                        plane, scale: j, from: { fine?.xRow($0) ?? volume1 + (finest + $0) * finestPlane }, pooled: pooled,
                        into: outX)
                    pooling.poolPlane(
                        plane, scale: j, from: { fine?.yRow($0) ?? volume2 + (finest + $0) * finestPlane }, pooled: pooled,
                        into: outY)
                }
                let first = chunk.held[j].lowerBound
                (x, y, firstPlane) = (held[j].xRow(first), held[j].yRow(first), volume * d[2] + first)
            }
            guard !chunk.owned[j].isEmpty else { continue }
            let setup = setup(j, (x, y), weights: shared.weights[j].plane, upstream: [0], rowSums: shared.sums[j], gradients: nil)
            let kernel = FastVolumeKernel(
                plane: FastBandKernel(geometry: geometries[j], setup: setup, scratch: scratches[j].0), depth: d[2],
                depthCrop: scales[j].depthCrop, mapDepth: d[2] - 2 * scales[j].depthCrop,
                depthWindow: depthWindow(j, shared.weights[j]), scratch: scratches[j].1, firstPlane: firstPlane)
            for row in stride(from: 0, to: d[3], by: bandHeights[j]) {
                kernel.run(volume: volume, planes: chunk.owned[j], rows: row..<min(d[3], row + bandHeights[j]))
            }
        }
    }

    /// MS-SSIM and the gradients of the reduced loss with respect to both volumes, from the volumes at every scale,
    /// `volumes` (``FastMSSSIMGradients``).
    private func withGradients(
        _ volumes: (FastVolumePyramid<S>, FastVolumePyramid<S>), weights: [Weights], reduction: SSIMReduction
    ) -> (product: FastMSSSIMProduct<S>, grad1: [S], grad2: [S]) {
        let planes = volumePlanes
        let sums = FastScaleRowSums<S>(shapes: planes)
        defer { sums.deallocate() }
        let gradients = FastMSSSIMGradients<S>(
            convention: convention, units: (0..<volumeCount).map(pyramid.unit(ofPlane:)),
            counts: dimensions.indices.map(count))
        // Each scale's gradients of both volumes: the finest the outputs, the coarser ones one after the other.
        let sizes = planes.map(\.count)
        let coarse = UnsafeMutablePointer<S>.allocate(capacity: max(2 * (sizes.reduce(0, +) - sizes[0]), 1))
        defer { coarse.deallocate() }
        var outputs: ([S], [S]) = (HugePages.output(sizes[0]), HugePages.output(sizes[0]))
        let product = outputs.0.withUnsafeMutableBufferPointer { fine1 in
            outputs.1.withUnsafeMutableBufferPointer { fine2 in
                var levels = [(fine1.baseAddress!, fine2.baseAddress!)], offset = 0
                for size in sizes.dropFirst() {
                    levels.append((coarse + offset, coarse + offset + size))
                    offset += 2 * size
                }
                return gradients.product(reduction: reduction) { upstream, summing in
                    for j in dimensions.indices {
                        let inputs = setup(
                            j, (volumes.0.level(j), volumes.1.level(j)), weights: weights[j].plane,
                            upstream: (0..<volumeCount).map { upstream(j, $0) }, rowSums: summing ? sums.scales[j] : nil,
                            gradients: levels[j])
                        runWithGradients(j, inputs, weights[j])
                    }
                } means: {
                    sums.means(units: pyramid.unitCount, counts: gradients.counts)
                } carryBack: { factors in
                    let coarsest = dimensions.count - 1
                    if let factors, !FastMSSSIMGradients.scale(levels[coarsest], of: planes[coarsest], by: factors[coarsest], fast: fast) {
                        return false
                    }
                    return (0..<coarsest).reversed().allSatisfy { j in
                        let finite = factors.map { FastMSSSIMGradients.scale(levels[j], of: planes[j], by: $0[j], fast: fast) }
                        volumes.0.addAdjoint(of: levels[j + 1].0, to: levels[j].0, scale: j, fast: fast)
                        volumes.1.addAdjoint(of: levels[j + 1].1, to: levels[j].1, scale: j, fast: fast)
                        return finite ?? true
                    }
                }
            }
        }
        return (product, outputs.0, outputs.1)
    }
}

/// What every worker of ``FastMSSSIM3D``'s forward pass reads and writes.
///
/// `@unchecked Sendable`: the pointers point into buffers that ``FastMSSSIM3D`` keeps alive until every worker has
/// returned (`concurrentPerform` is synchronous); the volumes and weights are only read, and each row sum is written
/// by the one chunk that owns its depth plane.
private struct FastVolumeShared<S: FastSSIMScalar>: @unchecked Sendable {
    /// The finest scale of both volumes.
    let volumes: (UnsafePointer<S>, UnsafePointer<S>)
    /// Each scale's window's distinct weights along H and W, and along D.
    let weights: [(plane: UnsafeMutablePointer<S>, depth: UnsafeMutablePointer<S>)]
    /// Each scale's row sums, one per row of every depth plane of every channel volume.
    let sums: [UnsafeMutablePointer<S>]
}
