/// Analytic gradients checked against central differences, (L(x + h·eᵢ, y) − L(x − h·eᵢ, y)) / 2h with h = 1e-6, for
/// any metric whose reduced loss `loss` computes from the two inputs' values (laid out as the gradients are).
public struct CentralDifferences {
    /// The largest magnitude among both gradients: the scale every element's tolerance is relative to.
    public let scale: Double
    /// Each element outside its tolerance, in words ("img1[3]: analytic vs numeric").
    public let mismatches: [String]

    /// Compares `gradX` and `gradY` at `indices` (every element when nil) with the central differences of `loss`:
    /// each must lie within `relative` × ``scale`` + `absolute` of its numeric derivative.
    public init(
        _ x: [Double], _ y: [Double], gradX: [Double], gradY: [Double], at indices: [Int]? = nil,
        relative: Double = 1e-6, absolute: Double = 0, loss: ([Double], [Double]) throws -> Double
    ) rethrows {
        let h = 1e-6
        scale = (gradX + gradY).map(abs).max() ?? 0
        func moved(_ values: [Double], _ index: Int, _ shift: Double) -> [Double] {
            var moved = values
            moved[index] += shift
            return moved
        }
        var mismatches: [String] = []
        for index in indices ?? Array(x.indices) {
            let numeric = (
                (try loss(moved(x, index, h), y) - loss(moved(x, index, -h), y)) / (2 * h),
                (try loss(x, moved(y, index, h)) - loss(x, moved(y, index, -h))) / (2 * h)
            )
            for (name, exact, derivative) in [("img1", gradX[index], numeric.0), ("img2", gradY[index], numeric.1)]
            where !(abs(exact - derivative) <= relative * scale + absolute) {
                mismatches.append("\(name)[\(index)]: \(exact) vs \(derivative)")
            }
        }
        self.mismatches = mismatches
    }
}
