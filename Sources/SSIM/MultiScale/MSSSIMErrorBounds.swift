/// How far an implementation of MS-SSIM may honestly stray from the reference (``MSSSIMReference``), element by
/// element, in each precision: the MS-SSIM counterpart of ``SSIMErrorBounds``.
///
/// The bounds run the reference's own formulas (``MSSSIMPyramid``) through the forward error analysis
/// (``RoundingErrorBound``) of the precision the implementation computes in: through the downsampling, every scale's
/// SSIM or cs map, the means, the treatment of negative means, the powers, their product, the loss and its
/// reduction, and the gradients back through all of them; valid for any order of summation within each blur pass,
/// downsampling, mean and reduction. An element's acceptance bound is the implementation's bound plus the
/// reference's own (it computes in float64): an implementation passes where |its output − expected| ≤ bound
/// (``SSIMErrorBounds/accepts(_:expected:bound:)``). In a half precision the implementation's part is the larger of
/// the precision's own analysis and what computing in float32 and rounding the answer to it can err by
/// (``RoundingErrorBound/halfPrecisionBound(computedInFloat32:)``). Elements whose bound is infinite are not judged;
/// where the expected value is NaN or ±∞ (a non-finite pixel), it is compared exactly.
///
/// A case cannot be computed meaningfully in a precision (``Judging/notComputable``) where:
/// - a scale's mean, treated as the convention says, may be 0 or negative within its bound under a fractional
///   exponent (``RoundingErrorBound/mayVanishOrBeNegative(under:)``): under `none` (or (v + 1)/2 near v = −1), its
///   power may be NaN and its derivative infinite whichever side of 0 the implementation's rounding lands, so no
///   answer is meaningful. relu's result is never negative: a mean near 0 under relu is judged, its factor within
///   [0, (v + e)ʷ] and the gradients it passes uncertain by their whole size;
/// - or its result (the reduced loss, the sum's share of each unit, or every unit's loss for 'none') may exceed the
///   precision's largest finite value, or has no correct digit left (a bound of 1 or more).
public enum MSSSIMErrorBounds {
    /// How a case is judged in each of `precisions`: the expected outputs, the acceptance bounds and, where it cannot
    /// be computed meaningfully, why; from one error analysis per precision involved.
    ///
    /// - Throws: what ``MSSSIMReference/evaluate(_:_:maxVal:convention:reduction:gradients:)`` throws for the case.
    public static func judging<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>, maxVal: Double,
        convention: MSSSIMConvention = .wangMSSSIM, reduction: SSIMReduction, gradients: Bool, precisions: [Precision]
    ) throws(SSIMError) -> Judging {
        let pyramid = try MSSSIMPyramid(img1.shape, img2.shape, maxVal: maxVal, convention: convention)
        try WorkingMemory.check(
            img1.shape, planes: MSSSIMReference.workingPlanes,
            bytesPerElement: MemoryLayout<RoundingErrorBound<Float64Rounding>>.stride)
        return judging(
            pyramid, img1.values.map(Double.init), img2.values.map(Double.init), reduction: reduction,
            gradients: gradients, precisions: precisions, laidOut: MSSSIMOutputs.init)
    }

    /// How a case of `pyramid` on the pixels `x` and `y` is judged in each of `precisions`, its outputs laid out by
    /// `laidOut` (images' or volumes'): from one error analysis per precision involved.
    static func judging<Outputs>(
        _ pyramid: MSSSIMPyramid, _ x: [Double], _ y: [Double], reduction: SSIMReduction, gradients: Bool,
        precisions: [Precision], laidOut: (MSSSIMPyramid, MSSSIMPyramid.Result<Double>) -> Outputs
    ) -> MetricJudging<Outputs> {
        let analysis = Analysis(pyramid: pyramid, images: (x, y), reduction: reduction, gradients: gradients)
        let float64 = analysis.analysed(Float64Rounding.self)
        // Float32's analysis also bounds what a half precision may answer by computing in float32.
        let float32 = precisions.contains { $0 != .float64 } ? analysis.analysed(Float32Rounding.self) : nil
        let reference = float64.map(\.acceptedBound)
        // The float64 analysis carries the reference's own values: each of its operations is the reference's on them.
        var judging = MetricJudging(expected: laidOut(pyramid, float64.map(\.value)))
        for precision in precisions {
            let (bounds, reason) =
                switch precision {
                case .float64: analysis.judged(float64, float32)
                case .float32: analysis.judged(float32!, float32)
                case .float16: analysis.judged(analysis.analysed(Float16Rounding.self), float32)
                case .bfloat16: analysis.judged(analysis.analysed(BFloat16Rounding.self), float32)
                }
            judging.acceptance[precision] = laidOut(pyramid, reference.combined(with: bounds, +))
            judging.notComputable[precision] = reason
        }
        return judging
    }

    /// How an MS-SSIM case is judged in several precisions
    /// (``judging(_:_:maxVal:convention:reduction:gradients:precisions:)``): the expected outputs as
    /// ``MSSSIMReference/evaluate(_:_:maxVal:convention:reduction:gradients:)`` gives them, and a bound for each
    /// scale's mean, each unit's MS-SSIM and loss, the reduced loss and each element of the gradients.
    public typealias Judging = MetricJudging<MSSSIMOutputs>
}

/// MS-SSIM's formulas over one case, ready to be run through the error analysis of any precision.
private struct Analysis {
    let pyramid: MSSSIMPyramid
    /// The pixels of the two images.
    let images: (x: [Double], y: [Double])
    let reduction: SSIMReduction
    let gradients: Bool

    func analysed<P: RoundingPrecision>(_: P.Type) -> MSSSIMPyramid.Result<RoundingErrorBound<P>> {
        pyramid.evaluate(RoundingErrorBound<P>.self, images.x, images.y, reduction: reduction, gradients: gradients)
    }

    /// The implementation's bounds from its precision's analysis (and, for a half precision, float32's), and why
    /// the case cannot be computed meaningfully in that precision, if so.
    func judged<P: RoundingPrecision>(
        _ analysed: MSSSIMPyramid.Result<RoundingErrorBound<P>>,
        _ float32: MSSSIMPyramid.Result<RoundingErrorBound<Float32Rounding>>?
    ) -> (MSSSIMPyramid.Result<Double>, String?) {
        let bounds = P.precision.isHalf
            ? analysed.combined(with: float32!) { $0.halfPrecisionBound(computedInFloat32: $1) }
            : analysed.map(\.acceptedBound)
        return (bounds, notComputable(analysed))
    }

    /// Why an analysis's result cannot be computed meaningfully in its precision, or nil.
    func notComputable<P: RoundingPrecision>(_ analysed: MSSSIMPyramid.Result<RoundingErrorBound<P>>) -> String? {
        let convention = pyramid.convention
        let exponents = convention.exponents(RoundingErrorBound<P>.self)
        for (j, bases) in analysed.bases.enumerated() {
            guard let u = bases.indices.first(where: { bases[$0].mayVanishOrBeNegative(under: exponents[j]) }) else {
                continue
            }
            let mean = analysed.scaleMeans[j][u]
            let term = convention.contributesSSIM(scale: j) ? "SSIM" : "cs"
            let within = mean.bound.isFinite
                ? "is \(mean.value) ± \(mean.bound) in \(P.precision.rawValue)"
                : "(\(mean.value)) has no finite bound in \(P.precision.rawValue) (within the rounding, a map element's denominator may vanish or a value overflow)"
            return "the mean \(term) of scale \(j + 1) of \(pyramid.dimensions.count) (unit \(u)) \(within): with negative means "
                + "'\(convention.negativeValues.rawValue)', a base that may be 0 or negative under the fractional power "
                + "\(exponents[j].value), whose power may be NaN and its derivative infinite"
        }
        return RoundingErrorBound<P>.notComputable(
            reduced: analysed.reducedLoss, of: analysed.loss.count, reduction: reduction, elements: analysed.loss,
            naming: "MS-SSIM loss")
    }
}

extension MSSSIMPyramid.Result {
    func map<Other>(_ transform: (Number) -> Other) -> MSSSIMPyramid.Result<Other> {
        combined(with: self) { value, _ in transform(value) }
    }

    /// Every element, output after output, finest scale first.
    var all: [Number] {
        scaleMeans.flatMap { $0 } + bases.flatMap { $0 } + msssim + loss + (reducedLoss.map { [$0] } ?? [])
            + (gradImg1 ?? []) + (gradImg2 ?? [])
    }

    /// Element by element, `transform` of this result's and `other`'s values (laid out alike), laid out again.
    func combined<Other, Combined>(
        with other: MSSSIMPyramid.Result<Other>, _ transform: (Number, Other) -> Combined
    ) -> MSSSIMPyramid.Result<Combined> {
        var runs = ElementRuns(zip(all, other.all).map(transform))
        func next(_ count: Int) -> [Combined] { runs.take(count) }
        // Arguments are evaluated left to right: in the order of `all`.
        return MSSSIMPyramid.Result<Combined>(
            scaleMeans: scaleMeans.map { next($0.count) }, bases: bases.map { next($0.count) },
            msssim: next(msssim.count), loss: next(loss.count), reducedLoss: reducedLoss.map { _ in next(1)[0] },
            gradImg1: gradImg1.map { next($0.count) }, gradImg2: gradImg2.map { next($0.count) })
    }
}
