extension SSIMConvention.Loss {
    /// The loss of one SSIM value `ssim` and, when `upstream` (d(reduced loss)/d(this loss element)) is given,
    /// d(reduced loss)/d`ssim`: zero where a clamp holds the loss at 0 or 1 (torch passes the gradient on its bounds
    /// inclusive, and not at NaN).
    func evaluate<Number: SSIMArithmetic>(_ ssim: Number, upstream: Double?) -> (loss: Number, gradient: Number?) {
        let (one, two) = (Number(constant: 1), Number(constant: 2))
        switch self {
        case .halvedThenClamped:
            let dissimilarity = (one - ssim) / two
            return (dissimilarity.clampedToUnit, upstream.map { dissimilarity.clampGradient(upstream: -$0 / 2) })
        case .oneMinusSSIM:
            return (one - ssim, upstream.map { Number(constant: -$0) })
        case .clampedThenHalved:
            let dissimilarity = one - ssim
            return (dissimilarity.clampedToUnit / two, upstream.map { dissimilarity.clampGradient(upstream: -$0 / 2) })
        }
    }
}

extension SSIMReduction {
    /// The reduced loss of a loss map: its sum, its mean, or nil for 'none' (the map itself is the loss).
    func reduced<Number: SSIMArithmetic>(_ lossMap: [Number]) -> Number? {
        switch self {
        case .none: nil
        case .sum: Number.sum(lossMap)
        case .mean: Number.mean(lossMap)
        }
    }
}

extension SSIMReference {
    /// The forward outputs an implementation of `convention` gives from the SSIM map `ssimMap`: the loss map by the
    /// convention's loss, element by element, and that map reduced, exactly as ``evaluate(_:_:options:reduction:gradients:convention:)``
    /// makes them. The diagnosis reproduces an implementation's mistakes around the map (the channels averaged, the
    /// sum reported as the mean) with it rather than computing a loss of its own.
    public static func outputs(
        fromMap ssimMap: ImageTensor<Double>, convention: SSIMConvention, reduction: SSIMReduction
    ) -> SSIMOutputs<Double> {
        let lossMap = ssimMap.values.map { convention.loss.evaluate($0, upstream: nil).loss }
        return SSIMOutputs(
            ssimMap: ssimMap, lossMap: ImageTensor(validatedShape: ssimMap.shape, values: lossMap),
            reducedLoss: reduction.reduced(lossMap))
    }
}
