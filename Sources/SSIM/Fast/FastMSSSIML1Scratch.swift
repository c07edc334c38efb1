/// One worker's row buffers for ``FastMSSSIML1Kernel``: rings of 2r + 2 rows per channel and a few rows, each of the
/// image's width rounded up to whole vectors, whatever the image's height.
///
/// Without gradients: a row's five products, zero-padded (the moments x, y, x² + y², xy, then |x − y|); per channel a
/// ring of rows blurred along W (4 moments per σ, then |x − y|: 4M + 1 rows each, a vector apart more); lines of zeros
/// standing for the rows beyond the image; two map rows blurred along H; each σ's ratio row, their product, and two
/// rows' channel sums of MS-SSIM and of the L1 term. With gradients, also: per channel a ring of moment-gradient rows
/// (4 per σ); each σ's factor row; two image rows' zero-padded adjoints along H (4 per σ) and of the L1 term's spread;
/// the spread; the constant upstream of the L1 term; and the adjoint along W, each σ's and their total.
struct FastMSSSIML1Scratch<S: FastSSIMScalar> {
    /// The map rows blurred along H at once: two (the rows above hold two of each).
    static var group: Int { 2 }

    let products: UnsafeMutablePointer<S>
    let rings: UnsafeMutablePointer<S>
    let zeros: UnsafeMutablePointer<S>
    let blurred: UnsafeMutablePointer<S>
    let ratios: UnsafeMutablePointer<S>
    let product: UnsafeMutablePointer<S>
    let sums: UnsafeMutablePointer<S>
    let gradientRings: UnsafeMutablePointer<S>
    let factor: UnsafeMutablePointer<S>
    let adjoint: UnsafeMutablePointer<S>
    let spreadPadded: UnsafeMutablePointer<S>
    let spread: UnsafeMutablePointer<S>
    let upstream: UnsafeMutablePointer<S>
    let back: UnsafeMutablePointer<S>
    let total: UnsafeMutablePointer<S>
    /// The 2r + 2 rows a blur along H of two rows reads.
    let rowPointers: UnsafeMutablePointer<UnsafePointer<S>?>
    private let storage: UnsafeMutablePointer<S>

    init(geometry g: FastGeometry, channels: Int, sigmas: Int, gradients: Bool) {
        let (v, p, slots) = (g.mapVectorWidth, g.paddedLength, g.ringRows(group: Self.group))
        let blurredRows = FastGeometry.moments * sigmas + 1
        let sizes = [
            (FastGeometry.moments + 1) * p, channels * slots * g.ringStride(channels: blurredRows),
            max(blurredRows, 4 * sigmas) * v, 2 * blurredRows * v,
            sigmas * v, v, 4 * v,
        ]
        let gradientSizes = [
            channels * slots * g.ringStride(channels: 4 * sigmas), v, 2 * 4 * sigmas * p, 2 * p, 2 * v, v, 4 * v, 4 * v,
        ]
        // The zeros pad the rows, and stand for the rows beyond the image.
        let (storage, parts) = FastScratch<S>.parts(sizes + gradientSizes.map { gradients ? $0 : 0 })
        self.storage = storage
        (products, rings, zeros, blurred, ratios, product, sums) =
            (parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6])
        (gradientRings, factor, adjoint, spreadPadded, spread, upstream, back, total) =
            (parts[7], parts[8], parts[9], parts[10], parts[11], parts[12], parts[13], parts[14])
        rowPointers = .allocate(capacity: 2 * g.radius + 2)
    }

    func deallocate() {
        storage.deallocate()
        rowPointers.deallocate()
    }
}
