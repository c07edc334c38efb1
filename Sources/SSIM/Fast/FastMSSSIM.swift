import CFastKernels

/// MS-SSIM on the fast implementation's 2-D kernels, in `S`: the reference's formulas (``MSSSIMPyramid``) computed
/// by ``FastSSIM/evaluate(_:_:maxVal:convention:reduction:gradients:)-(ImageTensor<Scalar>,_,_,_,_,_)``.
///
/// Forward: each scale's cs or SSIM map summed row by row by `fast_forward_rows` (the 2-D forward sweep, its rows
/// computing cs or SSIM instead of the loss), in chunks of rows of every plane computed at every scale from the rows
/// of the pooled images they need (``FastChunkPlan``); each unit's mean is the pairwise sum of its rows' sums over
/// its count.
/// The treatment of negative means, the powers, their product and the loss follow in `S`, as the reference has them.
///
/// With gradients, forward and backward in one pass of the 2-D band kernel over every scale's bands
/// (``FastMSSSIMGradients``), on the images at every scale (``FastPyramid``): its row sums give the means, and each
/// scale's gradients, scaled once the means are known, are carried to the finer scale through the downsampling's
/// adjoint.
///
/// Every sum is over rows in a fixed order, and each band writes its own rows: the results do not depend on the
/// number of workers, nor the forward ones on whether gradients are asked for.
struct FastMSSSIM<S: FastSSIMScalar> {
    let fast: FastSSIM
    let pyramid: MSSSIMPyramid
    /// The pyramid's shapes, made once: every chunk of the forward pass reads them.
    let shapes: [Shape]

    var convention: MSSSIMConvention { pyramid.convention }

    init(fast: FastSSIM, pyramid: MSSSIMPyramid) {
        (self.fast, self.pyramid, shapes) = (fast, pyramid, pyramid.shapes)
    }

    func evaluate(_ img1: ImageTensor<S>, _ img2: ImageTensor<S>, reduction: SSIMReduction, gradients: Bool) -> MSSSIMResult<S> {
        img1.values.withUnsafeBufferPointer { x in
            img2.values.withUnsafeBufferPointer { y in
                evaluate(x.baseAddress!, y.baseAddress!, reduction: reduction, gradients: gradients)
            }
        }
    }

    /// MS-SSIM of the images at `img1` and `img2` (of ``shapes``[0]).
    private func evaluate(
        _ img1: UnsafePointer<S>, _ img2: UnsafePointer<S>, reduction: SSIMReduction, gradients: Bool
    ) -> MSSSIMResult<S> {
        let pooling = FastPooling<S>(shapes: shapes, rule: convention.downsampling, instructions: fast.instructions)
        let geometries = shapes.indices.map(geometry)
        let weights = UnsafeMutablePointer<S>.allocate(capacity: pyramid.options[0].radius + 1)
        defer { weights.deallocate() }
        let window = pyramid.options[0].window
        for m in 0...pyramid.options[0].radius { weights[m] = S(window[m]) }
        func result(_ product: FastMSSSIMProduct<S>) -> MSSSIMResult<S> {
            MSSSIMResult<S>(
                unitShape: pyramid.unitShape, scaleShapes: shapes, scaleMeans: product.means, msssim: product.msssim,
                loss: product.loss, reducedLoss: product.reducedLoss(reduction))
        }
        guard gradients else {
            // The factors bⱼʷʲ per unit, MS-SSIM their product, and the loss.
            let means = scaleMeans(img1, img2, pooling: pooling, geometries, weights: weights)
            return result(FastMSSSIMProduct(convention: convention, means: means))
        }
        let pyramids = FastPyramid.pyramids(of: [img1, img2], pooling: pooling, fast: fast)
        defer { pyramids.forEach { $0.deallocate() } }
        let (product, grad1, grad2) = withGradients((pyramids[0], pyramids[1]), geometries, weights: weights, reduction: reduction)
        var withGradients = result(product)
        withGradients.gradImg1 = ImageTensor(validatedShape: shapes[0], values: grad1)
        withGradients.gradImg2 = ImageTensor(validatedShape: shapes[0], values: grad2)
        return withGradients
    }

    /// The sizes of scale `j`'s planes for the kernels.
    private func geometry(_ j: Int) -> FastGeometry {
        let options = pyramid.options[j], shape = shapes[j], map = options.mapShape(shape)
        return FastGeometry(
            height: shape.height, width: shape.width, radius: options.radius, crop: options.crop,
            mapHeight: map.height, mapWidth: map.width, lanes: FastGeometry.rowGranularity / MemoryLayout<S>.stride)
    }

    /// The constants of scale `j`'s rows: its cs or SSIM, with `upstream` as the derivative of the result with
    /// respect to each of its elements.
    private func constants(_ j: Int, upstream: S) -> S.Constants {
        let options = pyramid.options[j]
        return S.constants(
            c1: S(options.c1), c2: S(options.c2), eps: convention.scale.includesEps ? S(options.eps) : 0,
            upstream: upstream, value: convention.contributesSSIM(scale: j) ? fast_value_ssim : fast_value_cs)
    }

    /// Each scale's mean per unit: the rows of every plane of every scale summed by `fast_forward_rows`, in chunks
    /// of rows of each plane (``FastChunkPlan``), segments of them on the workers, then each unit's rows summed
    /// pairwise. A chunk reads its coarser scales' rows from rows its worker pools itself (``FastHeldRows``): nothing
    /// of the image's size is allocated but one sum per row.
    private func scaleMeans(
        _ img1: UnsafePointer<S>, _ img2: UnsafePointer<S>, pooling: FastPooling<S>, _ geometries: [FastGeometry],
        weights: UnsafeMutablePointer<S>
    ) -> [[S]] {
        let shapes = shapes, planes = shapes[0].planes
        let sums = FastScaleRowSums<S>(shapes: shapes)
        defer { sums.deallocate() }
        let plan = FastChunkPlan(
            segments: FastChunkPlan.segments(threads: fast.threads, planes: planes), geometries: geometries,
            pooling: pooling)
        let shared = FastShared(
            images: (img1, img2), weights: weights, constants: shapes.indices.map { constants($0, upstream: 0) },
            sums: sums.scales)
        let queue = BandQueue(count: planes * plan.segments.count)
        fast.perform(workers: fast.workers(units: planes * plan.segments.count, pixels: shapes[0].count)) {
            // The finest scale's map is the widest: its scratch serves every scale.
            let scratch = FastScratch<S>(geometry: geometries[0], gradients: false)
            // Room for the held rows of each coarser scale of both images, not zeroed (a few hundred kilobytes for
            // each worker and call): each row is pooled before it is read, and the kernels read no further than the
            // row's width.
            let slots = shapes.indices.map { j in j == 0 ? 0 : 2 * plan.capacity[j] }
            let (storage, parts) = FastScratch<S>.parts(shapes.indices.flatMap { j in
                Array(repeating: slots[j] * shapes[j].width, count: 2)
            }, zeroed: false)
            defer {
                scratch.deallocate()
                storage.deallocate()
            }
            var held = shapes.indices.map { j in
                FastHeldRows(x: parts[2 * j], y: parts[2 * j + 1], width: shapes[j].width, slots: slots[j])
            }
            while let unit = queue.next() {
                let plane = unit / plan.segments.count
                for j in held.indices { held[j].empty() }
                for chunk in plan.segments[unit % plan.segments.count].map({ plan.chunks[$0] }) {
                    computeChunk(chunk, plane: plane, held: &held, shared: shared, pooling: pooling,
                                 geometries: geometries, scratch: scratch)
                }
            }
        }
        return sums.means(units: pyramid.unitCount, counts: shapes.indices.map { count($0, geometries) })
    }

    /// The elements of one unit's map at scale `j`: its planes' maps.
    private func count(_ j: Int, _ geometries: [FastGeometry]) -> S {
        S(geometries[j].mapHeight * geometries[j].mapWidth * (shapes[0].planes / pyramid.unitCount))
    }

    /// The row sums of `chunk` of `plane` at every scale into `shared.sums[j]` (scale j's, one per image row of every
    /// plane), its coarser scales' rows pooled into `held`.
    private func computeChunk(
        _ chunk: FastChunkPlan.Chunk, plane: Int, held: inout [FastHeldRows<S>], shared: FastShared<S>,
        pooling: FastPooling<S>, geometries: [FastGeometry], scratch: FastScratch<S>
    ) {
        for (j, shape) in shapes.enumerated() {
            let image = plane * shape.planeSize
            // The scale's images from their first held row on, and that row.
            let (x, y, firstRow): (UnsafePointer<S>, UnsafePointer<S>, Int)
            if j == 0 {
                (x, y, firstRow) = (shared.images.0 + image, shared.images.1 + image, 0)
            } else {
                guard !chunk.held[j].isEmpty else { continue }
                let fine = j == 1 ? nil : held[j - 1], fineWidth = shapes[j - 1].width
                let fineX = shared.images.0 + plane * shapes[0].planeSize, fineY = shared.images.1 + plane * shapes[0].planeSize
                held[j].hold(chunk.held[j]) { row, outX, outY in
                    pooling.poolRow(row, scale: j, from: { fine?.xRow($0) ?? fineX + $0 * fineWidth }, into: outX)
                    pooling.poolRow(row, scale: j, from: { fine?.yRow($0) ?? fineY + $0 * fineWidth }, into: outY)
                }
                (x, y, firstRow) = (held[j].xRow(chunk.held[j].lowerBound), held[j].yRow(chunk.held[j].lowerBound), chunk.held[j].lowerBound)
            }
            guard !chunk.owned[j].isEmpty else { continue }
            S.forwardRows(
                fast.instructions, x, y, geometry: geometries[j].kernels(firstRow: firstRow), weights: shared.weights,
                shared.constants[j], ssimMap: nil, lossMap: nil, rowSums: shared.sums[j] + plane * shape.height,
                rows: chunk.owned[j].lowerBound, chunk.owned[j].upperBound, scratch: scratch.forward)
        }
    }

    /// MS-SSIM and the gradients of the reduced loss with respect to both images, from the images at every scale,
    /// `images` (``FastMSSSIMGradients``).
    private func withGradients(
        _ images: (FastPyramid<S>, FastPyramid<S>), _ geometries: [FastGeometry], weights: UnsafeMutablePointer<S>,
        reduction: SSIMReduction
    ) -> (product: FastMSSSIMProduct<S>, grad1: [S], grad2: [S]) {
        let planes = shapes[0].planes
        let sums = FastScaleRowSums<S>(shapes: shapes)
        defer { sums.deallocate() }
        let gradients = FastMSSSIMGradients<S>(
            convention: convention, units: (0..<planes).map(pyramid.unit(ofPlane:)),
            counts: shapes.indices.map { count($0, geometries) })
        // Each scale's gradients; the finest scale's are the outputs.
        var grad1: [S] = HugePages.output(shapes[0].count), grad2: [S] = HugePages.output(shapes[0].count)
        let coarser = shapes.dropFirst().map(\.count).reduce(0, +)
        let coarse1 = UnsafeMutablePointer<S>.allocate(capacity: max(coarser, 1))
        let coarse2 = UnsafeMutablePointer<S>.allocate(capacity: max(coarser, 1))
        defer {
            coarse1.deallocate()
            coarse2.deallocate()
        }
        let product = grad1.withUnsafeMutableBufferPointer { fine1 in
            grad2.withUnsafeMutableBufferPointer { fine2 in
                var levels1 = [fine1.baseAddress!], levels2 = [fine2.baseAddress!]
                var offset = 0
                for shape in shapes.dropFirst() {
                    levels1.append(coarse1 + offset)
                    levels2.append(coarse2 + offset)
                    offset += shape.count
                }
                return gradients.product(reduction: reduction) { upstream, summing in
                    // Every scale's bands on the workers at once.
                    fast.run(shapes.indices.map { j in
                        let setup = FastSetup<S>(
                            instructions: fast.instructions, img1: images.0.level(j), img2: images.1.level(j),
                            weights: weights, constants: (0..<planes).map { constants(j, upstream: upstream(j, $0)) },
                            ssimMap: nil, lossMap: nil, rowSums: summing ? sums.scales[j] : nil, grad1: levels1[j],
                            grad2: levels2[j])
                        return (setup: setup, geometry: geometries[j])
                    }, planes: planes, gradients: true)
                } means: {
                    sums.means(units: pyramid.unitCount, counts: gradients.counts)
                } carryBack: { factors in
                    FastPyramid.carryBack([levels1, levels2], pooling: images.0.pooling, multiplyingBy: factors, fast: fast)
                }
            }
        }
        return (product, grad1, grad2)
    }
}

/// What every worker of ``FastMSSSIM`` reads and writes.
///
/// `@unchecked Sendable`: the pointers point into buffers that ``FastMSSSIM`` keeps alive until every worker has
/// returned (`concurrentPerform` is synchronous); the images and weights are only read, and each row sum is written
/// by the one chunk that owns its row.
private struct FastShared<S: FastSSIMScalar>: @unchecked Sendable {
    /// The finest scale of both images.
    let images: (UnsafePointer<S>, UnsafePointer<S>)
    let weights: UnsafeMutablePointer<S>
    /// Each scale's constants.
    let constants: [S.Constants]
    /// Each scale's row sums, one per image row of every plane.
    let sums: [UnsafeMutablePointer<S>]
}
