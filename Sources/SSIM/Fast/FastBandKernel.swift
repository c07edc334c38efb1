import CFastKernels

/// The fast implementation's work on one band of rows of one channel plane: the SSIM rows of the band and, if asked,
/// the gradient rows of the band, streamed through row buffers.
///
/// Without gradients, the band is `fast_forward_rows`: the sweep below, in tiles of columns narrow enough that its
/// ring of blurred rows stays in the first-level cache, with the same arithmetic for every element.
///
/// Forward, each input row is read once into a mirrored row buffer (torch's `reflect` border along W), its three
/// products formed there, and the five moment rows (x, y, x², y², xy) blurred along W into a ring of k + 1 rows.
/// Each map row is then the weighted sum along H of the k ring rows that its window covers (two map rows at once,
/// from the k + 1 rows they cover, each read once for both), followed at once by the SSIM ratio, the clamped loss and
/// the four gradients of the loss with respect to the blurred moments (the formulas of ``SSIMPlanes``; the SSIM
/// operation for operation, its gradients with one division where the reference has four). Nothing of the size of
/// the image is made: a 'mean' or 'sum' keeps only one partial sum per row.
///
/// Backward, those four moment-gradient rows go into a second ring of k + 1 rows. An image row's gradient is the blur's
/// adjoint applied to them: along H, the weighted sum of the ring rows whose windows read the row (directly or through
/// the mirrored border, which folds the border rows back), then along W, the same window on the row padded with
/// zeros, with the mirrored columns folded back; the chain rule through the products then gives ∂/∂x and ∂/∂y. Each
/// image row of the band is emitted as soon as the rows of its window are known, so the backward pass rides along
/// the forward one, at the same cost per pixel and without re-running it.
///
/// Every blur is a weighted sum of its k taps in working precision, in `CFastKernels`; the error analysis of the
/// golden vectors' bounds allows any order within each pass.
struct FastBandKernel<S: FastSSIMScalar> {
    let geometry: FastGeometry
    let setup: FastSetup<S>
    let scratch: FastScratch<S>

    /// Computes the outputs of image rows [first, end) of `plane`.
    func run(plane: Int, rows first: Int, _ end: Int) {
        let g = geometry
        if setup.grad1 == nil {
            let start = max(first, g.crop), stop = min(end, g.height - g.crop)
            guard start < stop else { return }
            let image = plane * g.height * g.width, map = plane * g.mapHeight * g.mapWidth
            S.forwardRows(
                setup.instructions, setup.img1 + image, setup.img2 + image, geometry: g.kernels,
                weights: setup.weights, setup.constants(plane: plane), ssimMap: setup.ssimMap.map { $0 + map },
                lossMap: setup.lossMap.map { $0 + map }, rowSums: setup.rowSums.map { $0 + plane * g.height },
                rows: start, stop, scratch: scratch.forward)
            return
        }
        // Moment-gradient rows [gStart, gEnd) are needed: those within r of the band, inside the map; two at a time
        // where two are left (each ring row read once for both). Image row i's gradient is emitted once the
        // moment-gradient rows up to i + r are known.
        let gStart = max(g.crop, first - g.radius), gEnd = min(g.height - g.crop, end + g.radius)
        var next = gStart, row = gStart
        while row < end + g.radius {
            let count = row < gEnd ? min(2, gEnd - row) : 1
            if row < gEnd {
                while next <= row + count - 1 + 2 * g.radius {
                    blurRow(padded: next, plane: plane)
                    next += 1
                }
                momentsRows(row, count: count, plane: plane, band: first..<end)
            }
            let emitFrom = max(first, row - g.radius), emitTo = min(end, row + count - g.radius)
            if emitFrom < emitTo {
                gradientRows(emitFrom, count: emitTo - emitFrom, plane: plane, from: gStart, to: gEnd)
            }
            row += count
        }
    }

    // MARK: Forward

    /// The five moment rows of padded row `padded` (image row `reflect(padded − r)`), blurred along W, into ring slot
    /// `padded % (k + 1)`, as `fast_forward_rows` blurs them.
    private func blurRow(padded: Int, plane: Int) {
        let g = geometry, image = plane * g.height * g.width
        S.momentRow(
            setup.instructions, setup.img1 + image, setup.img2 + image, geometry: g.kernels, weights: setup.weights,
            paddedRow: padded, buffer: scratch.padded, length: g.paddedLength, slot(padded),
            outputStride: g.mapVectorWidth)
    }

    /// Ring slot of padded row `padded`.
    private func slot(_ padded: Int) -> UnsafeMutablePointer<S> {
        scratch.momentRing + (padded % geometry.ringRows) * 5 * geometry.mapVectorWidth
    }

    /// Moment-gradient ring slot of map row `row`.
    private func gradientSlot(_ row: Int) -> UnsafeMutablePointer<S> {
        scratch.gradientRing + (row % geometry.ringRows) * 4 * geometry.mapVectorWidth
    }

    /// Map rows `row` ..< `row + count` (one or two, in image rows): the blur along H of the ring (two rows from the
    /// k + 1 ring rows they cover, each read once for both, and each map row summed as `fast_forward_rows` sums it,
    /// so that the forward results do not depend on whether gradients are asked for), then
    /// ``mapRow(_:moments:plane:owned:)`` for each; the band owns the rows in `band`.
    private func momentsRows(_ row: Int, count: Int, plane: Int, band: Range<Int>) {
        let r = geometry.radius, stride = geometry.mapVectorWidth
        let rows = scratch.rowPointers
        for t in 0..<(2 * r + count) { rows[t] = UnsafePointer(slot(row + t)) }
        let first = scratch.blurredMoments, second = first + 5 * stride
        S.blurTwoRows(
            setup.instructions, rows, weights: setup.weights, radius: r, channels: 5, inputStride: stride, first,
            count == 2 ? second : nil, outputStride: stride, count: stride)
        for index in 0..<count {
            mapRow(row + index, moments: first + index * 5 * stride, plane: plane, owned: band.contains(row + index))
        }
    }

    /// Map row `row` from its blurred moments: the SSIM and loss, the outputs and row sum if the band owns the row,
    /// and the four moment gradients into the gradient ring.
    private func mapRow(_ row: Int, moments: UnsafeMutablePointer<S>, plane: Int, owned: Bool) {
        let g = geometry, stride = g.mapVectorWidth
        let mapRow = (plane * g.mapHeight + row - g.crop) * g.mapWidth
        let lossSum = S.ssimRow(
            setup.instructions, moments: moments, stride: stride, width: g.mapWidth, setup.constants(plane: plane),
            ssimMap: owned ? setup.ssimMap.map { $0 + mapRow } : nil,
            lossMap: owned ? setup.lossMap.map { $0 + mapRow } : nil, gradients: gradientSlot(row))
        if owned, let rowSums = setup.rowSums { rowSums[plane * g.height + row] = lossSum }
    }

    // MARK: Backward

    /// The gradient rows of image rows `row` ..< `row + count` (one or two), from the moment-gradient rows
    /// [gStart, gEnd) in the gradient ring: the blur's adjoint along H, two rows at once away from the edges (each
    /// ring row read once for both), then each row along W and through the products.
    private func gradientRows(_ row: Int, count: Int, plane: Int, from gStart: Int, to gEnd: Int) {
        let z = scratch.zeroPadded, second = z + 4 * geometry.zLength
        if count == 2 && isInterior(row, from: gStart, to: gEnd) && isInterior(row + 1, from: gStart, to: gEnd) {
            adjointAlongH(interior: row, into: z, second)
            finishRow(row, plane: plane, z: z)
            finishRow(row + 1, plane: plane, z: second)
            return
        }
        for single in row..<(row + count) {
            if isInterior(single, from: gStart, to: gEnd) {
                adjointAlongH(interior: single, into: z, nil)
            } else {
                adjointAlongH(nearEdge: single, into: z, from: gStart, to: gEnd)
            }
            finishRow(single, plane: plane, z: z)
        }
    }

    /// Whether image row `row`'s window reaches no mirrored row and only moment-gradient rows of [gStart, gEnd).
    private func isInterior(_ row: Int, from gStart: Int, to gEnd: Int) -> Bool {
        let g = geometry, r = g.radius
        return (row < 1 || row > r) && (row < g.height - 1 - r || row > g.height - 2) && row - r >= gStart
            && row + r < gEnd
    }

    /// The adjoint along H of interior row `row` into the zero-padded rows `z` and, if `second` is not nil, of row
    /// `row + 1` into `second`: the same weighted sum of the 2r + 1 ring rows around each as the blur along H
    /// (`fast_blur_two_rows`, each row summed the same whether alone or paired).
    private func adjointAlongH(interior row: Int, into z: UnsafeMutablePointer<S>, _ second: UnsafeMutablePointer<S>?) {
        let g = geometry, r = g.radius, stride = g.mapVectorWidth
        let rows = scratch.rowPointers
        for t in 0..<(2 * r + (second == nil ? 1 : 2)) { rows[t] = UnsafePointer(gradientSlot(row - r + t)) }
        // Column c of the image at z[c + 2r]. Lanes past the map are zero (their moment gradients were), as z must be
        // off the map.
        S.blurTwoRows(
            setup.instructions, rows, weights: setup.weights, radius: r, channels: 4, inputStride: stride,
            z + 2 * r + g.crop, second.map { $0 + 2 * r + g.crop }, outputStride: g.zLength, count: stride)
    }

    /// The adjoint along H of row `row` near an edge of the image or of the moment-gradient rows [gStart, gEnd)
    /// into the zero-padded rows `z`: the map rows i whose window reads `row` at mirrored position p, with weight
    /// w[r − |i − p|]; p is the row itself and, near an edge, its mirror images beyond the edge.
    private func adjointAlongH(nearEdge row: Int, into z: UnsafeMutablePointer<S>, from gStart: Int, to gEnd: Int) {
        let g = geometry, r = g.radius, stride = g.mapVectorWidth, w = setup.weights
        let top = row >= 1 && row <= r, bottom = row >= g.height - 1 - r && row <= g.height - 2
        // A tuple, not an array: nothing is allocated per row.
        let positions = (row, top ? -row : nil, bottom ? 2 * (g.height - 1) - row : nil)
        let pairA = scratch.rowPointers, pairB = scratch.rowPointers + scratch.termCapacity
        let singles = scratch.rowPointers + 2 * scratch.termCapacity
        let pairWeights = scratch.termWeights, singleWeights = scratch.termWeights + scratch.termCapacity
        var pairs = 0, singleCount = 0
        for m in 0...r {
            var pending: Int?
            for position in 0..<3 {
                let candidate = position == 0 ? positions.0 : position == 1 ? positions.1 : positions.2
                guard let p = candidate else { continue }
                for side in 0..<(m == r ? 1 : 2) {
                    let i = side == 0 ? p - (r - m) : p + (r - m)
                    guard i >= gStart && i < gEnd else { continue }
                    let rowPointer = UnsafePointer(gradientSlot(i))
                    if let first = pending {
                        pairA[pairs] = UnsafePointer(gradientSlot(first))
                        pairB[pairs] = rowPointer
                        pairWeights[pairs] = w[m]
                        pairs += 1
                        pending = nil
                    } else {
                        pending = i
                    }
                }
            }
            if let last = pending {
                singles[singleCount] = UnsafePointer(gradientSlot(last))
                singleWeights[singleCount] = w[m]
                singleCount += 1
            }
        }
        S.blurWeightedRows(
            setup.instructions,
            FastRowTerms(
                pairA: pairA, pairB: pairB, pairWeights: pairWeights, pairs: pairs, singles: singles,
                singleWeights: singleWeights, singleCount: singleCount),
            channels: 4, inputStride: stride, z + 2 * r + g.crop, outputStride: g.zLength, count: stride)
    }

    /// Image row `row`'s gradients from its adjoint along H in the zero-padded rows `z`: the adjoint along W, then
    /// the chain rule through the products.
    private func finishRow(_ row: Int, plane: Int, z: UnsafeMutablePointer<S>) {
        let g = geometry, r = g.radius, w = setup.weights
        // blurᵀ along W: padded position q = c + r gathers Σ_u w[u]·z[q + u]; mirrored positions fold back.
        let back = scratch.back, backStride = g.imageVectorWidth, width = g.width
        S.blurSymmetric(
            setup.instructions, z + r, inputStride: g.zLength, back, outputStride: backStride, channels: 4,
            count: backStride, weights: w, radius: r)
        S.foldBorders(
            setup.instructions, z, zStride: g.zLength, back, backStride: backStride, channels: 4, width: width,
            weights: w, radius: r)
        // Through the products: ∂/∂x = blurᵀ(∂μx) + 2x·blurᵀ(∂E[x²]) + y·blurᵀ(∂E[xy]), as SSIMPlanes.
        let offset = (plane * g.height + row) * width
        S.chainRule(
            setup.instructions, setup.img1 + offset, setup.img2 + offset, back: back, backStride: backStride,
            setup.grad1! + offset, setup.grad2! + offset, width: width)
    }
}

/// Sizes shared by every band of one evaluation.
struct FastGeometry: Sendable {
    let height: Int
    let width: Int
    let radius: Int
    let crop: Int
    let mapHeight: Int
    let mapWidth: Int
    /// Elements per `rowGranularity` bytes: row buffers are whole multiples of it.
    let lanes: Int
    /// The map's width rounded up to whole vectors: the length of a ring row.
    let mapVectorWidth: Int
    /// The image's width rounded up to whole vectors.
    let imageVectorWidth: Int
    /// A row of `fast_moment_row`'s buffer: the map's columns and the window's 2r more, then a vector, which
    /// `fast_blur_symmetric` may read past them.
    let paddedLength: Int
    /// A zero-padded moment-gradient row: 2r zeros, the image's columns, zeros up to what whole vectors read.
    let zLength: Int

    /// The widest vector of `CFastKernels` (AVX-512's 64 bytes): every row buffer holds whole ones.
    static let rowGranularity = 64

    // The lengths are stored, not computed: the kernel reads them for every row.
    init(height: Int, width: Int, radius: Int, crop: Int, mapHeight: Int, mapWidth: Int, lanes: Int) {
        (self.height, self.width, self.radius, self.crop) = (height, width, radius, crop)
        (self.mapHeight, self.mapWidth, self.lanes) = (mapHeight, mapWidth, lanes)
        func roundedUp(_ count: Int) -> Int { (count + lanes - 1) / lanes * lanes }
        mapVectorWidth = roundedUp(mapWidth)
        imageVectorWidth = roundedUp(width)
        paddedLength = roundedUp(mapVectorWidth + 2 * radius + lanes)
        zLength = roundedUp(max(imageVectorWidth, 2 * radius + crop + mapVectorWidth) + 4 * radius + 2 * lanes)
    }

    var taps: Int { 2 * radius + 1 }
    /// Rows of the rings of blurred moment rows and of moment-gradient rows: the k rows a map row's window covers,
    /// and one more, so that two map rows can be blurred at once.
    var ringRows: Int { taps + 1 }

    /// The sizes of one plane, as `CFastKernels` takes them.
    var kernels: fast_geometry {
        fast_geometry(
            height: height, width: width, crop: crop, map_width: mapWidth, map_vector_width: mapVectorWidth,
            radius: Int32(radius))
    }
}

/// What every band reads and writes: the images, the constants in working precision, and the outputs.
///
/// `@unchecked Sendable`: the workers share these pointers. They point into arrays that ``FastSSIM`` keeps alive
/// and unmoved until every worker has returned (`concurrentPerform` is synchronous); the images and weights are only
/// read, and each output element and row sum is written by exactly one band (bands own disjoint image rows).
struct FastSetup<S: FastSSIMScalar>: @unchecked Sendable {
    let instructions: FastSSIM.InstructionSet
    let img1: UnsafePointer<S>
    let img2: UnsafePointer<S>
    /// The window's distinct weights: w[m] for m = 0…r (tap m and tap 2r − m share w[m]).
    let weights: UnsafePointer<S>
    /// C1, C2, eps, the upstream derivative and the value the rows compute (for the SSIM loss, d(reduced loss)/d(SSIM)
    /// where the clamp passes: −(1/N)/2 for 'mean', −1/2 otherwise): one for every plane, or one for all of them
    /// (an MS-SSIM scale's upstream is its plane's unit's).
    let constants: [S.Constants]
    let ssimMap: UnsafeMutablePointer<S>?
    let lossMap: UnsafeMutablePointer<S>?
    /// One loss sum per image row of every plane (rows outside the map stay 0), or nil.
    let rowSums: UnsafeMutablePointer<S>?
    let grad1: UnsafeMutablePointer<S>?
    let grad2: UnsafeMutablePointer<S>?

    /// The constants of plane `plane`.
    func constants(plane: Int) -> S.Constants { constants[constants.count == 1 ? 0 : plane] }
}

/// One worker's row buffers: a few rows of the image's width, whatever its height; without gradients, only the
/// scratch of `fast_forward_rows` (its tiles' rings, about as many elements as 60 rows of the map).
struct FastScratch<S: FastSSIMScalar> {
    /// The scratch of `fast_forward_rows` (without gradients).
    let forward: UnsafeMutablePointer<S>
    let padded: UnsafeMutablePointer<S>
    let momentRing: UnsafeMutablePointer<S>
    /// Two map rows' five moments, blurred along W and H.
    let blurredMoments: UnsafeMutablePointer<S>
    let gradientRing: UnsafeMutablePointer<S>
    /// Two image rows' four zero-padded rows of the adjoint along H, one after the other.
    let zeroPadded: UnsafeMutablePointer<S>
    let back: UnsafeMutablePointer<S>
    let rowPointers: UnsafeMutablePointer<UnsafePointer<S>?>
    let termWeights: UnsafeMutablePointer<S>
    /// Room for the terms of one row's adjoint along H (each of up to three mirrored positions reaches 2r + 1 rows).
    let termCapacity: Int
    private let storage: UnsafeMutablePointer<S>

    init(geometry g: FastGeometry, gradients: Bool) {
        let rowBuffers = [
            5 * g.paddedLength, g.ringRows * 5 * g.mapVectorWidth, 2 * 5 * g.mapVectorWidth,
            g.ringRows * 4 * g.mapVectorWidth, 2 * 4 * g.zLength, 4 * g.imageVectorWidth,
        ]
        let sizes =
            gradients
            ? [0] + rowBuffers
            : [fast_forward_scratch_count(Int32(MemoryLayout<S>.stride), Int32(g.radius), g.mapVectorWidth)]
                + rowBuffers.map { _ in 0 }
        // On a boundary of the widest vector, as every row in it (their lengths are whole vectors): a vector load
        // across two cache lines costs about two.
        let total = sizes.reduce(0, +)
        storage = UnsafeMutableRawPointer.allocate(
            byteCount: total * MemoryLayout<S>.stride, alignment: FastGeometry.rowGranularity
        ).bindMemory(to: S.self, capacity: total)
        // The row buffers' zeros pad the rows; fast_forward_rows writes all it reads.
        storage.initialize(repeating: 0, count: total)
        var cursor = storage
        var parts: [UnsafeMutablePointer<S>] = []
        for size in sizes {
            parts.append(cursor)
            cursor += size
        }
        (forward, padded, momentRing, blurredMoments, gradientRing, zeroPadded, back) =
            (parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6])
        termCapacity = 3 * g.taps
        rowPointers = .allocate(capacity: 3 * termCapacity)
        termWeights = .allocate(capacity: 2 * termCapacity)
    }

    func deallocate() {
        storage.deallocate()
        rowPointers.deallocate()
        termWeights.deallocate()
    }
}
