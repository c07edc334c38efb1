import CFastKernels

/// The fast implementation's work on one band of rows of one channel plane: the SSIM rows of the band and, if asked,
/// the gradient rows of the band, streamed through row buffers.
///
/// Without gradients, the band is `fast_forward_rows`: the sweep below, in tiles of columns narrow enough that its
/// ring of blurred rows stays within the first-level cache, with the same arithmetic for every element.
///
/// Forward, each input row is read once into a mirrored row buffer (torch's `reflect` border along W), its products
/// formed there, and the four moment rows (x, y, x² + y², xy: `FAST_MOMENTS`) blurred along W into a ring of k + 3
/// rows.
/// Each map row is then the weighted sum along H of the k ring rows that its window covers (four map rows at once,
/// from the k + 3 rows they cover, each read once for all), followed at once by the SSIM ratio, the clamped loss and
/// the four gradients of the loss with respect to the blurred moments (the formulas of ``SSIMPlanes``; the SSIM
/// operation for operation, its gradients with one division where the reference has four). Nothing of the size of
/// the image is made: a 'mean' or 'sum' keeps only one partial sum per row.
///
/// Backward, those four moment-gradient rows go into a second ring of k + 3 rows. An image row's gradient is the blur's
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
        // Moment-gradient rows [gStart, gEnd) are needed: those within r of the band, inside the map. Image row i's
        // gradient is emitted once the moment-gradient rows up to i + r are known.
        let available = max(g.crop, first - g.radius)..<min(g.height - g.crop, end + g.radius)
        var next = available.lowerBound
        rows.sweep(map: available, band: first..<end) { row, count in
            while next <= row + count - 1 + 2 * g.radius {
                blurRow(padded: next, plane: plane)
                next += 1
            }
            momentsRows(row, count: count, plane: plane, band: first..<end)
        } backward: { row, count in
            gradientRows(row, count: count, plane: plane, from: gradientRing, available: available)
        }
    }

    /// The blur along H and its adjoint, over the rows of a plane.
    var rows: FastAxisBlur<S> {
        FastAxisBlur(
            length: geometry.height, radius: geometry.radius, group: FastGeometry.widestGroup, setup: setup,
            scratch: scratch)
    }

    // MARK: Forward

    /// The moment rows of padded row `padded` (image row `reflect(padded − r)`), blurred along W, into ring slot
    /// `padded % (k + 3)`, as `fast_forward_rows` blurs them.
    func blurRow(padded: Int, plane: Int) {
        let g = geometry, image = plane * g.height * g.width
        S.momentRow(
            setup.instructions, setup.img1 + image, setup.img2 + image, geometry: g.kernels, weights: setup.weights,
            paddedRow: padded, buffer: scratch.padded, length: g.paddedLength, momentRing[padded],
            outputStride: g.mapVectorWidth)
    }

    /// The ring of the moment rows blurred along W, by padded row.
    private var momentRing: FastLines<S> {
        FastLines(
            ring: scratch.momentRing, stride: geometry.ringStride(channels: FastGeometry.moments),
            slots: geometry.bandRingRows)
    }

    /// The ring of the four moment-gradient rows, by map row.
    private var gradientRing: FastLines<S> {
        FastLines(ring: scratch.gradientRing, stride: geometry.ringStride(channels: 4), slots: geometry.bandRingRows)
    }

    /// Map rows `row` ..< `row + count` (up to four, in image rows): the blur along H of the ring (from the k + count − 1
    /// ring rows they cover, each read once for all, and each map row summed as `fast_forward_rows` sums it,
    /// so that the forward results do not depend on whether gradients are asked for), then
    /// ``mapRow(_:moments:plane:owned:)`` for each; the band owns the rows in `band`.
    private func momentsRows(_ row: Int, count: Int, plane: Int, band: Range<Int>) {
        let first = scratch.blurredMoments, stride = FastGeometry.moments * geometry.mapVectorWidth
        blurAlongH(row, count: count, into: first, outputStride: geometry.mapVectorWidth)
        for index in 0..<count {
            mapRow(row + index, moments: first + index * stride, plane: plane, owned: band.contains(row + index))
        }
    }

    /// Map rows `row` ..< `row + count` (up to four, in image rows) blurred along H from the ring of rows blurred
    /// along W: the moments of the first at `out` (each `outputStride` apart), of each next one as many strides on.
    func blurAlongH(_ row: Int, count: Int, into out: UnsafeMutablePointer<S>, outputStride: Int) {
        let stride = geometry.mapVectorWidth
        rows.blur(
            momentRing, from: row, lines: count, into: out, rowStride: FastGeometry.moments * outputStride,
            channels: FastGeometry.moments, inputStride: stride, outputStride: outputStride, count: stride)
    }

    /// Map row `row` from its blurred moments: the SSIM and loss, the outputs and row sum if the band owns the row,
    /// and the four moment gradients into the gradient ring.
    private func mapRow(_ row: Int, moments: UnsafeMutablePointer<S>, plane: Int, owned: Bool) {
        let g = geometry, stride = g.mapVectorWidth
        let mapRow = (plane * g.mapHeight + row - g.crop) * g.mapWidth
        let lossSum = S.ssimRow(
            setup.instructions, moments: moments, stride: stride, width: g.mapWidth, setup.constants(plane: plane),
            ssimMap: owned ? setup.ssimMap.map { $0 + mapRow } : nil,
            lossMap: owned ? setup.lossMap.map { $0 + mapRow } : nil, gradients: gradientRing[row])
        if owned, let rowSums = setup.rowSums { rowSums[plane * g.height + row] = lossSum }
    }

    // MARK: Backward

    /// The gradient rows of image rows `row` ..< `row + count` of `plane` (image plane index), from the moment-gradient
    /// rows `lines` (map rows `available`): the blur's adjoint along H (``FastAxisBlur/adjoint(_:lines:count:available:into:offset:channels:inputStride:outputStride:elements:finish:)``),
    /// then each row along W and through the products.
    func gradientRows(_ row: Int, count: Int, plane: Int, from lines: FastLines<S>, available: Range<Int>) {
        let g = geometry, z = scratch.zeroPadded
        // Column c of the image at z[c + 2r]. Lanes past the map are zero (their moment gradients were), as z must be
        // off the map.
        rows.adjoint(
            lines, lines: row, count: count, available: available, into: z, rowStride: 4 * g.zLength,
            offset: 2 * g.radius + g.columnCrop, channels: 4, inputStride: g.mapVectorWidth, outputStride: g.zLength,
            elements: g.mapVectorWidth
        ) { single, z in finishRow(single, plane: plane, z: z) }
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
    /// The rows the map drops at each end of H, and the columns at each end of W (the same but where a convention
    /// pads W otherwise: torchmetrics' whole 3-D map; the plane kernels' forward sweep, `fast_forward_rows`, takes
    /// them equal).
    let crop: Int
    let columnCrop: Int
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
    init(
        height: Int, width: Int, radius: Int, crop: Int, columnCrop: Int? = nil, mapHeight: Int, mapWidth: Int, lanes: Int
    ) {
        (self.height, self.width, self.radius, self.crop) = (height, width, radius, crop)
        self.columnCrop = columnCrop ?? crop
        (self.mapHeight, self.mapWidth, self.lanes) = (mapHeight, mapWidth, lanes)
        func roundedUp(_ count: Int) -> Int { (count + lanes - 1) / lanes * lanes }
        mapVectorWidth = roundedUp(mapWidth)
        imageVectorWidth = roundedUp(width)
        paddedLength = roundedUp(mapVectorWidth + 2 * radius + lanes)
        zLength = roundedUp(max(imageVectorWidth, 2 * radius + self.columnCrop + mapVectorWidth) + 4 * radius + 2 * lanes)
    }

    var taps: Int { 2 * radius + 1 }
    /// Rows of the rings of blurred moment rows and of moment-gradient rows: the k rows a map row's window covers,
    /// and `group` − 1 more, so that `group` map rows can be blurred at once.
    func ringRows(group: Int) -> Int { taps + group - 1 }

    /// The blurred moments a map row is computed from (`FAST_MOMENTS`: μx, μy, E[x² + y²], E[xy]), each a row.
    static var moments: Int { Int(FAST_MOMENTS) }

    /// The most rows the kernels blur along H at once (`FAST_BLUR_ROWS`): the band kernel's group.
    static var widestGroup: Int { Int(FAST_BLUR_ROWS) }

    /// The band kernel's rings' rows (``ringRows(group:)`` of its group).
    var bandRingRows: Int { ringRows(group: Self.widestGroup) }

    /// How far apart a ring's rows of `channels` map rows each are: their length and one vector of the widest
    /// instructions more. A blur along H reads the same columns of 2r + 4 ring rows at once; rows a power of two bytes
    /// apart (four moments of 512 floats are 8 KiB) would fall on the same few sets of the first-level cache, more
    /// rows than it has ways, and each would be read from the second-level cache again for every vector.
    func ringStride(channels: Int) -> Int { channels * mapVectorWidth + lanes }

    /// The sizes of one plane, as `CFastKernels` takes them.
    var kernels: fast_geometry { kernels(firstRow: 0) }

    /// The sizes of one plane whose rows are held from image row `firstRow` on, as `CFastKernels` takes them.
    func kernels(firstRow: Int) -> fast_geometry {
        fast_geometry(
            height: height, width: width, crop: columnCrop, map_width: mapWidth, map_vector_width: mapVectorWidth,
            radius: Int32(radius), first_row: firstRow)
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
    /// Four map rows' moments, blurred along W and H.
    let blurredMoments: UnsafeMutablePointer<S>
    let gradientRing: UnsafeMutablePointer<S>
    /// Four image rows' four zero-padded rows of the adjoint along H, one after the other.
    let zeroPadded: UnsafeMutablePointer<S>
    let back: UnsafeMutablePointer<S>
    let rowPointers: UnsafeMutablePointer<UnsafePointer<S>?>
    let termWeights: UnsafeMutablePointer<S>
    /// Room for the terms of one row's adjoint along H (each of up to three mirrored positions reaches 2r + 1 rows).
    let termCapacity: Int
    private let storage: UnsafeMutablePointer<S>

    init(geometry g: FastGeometry, gradients: Bool) {
        let group = FastGeometry.widestGroup
        let rowBuffers = [
            FastGeometry.moments * g.paddedLength, g.bandRingRows * g.ringStride(channels: FastGeometry.moments),
            group * FastGeometry.moments * g.mapVectorWidth, g.bandRingRows * g.ringStride(channels: 4),
            group * 4 * g.zLength, 4 * g.imageVectorWidth,
        ]
        let sizes =
            gradients
            ? [0] + rowBuffers
            : [fast_forward_scratch_count(Int32(MemoryLayout<S>.stride), Int32(g.radius), g.mapVectorWidth)]
                + rowBuffers.map { _ in 0 }
        // The row buffers' zeros pad the rows; fast_forward_rows writes all it reads.
        let (storage, parts) = Self.parts(sizes)
        self.storage = storage
        (forward, padded, momentRing, blurredMoments, gradientRing, zeroPadded, back) =
            (parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6])
        termCapacity = 3 * g.taps
        rowPointers = .allocate(capacity: 3 * termCapacity)
        termWeights = .allocate(capacity: 2 * termCapacity)
    }

    /// One allocation cut into parts of `sizes` elements, each on a boundary of the widest vector (as every row in
    /// it, whose lengths are whole vectors): a vector load across two cache lines costs about two. Zeroed unless
    /// `zeroed` is false, for rows that are always written before they are read.
    static func parts(
        _ sizes: [Int], zeroed: Bool = true
    ) -> (storage: UnsafeMutablePointer<S>, parts: [UnsafeMutablePointer<S>]) {
        let total = sizes.reduce(0, +)
        let storage = UnsafeMutableRawPointer.allocate(
            byteCount: total * MemoryLayout<S>.stride, alignment: FastGeometry.rowGranularity
        ).bindMemory(to: S.self, capacity: total)
        if zeroed { storage.initialize(repeating: 0, count: total) }
        var cursor = storage
        var parts: [UnsafeMutablePointer<S>] = []
        for size in sizes {
            parts.append(cursor)
            cursor += size
        }
        return (storage, parts)
    }

    func deallocate() {
        storage.deallocate()
        rowPointers.deallocate()
        termWeights.deallocate()
    }
}
