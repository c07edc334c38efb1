/// The reference algorithm over a whole (B, C, H, W) batch, in any ``SSIMArithmetic``.
///
/// Each channel plane of each sample is computed on its own: the five blurred moments, the SSIM ratio, the
/// clamped loss, and, if asked, the gradients by the chain rule back through the ratio, the moments and the blur.
struct SSIMPlanes {
    let options: SSIMOptions
    let convention: SSIMConvention
    let shape: Shape

    struct Result<Number> {
        let mapShape: Shape
        var ssimMap: [Number] = []
        var lossMap: [Number] = []
        var reducedLoss: Number?
        var gradImg1: [Number]?
        var gradImg2: [Number]?
    }

    func evaluate<Number: SSIMArithmetic>(
        _: Number.Type, _ img1: [Double], _ img2: [Double], reduction: SSIMReduction, gradients: Bool
    ) -> Result<Number> {
        plane().evaluateEach(
            Number.self, img1, img2, count: shape.planes, mapShape: shape.cropped(by: convention.crop(for: options)),
            reduction: reduction, gradients: gradients)
    }

    /// The computation of one channel plane of this shape under these options and convention.
    func plane() -> Plane {
        let crop = convention.crop(for: options)
        return Plane(
            options: options, convention: convention,
            blur: SeparableBlur(
                window: convention.window(options), tapsPrecision: convention.tapsPrecision, border: convention.border,
                height: shape.height, width: shape.width),
            crops: [crop, crop])
    }
}

extension Plane {
    /// SSIM, loss and, if asked, gradients of `count` planes (or volumes) of this computation's size stored one
    /// after another in `img1` and `img2`, the loss reduced over all of them; the maps laid out as `mapShape` says
    /// (a volume batch's folded into four dimensions: its depth into its channels).
    func evaluateEach<Number: SSIMArithmetic>(
        _: Number.Type, _ img1: [Double], _ img2: [Double], count: Int, mapShape: Shape, reduction: SSIMReduction,
        gradients: Bool
    ) -> SSIMPlanes.Result<Number> {
        let size = blur.axes.reduce(1) { $0 * $1.length }
        // d(reduced loss)/d(loss map element): 1/N for the mean, 1 for the sum and for 'none' (its sum).
        let lossWeight = reduction == .mean ? 1 / Double(count * mapPixelCount) : 1
        var result = SSIMPlanes.Result<Number>(mapShape: mapShape)
        result.gradImg1 = gradients ? [] : nil
        result.gradImg2 = gradients ? [] : nil
        for index in 0..<count {
            let pixels = (index * size)..<((index + 1) * size)
            let x = img1[pixels].map(Number.init(pixel:)), y = img2[pixels].map(Number.init(pixel:))
            let planeResult = evaluate(x, y, lossWeight: gradients ? lossWeight : nil)
            result.ssimMap += planeResult.ssim
            result.lossMap += planeResult.loss
            result.gradImg1? += planeResult.gradX
            result.gradImg2? += planeResult.gradY
        }
        result.reducedLoss = reduction.reduced(result.lossMap)
        return result
    }
}

/// SSIM, loss and gradients of one channel plane of one batch sample, or of one channel volume
/// (``SSIM3DReference``): its blur has an axis per dimension. Its steps (the moments, the ratio at a map pixel, the
/// gradients of the moments from those of the ratio's terms, and back through the blur and the products to the
/// pixels) serve the SSIM loss here and other metrics built on the SSIM ratio (``MSSSIMReference``).
struct Plane {
    let options: SSIMOptions
    let convention: SSIMConvention
    let blur: SeparableBlur
    /// The pixels dropped from each edge of each of the blur's axes: 'valid' keeps those at distance ≥ crop from
    /// every edge, 'same' all of them.
    let crops: [Int]
    init(options: SSIMOptions, convention: SSIMConvention, blur: SeparableBlur, crops: [Int]) {
        (self.options, self.convention, self.blur, self.crops) = (options, convention, blur, crops)
    }

    /// The flat index, in the whole plane, of each map pixel, in row-major order: made when asked, as the fast
    /// MS-SSIM makes the planes of every scale for their sizes only.
    var mapPixels: [Int] {
        zip(blur.axes, crops).reduce([0]) { pixels, axisCrop in
            let (axis, crop) = axisCrop
            return pixels.flatMap { base in (crop..<(axis.length - crop)).map { base * axis.length + $0 } }
        }
    }

    /// How many map pixels a plane has.
    var mapPixelCount: Int { zip(blur.axes, crops).reduce(1) { $0 * max(0, $1.0.length - 2 * $1.1) } }

    struct Result<Number> {
        var ssim: [Number] = []
        var loss: [Number] = []
        var gradX: [Number] = []
        var gradY: [Number] = []
    }

    /// - Parameter lossWeight: d(reduced loss)/d(loss map element), or nil when no gradient is wanted.
    func evaluate<Number: SSIMArithmetic>(_ x: [Number], _ y: [Number], lossWeight: Double?) -> Result<Number> {
        let moments = moments(x, y), constants = constants(Number.self)
        var result = Result<Number>()
        var gradients = MomentGradients(count: x.count, zero: Number(pixel: 0))
        for p in mapPixels {
            let ratio = ratio(moments, at: p, constants: constants)
            let ssim = ratio.ssim
            result.ssim.append(ssim)
            // The loss, and d(reduced loss)/d SSIM where its clamp (if any) passes.
            let (loss, gradSSIM) = convention.loss.evaluate(ssim, upstream: lossWeight)
            result.loss.append(loss)
            guard let gradSSIM else { continue }
            gradients.set(at: ratio, ratio.gradients(ssim: gradSSIM), plane: self)
        }
        guard lossWeight != nil else { return result }
        (result.gradX, result.gradY) = pixelGradients(gradients, x, y)
        return result
    }

    /// The five blurred moments of a plane pair, full planes.
    struct Moments<Number> {
        let muX: [Number], muY: [Number], meanXX: [Number], meanYY: [Number], meanXY: [Number]
    }

    /// μx = blur(x), μy = blur(y), E[x²] = blur(x²), E[y²] = blur(y²), E[xy] = blur(xy).
    func moments<Number: SSIMArithmetic>(_ x: [Number], _ y: [Number]) -> Moments<Number> {
        func blurred(_ plane: [Number]) -> [Number] { Number.blurred(plane, by: blur, adjoint: false) }
        return Moments(
            muX: blurred(x), muY: blurred(y), meanXX: blurred(zip(x, x).map(*)), meanYY: blurred(zip(y, y).map(*)),
            meanXY: blurred(zip(x, y).map(*)))
    }

    /// The ratio's constants C1 = (K1·L)² and C2 = (K2·L)²: from the options' data range L, or from one a metric
    /// computes from the images (torchmetrics' MS-SSIM without a data range, ``MSSSIMConvention/DataRange``); and,
    /// as gradients, the derivatives of a sum of maps with respect to them.
    struct Constants<Number> {
        var c1: Number, c2: Number
    }

    /// The SSIM ratio's terms at one map pixel: SSIM = a1·a2 / (b1·b2 + eps), with
    /// a1 = 2μxμy + C1, a2 = 2σxy + C2, b1 = μx² + μy² + C1, b2 = σx² + σy² + C2.
    struct Ratio<Number> {
        /// The pixel of the full plane the map pixel stands for.
        let p: Int
        let mx: Number, my: Number
        let a1: Number, a2: Number, b1: Number, b2: Number
        let denominator: Number
        let ssim: Number

        /// d/d(a1, b1, a2, b2) of a function of the SSIM value whose derivative there is `gradSSIM`.
        func gradients(ssim gradSSIM: Number) -> TermGradients<Number> where Number: SSIMArithmetic {
            let zero = Number(pixel: 0)
            return TermGradients(
                a1: gradSSIM * a2 / denominator, b1: zero - gradSSIM * ssim * b2 / denominator,
                a2: gradSSIM * a1 / denominator, b2: zero - gradSSIM * ssim * b1 / denominator)
        }
    }

    /// Gradients with respect to the ratio's terms (a2 and b2 before the moments' sample scale).
    struct TermGradients<Number> {
        var a1: Number, b1: Number, a2: Number, b2: Number
    }

    /// C1 and C2 from the options' data range, each rounded once to the working precision.
    func constants<Number: SSIMArithmetic>(_: Number.Type) -> Constants<Number> {
        let constants = convention.constants(options)
        return Constants(c1: Number(constant: constants.c1), c2: Number(constant: constants.c2))
    }

    /// The ratio's terms at pixel `p` of the whole plane, under `constants`, the convention's eps and moments.
    func ratio<Number: SSIMArithmetic>(_ moments: Moments<Number>, at p: Int, constants: Constants<Number>) -> Ratio<Number> {
        let (c1, c2) = (constants.c1, constants.c2)
        let eps = Number(constant: convention.eps(options))
        let two = Number(constant: 2)
        let (mx, my) = (moments.muX[p], moments.muY[p])
        let varianceX = scaled(moments.meanXX[p] - mx * mx)
        let varianceY = scaled(moments.meanYY[p] - my * my)
        let covariance = scaled(moments.meanXY[p] - mx * my)
        let a1 = two * mx * my + c1, a2 = two * covariance + c2
        let b1 = mx * mx + my * my + c1, b2 = varianceX + varianceY + c2
        let denominator = b1 * b2 + eps
        return Ratio(p: p, mx: mx, my: my, a1: a1, a2: a2, b1: b1, b2: b2, denominator: denominator, ssim: a1 * a2 / denominator)
    }

    /// Kornia's moments are population moments; a sample-covariance convention scales them by N/(N − 1).
    func scaled<Number: SSIMArithmetic>(_ value: Number) -> Number {
        guard convention.sampleCovariance else { return value }
        let taps = blur.weightCount
        return Number(constant: Double(taps) / Double(taps - 1)) * value
    }

    /// Gradients of the reduced loss with respect to each blurred moment, on the full plane (zero off the crop).
    /// E[x²] and E[y²] enter only through b2, so they share one gradient.
    struct MomentGradients<Number> {
        var muX: [Number], muY: [Number], meanSquares: [Number], meanXY: [Number]

        init(count: Int, zero: Number) {
            muX = [Number](repeating: zero, count: count)
            (muY, meanSquares, meanXY) = (muX, muX, muX)
        }

        /// The moments' gradients at the ratio's pixel, from the terms' (through the moments' scale s: d/d(E[xy] −
        /// μxμy) of a2 is 2s, and so on).
        mutating func set(at ratio: Ratio<Number>, _ terms: TermGradients<Number>, plane: Plane)
        where Number: SSIMArithmetic {
            let two = Number(constant: 2)
            let (mx, my, p) = (ratio.mx, ratio.my, ratio.p)
            let gradA2 = plane.scaled(terms.a2), gradB2 = plane.scaled(terms.b2)
            // a1 = 2μxμy + C1; a2 = 2(E[xy] − μxμy) + C2; b1 = μx² + μy² + C1; b2 = E[x²] − μx² + E[y²] − μy² + C2.
            muX[p] = two * my * (terms.a1 - gradA2) + two * mx * (terms.b1 - gradB2)
            muY[p] = two * mx * (terms.a1 - gradA2) + two * my * (terms.b1 - gradB2)
            meanXY[p] = two * gradA2
            meanSquares[p] = gradB2
        }
    }

    /// μx = blur(x), E[x²] = blur(x²), E[xy] = blur(xy): back through the blur, then the products.
    func pixelGradients<Number: SSIMArithmetic>(
        _ gradients: MomentGradients<Number>, _ x: [Number], _ y: [Number]
    ) -> (gradX: [Number], gradY: [Number]) {
        let two = Number(constant: 2)
        func adjoint(_ plane: [Number]) -> [Number] { Number.blurred(plane, by: blur, adjoint: true) }
        let backMuX = adjoint(gradients.muX), backMuY = adjoint(gradients.muY)
        let backSquares = adjoint(gradients.meanSquares), backXY = adjoint(gradients.meanXY)
        return (
            x.indices.map { i in backMuX[i] + two * x[i] * backSquares[i] + y[i] * backXY[i] },
            y.indices.map { i in backMuY[i] + two * y[i] * backSquares[i] + x[i] * backXY[i] }
        )
    }
}

extension Plane {
    /// The SSIM map and the contrast-structure map over the map's pixels, cs = a2/b2 = (2σxy + C2)/(σx² + σy² + C2):
    /// the SSIM ratio without its luminance term. The convention's eps, if any, enters the SSIM ratio only.
    /// `constants` are the options' (``constants(_:)``) unless given.
    func ratioMaps<Number: SSIMArithmetic>(
        _ x: [Number], _ y: [Number], constants given: Constants<Number>? = nil
    ) -> (ssim: [Number], cs: [Number]) {
        let moments = moments(x, y), constants = given ?? constants(Number.self)
        var ssim: [Number] = [], cs: [Number] = []
        for p in mapPixels {
            let ratio = ratio(moments, at: p, constants: constants)
            ssim.append(ratio.ssim)
            cs.append(ratio.cs)
        }
        return (ssim, cs)
    }

    /// ∂/∂x and ∂/∂y of `weight`·Σₘ map[m] over the map's pixels m, the map being SSIM or cs (``ratioMaps(_:_:)``):
    /// back through the ratio's terms, the moments, the blur and the products. A cs map's gradient does not go
    /// through the SSIM ratio's denominator, which cs does not use. Where `constants` are given (a metric computed
    /// them from the images) rather than the options' (``constants(_:)``), also the gradients with respect to C1
    /// and C2, each entering its numerator and denominator term as it is.
    func ratioGradients<Number: SSIMArithmetic>(
        _ x: [Number], _ y: [Number], ofSSIM: Bool, weight: Number, constants given: Constants<Number>? = nil
    ) -> (gradX: [Number], gradY: [Number], gradConstants: Constants<Number>?) {
        let moments = moments(x, y), constants = given ?? constants(Number.self)
        var gradients = MomentGradients(count: x.count, zero: Number(pixel: 0))
        var gradConstants = given.map { _ in Constants(c1: Number(pixel: 0), c2: Number(pixel: 0)) }
        for p in mapPixels {
            let ratio = ratio(moments, at: p, constants: constants)
            let terms = ofSSIM ? ratio.gradients(ssim: weight) : ratio.gradients(cs: weight)
            gradients.set(at: ratio, terms, plane: self)
            if let sums = gradConstants {
                gradConstants = Constants(c1: sums.c1 + (terms.a1 + terms.b1), c2: sums.c2 + (terms.a2 + terms.b2))
            }
        }
        let (gradX, gradY) = pixelGradients(gradients, x, y)
        return (gradX, gradY, gradConstants)
    }
}

extension Plane.Ratio where Number: SSIMArithmetic {
    /// cs = a2 / b2.
    var cs: Number { a2 / b2 }

    /// d/d(a1, b1, a2, b2) of gradCS·cs: gradCS/b2 for a2, −gradCS·cs/b2 for b2, nothing for a1 and b1.
    func gradients(cs gradCS: Number) -> Plane.TermGradients<Number> {
        let zero = Number(pixel: 0)
        return Plane.TermGradients(a1: zero, b1: zero, a2: gradCS / b2, b2: zero - gradCS * cs / b2)
    }
}
