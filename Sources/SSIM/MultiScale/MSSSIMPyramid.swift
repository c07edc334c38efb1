/// The MS-SSIM algorithm over one validated case, in any ``MSSSIMArithmetic``: written once, so that the reference's
/// values (`Double`, ``MSSSIMReference``) and the bounds on what rounding can do to them (``RoundingErrorBound``,
/// ``MSSSIMErrorBounds``) come from the same formulas.
///
/// Down the pyramid: the images at each scale (``MSSSIMArithmetic/downsampled(_:by:of:adjoint:)``), each scale's
/// SSIM or cs map of every channel plane (of every channel volume, for a pyramid of volumes: `init(volumes:_:maxVal:convention:)`,
/// whose planes are the 3-D SSIM's) by the SSIM reference's own steps (``Plane``), each scale's mean per unit
/// (a (sample, channel), or a sample and all its channels' maps at once), the treatment of negative means, the
/// powers, their product and the loss 1 − MS-SSIM per unit, reduced. Back up: the gradients through each of those,
/// scale by scale from the coarsest.
struct MSSSIMPyramid {
    let convention: MSSSIMConvention
    /// The SSIM options of each scale, finest first.
    let options: [SSIMOptions]
    /// The dimensions of each scale, finest first: (B, C, H, W) images or (B, C, D, H, W) volumes.
    let dimensions: [[Int]]
    /// The computation of one channel plane (or channel volume) of each scale, finest first.
    let planes: [Plane]

    /// The pyramid of a case: images of `shape` under `convention`, with the data range `maxVal`.
    ///
    /// - Throws: what ``MSSSIMReference/evaluate(_:_:maxVal:convention:reduction:gradients:)`` throws, but for the
    ///   working memory, which each caller checks for its own arithmetic.
    init(_ shape: Shape, _ other: Shape, maxVal: Double, convention: MSSSIMConvention) throws(SSIMError) {
        guard other == shape else { throw .shapeMismatch(img1: shape.dimensions, img2: other.dimensions) }
        let options = try Self.options(maxVal: maxVal, convention: convention)
        let shapes = convention.scaleShapes(shape)
        for j in shapes.indices { try convention.scale.check(options[j]) }
        try MSSSIMReference.checkSize(shape, shapes, convention: convention, options: options)
        self.init(
            convention: convention, options: options, dimensions: shapes.map(\.dimensions),
            planes: shapes.indices.map { SSIMPlanes(options: options[$0], convention: convention.scale, shape: shapes[$0]).plane() })
    }

    init(convention: MSSSIMConvention, options: [SSIMOptions], dimensions: [[Int]], planes: [Plane]) {
        (self.convention, self.options, self.dimensions, self.planes) = (convention, options, dimensions, planes)
    }

    /// Each scale's SSIM options under `convention` with the data range `maxVal`, finest first.
    ///
    /// - Throws: ``SSIMError/outsideConvention(convention:reason:)`` for weights that cannot be used;
    ///   ``SSIMError/invalidWindowSize(_:)``, ``SSIMError/invalidMaxVal(_:)``.
    static func options(maxVal: Double, convention: MSSSIMConvention) throws(SSIMError) -> [SSIMOptions] {
        try convention.check()
        var options: [SSIMOptions] = []
        for j in 0..<convention.scales { options.append(try convention.options(maxVal: maxVal, scale: j)) }
        return options
    }

    /// The shape of each scale of images, finest first (none for volumes, whose ``dimensions`` have five).
    var shapes: [Shape] { dimensions.compactMap(Shape.init) }

    /// What one evaluation gives, in its arithmetic: ``MSSSIMOutputs``'s numbers, and the bases the powers raise.
    struct Result<Number> {
        /// Each scale's mean per unit, before the treatment of negative values: `scaleMeans[j][u]`.
        var scaleMeans: [[Number]]
        /// Each scale's treated mean per unit: the base its exponent raises.
        var bases: [[Number]]
        var msssim: [Number]
        var loss: [Number]
        var reducedLoss: Number?
        var gradImg1: [Number]?
        var gradImg2: [Number]?
    }

    /// The unit (a (sample, channel) or a sample) plane `index` belongs to.
    func unit(ofPlane index: Int) -> Int {
        convention.channelPooling == .perChannel ? index : index / dimensions[0][1]
    }

    var unitCount: Int { convention.channelPooling == .perChannel ? planeCount : dimensions[0][0] }

    /// [B, C] or [B]: the shape of the per-unit outputs.
    var unitShape: [Int] {
        convention.channelPooling == .perChannel ? Array(dimensions[0][..<2]) : [dimensions[0][0]]
    }

    /// B·C: the channel planes (or channel volumes) of every scale.
    var planeCount: Int { dimensions[0][0] * dimensions[0][1] }

    /// The pixels of channel plane `index` of scale `j`.
    func pixels(ofPlane index: Int, scale j: Int) -> Range<Int> {
        let size = dimensions[j][2...].reduce(1, *)
        return (index * size)..<((index + 1) * size)
    }

    func evaluate<Number: MSSSIMArithmetic>(
        _: Number.Type, _ img1: [Double], _ img2: [Double], reduction: SSIMReduction, gradients: Bool
    ) -> Result<Number> {
        // The images at each scale, finest first.
        var x = [img1.map(Number.init(pixel:))], y = [img2.map(Number.init(pixel:))]
        for j in dimensions.indices.dropFirst() {
            x.append(Number.downsampled(x[j - 1], by: convention.downsampling, of: dimensions[j - 1], adjoint: false))
            y.append(Number.downsampled(y[j - 1], by: convention.downsampling, of: dimensions[j - 1], adjoint: false))
        }
        // Each scale's data range, where the convention estimates it from the images there, and its constants.
        let ranges = convention.dataRange == .estimatedPerScale ? dimensions.indices.map { Number.estimatedRange(x[$0], y[$0]) } : nil
        let constants = ranges.map { $0.map(constants(range:)) }
        // Each scale's mean per unit, over every map element of the unit's planes.
        let means = dimensions.indices.map { j in
            let plane = planes[j]
            var maps = [[Number]](repeating: [], count: unitCount)
            for index in 0..<planeCount {
                let pixels = pixels(ofPlane: index, scale: j)
                let ratio = plane.ratioMaps(Array(x[j][pixels]), Array(y[j][pixels]), constants: constants?[j])
                maps[unit(ofPlane: index)] += convention.contributesSSIM(scale: j) ? ratio.ssim : ratio.cs
            }
            return maps.map(Number.mean)
        }
        // The factors bⱼʷʲ per unit, MS-SSIM their product, and the loss.
        let negative = convention.negativeValues
        let exponents = convention.exponents(Number.self)
        let bases = means.map { $0.map(negative.base) }
        let factors = bases.indices.map { j in bases[j].map { $0.power(exponents[j]) } }
        let msssim = (0..<unitCount).map { u in Self.product(factors.map { $0[u] }) }
        let one = Number(constant: 1)
        var result = Result(scaleMeans: means, bases: bases, msssim: msssim, loss: msssim.map { one - $0 })
        switch reduction {
        case .none: result.reducedLoss = nil
        case .sum: result.reducedLoss = Number.sum(result.loss)
        case .mean: result.reducedLoss = Number.mean(result.loss)
        }
        guard gradients else { return result }

        // d(reduced loss)/d(MS-SSIM of each unit): −1/U for the mean, −1 for the sum and for 'none' (its sum).
        let gradMSSSIM = Number(constant: reduction == .mean ? -1 / Double(unitCount) : -1)
        // d(reduced loss)/d(mean of scale j, unit u): through the product (the other factors, multiplied out rather
        // than divided out, so that a zero factor gives no 0/0), the power and the treatment of negative means.
        let gradMeans = means.indices.map { j in
            (0..<unitCount).map { u in
                let others = Self.product(factors.indices.filter { $0 != j }.map { factors[$0][u] })
                let gradBase = gradMSSSIM * others * bases[j][u].powerDerivative(exponents[j])
                return negative.gradient(upstream: gradBase, at: means[j][u])
            }
        }
        // Each scale's maps get their mean's gradient over its count; the scale's images get theirs through the
        // ratio, and the finer scale's images get the coarser's through the downsampling's adjoint.
        var carried1: [Number]?, carried2: [Number]?
        for j in dimensions.indices.reversed() {
            let plane = planes[j]
            let unitPlanes = convention.channelPooling == .perChannel ? 1 : dimensions[j][1]
            let count = Number(constant: Double(plane.mapPixelCount * unitPlanes))
            var grad1: [Number] = [], grad2: [Number] = []
            grad1.reserveCapacity(x[j].count)
            grad2.reserveCapacity(x[j].count)
            var gradConstants = constants.map { _ in Plane.Constants(c1: Number(pixel: 0), c2: Number(pixel: 0)) }
            for index in 0..<planeCount {
                let pixels = pixels(ofPlane: index, scale: j)
                let back = plane.ratioGradients(
                    Array(x[j][pixels]), Array(y[j][pixels]), ofSSIM: convention.contributesSSIM(scale: j),
                    weight: gradMeans[j][unit(ofPlane: index)] / count, constants: constants?[j])
                grad1 += back.gradX
                grad2 += back.gradY
                if let sums = gradConstants, let planeSums = back.gradConstants {
                    gradConstants = Plane.Constants(c1: sums.c1 + planeSums.c1, c2: sums.c2 + planeSums.c2)
                }
            }
            if let ranges, let gradConstants {
                // C = (K·L)²: dC/dL = 2K·(K·L), and L passes its gradient to the extremes it was taken from.
                let two = Number(constant: 2), (k1, k2) = (Number(constant: convention.scale.k1), Number(constant: convention.scale.k2))
                let gradRange = gradConstants.c1 * two * k1 * (k1 * ranges[j]) + gradConstants.c2 * two * k2 * (k2 * ranges[j])
                let back = Number.estimatedRangeGradient(x[j], y[j], upstream: gradRange)
                grad1 = zip(grad1, back.x).map(+)
                grad2 = zip(grad2, back.y).map(+)
            }
            if let carried1, let carried2 {
                let rule = convention.downsampling
                grad1 = zip(grad1, Number.downsampled(carried1, by: rule, of: dimensions[j], adjoint: true)).map(+)
                grad2 = zip(grad2, Number.downsampled(carried2, by: rule, of: dimensions[j], adjoint: true)).map(+)
            }
            (carried1, carried2) = (grad1, grad2)
        }
        (result.gradImg1, result.gradImg2) = (carried1, carried2)
        return result
    }

    /// C1 = (K1·L)² and C2 = (K2·L)² of a data range L the images gave, in their arithmetic (torchmetrics'
    /// `pow(k1 * data_range, 2)`).
    private func constants<Number: MSSSIMArithmetic>(range: Number) -> Plane.Constants<Number> {
        let k1L = Number(constant: convention.scale.k1) * range, k2L = Number(constant: convention.scale.k2) * range
        return Plane.Constants(c1: k1L * k1L, c2: k2L * k2L)
    }

    /// The product of `factors` from the first to the last; exactly 1 for none (a single scale has no other factor).
    static func product<Number: SSIMArithmetic>(_ factors: [Number]) -> Number {
        guard let first = factors.first else { return Number(pixel: 1) }
        return factors.dropFirst().reduce(first, *)
    }
}
