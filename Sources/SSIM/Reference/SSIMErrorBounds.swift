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
    /// Acceptance bounds for an implementation of `convention` computing in `precision`: one per element of each output
    /// of ``SSIMReference/evaluate(_:_:options:reduction:gradients:convention:)``, laid out the same way.
    ///
    /// In a half precision P the implementation's part is the larger of two: P's own analysis (every operation in
    /// P, weighted sums accumulated in float32: ``RoundingErrorBound``), and what computing in float32 and rounding
    /// the answer to P can err by, B₃₂ + u·(|v| + B₃₂) + η. Both are honest ways to answer a half-precision case.
    public static func acceptance<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>,
        options: SSIMOptions, reduction: SSIMReduction, gradients: Bool, precision: Precision,
        convention: SSIMConvention = .kornia
    ) throws(SSIMError) -> SSIMOutputs<Double> {
        try judging(
            img1, img2, options: options, reduction: reduction, gradients: gradients, precisions: [precision],
            convention: convention
        ).acceptance[precision]!
    }

    /// Why the case cannot be computed meaningfully in `precision`, or nil when it can: its result, the reduced loss
    /// for 'mean' and 'sum', the SSIM and loss maps for 'none', may exceed the precision's largest finite value, or
    /// has no correct digit left (a bound of 1 or more on the mean loss, on every element of the maps). Judging such
    /// a case by a bound would pretend one. Where only some elements may overflow or lose every digit, their bounds
    /// are infinite or that large, and the other elements are judged.
    public static func notComputable<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>,
        options: SSIMOptions, reduction: SSIMReduction, gradients: Bool, precision: Precision,
        convention: SSIMConvention = .kornia
    ) throws(SSIMError) -> String? {
        try judging(
            img1, img2, options: options, reduction: reduction, gradients: gradients, precisions: [precision],
            convention: convention
        ).notComputable[precision]
    }

    /// How a case is judged in each of `precisions`: the acceptance bounds (``acceptance(_:_:options:reduction:gradients:precision:convention:)``)
    /// and, where it cannot be computed meaningfully, why (``notComputable(_:_:options:reduction:gradients:precision:convention:)``),
    /// from one error analysis per precision involved, shared by all.
    public static func judging<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>,
        options: SSIMOptions, reduction: SSIMReduction, gradients: Bool, precisions: [Precision],
        convention: SSIMConvention = .kornia
    ) throws(SSIMError) -> Judging {
        try convention.validate(options, img1.shape, img2.shape)
        try SSIMReference.checkWorkingMemory(img1.shape)
        let analysis = RatioAnalysis(
            batch: SSIMPlanes(options: options, convention: convention, shape: img1.shape), img1.values.map(Double.init),
            img2.values.map(Double.init), reduction: reduction, gradients: gradients)
        let judged = analysis.judged(precisions: precisions, halfInFloat32: false)
        var judging = Judging(expected: judged.expected.outputs(imageShape: img1.shape))
        judging.acceptance = judged.acceptance.mapValues { $0.outputs(imageShape: img1.shape) }
        judging.notComputable = judged.notComputable
        return judging
    }

    /// How a case is judged in several precisions (``judging(_:_:options:reduction:gradients:precisions:convention:)``).
    public struct Judging: Sendable {
        /// The reference's outputs, as ``SSIMReference/evaluate(_:_:options:reduction:gradients:convention:)`` gives
        /// them, value for value.
        public let expected: SSIMOutputs<Double>
        /// The acceptance bounds by precision.
        public var acceptance: [Precision: SSIMOutputs<Double>] = [:]
        /// Why the case cannot be computed meaningfully, by precision; absent where it can.
        public var notComputable: [Precision: String] = [:]
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

/// A batch of SSIM ratios whose formulas the reference evaluates and the error analysis runs: the planes of images
/// (``SSIMPlanes``) or the volumes of volumes (``SSIM3DComputation``).
protocol RatioBatch {
    func evaluate<Number: SSIMArithmetic>(
        _: Number.Type, _ img1: [Double], _ img2: [Double], reduction: SSIMReduction, gradients: Bool
    ) -> SSIMPlanes.Result<Number>
}

extension SSIMPlanes: RatioBatch {}

/// The reference's formulas over one case, ready to be run through the error analysis of any precision.
struct RatioAnalysis<Batch: RatioBatch> {
    let batch: Batch
    let x: [Double]
    let y: [Double]
    let reduction: SSIMReduction
    let gradients: Bool

    init(batch: Batch, _ x: [Double], _ y: [Double], reduction: SSIMReduction, gradients: Bool) {
        (self.batch, self.x, self.y, self.reduction, self.gradients) = (batch, x, y, reduction, gradients)
    }

    /// The expected values, and by precision the acceptance bounds (the reference's own bound plus the
    /// implementation's) and why the case cannot be computed meaningfully, where it cannot. A half precision's
    /// bounds are float32's with the answer rounded to it where the implementation computes halves in float32
    /// (`halfInFloat32`), else the larger of its own analysis and that.
    func judged(
        precisions: [Precision], halfInFloat32: Bool
    ) -> (expected: SSIMPlanes.Result<Double>, acceptance: [Precision: SSIMPlanes.Result<Double>], notComputable: [Precision: String]) {
        let float64 = analysed(Float64Rounding.self)
        // Float32's analysis also bounds what a half precision may answer by computing in float32.
        let float32 = precisions.contains { $0 != .float64 } ? analysed(Float32Rounding.self) : nil
        let reference = Self.bounds(float64)
        var acceptance: [Precision: SSIMPlanes.Result<Double>] = [:], notComputable: [Precision: String] = [:]
        for precision in precisions {
            let implementation: SSIMPlanes.Result<Double>
            switch precision {
            case .float64:
                implementation = reference
                notComputable[precision] = self.notComputable(float64)
            case .float32:
                implementation = Self.bounds(float32!)
                notComputable[precision] = self.notComputable(float32!)
            case .float16 where halfInFloat32, .bfloat16 where halfInFloat32:
                implementation = float32!.map { $0.acceptedBound(roundedTo: precision) }
                notComputable[precision] = self.notComputable(float32!)
            case .float16:
                let half = analysed(Float16Rounding.self)
                implementation = Self.halfBounds(half, float32!)
                notComputable[precision] = self.notComputable(half)
            case .bfloat16:
                let half = analysed(BFloat16Rounding.self)
                implementation = Self.halfBounds(half, float32!)
                notComputable[precision] = self.notComputable(half)
            }
            acceptance[precision] = reference.combined(with: implementation, +)
        }
        // The float64 analysis carries the reference's own values: each of its operations is the reference's on them.
        return (float64.map(\.value), acceptance, notComputable)
    }

    func analysed<P: RoundingPrecision>(_: P.Type) -> SSIMPlanes.Result<RoundingErrorBound<P>> {
        batch.evaluate(RoundingErrorBound<P>.self, x, y, reduction: reduction, gradients: gradients)
    }

    /// The bounds of an analysis; 0 where the value is NaN or ±∞, compared exactly.
    static func bounds<P: RoundingPrecision>(_ analysed: SSIMPlanes.Result<RoundingErrorBound<P>>) -> SSIMPlanes.Result<Double> {
        analysed.map(\.acceptedBound)
    }

    /// A half precision's bounds: its own analysis, or float32's with the answer rounded to it, whichever is larger.
    static func halfBounds<P: RoundingPrecision>(
        _ half: SSIMPlanes.Result<RoundingErrorBound<P>>, _ single: SSIMPlanes.Result<RoundingErrorBound<Float32Rounding>>
    ) -> SSIMPlanes.Result<Double> {
        half.combined(with: single) { $0.halfPrecisionBound(computedInFloat32: $1) }
    }

    /// Why an analysis's result cannot be computed meaningfully in its precision, or nil.
    func notComputable<P: RoundingPrecision>(_ analysed: SSIMPlanes.Result<RoundingErrorBound<P>>) -> String? {
        RoundingErrorBound<P>.notComputable(
            reduced: analysed.reducedLoss, of: analysed.lossMap.count, reduction: reduction,
            elements: analysed.ssimMap + analysed.lossMap, naming: "SSIM or loss value")
    }
}

extension SSIMPlanes.Result {
    func map<Other>(_ transform: (Number) -> Other) -> SSIMPlanes.Result<Other> {
        combined(with: self) { value, _ in transform(value) }
    }

    /// Element by element, `transform` of this result's and `other`'s values (laid out alike).
    func combined<Other, Combined>(
        with other: SSIMPlanes.Result<Other>, _ transform: (Number, Other) -> Combined
    ) -> SSIMPlanes.Result<Combined> {
        func zipped(_ a: [Number], _ b: [Other]) -> [Combined] { zip(a, b).map(transform) }
        return SSIMPlanes.Result<Combined>(
            mapShape: mapShape, ssimMap: zipped(ssimMap, other.ssimMap), lossMap: zipped(lossMap, other.lossMap),
            reducedLoss: reducedLoss.map { transform($0, other.reducedLoss!) },
            gradImg1: gradImg1.map { zipped($0, other.gradImg1!) }, gradImg2: gradImg2.map { zipped($0, other.gradImg2!) })
    }

    /// Every element of every output.
    var all: [Number] {
        ssimMap + lossMap + (reducedLoss.map { [$0] } ?? []) + (gradImg1 ?? []) + (gradImg2 ?? [])
    }
}
