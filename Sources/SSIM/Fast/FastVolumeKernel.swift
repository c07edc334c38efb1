/// The fast implementation's work on one block of one channel volume (a band of depth planes by a band of rows): the
/// SSIM voxels of the block and, if asked, the gradient voxels of the block, streamed through rings of planes.
///
/// Kornia's cubic window is the outer product of three 1-D Gaussians, so the blur is three 1-D passes (the same
/// values in exact arithmetic): along W and H by the 2-D kernel's own steps (``FastBandKernel``: each row's moments
/// blurred along W into its ring of rows, then along H, four map rows at a time), whose results for one padded plane
/// (image plane reflect(q − r) along D) go into a ring of k + 1 planes; then along D, each map plane the weighted
/// sum of the k planes its window covers (``FastAxisBlur``, two map planes at a time, each plane read once for
/// both), followed row by row by the SSIM ratio, the clamped loss and the four moment gradients
/// (`fast_ssim_row`). Backward, the moment-gradient planes go into a second ring; a volume plane's gradient is the
/// blur's adjoint along D of the planes whose windows read it (mirrored ones folded back), then the 2-D kernel's
/// adjoint along H and W and the chain rule through the products, row by row, emitted as soon as the map planes
/// within r of it are known. A block needs the map within r of it (the halo it recomputes), and the padded planes
/// and rows within r of that.
///
/// Each element is computed by the same operations whatever the block it falls in (the 2-D kernel's promise, which
/// ``FastAxisBlur`` keeps along D), and each row's loss is summed by `fast_ssim_row` into a sum of its own: the
/// results do not depend on how the volume is cut, nor the forward ones on whether gradients are asked for.
/// Memory: the rings, about 2(k + 1) planes of the block's rows of four moments and four moment gradients, whatever
/// the depth.
struct FastVolumeKernel<S: FastSSIMScalar> {
    /// The 2-D kernel of one depth plane, whose image planes are the volumes' planes (volume v's plane d is image
    /// plane v·D + d).
    let plane: FastBandKernel<S>
    let depth: Int
    /// The depth planes the map drops from each end ('valid'), and the map's depth.
    let depthCrop: Int
    let mapDepth: Int
    /// The window along D (its reach at most the plane's).
    let depthWindow: FastDepthWindow<S>
    let scratch: FastVolumeScratch<S>
    /// The image plane the setup's volumes start at, as `fast_geometry.first_row` says where an image's rows start:
    /// 0 for whole volumes; without gradients, a volume's first depth plane held (v·D + d), the planes from it on
    /// one after the other.
    let firstPlane: Int

    private var geometry: FastGeometry { plane.geometry }
    private var setup: FastSetup<S> { plane.setup }

    /// Computes the outputs of depth planes `planes` and rows `rows` (image indices) of volume `volume`.
    func run(volume: Int, planes band: Range<Int>, rows: Range<Int>) {
        let g = geometry, r = depthWindow.radius, gradients = setup.grad1 != nil
        // The map within the window's reach of the block (its halo) with gradients, the block's own map without.
        let (halo, depthHalo) = gradients ? (g.radius, r) : (0, 0)
        let mapRows = max(g.crop, rows.lowerBound - halo)..<min(g.height - g.crop, rows.upperBound + halo)
        let mapPlanes = max(depthCrop, band.lowerBound - depthHalo)..<min(depth - depthCrop, band.upperBound + depthHalo)
        guard gradients || (!mapRows.isEmpty && !mapPlanes.isEmpty) else { return }
        // A plane holds the block's map rows, each row's moment (or moment-gradient) rows one after the other.
        let planeRows = mapRows.count * g.mapVectorWidth
        let slots = g.ringRows(group: FastVolumeScratch<S>.group)
        let moments = FastLines(
            ring: scratch.momentPlanes, stride: g.ringStride(channels: FastGeometry.moments * mapRows.count),
            slots: slots)
        let momentGradients = FastLines(
            ring: scratch.gradientPlanes, stride: g.ringStride(channels: 4 * mapRows.count), slots: slots)
        let planes = FastAxisBlur(
            length: depth, radius: r, group: FastVolumeScratch<S>.group, setup: setup, scratch: plane.scratch,
            weights: depthWindow.weights)
        let blurred = scratch.blurredPlanes, adjoint = scratch.adjointPlanes
        var next = mapPlanes.lowerBound
        planes.sweep(map: mapPlanes, band: gradients ? band : nil) { first, count in
            while next <= first + count - 1 + 2 * r {
                blurAlongWAndH(padded: next, volume: volume, rows: mapRows, into: moments[next])
                next += 1
            }
            // Along D: every element of the plane, its rows' moments alike.
            planes.blur(
                moments, from: first, lines: count, into: blurred, rowStride: FastGeometry.moments * planeRows,
                channels: 1, inputStride: 0, outputStride: 0, count: FastGeometry.moments * planeRows)
            for index in 0..<count {
                mapPlane(
                    first + index, volume: volume, moments: blurred + index * FastGeometry.moments * planeRows,
                    rows: mapRows, owned: band.contains(first + index) ? rows : nil,
                    gradients: gradients ? momentGradients[first + index] : nil)
            }
        } backward: { first, count in
            planes.adjoint(
                momentGradients, lines: first, count: count, available: mapPlanes,
                into: adjoint, rowStride: 4 * planeRows, offset: 0, channels: 1, inputStride: 0, outputStride: 0,
                elements: 4 * planeRows
            ) { d, gathered in
                // Along H and W, and through the products, row by row.
                let lines = FastLines(gathered, stride: 4 * g.mapVectorWidth, from: mapRows.lowerBound)
                let group = FastGeometry.widestGroup
                for row in stride(from: rows.lowerBound, to: rows.upperBound, by: group) {
                    plane.gradientRows(
                        row, count: min(group, rows.upperBound - row), plane: volume * depth + d, from: lines,
                        available: mapRows)
                }
            }
        }
    }

    /// Padded plane `padded` (image plane reflect(padded − r), r the reach along D, of `volume`, read ``firstPlane``
    /// planes on) blurred along W and H, for map rows `rows`, into `out`: map row i's moment rows at
    /// out + (i − rows.lowerBound)·(moments)·(map width in vectors).
    private func blurAlongWAndH(padded: Int, volume: Int, rows: Range<Int>, into out: UnsafeMutablePointer<S>) {
        let g = geometry, r = g.radius, stride = g.mapVectorWidth
        let image = volume * depth + SSIMConvention.Border.reflect.source(padded - depthWindow.radius, in: depth)! - firstPlane
        var next = rows.lowerBound
        plane.rows.sweep(map: rows, band: nil) { row, count in
            while next <= row + count - 1 + 2 * r {
                plane.blurRow(padded: next, plane: image)
                next += 1
            }
            plane.blurAlongH(
                row, count: count, into: out + (row - rows.lowerBound) * FastGeometry.moments * stride,
                outputStride: stride)
        }
    }

    /// Map plane `index` (in image planes) of `volume` from its blurred moments: row by row, the SSIM and loss (or
    /// the value the volume's constants ask for), the outputs and row sums of the rows in `owned` (nil: none), and
    /// the four moment gradients into `gradients`.
    private func mapPlane(
        _ index: Int, volume: Int, moments: UnsafeMutablePointer<S>, rows: Range<Int>, owned: Range<Int>?,
        gradients: UnsafeMutablePointer<S>?
    ) {
        let g = geometry, stride = g.mapVectorWidth
        for row in rows {
            let line = row - rows.lowerBound, isOwned = owned?.contains(row) ?? false
            let at = ((volume * mapDepth + index - depthCrop) * g.mapHeight + row - g.crop) * g.mapWidth
            let lossSum = S.ssimRow(
                setup.instructions, moments: moments + line * FastGeometry.moments * stride, stride: stride,
                width: g.mapWidth, setup.constants(plane: volume), ssimMap: isOwned ? setup.ssimMap.map { $0 + at } : nil,
                lossMap: isOwned ? setup.lossMap.map { $0 + at } : nil, gradients: gradients.map { $0 + line * 4 * stride })
            if isOwned, let rowSums = setup.rowSums { rowSums[(volume * depth + index) * g.height + row] = lossSum }
        }
    }
}

/// A window along D for ``FastVolumeKernel``: its reach and its distinct weights w[0…radius]; a reach of 0 (the
/// weight 1) leaves D unblurred, as pytorch-msssim does to an axis shorter than its window.
///
/// `@unchecked Sendable`: the weights are only read, and their owner keeps them alive while the kernel runs.
struct FastDepthWindow<S>: @unchecked Sendable {
    let radius: Int
    let weights: UnsafePointer<S>
}

/// One worker's planes for ``FastVolumeKernel``: the rings of blurred moment planes and moment-gradient planes (k + 1
/// each), two planes blurred along D, and two planes of the adjoint along D, each of `rows` map rows.
struct FastVolumeScratch<S: FastSSIMScalar> {
    /// The planes blurred along D at once: two, each a plane of the block, whose rings of k + 1 planes are most of the
    /// kernel's memory.
    static var group: Int { 2 }

    let momentPlanes: UnsafeMutablePointer<S>
    let blurredPlanes: UnsafeMutablePointer<S>
    let gradientPlanes: UnsafeMutablePointer<S>
    let adjointPlanes: UnsafeMutablePointer<S>
    private let storage: UnsafeMutablePointer<S>

    init(geometry g: FastGeometry, rows: Int, gradients: Bool) {
        let plane = rows * g.mapVectorWidth
        let (slots, group) = (g.ringRows(group: Self.group), Self.group)
        let moments = FastGeometry.moments
        let sizes = [slots * g.ringStride(channels: moments * rows), group * moments * plane]
            + (gradients ? [slots * g.ringStride(channels: 4 * rows), group * 4 * plane] : [0, 0])
        let (storage, parts) = FastScratch<S>.parts(sizes)
        self.storage = storage
        (momentPlanes, blurredPlanes, gradientPlanes, adjointPlanes) = (parts[0], parts[1], parts[2], parts[3])
    }

    func deallocate() { storage.deallocate() }
}
