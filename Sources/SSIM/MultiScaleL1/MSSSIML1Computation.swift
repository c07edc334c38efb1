/// The MS-SSIM + L1 loss over one case, in any ``MSSSIML1Arithmetic``: written once, so that the reference's values
/// (`Double`, ``MSSSIML1Reference``) and the bounds on what rounding can do to them (``RoundingErrorBound``,
/// ``MSSSIML1ErrorBounds``) come from the same formulas.
///
/// For each channel plane and each σ, the moments and the ratio's terms at every pixel by the SSIM reference's own
/// steps (``Plane``, zero border, no crop); per pixel the luminance at the last σ times every σ's cs; |x − y| blurred
/// by the last σ's window; both averaged over the channels, mixed into the loss per (sample, pixel), reduced. Back:
/// each σ's moments get their gradients from the luminance (last σ) and the cs of the product, the pixels theirs
/// through the blur's adjoint, and the L1 term passes its gradient through the blur's adjoint and the sign of x − y.
struct MSSSIML1Computation {
    /// The convention with the case's α and compensation.
    let convention: MSSSIML1Convention
    let shape: Shape
    let maxVal: Double
    /// Each σ's computation of one channel plane, in the convention's order.
    let planes: [Plane]

    /// The computation of a case: images of `shape` under `convention` (already asked the case's α and
    /// compensation), with the data range `maxVal`.
    ///
    /// - Throws: ``SSIMError/shapeMismatch(img1:img2:)``, ``SSIMError/invalidMaxVal(_:)``,
    ///   ``SSIMError/outsideConvention(convention:reason:)`` for a convention that cannot be computed,
    ///   ``SSIMError/imageTooSmall(height:width:windowSize:padding:)`` for images its border cannot extend.
    init(_ shape: Shape, _ other: Shape, maxVal: Double, convention: MSSSIML1Convention) throws(SSIMError) {
        guard other == shape else { throw .shapeMismatch(img1: shape.dimensions, img2: other.dimensions) }
        try convention.check()
        let options = try SSIMOptions(windowSize: convention.taps, maxVal: maxVal, eps: 0, padding: .same)
        // A border that mirrors once (torch's `reflect`) needs the image longer than the window reaches.
        for j in convention.sigmas.indices { try convention.scale(j).validate(options, shape, other) }
        planes = convention.sigmas.indices.map { j in
            let scale = convention.scale(j)
            var blur = SeparableBlur(
                window: scale.window(options), tapsPrecision: scale.tapsPrecision, border: scale.border,
                height: shape.height, width: shape.width)
            blur.summedAtOnce = true
            return Plane(options: options, convention: scale, blur: blur, crops: [0, 0])
        }
        (self.convention, self.shape, self.maxVal) = (convention, shape, maxVal)
    }

    /// What one evaluation gives, in its arithmetic, each map (B, H, W) in row-major order.
    struct Result<Number> {
        /// The MS-SSIM of each (sample, pixel): the mean over the channels of l_M·Πⱼ csⱼ.
        var msssim: [Number]
        /// The L1 term of each (sample, pixel): the mean over the channels of G_σM ∗ |x − y|.
        var l1: [Number]
        /// The loss of each (sample, pixel), before the reduction.
        var loss: [Number]
        var reducedLoss: Number?
        var gradImg1: [Number]?
        var gradImg2: [Number]?
    }

    /// [B, H, W]: the shape of the loss map.
    var mapShape: [Int] { [shape.batch, shape.height, shape.width] }

    func evaluate<Number: MSSSIML1Arithmetic>(
        _: Number.Type, _ img1: [Double], _ img2: [Double], reduction: SSIMReduction, gradients: Bool
    ) -> Result<Number> {
        let size = shape.planeSize, channels = shape.channels, last = planes.count - 1
        let x = img1.map(Number.init(pixel:)), y = img2.map(Number.init(pixel:))
        func pixels(_ index: Int) -> Range<Int> { (index * size)..<((index + 1) * size) }
        // Per channel plane: each σ's ratio terms at every pixel, l_M·Π cs, and the blurred |x − y|.
        var ratios: [[[Plane.Ratio<Number>]]] = [], products: [[Number]] = [], filtered: [[Number]] = []
        for index in 0..<shape.planes {
            let xs = Array(x[pixels(index)]), ys = Array(y[pixels(index)])
            let scales = planes.map { plane in
                let moments = plane.moments(xs, ys), constants = plane.constants(Number.self)
                return (0..<size).map { p in plane.ratio(moments, at: p, constants: constants) }
            }
            ratios.append(scales)
            products.append((0..<size).map { p in scales[last][p].luminance * MSSSIMPyramid.product(scales.map { $0[p].cs }) })
            filtered.append(Number.blurred(zip(xs, ys).map { ($0 - $1).magnitude }, by: planes[last].blur, adjoint: false))
        }
        // The channels' means per (sample, pixel), and the loss c·(α·(1 − MS-SSIM) + (1 − α)·L1 / L).
        func channelMeans(_ maps: [[Number]]) -> [Number] {
            (0..<shape.batch).flatMap { b in
                (0..<size).map { p in Number.mean((0..<channels).map { maps[b * channels + $0][p] }) }
            }
        }
        let (alpha, complement) = (Number(constant: convention.alpha), Number(constant: 1 - convention.alpha))
        let (compensation, range, one) = (Number(constant: convention.compensation), Number(constant: maxVal), Number(constant: 1))
        let msssim = channelMeans(products), l1 = channelMeans(filtered)
        let loss = zip(msssim, l1).map { compensation * (alpha * (one - $0) + complement * $1 / range) }
        var result = Result(msssim: msssim, l1: l1, loss: loss)
        result.reducedLoss = reduction.reduced(loss)
        guard gradients else { return result }

        // d(reduced loss)/d(loss element): 1/N for the mean of the N = B·H·W elements, 1 for the sum and 'none'
        // (its sum); then per channel's l_M·Π cs and blurred |x − y|, through the mix and the channels' mean.
        let count = Number(constant: Double(channels))
        let weight = compensation * Number(constant: reduction == .mean ? 1 / Double(loss.count) : 1)
        let gradProduct = (Number(pixel: 0) - weight * alpha) / count
        let gradFiltered = weight * complement / range / count
        var grad1: [Number] = [], grad2: [Number] = []
        for index in 0..<shape.planes {
            let xs = Array(x[pixels(index)]), ys = Array(y[pixels(index)])
            var gradX = [Number](repeating: Number(pixel: 0), count: size), gradY = gradX
            for (j, plane) in planes.enumerated() {
                var moments = Plane.MomentGradients(count: size, zero: Number(pixel: 0))
                for p in 0..<size {
                    let scales = ratios[index].map { $0[p] }
                    // The other factors multiplied out, not divided out, so that a zero cs gives no 0/0.
                    let others = MSSSIMPyramid.product(scales.indices.filter { $0 != j }.map { scales[$0].cs })
                    var terms = scales[j].gradients(cs: gradProduct * scales[last].luminance * others)
                    if j == last {
                        let luminance = scales[j].gradients(luminance: gradProduct * MSSSIMPyramid.product(scales.map(\.cs)))
                        (terms.a1, terms.b1) = (luminance.a1, luminance.b1)
                    }
                    moments.set(at: scales[j], terms, plane: plane)
                }
                let back = plane.pixelGradients(moments, xs, ys)
                gradX = zip(gradX, back.gradX).map(+)
                gradY = zip(gradY, back.gradY).map(+)
            }
            let spread = Number.blurred(
                [Number](repeating: gradFiltered, count: size), by: planes[last].blur, adjoint: true)
            let l1X = (0..<size).map { (xs[$0] - ys[$0]).signGradient(upstream: spread[$0]) }
            grad1 += zip(gradX, l1X).map(+)
            grad2 += zip(gradY, l1X).map(-)
        }
        (result.gradImg1, result.gradImg2) = (grad1, grad2)
        return result
    }
}

extension Plane.Ratio where Number: SSIMArithmetic {
    /// The luminance term l = a1 / b1 = (2μxμy + C1)/(μx² + μy² + C1).
    var luminance: Number { a1 / b1 }

    /// d/d(a1, b1, a2, b2) of gradL·l: gradL/b1 for a1, −gradL·l/b1 for b1, nothing for a2 and b2.
    func gradients(luminance gradL: Number) -> Plane.TermGradients<Number> {
        let zero = Number(pixel: 0)
        return Plane.TermGradients(a1: gradL / b1, b1: zero - gradL * luminance / b1, a2: zero, b2: zero)
    }
}

extension MSSSIML1Computation.Result {
    /// Every element, output after output.
    var elements: [Number] {
        msssim + l1 + loss + (reducedLoss.map { [$0] } ?? []) + (gradImg1 ?? []) + (gradImg2 ?? [])
    }

    /// Element by element, `transform` of this result's and `other`'s values (laid out alike), laid out again.
    func zipped<Other, Combined>(
        _ other: MSSSIML1Computation.Result<Other>, _ transform: (Number, Other) -> Combined
    ) -> MSSSIML1Computation.Result<Combined> {
        var runs = ElementRuns(zip(elements, other.elements).map(transform))
        // Arguments are evaluated left to right: in the order of `elements`.
        return MSSSIML1Computation.Result<Combined>(
            msssim: runs.take(msssim.count), l1: runs.take(l1.count), loss: runs.take(loss.count),
            reducedLoss: reducedLoss.map { _ in runs.take(1)[0] }, gradImg1: gradImg1.map { runs.take($0.count) },
            gradImg2: gradImg2.map { runs.take($0.count) })
    }

    func map<Other>(_ transform: (Number) -> Other) -> MSSSIML1Computation.Result<Other> {
        zipped(self) { value, _ in transform(value) }
    }
}
