/// The reference SSIM: the oracle the suite judges other implementations by.
///
/// It is written to be obviously correct rather than fast: every moment map is a full plane, every filter a
/// plain loop, and everything is computed in `Double` whatever the input type (a `Float` converts exactly). The
/// semantics are Kornia 0.9.0's; see ``SSIMOptions`` for the convention.
///
/// Gradients are analytic: the chain rule through the clamp of the loss (the gradient passes where
/// 0 ≤ (1 − SSIM)/2 ≤ 1, bounds included, as torch's `clamp`), the SSIM ratio, the moments, the blur and its
/// reflect border (``ReflectBlur/adjoint(_:)``), and the 'valid' crop (pixels outside the crop get no direct
/// gradient). For ``SSIMReduction/none`` the gradient is that of the sum of the loss map.
public enum SSIMReference {
    /// Everything the reference computes for one pair, in `Double`.
    public struct Outputs: Equatable, Sendable {
        /// The SSIM map, (B, C, H, W) or (B, C, H − 2r, W − 2r) for 'valid'.
        public let ssimMap: ImageTensor<Double>
        /// clamp((1 − SSIM)/2, 0, 1), element by element, with the map's shape.
        public let lossMap: ImageTensor<Double>
        /// The loss as the reduction asked: the mean or sum of ``lossMap``, or `nil` for 'none'.
        public let reducedLoss: Double?
        /// ∂loss/∂img1 and ∂loss/∂img2, with the images' shape, when gradients were asked for.
        public let gradImg1: ImageTensor<Double>?
        public let gradImg2: ImageTensor<Double>?
    }

    /// Computes the SSIM map, the loss and, if asked, its gradients.
    ///
    /// - Throws: ``SSIMError/shapeMismatch(img1:img2:)`` or ``SSIMError/imageTooSmall(height:width:windowSize:padding:)``.
    public static func evaluate<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>,
        options: SSIMOptions, reduction: SSIMReduction, gradients: Bool
    ) throws(SSIMError) -> Outputs {
        try options.validate(img1.shape, img2.shape)
        let (batch, channels, height, width) = (img1.batch, img1.channels, img1.height, img1.width)
        let (mapHeight, mapWidth) = options.mapSize(height: height, width: width)
        let planeSize = height * width
        let mapPlaneSize = mapHeight * mapWidth
        let mapCount = batch * channels * mapPlaneSize
        // d(reduced loss)/d(loss map element): 1/N for the mean, 1 for the sum and for 'none' (its sum).
        let lossWeight = reduction == .mean ? 1 / Double(mapCount) : 1

        let plane = PlaneSSIM(
            options: options, blur: ReflectBlur(window: options.window, height: height, width: width),
            mapHeight: mapHeight, mapWidth: mapWidth)
        var ssimMap: [Double] = [], lossMap: [Double] = []
        var gradImg1: [Double] = [], gradImg2: [Double] = []
        ssimMap.reserveCapacity(mapCount)
        lossMap.reserveCapacity(mapCount)
        for index in 0..<(batch * channels) {
            let pixels = (index * planeSize)..<((index + 1) * planeSize)
            let x = img1.values[pixels].map(Double.init)
            let y = img2.values[pixels].map(Double.init)
            let result = plane.evaluate(x, y, lossWeight: gradients ? lossWeight : nil)
            ssimMap += result.ssim
            lossMap += result.loss
            if let gradients = result.gradients {
                gradImg1 += gradients.x
                gradImg2 += gradients.y
            }
        }

        let mapShape = [batch, channels, mapHeight, mapWidth]
        let total = lossMap.reduce(0, +)
        return Outputs(
            ssimMap: ImageTensor(validatedShape: mapShape, values: ssimMap),
            lossMap: ImageTensor(validatedShape: mapShape, values: lossMap),
            reducedLoss: reduction == .none ? nil : total * (reduction == .mean ? 1 / Double(mapCount) : 1),
            gradImg1: gradients ? ImageTensor(validatedShape: img1.shape, values: gradImg1) : nil,
            gradImg2: gradients ? ImageTensor(validatedShape: img1.shape, values: gradImg2) : nil)
    }
}

/// SSIM, loss and gradients of one channel plane of one batch sample.
private struct PlaneSSIM {
    let options: SSIMOptions
    let blur: ReflectBlur
    let mapHeight: Int
    let mapWidth: Int

    struct Result {
        var ssim: [Double]
        var loss: [Double]
        var gradients: (x: [Double], y: [Double])?
    }

    /// - Parameter lossWeight: d(reduced loss)/d(loss map element), or nil when no gradient is wanted.
    func evaluate(_ x: [Double], _ y: [Double], lossWeight: Double?) -> Result {
        let (c1, c2, eps) = (options.c1, options.c2, options.eps)
        let muX = blur.apply(x), muY = blur.apply(y)
        let meanXX = blur.apply(zip(x, x).map(*))
        let meanYY = blur.apply(zip(y, y).map(*))
        let meanXY = blur.apply(zip(x, y).map(*))

        // The crop: 'valid' keeps the pixels at distance ≥ r from every edge, 'same' all of them.
        let offset = options.padding == .valid ? options.radius : 0
        var result = Result(ssim: [], loss: [], gradients: nil)
        // Gradients of the reduced loss with respect to each blurred moment, on the full plane (zero off the crop).
        var gradMuX = [Double](repeating: 0, count: x.count), gradMuY = gradMuX
        // E[x²] and E[y²] enter only through b2, so they share one gradient.
        var gradMeanSquares = gradMuX, gradMeanXY = gradMuX

        for row in 0..<mapHeight {
            for column in 0..<mapWidth {
                let p = (row + offset) * blur.width + (column + offset)
                let (mx, my) = (muX[p], muY[p])
                let varianceX = meanXX[p] - mx * mx
                let varianceY = meanYY[p] - my * my
                let covariance = meanXY[p] - mx * my
                let a1 = 2 * mx * my + c1, a2 = 2 * covariance + c2
                let b1 = mx * mx + my * my + c1, b2 = varianceX + varianceY + c2
                let denominator = b1 * b2 + eps
                let ssim = a1 * a2 / denominator
                let dissimilarity = (1 - ssim) / 2
                result.ssim.append(ssim)
                result.loss.append(dissimilarity.isNaN ? dissimilarity : min(max(dissimilarity, 0), 1))

                guard let lossWeight else { continue }
                // torch's clamp passes the gradient where min ≤ value ≤ max, bounds included (and not for NaN).
                let passes = dissimilarity >= 0 && dissimilarity <= 1
                let gradSSIM = passes ? -lossWeight / 2 : 0
                let gradA1 = gradSSIM * a2 / denominator
                let gradA2 = gradSSIM * a1 / denominator
                let gradB1 = -gradSSIM * ssim * b2 / denominator
                let gradB2 = -gradSSIM * ssim * b1 / denominator
                // a1 = 2μxμy + C1; a2 = 2(E[xy] − μxμy) + C2; b1 = μx² + μy² + C1; b2 = E[x²] − μx² + E[y²] − μy² + C2.
                gradMuX[p] = 2 * my * (gradA1 - gradA2) + 2 * mx * (gradB1 - gradB2)
                gradMuY[p] = 2 * mx * (gradA1 - gradA2) + 2 * my * (gradB1 - gradB2)
                gradMeanXY[p] = 2 * gradA2
                gradMeanSquares[p] = gradB2
            }
        }
        guard lossWeight != nil else { return result }

        // μx = blur(x), E[x²] = blur(x²), E[xy] = blur(xy): back through the blur, then the products.
        let backMuX = blur.adjoint(gradMuX), backMuY = blur.adjoint(gradMuY)
        let backSquares = blur.adjoint(gradMeanSquares), backXY = blur.adjoint(gradMeanXY)
        let gradX = x.indices.map { i in backMuX[i] + 2 * x[i] * backSquares[i] + y[i] * backXY[i] }
        let gradY = y.indices.map { i in backMuY[i] + 2 * y[i] * backSquares[i] + x[i] * backXY[i] }
        result.gradients = (gradX, gradY)
        return result
    }
}
