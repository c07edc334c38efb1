/// How far an implementation of the reference algorithm may honestly stray from the reference, element by element.
///
/// Conditioning varies enormously between inputs: on a pair with a large constant offset, E[x²] − μ² cancels and
/// float32 loses most of its digits, while on ordinary images it keeps nearly all of them. A fixed tolerance cannot
/// both pass a correct float32 implementation on the first and catch a real defect on the second. These bounds
/// follow each element's conditioning instead: they run the reference's own formulas through a forward error
/// analysis (``RoundingErrorBound``) for the precision the implementation computes in, valid for any order of
/// summation within each blur pass and reduction.
///
/// The acceptance bound of an element is the implementation's error bound plus the reference's own (it computes
/// in float64): an implementation passes where |its output − reference| ≤ bound. Elements whose bound is infinite
/// (the analysis cannot exclude a zero denominator) are not judged. Where the reference's value is NaN or ±∞ (a
/// non-finite pixel in the window), the bound is 0: non-finite values are compared exactly, NaN with NaN and each
/// infinity with itself, so that an implementation that scrubs them is caught.
public enum SSIMErrorBounds {
    /// Acceptance bounds for an implementation of `variant` computing in `precision`: one per element of each output
    /// of ``SSIMReference/evaluate(_:_:options:reduction:gradients:variant:)``, laid out the same way.
    public static func acceptance<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>,
        options: SSIMOptions, reduction: SSIMReduction, gradients: Bool, precision: Precision,
        variant: SSIMConvention = .kornia
    ) throws(SSIMError) -> SSIMOutputs<Double> {
        try variant.check(options)
        try options.validate(img1.shape, img2.shape, crop: variant.crop(options), reach: variant.reach(options))
        try SSIMReference.checkWorkingMemory(img1.shape)
        let planes = SSIMPlanes(options: options, variant: variant, shape: img1.shape)
        let (x, y) = (img1.values.map(Double.init), img2.values.map(Double.init))
        func bounds<P: RoundingPrecision>(_: P.Type) -> SSIMPlanes.Result<Double> {
            planes.evaluate(RoundingErrorBound<P>.self, x, y, reduction: reduction, gradients: gradients)
                .map { $0.value.isFinite ? $0.bound : 0 }
        }
        let reference = bounds(Float64Rounding.self)
        return reference.adding(precision == .float64 ? reference : bounds(Float32Rounding.self))
            .outputs(imageShape: img1.shape)
    }

    /// Whether `actual` is within `bound` of `expected`: |actual − expected| ≤ bound. An infinite bound accepts
    /// anything; otherwise a NaN passes only where NaN is expected, and an infinity only where the same is expected.
    public static func accepts(_ actual: Double, expected: Double, bound: Double) -> Bool {
        if bound == .infinity { return true }
        if expected.isNaN || actual.isNaN { return expected.isNaN && actual.isNaN }
        if expected.isInfinite || actual.isInfinite { return expected == actual }
        return abs(actual - expected) <= bound
    }
}

extension SSIMPlanes.Result {
    func map<Other>(_ transform: (Number) -> Other) -> SSIMPlanes.Result<Other> {
        SSIMPlanes.Result<Other>(
            mapShape: mapShape, ssimMap: ssimMap.map(transform), lossMap: lossMap.map(transform),
            reducedLoss: reducedLoss.map(transform), gradImg1: gradImg1?.map(transform), gradImg2: gradImg2?.map(transform))
    }
}

extension SSIMPlanes.Result where Number == Double {
    func adding(_ other: Self) -> Self {
        func add(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map(+) }
        return Self(
            mapShape: mapShape, ssimMap: add(ssimMap, other.ssimMap), lossMap: add(lossMap, other.lossMap),
            reducedLoss: reducedLoss.map { $0 + other.reducedLoss! },
            gradImg1: gradImg1.map { add($0, other.gradImg1!) }, gradImg2: gradImg2.map { add($0, other.gradImg2!) })
    }
}
