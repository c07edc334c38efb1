import CFastKernels

/// The MS-SSIM + L1 loss on the fast implementation's kernels, in `S`: the reference's formulas
/// (``MSSSIML1Computation``) computed by ``FastSSIM/evaluate(_:_:maxVal:alpha:compensation:convention:reduction:maps:gradients:)``.
///
/// The work is cut into bands of rows of each sample, every channel of the band together (the loss of a pixel is
/// the channels' mean), run on the workers by ``FastMSSSIML1Kernel``: each σ's blur separable, along W then along H,
/// on rings of rows, and the gradients by the blurs' adjoints riding along. Each owned row's loss sum is stored, and
/// the sums are added pairwise in their order; each band writes its own rows: the results do not depend on the
/// number of workers, nor the forward ones on whether gradients are asked for.
///
/// Why two 1-D passes of k taps stay within the bounds of ``MSSSIML1ErrorBounds``, which model Kornia's 2-D
/// convolution (``SeparableBlur/summedAtOnce``). Those bounds allow each blurred element γₙ·blur(|z|) with
/// n = k² + 2k + 9 (k² + 2k + 13 for the adjoint; 1,164 and 1,168 for k = 33) in the working precision, and, in
/// float64 with float32 taps, (2k + 9)·u₃₂·blur(|z|) more for the taps: each 1-D tap within (k + 4)·u₃₂ of the exact
/// normalised Gaussian (Kornia builds them in float32: exp, sum, division), each 2-D tap their product rounded to
/// float32 once more. Here:
/// - The taps are the exact window (the reference's, in float64) rounded once to `S`: within u_S of exact, fewer
///   than the (k + 4) roundoffs allowed a 1-D tap; the 2-D tap is never formed or rounded: the two passes multiply
///   by one tap each, so the 2-D weight is the exact product of two taps each within u_S, within 2u_S + u_S² of the
///   exact one, where Kornia's 2-D tap is allowed 2k + 9 roundoffs of float32 (in float32 arithmetic, inside n).
/// - Along W, `fast_blur_symmetric`: the centre tap's product, then r products of a tap by the sum of two pixels,
///   accumulated in one chain: each term rounded at most r + 2 times (the sum, the product, the r additions; one
///   fewer with FMA), r + 3 with its tap's error. Along H, `fast_blur_rows`: the same terms, the centre's
///   product last, so again r + 3. Bounding the second pass's effect on the first's errors through
///   blur₁(|z|) ≥ |blur₁(z)| and (1 + γₐ)(1 + γ_b) ≤ 1 + γ_{a+b}, the two passes err by at most γ_{2r+6}·blur(|z|):
///   n = 2r + 6 = 38 for k = 33, taps included, against the 1,164 allowed. The zero border adds exact zeros.
/// - The adjoint along H then along W is the same two passes on zero-padded rows (a symmetric window's adjoint under
///   zero padding is itself): the same n, against 1,168.
/// So every blurred element is within the bounds' allowance for a blur, by a factor of about 30 in n. The other
/// operations (the moments, cs, SSIM, the products of the σ's terms, the channels' mean, the mix, the reduction) are
/// the reference's formulas with the same roundings or, where the order differs (l·Π cs as SSIM_M·Π cs; σx² + σy²
/// as E[x² + y²] − (μx² + μy²), x² + y² blurred once for both; each σ's
/// moment gradients computed with a unit upstream, then multiplied by its per-pixel upstream; the σ's moment
/// gradients summed before the chain rule rather than after; a row summed in order, rows pairwise), within a few
/// roundoffs of theirs, which the bounds' slack on the blurs covers; the certification of every golden vector on
/// every instruction set checks it (FastMSSSIML1Tests).
struct FastMSSSIML1<S: FastSSIMScalar> {
    let fast: FastSSIM
    let computation: MSSSIML1Computation

    func evaluate(
        _ img1: ImageTensor<S>, _ img2: ImageTensor<S>, reduction: SSIMReduction, maps: Bool, gradients: Bool
    ) -> MSSSIML1Result<S> {
        let shape = computation.shape, convention = computation.convention
        let radius = convention.taps / 2
        let geometry = FastGeometry(
            height: shape.height, width: shape.width, radius: radius, crop: 0, mapHeight: shape.height,
            mapWidth: shape.width, lanes: FastGeometry.rowGranularity / MemoryLayout<S>.stride)
        // Each σ's distinct weights w[0…r], one after the other.
        let sigmas = computation.planes.count
        let weights = UnsafeMutablePointer<S>.allocate(capacity: sigmas * (radius + 1))
        defer { weights.deallocate() }
        for (j, plane) in computation.planes.enumerated() {
            let window = plane.blur.axes[plane.blur.axes.count - 1].window
            for m in 0...radius { weights[j * (radius + 1) + m] = S(window[m]) }
        }
        // Each σ's rows compute cs, the last's SSIM = l·cs: MS-SSIM is SSIM_M·Π cs. Their gradients are taken with
        // a unit upstream, then multiplied by the product of the other factors pixel by pixel.
        let constants = computation.planes.indices.map { j in
            let (c1, c2) = computation.planes[j].convention.constants(computation.planes[j].options)
            return S.constants(
                c1: S(c1), c2: S(c2), eps: 0, upstream: 1, value: j == sigmas - 1 ? fast_value_ssim : fast_value_cs)
        }
        // The reference's constants and upstream derivatives, in S.
        let alpha = S(convention.alpha), complement = S(1 - convention.alpha)
        let compensation = S(convention.compensation), range = S(computation.maxVal)
        let count = S(shape.channels), mapCount = shape.batch * shape.height * shape.width
        let weight = compensation * S(reduction == .mean ? 1 / Double(mapCount) : 1)

        func output(_ wanted: Bool, _ count: Int) -> [S]? { wanted ? HugePages.output(count) : nil }
        var msssimMap = output(maps, mapCount), l1Map = output(maps, mapCount)
        var lossMap = output(maps || reduction == .none, mapCount)
        var grad1 = output(gradients, shape.count), grad2 = output(gradients, shape.count)
        var rowSums = reduction == .none ? nil : [S](repeating: 0, count: shape.batch * shape.height)
        let bands = max(1, min((fast.threads + shape.batch - 1) / shape.batch, shape.height / (2 * geometry.taps)))
        let bandHeight = (shape.height + bands - 1) / bands
        img1.values.withUnsafeBufferPointer { x in
            img2.values.withUnsafeBufferPointer { y in
                withOptionalPointer(&msssimMap) { msssimPointer in
                    withOptionalPointer(&l1Map) { l1Pointer in
                        withOptionalPointer(&lossMap) { lossPointer in
                            withOptionalPointer(&grad1) { grad1Pointer in
                                withOptionalPointer(&grad2) { grad2Pointer in
                                    withOptionalPointer(&rowSums) { sumsPointer in
                                        let setup = FastMSSSIML1Setup<S>(
                                            instructions: fast.instructions, img1: x.baseAddress!, img2: y.baseAddress!,
                                            channels: shape.channels, weights: weights, constants: constants,
                                            alpha: alpha, complement: complement, compensation: compensation,
                                            range: range, channelCount: count, gradProduct: (0 - weight * alpha) / count,
                                            gradFiltered: weight * complement / range / count, msssimMap: msssimPointer,
                                            l1Map: l1Pointer, lossMap: lossPointer, rowSums: sumsPointer,
                                            grad1: grad1Pointer, grad2: grad2Pointer)
                                        run(setup, geometry: geometry, samples: shape.batch, bands: bands, bandHeight: bandHeight)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var result = MSSSIML1Result<S>(
            mapShape: computation.mapShape, msssim: msssimMap, l1: l1Map, loss: lossMap, reducedLoss: nil)
        result.reducedLoss = rowSums.map { sums in
            let total = sums.withUnsafeBufferPointer { pairwiseSum($0.baseAddress!, $0.count) }
            return reduction == .mean ? total / S(mapCount) : total
        }
        result.gradImg1 = grad1.map { ImageTensor(validatedShape: shape, values: $0) }
        result.gradImg2 = grad2.map { ImageTensor(validatedShape: shape, values: $0) }
        return result
    }

    /// Runs the bands of every sample on the workers, each worker with rings of its own taking the next band not yet
    /// taken.
    private func run(_ setup: FastMSSSIML1Setup<S>, geometry: FastGeometry, samples: Int, bands: Int, bandHeight: Int) {
        let queue = BandQueue(count: samples * bands), height = geometry.height
        let pixels = samples * setup.channels * height * geometry.width
        fast.perform(workers: fast.workers(units: samples * bands, pixels: pixels)) {
            let scratch = FastMSSSIML1Scratch<S>(
                geometry: geometry, channels: setup.channels, sigmas: setup.constants.count,
                gradients: setup.grad1 != nil)
            defer { scratch.deallocate() }
            let kernel = FastMSSSIML1Kernel(geometry: geometry, setup: setup, scratch: scratch)
            while let unit = queue.next() {
                let first = unit % bands * bandHeight
                kernel.run(sample: unit / bands, rows: first..<min(height, first + bandHeight))
            }
        }
    }
}

/// What every worker of ``FastMSSSIML1`` reads and writes: the images, each σ's weights and constants, the loss's
/// constants in `S`, and the outputs.
///
/// `@unchecked Sendable`: the pointers point into buffers that ``FastMSSSIML1`` keeps alive until every worker has
/// returned (`concurrentPerform` is synchronous); the images and weights are only read, and each output element and
/// row sum is written by the one band that owns its row.
struct FastMSSSIML1Setup<S: FastSSIMScalar>: @unchecked Sendable {
    let instructions: FastSSIM.InstructionSet
    let img1: UnsafePointer<S>
    let img2: UnsafePointer<S>
    let channels: Int
    /// Each σ's distinct weights w[0…r], r + 1 apart.
    let weights: UnsafePointer<S>
    /// Each σ's C1, C2 and value (cs, SSIM for the last), with a unit upstream.
    let constants: [S.Constants]
    /// α, 1 − α, the compensation c, the data range L and the channel count C, as the reference rounds them.
    let alpha: S, complement: S, compensation: S, range: S, channelCount: S
    /// d(reduced loss)/d(each channel's MS-SSIM) and d(reduced loss)/d(each channel's blurred |x − y|).
    let gradProduct: S, gradFiltered: S
    let msssimMap: UnsafeMutablePointer<S>?
    let l1Map: UnsafeMutablePointer<S>?
    let lossMap: UnsafeMutablePointer<S>?
    /// One loss sum per row of every sample, or nil.
    let rowSums: UnsafeMutablePointer<S>?
    let grad1: UnsafeMutablePointer<S>?
    let grad2: UnsafeMutablePointer<S>?
}
