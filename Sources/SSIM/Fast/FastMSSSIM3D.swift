import CFastKernels

/// MS-SSIM on volumes on the fast implementation's 3-D kernel, in `S`: the reference's formulas (``MSSSIMPyramid``
/// of volumes, ``MSSSIM3DReference``) computed by
/// ``FastSSIM/evaluate(_:_:maxVal:convention:reduction:gradients:)-(VolumeTensor<Scalar>,_,_,_,_,_)``.
///
/// Forward: the volumes at every scale (``FastVolumePyramid``), then each scale's cs or SSIM map summed row by row
/// by the volume kernel (``FastVolumeKernel``, its rows computing cs or SSIM instead of the loss: `fast_value_cs`,
/// `fast_value_ssim`), scale after scale, each in blocks on the workers; each unit's mean is the pairwise sum of its
/// rows' sums over its count. The treatment of negative means, the powers, their product and the loss follow in `S`
/// (``FastMSSSIMProduct``), as for images.
///
/// Backward: d(reduced loss)/d(each scale's mean of each unit), over the scale's count, is the upstream derivative of
/// every element of that unit's map, which the volume kernel takes back through the ratio, the blur along D, H and W
/// and the products (each volume with its unit's upstream) into the scale's gradients. From the coarsest scale to
/// the finest, each scale's gradients are carried to the finer scale through the downsampling's adjoint and added to
/// its own.
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
        let rule = convention.downsampling
        // The pyramids' finest scale is the volumes' own elements, alive and unchanged while they are read.
        return img1.values.withUnsafeBufferPointer { x in
            img2.values.withUnsafeBufferPointer { y in
                let pyramids = (FastVolumePyramid(fast: fast, dimensions: dimensions, rule: rule, x.baseAddress!),
                                FastVolumePyramid(fast: fast, dimensions: dimensions, rule: rule, y.baseAddress!))
                defer {
                    pyramids.0.deallocate()
                    pyramids.1.deallocate()
                }
                return evaluate(pyramids, reduction: reduction, gradients: gradients)
            }
        }
    }

    /// MS-SSIM of the volumes at every scale, `volumes`.
    private func evaluate(
        _ volumes: (FastVolumePyramid<S>, FastVolumePyramid<S>), reduction: SSIMReduction, gradients: Bool
    ) -> MSSSIM3DResult<S> {
        // Each scale's window's distinct weights w[0…r] along H and W, then along D.
        func weights(_ window: [Double]) -> UnsafeMutablePointer<S> {
            let weights = UnsafeMutablePointer<S>.allocate(capacity: window.count / 2 + 1)
            for m in 0...window.count / 2 { weights[m] = S(window[m]) }
            return weights
        }
        let planeWeights = scales.map { weights($0.window) }, depthWeights = scales.map { weights($0.depthWindow) }
        defer { (planeWeights + depthWeights).forEach { $0.deallocate() } }
        let weights: [Weights] = zip(planeWeights, depthWeights).map { ($0, $1) }

        let means = scaleMeans(volumes, weights: weights)
        let product = FastMSSSIMProduct(convention: convention, means: means)
        var result = MSSSIM3DResult<S>(
            unitShape: pyramid.unitShape, scaleShapes: dimensions, scaleMeans: means, msssim: product.msssim,
            loss: product.loss, reducedLoss: product.reducedLoss(reduction))
        guard gradients else { return result }

        let (grad1, grad2) = backward(volumes, weights: weights, gradMeans: product.gradientsOfMeans(reduction))
        result.gradImg1 = VolumeTensor(validatedShape: dimensions[0], values: grad1)
        result.gradImg2 = VolumeTensor(validatedShape: dimensions[0], values: grad2)
        return result
    }

    /// The channel volumes of every scale (B·C).
    private var volumeCount: Int { pyramid.planeCount }

    /// The map elements of one unit at scale `j`: its channel volumes' maps.
    private func count(_ j: Int) -> S { S(scales[j].mapCount * (volumeCount / pyramid.unitCount)) }

    /// The kernel's inputs at scale `j`: both volumes there, its window, its constants (cs or SSIM; `upstream`, one
    /// per channel volume or one for all, the derivative of the result with respect to each map element), and the
    /// outputs.
    private func setup(
        _ j: Int, _ volumes: (FastVolumePyramid<S>, FastVolumePyramid<S>), weights: UnsafeMutablePointer<S>,
        upstream: [S], rowSums: UnsafeMutablePointer<S>?, gradients: (UnsafeMutablePointer<S>, UnsafeMutablePointer<S>)?
    ) -> FastSetup<S> {
        let options = pyramid.options[j]
        let value = convention.contributesSSIM(scale: j) ? fast_value_ssim : fast_value_cs
        let eps = convention.scale.includesEps ? S(options.eps) : 0
        return FastSetup<S>(
            instructions: fast.instructions, img1: volumes.0.level(j), img2: volumes.1.level(j), weights: weights,
            constants: upstream.map { S.constants(c1: S(options.c1), c2: S(options.c2), eps: eps, upstream: $0, value: value) },
            ssimMap: nil, lossMap: nil, rowSums: rowSums, grad1: gradients?.0, grad2: gradients?.1)
    }

    /// A scale's window's distinct weights along H and W, and along D.
    private typealias Weights = (plane: UnsafeMutablePointer<S>, depth: UnsafeMutablePointer<S>)

    /// Runs the volume kernel on scale `j` with `setup`, its window along D `weights.depth`.
    private func run(_ j: Int, _ setup: FastSetup<S>, _ weights: Weights, gradients: Bool) {
        let d = dimensions[j], scale = scales[j]
        fast.runVolumes(
            setup, geometry: scale.geometry(height: d[3], width: d[4], lanes: FastGeometry.rowGranularity / MemoryLayout<S>.stride),
            volumes: volumeCount, depth: d[2], depthCrop: scale.depthCrop, mapDepth: d[2] - 2 * scale.depthCrop,
            depthWindow: FastDepthWindow(radius: scale.depthRadius, weights: weights.depth), gradients: gradients)
    }

    /// Each scale's mean per unit: the rows of every scale summed by the volume kernel, then each unit's rows summed
    /// pairwise.
    private func scaleMeans(_ volumes: (FastVolumePyramid<S>, FastVolumePyramid<S>), weights: [Weights]) -> [[S]] {
        dimensions.indices.map { j in
            // One sum per row of every depth plane of every channel volume (rows outside the map stay 0).
            let rows = dimensions[j][2] * dimensions[j][3]
            let sums = UnsafeMutablePointer<S>.allocate(capacity: volumeCount * rows)
            sums.initialize(repeating: 0, count: volumeCount * rows)
            defer { sums.deallocate() }
            let inputs = setup(j, volumes, weights: weights[j].plane, upstream: [0], rowSums: sums, gradients: nil)
            run(j, inputs, weights[j], gradients: false)
            let unitRows = rows * (volumeCount / pyramid.unitCount)
            return (0..<pyramid.unitCount).map { u in pairwiseSum(sums + u * unitRows, unitRows) / count(j) }
        }
    }

    /// The gradients of the reduced loss with respect to both volumes, from `gradMeans[j][u]`, its derivative with
    /// respect to scale j's mean of unit u.
    private func backward(
        _ volumes: (FastVolumePyramid<S>, FastVolumePyramid<S>), weights: [Weights], gradMeans: [[S]]
    ) -> ([S], [S]) {
        // Each scale's gradients of both volumes: the finest the outputs, the coarser ones one after the other.
        let sizes = dimensions.map { $0.reduce(1, *) }
        let coarse = UnsafeMutablePointer<S>.allocate(capacity: max(2 * (sizes.reduce(0, +) - sizes[0]), 1))
        defer { coarse.deallocate() }
        var outputs = (Self.output(sizes[0]), Self.output(sizes[0]))
        outputs.0.withUnsafeMutableBufferPointer { fine1 in
            outputs.1.withUnsafeMutableBufferPointer { fine2 in
                var levels = [(fine1.baseAddress!, fine2.baseAddress!)], offset = 0
                for size in sizes.dropFirst() {
                    levels.append((coarse + offset, coarse + offset + size))
                    offset += 2 * size
                }
                for j in dimensions.indices.reversed() {
                    let upstream = (0..<volumeCount).map { gradMeans[j][pyramid.unit(ofPlane: $0)] / count(j) }
                    let inputs = setup(j, volumes, weights: weights[j].plane, upstream: upstream, rowSums: nil, gradients: levels[j])
                    run(j, inputs, weights[j], gradients: true)
                    if j + 1 < dimensions.count {
                        volumes.0.addAdjoint(of: levels[j + 1].0, to: levels[j].0, scale: j, fast: fast)
                        volumes.1.addAdjoint(of: levels[j + 1].1, to: levels[j].1, scale: j, fast: fast)
                    }
                }
            }
        }
        return outputs
    }

    /// An output of `count` elements, not initialised: the kernel writes every one.
    private static func output(_ count: Int) -> [S] {
        [S](unsafeUninitializedCapacity: count) { buffer, initialized in
            HugePages.advise(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }
}
