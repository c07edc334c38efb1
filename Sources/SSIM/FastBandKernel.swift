/// The fast implementation's work on one band of rows of one channel plane: the SSIM rows of the band and, if asked,
/// the gradient rows of the band, streamed through row buffers.
///
/// Forward, each input row is read once into a mirrored row buffer (torch's `reflect` border along W), its three
/// products formed there, and the five moment rows (x, y, x², y², xy) blurred along W into a ring of k rows. Each map
/// row is then the weighted sum along H of the k ring rows that its window covers, followed at once by the SSIM ratio,
/// the clamped loss and, for gradients, the four gradients of the loss with respect to the blurred moments (the same
/// formulas as ``SSIMPlanes``, operation for operation). Nothing of the size of the image is made: a 'mean' or 'sum'
/// keeps only one partial sum per row.
///
/// Backward, those four moment-gradient rows go into a second ring of k rows. An image row's gradient is the blur's
/// adjoint applied to them: along H, the weighted sum of the ring rows whose windows read the row (directly or through
/// the mirrored border, which folds the border rows back), then along W, the same window on the row padded with
/// zeros, with the mirrored columns folded back; the chain rule through the products then gives ∂/∂x and ∂/∂y. Each
/// image row of the band is emitted as soon as the rows of its window are known, so the backward pass rides along
/// the forward one, at the same cost per pixel and without re-running it.
///
/// Every blur is a weighted sum of its k taps in working precision, the taps of equal weight added first; the error
/// analysis of the golden vectors' bounds allows any order within each pass.
struct FastBandKernel<S: FastSSIMScalar> {
    let geometry: FastGeometry
    let setup: FastSetup<S>
    let scratch: FastScratch<S>

    private var lanes: Int { S.Vector.scalarCount }

    /// Computes the outputs of image rows [first, end) of `plane`.
    func run(plane: Int, rows first: Int, _ end: Int) {
        let g = geometry
        if setup.grad1 == nil {
            let start = max(first, g.crop), stop = min(end, g.height - g.crop)
            guard start < stop else { return }
            var next = start
            for row in start..<stop {
                while next <= row + 2 * g.radius {
                    blurRow(padded: next, plane: plane)
                    next += 1
                }
                momentsRow(row, plane: plane, owned: true, gradients: false)
            }
            return
        }
        // Moment-gradient rows [gStart, gEnd) are needed: those within r of the band, inside the map.
        let gStart = max(g.crop, first - g.radius), gEnd = min(g.height - g.crop, end + g.radius)
        var next = gStart
        for row in gStart..<(end + g.radius) {
            if row < gEnd {
                while next <= row + 2 * g.radius {
                    blurRow(padded: next, plane: plane)
                    next += 1
                }
                momentsRow(row, plane: plane, owned: row >= first && row < end, gradients: true)
            }
            let emitted = row - g.radius
            if emitted >= first && emitted < end { gradientRow(emitted, plane: plane, from: gStart, to: gEnd) }
        }
    }

    // MARK: Forward

    /// The five moment rows of padded row `padded` (image row `reflect(padded − r)`), blurred along W, into ring slot
    /// `padded % k`.
    private func blurRow(padded: Int, plane: Int) {
        let g = geometry, r = g.radius, width = g.width, length = g.paddedLength
        let source = g.reflect(padded - r, g.height)
        let x = setup.img1 + (plane * g.height + source) * width
        let y = setup.img2 + (plane * g.height + source) * width
        let px = scratch.padded, py = px + length, pxx = py + length, pyy = pxx + length, pxy = pyy + length
        // torch's reflect: position a − r of the row, mirrored without repeating the edge.
        (px + r).update(from: x, count: width)
        (py + r).update(from: y, count: width)
        for a in 0..<r {
            px[a] = x[r - a]
            py[a] = y[r - a]
            px[r + width + a] = x[width - 2 - a]
            py[r + width + a] = y[width - 2 - a]
        }
        for a in stride(from: 0, to: length, by: lanes) {
            let vx = px.vector(a), vy = py.vector(a)
            pxx.store(vx * vx, a)
            pyy.store(vy * vy, a)
            pxy.store(vx * vy, a)
        }
        let out = scratch.momentRing + (padded % g.taps) * 5 * g.mapVectorWidth
        let stride = g.mapVectorWidth, w = setup.weights
        let centre = w[r], twoR = 2 * r, crop = g.crop
        // Offsets are formed once per row and by pointer arithmetic, so the loops carry no overflow checks.
        let (l1, l2, l3, l4) = (length, 2 * length, 3 * length, 4 * length)
        let (s1, s2, s3, s4) = (stride, 2 * stride, 3 * stride, 4 * stride)
        for j in Swift.stride(from: 0, to: g.mapVectorWidth, by: lanes) {
            let p = UnsafePointer(px + crop + j)
            var sx = centre * p.vector(r), sy = centre * p.vector(l1 &+ r)
            var sxx = centre * p.vector(l2 &+ r), syy = centre * p.vector(l3 &+ r)
            var sxy = centre * p.vector(l4 &+ r)
            var m = 0
            while m < r {
                let weight = w[m], a = p + m, b = p + (twoR &- m)
                sx += weight * (a.vector(0) + b.vector(0))
                sy += weight * (a.vector(l1) + b.vector(l1))
                sxx += weight * (a.vector(l2) + b.vector(l2))
                syy += weight * (a.vector(l3) + b.vector(l3))
                sxy += weight * (a.vector(l4) + b.vector(l4))
                m &+= 1
            }
            let o = out + j
            o.store(sx, 0)
            o.store(sy, s1)
            o.store(sxx, s2)
            o.store(syy, s3)
            o.store(sxy, s4)
        }
    }

    /// Map row `row` (in image rows): the blur along H of the ring, the SSIM ratio and loss; the outputs if the band
    /// owns the row; the four moment gradients into the gradient ring if asked.
    private func momentsRow(_ row: Int, plane: Int, owned: Bool, gradients: Bool) {
        let g = geometry, r = g.radius, k = g.taps, stride = g.mapVectorWidth, w = setup.weights
        let slot = { (padded: Int) in UnsafePointer(scratch.momentRing + (padded % k) * 5 * stride) }
        // Ring slots of padded rows row … row + 2r: tap t and tap 2r − t share a weight.
        let left = scratch.rowPointers, right = scratch.rowPointers + r
        for m in 0..<r {
            left[m] = slot(row + m)
            right[m] = slot(row + 2 * r - m)
        }
        let centreRow = slot(row + r), centre = w[r]
        // Constants as whole vectors: the standard library's scalar-with-vector operators go lane by lane.
        let (c1, c2, eps) = (S.Vector(repeating: setup.c1), S.Vector(repeating: setup.c2), S.Vector(repeating: setup.eps))
        let two = S.Vector(repeating: 2), one = S.Vector(repeating: 1), half = S.Vector(repeating: 0.5)
        let zero = S.Vector()
        let mapRow = (plane * g.mapHeight + row - g.crop) * g.mapWidth
        let gradientRow = scratch.gradientRing + (row % k) * 4 * stride
        var lossSum = S.Vector()
        let upstream = setup.upstream
        let (s1, s2, s3, s4) = (stride, 2 * stride, 3 * stride, 4 * stride)
        // One vector of columns from j; `full` when all its lanes are in the map. The last, partial vector is a
        // copy of its own, so that the loop over whole vectors has no lane-by-lane work the optimiser could mistake
        // for a reason to split its vectors into lanes.
        @inline(__always) func columns(_ j: Int, full: Bool) {
            let c = centreRow + j
            // Three moments, then two: five at once do not fit the vector registers.
            var mx = centre * c.vector(0), my = centre * c.vector(s1), exx = centre * c.vector(s2)
            var m = 0
            while m < r {
                let weight = w[m], a = left[m] + j, b = right[m] + j
                mx += weight * (a.vector(0) + b.vector(0))
                my += weight * (a.vector(s1) + b.vector(s1))
                exx += weight * (a.vector(s2) + b.vector(s2))
                m &+= 1
            }
            var eyy = centre * c.vector(s3), exy = centre * c.vector(s4)
            m = 0
            while m < r {
                let weight = w[m], a = left[m] + j, b = right[m] + j
                eyy += weight * (a.vector(s3) + b.vector(s3))
                exy += weight * (a.vector(s4) + b.vector(s4))
                m &+= 1
            }
            // SSIMPlanes' formulas, operation for operation (x / 2 and x · 0.5 round alike).
            let varianceX = exx - mx * mx, varianceY = eyy - my * my, covariance = exy - mx * my
            let a1 = two * mx * my + c1, a2 = two * covariance + c2
            let b1 = mx * mx + my * my + c1, b2 = varianceX + varianceY + c2
            let denominator = b1 * b2 + eps
            let ssim = a1 * a2 / denominator
            let dissimilarity = (one - ssim) * half
            let loss = S.clampedToUnit(dissimilarity)
            let valid = full ? lanes : g.mapWidth &- j
            if owned {
                if full {
                    setup.ssimMap?.store(ssim, mapRow &+ j)
                    setup.lossMap?.store(loss, mapRow &+ j)
                    lossSum += loss
                } else {
                    setup.ssimMap?.store(ssim, mapRow &+ j, lanes: valid)
                    setup.lossMap?.store(loss, mapRow &+ j, lanes: valid)
                    lossSum += loss.keepingLanes(valid)
                }
            }
            guard gradients else { return }
            // d loss / d SSIM = −lossWeight/2 where 0 ≤ (1 − SSIM)/2 ≤ 1, bounds included, and 0 elsewhere.
            let gradSSIM = S.clampGradient(dissimilarity, upstream: upstream)
            let gradA1 = gradSSIM * a2 / denominator
            let gradB1 = zero - gradSSIM * ssim * b2 / denominator
            let gradA2 = gradSSIM * a1 / denominator
            let gradB2 = zero - gradSSIM * ssim * b1 / denominator
            var gradMuX = two * my * (gradA1 - gradA2) + two * mx * (gradB1 - gradB2)
            var gradMuY = two * mx * (gradA1 - gradA2) + two * my * (gradB1 - gradB2)
            var gradSquares = gradB2, gradXY = two * gradA2
            if !full {
                // Lanes past the map hold no pixel: their gradients must be exactly zero for the adjoint.
                gradMuX = gradMuX.keepingLanes(valid)
                gradMuY = gradMuY.keepingLanes(valid)
                gradSquares = gradSquares.keepingLanes(valid)
                gradXY = gradXY.keepingLanes(valid)
            }
            let o = gradientRow + j
            o.store(gradMuX, 0)
            o.store(gradMuY, s1)
            o.store(gradSquares, s2)
            o.store(gradXY, s3)
        }
        let whole = g.mapWidth - g.mapWidth % lanes
        var j = 0
        while j < whole {
            columns(j, full: true)
            j &+= lanes
        }
        if j < stride { columns(j, full: false) }
        if owned, let rowSums = setup.rowSums { rowSums[plane * g.height + row] = lossSum.sum() }
    }

    // MARK: Backward

    /// The gradient rows of image row `row`, from the moment-gradient rows [gStart, gEnd) in the gradient ring.
    private func gradientRow(_ row: Int, plane: Int, from gStart: Int, to gEnd: Int) {
        let g = geometry, r = g.radius, k = g.taps, stride = g.mapVectorWidth, w = setup.weights
        // blurᵀ along H: the map rows i whose window reads `row` at mirrored position p, with weight w[r − |i − p|];
        // p is the row itself and, near an edge, its mirror images beyond the edge.
        let top = row >= 1 && row <= r, bottom = row >= g.height - 1 - r && row <= g.height - 2
        let positions = (row, top ? -row : nil, bottom ? 2 * (g.height - 1) - row : nil)
        let pairA = scratch.rowPointers, pairB = scratch.rowPointers + scratch.termCapacity
        let singles = scratch.rowPointers + 2 * scratch.termCapacity
        let pairWeights = scratch.termWeights, singleWeights = scratch.termWeights + scratch.termCapacity
        var pairs = 0, singleCount = 0
        for m in 0...r {
            var pending: Int?
            for p in [positions.0, positions.1, positions.2] {
                guard let p else { continue }
                for side in 0..<(m == r ? 1 : 2) {
                    let i = side == 0 ? p - (r - m) : p + (r - m)
                    guard i >= gStart && i < gEnd else { continue }
                    let rowPointer = UnsafePointer(scratch.gradientRing + (i % k) * 4 * stride)
                    if let first = pending {
                        pairA[pairs] = UnsafePointer(scratch.gradientRing + (first % k) * 4 * stride)
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
                singles[singleCount] = UnsafePointer(scratch.gradientRing + (last % k) * 4 * stride)
                singleWeights[singleCount] = w[m]
                singleCount += 1
            }
        }
        // Into the zero-padded rows z: column c of the image at z[c + 2r].
        let zLength = g.zLength, z = scratch.zeroPadded
        let zBase = 2 * r + g.crop
        let (o1, o2, o3) = (stride, 2 * stride, 3 * stride)
        let (z1, z2, z3) = (zLength, 2 * zLength, 3 * zLength)
        for j in Swift.stride(from: 0, to: stride, by: lanes) {
            var s0 = S.Vector(), s1 = S.Vector(), s2 = S.Vector(), s3 = S.Vector()
            var t = 0
            while t < pairs {
                let weight = pairWeights[t], a = pairA[t] + j, b = pairB[t] + j
                s0 += weight * (a.vector(0) + b.vector(0))
                s1 += weight * (a.vector(o1) + b.vector(o1))
                s2 += weight * (a.vector(o2) + b.vector(o2))
                s3 += weight * (a.vector(o3) + b.vector(o3))
                t &+= 1
            }
            t = 0
            while t < singleCount {
                let weight = singleWeights[t], a = singles[t] + j
                s0 += weight * a.vector(0)
                s1 += weight * a.vector(o1)
                s2 += weight * a.vector(o2)
                s3 += weight * a.vector(o3)
                t &+= 1
            }
            // Lanes past the map are zero (their moment gradients were), as z must be off the map.
            let o = z + zBase + j
            o.store(s0, 0)
            o.store(s1, z1)
            o.store(s2, z2)
            o.store(s3, z3)
        }
        // blurᵀ along W: padded position q = c + r gathers Σ_u w[u]·z[q + u]; mirrored positions fold back.
        let back = scratch.back, backStride = g.imageVectorWidth, width = g.width
        let centre = w[r]
        let (twoR, threeR) = (2 * r, 3 * r)
        for channel in 0..<4 {
            let zRow = UnsafePointer(z + channel * zLength), backRow = back + channel * backStride
            for c in Swift.stride(from: 0, to: backStride, by: lanes) {
                let zc = zRow + c
                var sum = centre * zc.vector(twoR)
                var m = 0
                while m < r {
                    sum += w[m] * (zc.vector(r &+ m) + zc.vector(threeR &- m))
                    m &+= 1
                }
                backRow.store(sum, c)
            }
        }
        if r > 0 {
            for channel in 0..<4 {
                let zc = UnsafePointer(z + channel * zLength), bc = back + channel * backStride
                func padded(_ q: Int) -> S {
                    var sum = w[r] * zc[q + r]
                    for m in 0..<r { sum += w[m] * (zc[q + m] + zc[q + 2 * r - m]) }
                    return sum
                }
                for c in 1...min(r, width - 1) { bc[c] += padded(r - c) }
                for c in max(0, width - 1 - r)...(width - 2) where width >= 2 { bc[c] += padded(2 * width - 2 + r - c) }
            }
        }
        // Through the products: ∂/∂x = blurᵀ(∂μx) + 2x·blurᵀ(∂E[x²]) + y·blurᵀ(∂E[xy]), as SSIMPlanes.
        let offset = (plane * g.height + row) * width
        let x = setup.img1 + offset, y = setup.img2 + offset
        let gx = setup.grad1! + offset, gy = setup.grad2! + offset
        let bMuX = UnsafePointer(back), bMuY = bMuX + backStride, bSquares = bMuY + backStride
        let bXY = bSquares + backStride
        let two = S.Vector(repeating: 2), twoScalar = S(2)
        var c = 0
        while c + lanes <= width {
            let vx = x.vector(c), vy = y.vector(c), squares = bSquares.vector(c), products = bXY.vector(c)
            gx.store(bMuX.vector(c) + two * vx * squares + vy * products, c)
            gy.store(bMuY.vector(c) + two * vy * squares + vx * products, c)
            c += lanes
        }
        while c < width {
            gx[c] = bMuX[c] + twoScalar * x[c] * bSquares[c] + y[c] * bXY[c]
            gy[c] = bMuY[c] + twoScalar * y[c] * bSquares[c] + x[c] * bXY[c]
            c += 1
        }
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
    /// Lanes per vector.
    let lanes: Int

    var taps: Int { 2 * radius + 1 }
    /// The map's width rounded up to whole vectors: the length of a ring row.
    var mapVectorWidth: Int { roundedUp(mapWidth) }
    /// The image's width rounded up to whole vectors.
    var imageVectorWidth: Int { roundedUp(width) }
    /// A mirrored input row: the W + 2r pixels the blur reads, then zeros up to what whole vectors read.
    var paddedLength: Int { roundedUp(crop + mapVectorWidth + 2 * radius) }
    /// A zero-padded moment-gradient row: 2r zeros, the image's columns, zeros up to what whole vectors read.
    var zLength: Int { max(imageVectorWidth, 2 * radius + crop + mapVectorWidth) + 4 * radius + lanes }

    private func roundedUp(_ count: Int) -> Int { (count + lanes - 1) / lanes * lanes }

    /// torch's reflect: index j of a line of n, mirrored without repeating the edge (one reflection reaches).
    func reflect(_ j: Int, _ n: Int) -> Int {
        j < 0 ? -j : (j >= n ? 2 * (n - 1) - j : j)
    }
}

/// What every band reads and writes: the images, the constants in working precision, and the outputs.
///
/// `@unchecked Sendable`: the workers share these pointers. They point into arrays that ``FastSSIM`` keeps alive
/// and unmoved until every worker has returned (`concurrentPerform` is synchronous); the images and weights are only
/// read, and each output element and row sum is written by exactly one band (bands own disjoint image rows).
struct FastSetup<S: FastSSIMScalar>: @unchecked Sendable {
    let img1: UnsafePointer<S>
    let img2: UnsafePointer<S>
    /// The window's distinct weights: w[m] for m = 0…r (tap m and tap 2r − m share w[m]).
    let weights: UnsafePointer<S>
    let c1: S
    let c2: S
    let eps: S
    /// d(reduced loss)/d(SSIM) where the clamp passes: −(1/N)/2 for 'mean', −1/2 otherwise.
    let upstream: S
    let ssimMap: UnsafeMutablePointer<S>?
    let lossMap: UnsafeMutablePointer<S>?
    /// One loss sum per image row of every plane (rows outside the map stay 0), or nil.
    let rowSums: UnsafeMutablePointer<S>?
    let grad1: UnsafeMutablePointer<S>?
    let grad2: UnsafeMutablePointer<S>?
}

/// One worker's row buffers: a few rows of the image's width, whatever its height.
struct FastScratch<S: FastSSIMScalar> {
    let padded: UnsafeMutablePointer<S>
    let momentRing: UnsafeMutablePointer<S>
    let gradientRing: UnsafeMutablePointer<S>
    let zeroPadded: UnsafeMutablePointer<S>
    let back: UnsafeMutablePointer<S>
    let rowPointers: UnsafeMutablePointer<UnsafePointer<S>>
    let termWeights: UnsafeMutablePointer<S>
    /// Room for the terms of one row's adjoint along H (each of up to three mirrored positions reaches 2r + 1 rows).
    let termCapacity: Int
    private let storage: UnsafeMutablePointer<S>

    init(geometry g: FastGeometry, gradients: Bool) {
        let sizes = [
            5 * g.paddedLength, g.taps * 5 * g.mapVectorWidth,
            gradients ? g.taps * 4 * g.mapVectorWidth : 0, gradients ? 4 * g.zLength : 0,
            gradients ? 4 * g.imageVectorWidth : 0,
        ]
        storage = .allocate(capacity: sizes.reduce(0, +))
        storage.initialize(repeating: 0, count: sizes.reduce(0, +))
        var cursor = storage
        var parts: [UnsafeMutablePointer<S>] = []
        for size in sizes {
            parts.append(cursor)
            cursor += size
        }
        (padded, momentRing, gradientRing, zeroPadded, back) = (parts[0], parts[1], parts[2], parts[3], parts[4])
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
