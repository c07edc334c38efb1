/// The MS-SSIM + L1 loss on one band of rows of one sample, every channel: the forward rows of the band and, if
/// asked, its gradient rows, streamed through rings of rows (``FastMSSSIML1Scratch``).
///
/// Forward, each image row of each channel is read once: its five products (x, y, x² + y², xy, |x − y|) go into a
/// zero-padded row, and every σ's window blurs the four moments along W (`fast_blur_symmetric`), the last σ's
/// |x − y| too, into the channel's ring of 2r + 2 rows. Each map row is then the blur along H of the ring rows its
/// window covers (`fast_blur_rows`, two map rows at once, the rows beyond the image zeros), each σ's cs (the last
/// σ's SSIM = l·cs) by `fast_ssim_row`, their product (MS-SSIM of the channel) and the blurred |x − y|; the channels'
/// means, the loss and its row sum follow for the rows the band owns.
///
/// Backward, `fast_ssim_row` also gives each σ's four moment gradients with a unit upstream, which are multiplied
/// pixel by pixel by that σ's upstream, d(reduced loss)/d(MS-SSIM of the channel) times the other factors (multiplied
/// out, never divided out), into the channel's ring of moment-gradient rows. An image row's gradient is the blurs'
/// adjoint applied to them, each σ's own: along H (the same window over the ring rows, zeros beyond the map) then
/// along W (on the row padded with zeros), summed over σ, then the chain rule through the products
/// (`fast_chain_rule`); the L1 term adds the adjoint of the last σ's blur applied to its constant upstream, times the
/// sign of x − y (0 where x = y). Image rows are emitted as soon as the map rows within r of them are known
/// (``FastAxisBlur/sweep(map:band:radius:forward:backward:)``): with gradients the band computes the map rows
/// within r of it, owning only its own.
struct FastMSSSIML1Kernel<S: FastSSIMScalar> {
    let geometry: FastGeometry
    let setup: FastMSSSIML1Setup<S>
    let scratch: FastMSSSIML1Scratch<S>

    init(geometry: FastGeometry, setup: FastMSSSIML1Setup<S>, scratch: FastMSSSIML1Scratch<S>) {
        (self.geometry, self.setup, self.scratch) = (geometry, setup, scratch)
        // The L1 term's upstream on the map; zero past it.
        if setup.grad1 != nil { scratch.upstream.update(repeating: setup.gradFiltered, count: geometry.width) }
    }

    private var sigmas: Int { setup.constants.count }
    /// Rows blurred along W per image row of a channel: the moments of every σ, then |x − y|.
    private var blurredRows: Int { moments * sigmas + 1 }
    private var moments: Int { FastGeometry.moments }
    private var stride: Int { geometry.mapVectorWidth }

    /// σ `j`'s distinct weights.
    private func weights(_ j: Int) -> UnsafePointer<S> { setup.weights + j * (geometry.radius + 1) }

    /// Channel `channel`'s ring of rows blurred along W, by image row.
    private func ring(_ channel: Int) -> FastLines<S> {
        let size = geometry.ringStride(channels: blurredRows)
        let slots = geometry.ringRows(group: FastMSSSIML1Scratch<S>.group)
        return FastLines(ring: scratch.rings + channel * slots * size, stride: size, slots: slots)
    }

    /// Channel `channel`'s ring of moment-gradient rows, by map row.
    private func gradientRing(_ channel: Int) -> FastLines<S> {
        let size = geometry.ringStride(channels: 4 * sigmas)
        let slots = geometry.ringRows(group: FastMSSSIML1Scratch<S>.group)
        return FastLines(ring: scratch.gradientRings + channel * slots * size, stride: size, slots: slots)
    }

    /// The offset of row `row` of channel `channel` of sample `sample` in the images.
    private func imageRow(_ sample: Int, _ channel: Int, _ row: Int) -> Int {
        ((sample * setup.channels + channel) * geometry.height + row) * geometry.width
    }

    /// Computes the outputs of rows `band` of sample `sample`.
    func run(sample: Int, rows band: Range<Int>) {
        let g = geometry, r = g.radius, gradients = setup.grad1 != nil
        let map = gradients ? max(0, band.lowerBound - r)..<min(g.height, band.upperBound + r) : band
        var next = max(0, map.lowerBound - r)
        FastAxisBlur<S>.sweep(map: map, band: gradients ? band : nil, radius: r, group: FastMSSSIML1Scratch<S>.group) {
            row, count in
            while next < min(g.height, row + count + r) {
                blurAlongW(row: next, sample: sample)
                next += 1
            }
            mapRows(row, count: count, sample: sample, band: band)
        } backward: { row, count in
            gradientRows(row, count: count, sample: sample)
        }
    }

    // MARK: Forward

    /// Image row `row` of every channel of `sample`: its products, blurred along W by every σ, into the rings.
    private func blurAlongW(row: Int, sample: Int) {
        let g = geometry, r = g.radius, length = g.paddedLength, width = g.width
        let px = scratch.products + r, py = px + length, squares = py + length, pxy = squares + length
        let distance = pxy + length
        for channel in 0..<setup.channels {
            let offset = imageRow(sample, channel, row), x = setup.img1 + offset, y = setup.img2 + offset
            for p in 0..<width {
                let (a, b) = (x[p], y[p])
                // x² + y² as `fast_moment_row` forms it: both squares rounded, then their sum.
                (px[p], py[p], squares[p], pxy[p], distance[p]) = (a, b, a * a + b * b, a * b, (a - b).magnitude)
            }
            let out = ring(channel)[row]
            for j in 0..<sigmas {
                S.blurSymmetric(
                    setup.instructions, scratch.products, inputStride: length, out + moments * j * stride,
                    outputStride: stride, channels: moments, count: stride, weights: weights(j), radius: r)
            }
            S.blurSymmetric(
                setup.instructions, scratch.products + moments * length, inputStride: length,
                out + moments * sigmas * stride, outputStride: stride, channels: 1, count: stride,
                weights: weights(sigmas - 1), radius: r)
        }
    }

    /// Lines `first` ..< first + `count` (one or two) of `lines` blurred along H by σ `sigma`'s window, zeros beyond
    /// the image: `channels` rows from `offset` in each line, `stride` apart, line first + q into `out` + q·`rowStride`.
    private func blurAlongH(
        _ lines: FastLines<S>, from first: Int, count: Int, offset: Int, channels: Int, sigma: Int,
        into out: UnsafeMutablePointer<S>, rowStride: Int, outputStride: Int
    ) {
        let r = geometry.radius
        for t in 0..<(2 * r + count) {
            let line = first - r + t
            scratch.rowPointers[t] = UnsafePointer(
                line >= 0 && line < geometry.height ? lines[line] + offset : scratch.zeros + offset)
        }
        S.blurRows(
            setup.instructions, scratch.rowPointers, weights: weights(sigma), radius: r, channels: channels,
            inputStride: stride, out, rows: count, rowStride: rowStride, outputStride: outputStride, count: stride)
    }

    /// Map rows `row` ..< row + `count` of `sample`: every channel's terms and moment gradients, then the loss of the
    /// rows of `band`.
    private func mapRows(_ row: Int, count: Int, sample: Int, band: Range<Int>) {
        let width = geometry.width, size = blurredRows * stride, gradients = setup.grad1 != nil
        for channel in 0..<setup.channels {
            for j in 0...sigmas {
                let offset = moments * j * stride
                blurAlongH(
                    ring(channel), from: row, count: count, offset: offset, channels: j < sigmas ? moments : 1,
                    sigma: min(j, sigmas - 1), into: scratch.blurred + offset, rowStride: size, outputStride: stride)
            }
            for index in 0..<count {
                let blurredMoments = scratch.blurred + index * size, ratios = scratch.ratios
                let momentGradients = gradients ? gradientRing(channel)[row + index] : nil
                for j in 0..<sigmas {
                    _ = S.ssimRow(
                        setup.instructions, moments: blurredMoments + moments * j * stride, stride: stride,
                        width: width, setup.constants[j], ssimMap: ratios + j * stride, lossMap: nil,
                        gradients: momentGradients.map { $0 + 4 * j * stride })
                }
                if band.contains(row + index) {
                    accumulate(
                        channel: channel, into: scratch.sums + 2 * index * stride,
                        l1: blurredMoments + moments * sigmas * stride)
                }
                if let momentGradients { scaleGradients(momentGradients) }
            }
        }
        for index in 0..<count where band.contains(row + index) {
            lossRow(row + index, sample: sample, sums: scratch.sums + 2 * index * stride)
        }
    }

    /// The channel's MS-SSIM (SSIM_M·Π cs, from the ratio rows) and blurred |x − y| (`l1`) added into the channels'
    /// sums: `sums`, then `sums` + stride.
    private func accumulate(channel: Int, into sums: UnsafeMutablePointer<S>, l1: UnsafePointer<S>) {
        let width = geometry.width, ratios = scratch.ratios, product = scratch.product, last = sigmas - 1
        product.update(from: ratios + last * stride, count: width)
        for j in 0..<last {
            let cs = ratios + j * stride
            for p in 0..<width { product[p] = cs[p] * product[p] }
        }
        let l1Sums = sums + stride
        if channel == 0 {
            sums.update(from: product, count: width)
            l1Sums.update(from: l1, count: width)
        } else {
            for p in 0..<width {
                sums[p] += product[p]
                l1Sums[p] += l1[p]
            }
        }
    }

    /// Each σ's moment gradients (computed with a unit upstream) multiplied by its upstream: d(reduced loss)/d(the
    /// channel's MS-SSIM) times the other σ's factors, multiplied out. Past the map they stay zero.
    private func scaleGradients(_ momentGradients: UnsafeMutablePointer<S>) {
        let width = geometry.width, ratios = scratch.ratios, factor = scratch.factor
        for j in 0..<sigmas {
            factor.update(repeating: setup.gradProduct, count: width)
            for k in 0..<sigmas where k != j {
                let other = ratios + k * stride
                for p in 0..<width { factor[p] *= other[p] }
            }
            for q in 0..<4 {
                let gradient = momentGradients + (4 * j + q) * stride
                for p in 0..<width { gradient[p] *= factor[p] }
            }
        }
    }

    /// Map row `row` of `sample` from the channels' sums: the means, the loss c·(α·(1 − MS-SSIM) + (1 − α)·L1/L),
    /// the maps asked for and the row's loss sum.
    private func lossRow(_ row: Int, sample: Int, sums: UnsafeMutablePointer<S>) {
        let width = geometry.width, msssim = sums, l1 = sums + stride, loss = scratch.product
        let (alpha, complement, compensation, range, count) =
            (setup.alpha, setup.complement, setup.compensation, setup.range, setup.channelCount)
        var total: S = 0
        for p in 0..<width {
            (msssim[p], l1[p]) = (msssim[p] / count, l1[p] / count)
            loss[p] = compensation * (alpha * (1 - msssim[p]) + complement * l1[p] / range)
            total += loss[p]
        }
        let at = (sample * geometry.height + row) * width
        setup.msssimMap?.advanced(by: at).update(from: msssim, count: width)
        setup.l1Map?.advanced(by: at).update(from: l1, count: width)
        setup.lossMap?.advanced(by: at).update(from: loss, count: width)
        setup.rowSums?[sample * geometry.height + row] = total
    }

    // MARK: Backward

    /// The gradient rows of image rows `row` ..< row + `count` of every channel of `sample`.
    private func gradientRows(_ row: Int, count: Int, sample: Int) {
        let g = geometry, r = g.radius, length = g.paddedLength, width = g.width, instructions = setup.instructions
        let last = sigmas - 1
        // The L1 term's spread: the adjoint of the last σ's blur applied to its upstream, the same for every channel.
        blurAlongH(
            FastLines(scratch.upstream, stride: 0, from: 0), from: row, count: count, offset: 0, channels: 1,
            sigma: last, into: scratch.spreadPadded + r, rowStride: length, outputStride: length)
        S.blurSymmetric(
            instructions, scratch.spreadPadded, inputStride: length, scratch.spread, outputStride: stride,
            channels: count, count: stride, weights: weights(last), radius: r)
        let rowAdjoint = 4 * sigmas * length
        for channel in 0..<setup.channels {
            for j in 0..<sigmas {
                let z = scratch.adjoint + 4 * j * length + r
                blurAlongH(
                    gradientRing(channel), from: row, count: count, offset: 4 * j * stride, channels: 4, sigma: j,
                    into: z, rowStride: rowAdjoint, outputStride: length)
            }
            for index in 0..<count {
                let z = scratch.adjoint + index * rowAdjoint, total = scratch.total, back = scratch.back
                for j in 0..<sigmas {
                    S.blurSymmetric(
                        instructions, z + 4 * j * length, inputStride: length, j == 0 ? total : back, outputStride: stride,
                        channels: 4, count: stride, weights: weights(j), radius: r)
                    guard j > 0 else { continue }
                    for q in 0..<4 {
                        let into = total + q * stride, from = back + q * stride
                        for p in 0..<width { into[p] += from[p] }
                    }
                }
                let offset = imageRow(sample, channel, row + index)
                let (x, y, gx, gy) = (setup.img1 + offset, setup.img2 + offset, setup.grad1! + offset, setup.grad2! + offset)
                S.chainRule(instructions, x, y, back: total, backStride: stride, gx, gy, width: width)
                // The L1 term: the spread times sign(x − y), 0 where x = y (torch's `abs` backward), NaN kept.
                let spread = scratch.spread + index * stride
                for p in 0..<width {
                    let difference = x[p] - y[p]
                    let share = difference > 0 ? spread[p] : difference < 0 ? -spread[p] : difference == 0 ? 0 : difference
                    gx[p] += share
                    gy[p] -= share
                }
            }
        }
    }
}
