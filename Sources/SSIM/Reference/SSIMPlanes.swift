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
        let (planes, height, width) = (shape.planes, shape.height, shape.width)
        let mapShape = shape.cropped(by: convention.crop(for: options))
        let (mapHeight, mapWidth) = (mapShape.height, mapShape.width)
        let mapCount = planes * mapHeight * mapWidth
        // d(reduced loss)/d(loss map element): 1/N for the mean, 1 for the sum and for 'none' (its sum).
        let lossWeight = reduction == .mean ? 1 / Double(mapCount) : 1
        let plane = Plane(
            options: options, convention: convention,
            blur: SeparableBlur(
                window: convention.window(options), tapsPrecision: convention.tapsPrecision, border: convention.border,
                height: height, width: width),
            crop: convention.crop(for: options), mapHeight: mapHeight, mapWidth: mapWidth)

        var result = Result<Number>(mapShape: mapShape)
        result.gradImg1 = gradients ? [] : nil
        result.gradImg2 = gradients ? [] : nil
        for index in 0..<planes {
            let pixels = (index * height * width)..<((index + 1) * height * width)
            let x = img1[pixels].map(Number.init(pixel:)), y = img2[pixels].map(Number.init(pixel:))
            let planeResult = plane.evaluate(x, y, lossWeight: gradients ? lossWeight : nil)
            result.ssimMap += planeResult.ssim
            result.lossMap += planeResult.loss
            result.gradImg1? += planeResult.gradX
            result.gradImg2? += planeResult.gradY
        }
        result.reducedLoss = reduction.reduced(result.lossMap)
        return result
    }
}

/// SSIM, loss and gradients of one channel plane of one batch sample.
private struct Plane {
    let options: SSIMOptions
    let convention: SSIMConvention
    let blur: SeparableBlur
    /// The pixels dropped from each edge: 'valid' keeps those at distance ≥ crop from every edge, 'same' all of them.
    let crop: Int
    let mapHeight: Int
    let mapWidth: Int

    struct Result<Number> {
        var ssim: [Number] = []
        var loss: [Number] = []
        var gradX: [Number] = []
        var gradY: [Number] = []
    }

    /// - Parameter lossWeight: d(reduced loss)/d(loss map element), or nil when no gradient is wanted.
    func evaluate<Number: SSIMArithmetic>(_ x: [Number], _ y: [Number], lossWeight: Double?) -> Result<Number> {
        let constants = convention.constants(options)
        let (c1, c2) = (Number(constant: constants.c1), Number(constant: constants.c2))
        let eps = Number(constant: convention.eps(options))
        let two = Number(constant: 2)
        func blurred(_ plane: [Number]) -> [Number] { Number.blurred(plane, by: blur, adjoint: false) }
        let muX = blurred(x), muY = blurred(y)
        let meanXX = blurred(zip(x, x).map(*))
        let meanYY = blurred(zip(y, y).map(*))
        let meanXY = blurred(zip(x, y).map(*))

        let offset = crop
        // Kornia's moments are population moments; a sample-covariance convention scales them by N/(N − 1).
        let sampleScale = convention.sampleCovariance
            ? Number(constant: Double(blur.window.count * blur.window.count) / Double(blur.window.count * blur.window.count - 1))
            : nil
        func scaled(_ value: Number) -> Number { sampleScale.map { $0 * value } ?? value }
        var result = Result<Number>()
        // Gradients of the reduced loss with respect to each blurred moment, on the full plane (zero off the crop).
        // E[x²] and E[y²] enter only through b2, so they share one gradient.
        let zero = Number(pixel: 0)
        var gradMuX = [Number](repeating: zero, count: x.count), gradMuY = gradMuX
        var gradMeanSquares = gradMuX, gradMeanXY = gradMuX

        for row in 0..<mapHeight {
            for column in 0..<mapWidth {
                let p = (row + offset) * blur.width + (column + offset)
                let (mx, my) = (muX[p], muY[p])
                let varianceX = scaled(meanXX[p] - mx * mx)
                let varianceY = scaled(meanYY[p] - my * my)
                let covariance = scaled(meanXY[p] - mx * my)
                let a1 = two * mx * my + c1, a2 = two * covariance + c2
                let b1 = mx * mx + my * my + c1, b2 = varianceX + varianceY + c2
                let denominator = b1 * b2 + eps
                let ssim = a1 * a2 / denominator
                result.ssim.append(ssim)
                // The loss, and d(reduced loss)/d SSIM where its clamp (if any) passes.
                let (loss, gradSSIM) = convention.loss.evaluate(ssim, upstream: lossWeight)
                result.loss.append(loss)
                guard let gradSSIM else { continue }
                let gradA1 = gradSSIM * a2 / denominator
                let gradB1 = zero - gradSSIM * ssim * b2 / denominator
                // Through the moments' scale s (1, or the sample-covariance convention's): d/d(E[xy] − μxμy) of a2 is 2s, and so on.
                let gradA2 = scaled(gradSSIM * a1 / denominator)
                let gradB2 = scaled(zero - gradSSIM * ssim * b1 / denominator)
                // a1 = 2μxμy + C1; a2 = 2(E[xy] − μxμy) + C2; b1 = μx² + μy² + C1; b2 = E[x²] − μx² + E[y²] − μy² + C2.
                gradMuX[p] = two * my * (gradA1 - gradA2) + two * mx * (gradB1 - gradB2)
                gradMuY[p] = two * mx * (gradA1 - gradA2) + two * my * (gradB1 - gradB2)
                gradMeanXY[p] = two * gradA2
                gradMeanSquares[p] = gradB2
            }
        }
        guard lossWeight != nil else { return result }

        // μx = blur(x), E[x²] = blur(x²), E[xy] = blur(xy): back through the blur, then the products.
        func adjoint(_ plane: [Number]) -> [Number] { Number.blurred(plane, by: blur, adjoint: true) }
        let backMuX = adjoint(gradMuX), backMuY = adjoint(gradMuY)
        let backSquares = adjoint(gradMeanSquares), backXY = adjoint(gradMeanXY)
        result.gradX = x.indices.map { i in backMuX[i] + two * x[i] * backSquares[i] + y[i] * backXY[i] }
        result.gradY = y.indices.map { i in backMuY[i] + two * y[i] * backSquares[i] + x[i] * backXY[i] }
        return result
    }
}
