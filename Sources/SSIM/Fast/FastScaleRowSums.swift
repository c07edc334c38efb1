/// One sum per image row of every plane of every scale of an MS-SSIM pyramid, in `S`, which the 2-D kernels write
/// (rows outside a scale's map stay 0), and the means per unit they give: each unit's rows summed pairwise, over
/// the unit's count. However the rows were computed (in chunks by the forward sweep, or in bands with gradients),
/// the same sums give the same means.
struct FastScaleRowSums<S: FastSSIMScalar> {
    /// Each scale's sums: plane p's row i at `scales[j][p · height + i]`.
    let scales: [UnsafeMutablePointer<S>]
    private let shapes: [Shape]
    private let storage: UnsafeMutablePointer<S>

    /// Zeroed sums for the scales `shapes`.
    init(shapes: [Shape]) {
        let offsets = shapes.reduce(into: [0]) { $0.append($0.last! + $1.planes * $1.height) }
        storage = .allocate(capacity: offsets.last!)
        storage.initialize(repeating: 0, count: offsets.last!)
        scales = offsets.dropLast().map { [storage] in storage + $0 }
        self.shapes = shapes
    }

    /// Each scale's mean per unit, `[j][u]`: the planes fall into `units` units of consecutive planes, and a unit's
    /// map at scale j has `counts[j]` elements.
    func means(units: Int, counts: [S]) -> [[S]] {
        shapes.indices.map { j in
            let unitRows = shapes[j].planes * shapes[j].height / units
            return (0..<units).map { u in pairwiseSum(scales[j] + u * unitRows, unitRows) / counts[j] }
        }
    }

    func deallocate() { storage.deallocate() }
}
