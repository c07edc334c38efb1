/// How far an implementation of the MS-SSIM + L1 loss may honestly stray from the reference
/// (``MSSSIML1Reference``), element by element, in each precision: the counterpart of ``SSIMErrorBounds`` and
/// ``MSSSIMErrorBounds``.
///
/// The bounds run the reference's own formulas (``MSSSIML1Computation``) through the forward error analysis
/// (``RoundingErrorBound``) of the precision the implementation computes in: every σ's blur as one sum of k²
/// products with float32 taps (``SeparableBlur/summedAtOnce``), the moments, the ratio terms, the product, the
/// channels' means, the L1 term, the mix, the reduction, and the gradients back through all of them; valid for any
/// order of summation within each blur and mean. An element's acceptance bound is the implementation's bound plus the
/// reference's own (it computes in float64). Under a convention that computes float16 and bfloat16 images in float32
/// (``MSSSIML1Convention/computesHalfInFloat32``, Kornia's), their bound is float32's, plus the rounding of the answer to
/// their precision; otherwise their own precision's analysis, or float32's rounded, whichever is larger
/// (``RoundingErrorBound/halfPrecisionBound(computedInFloat32:)``). Elements whose bound is infinite are not judged;
/// a NaN or infinite expected value is compared exactly.
///
/// A case cannot be computed meaningfully in a precision (``Judging/notComputable``) where its result (the reduced
/// loss, the sum's share of each element, or every element for 'none') may overflow or has no correct digit left.
public enum MSSSIML1ErrorBounds {
    /// How a case is judged in each of `precisions`: the expected outputs, the acceptance bounds and, where it cannot
    /// be computed meaningfully, why.
    ///
    /// - Throws: what ``MSSSIML1Reference/evaluate(_:_:maxVal:alpha:compensation:convention:reduction:gradients:)``
    ///   throws for the case.
    public static func judging<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>, maxVal: Double, alpha: Double? = nil,
        compensation: Double? = nil, convention: MSSSIML1Convention = .kornia, reduction: SSIMReduction,
        gradients: Bool, precisions: [Precision]
    ) throws(SSIMError) -> Judging {
        let computation = try MSSSIML1Computation(
            img1.shape, img2.shape, maxVal: maxVal, convention: convention.asked(alpha: alpha, compensation: compensation))
        try WorkingMemory.check(
            img1.shape, planes: MSSSIML1Reference.workingPlanes(convention),
            bytesPerElement: MemoryLayout<RoundingErrorBound<Float64Rounding>>.stride)
        let (x, y) = (img1.values.map(Double.init), img2.values.map(Double.init))
        func analysed<P: RoundingPrecision>(_: P.Type) -> MSSSIML1Computation.Result<RoundingErrorBound<P>> {
            computation.evaluate(RoundingErrorBound<P>.self, x, y, reduction: reduction, gradients: gradients)
        }
        func notComputable<P: RoundingPrecision>(_ result: MSSSIML1Computation.Result<RoundingErrorBound<P>>) -> String? {
            RoundingErrorBound<P>.notComputable(
                reduced: result.reducedLoss, of: result.loss.count, reduction: reduction, elements: result.loss,
                naming: "MS-SSIM + L1 loss")
        }
        let float64 = analysed(Float64Rounding.self)
        let float32 = precisions.contains { $0 != .float64 } ? analysed(Float32Rounding.self) : nil
        let reference = float64.map(\.acceptedBound)
        // The float64 analysis carries the reference's own values: each of its operations is the reference's on them.
        var judging = Judging(expected: MSSSIML1Outputs(computation, float64.map(\.value)))
        for precision in precisions {
            let bounds: MSSSIML1Computation.Result<Double>, reason: String?
            switch precision {
            case .float64: (bounds, reason) = (reference, notComputable(float64))
            case .float32: (bounds, reason) = (float32!.map(\.acceptedBound), notComputable(float32!))
            case .float16 where convention.computesHalfInFloat32, .bfloat16 where convention.computesHalfInFloat32:
                (bounds, reason) = (float32!.map { $0.acceptedBound(roundedTo: precision) }, notComputable(float32!))
            case .float16:
                let half = analysed(Float16Rounding.self)
                (bounds, reason) = (half.zipped(float32!) { $0.halfPrecisionBound(computedInFloat32: $1) }, notComputable(half))
            case .bfloat16:
                let half = analysed(BFloat16Rounding.self)
                (bounds, reason) = (half.zipped(float32!) { $0.halfPrecisionBound(computedInFloat32: $1) }, notComputable(half))
            }
            judging.acceptance[precision] = MSSSIML1Outputs(computation, reference.zipped(bounds, +))
            judging.notComputable[precision] = reason
        }
        return judging
    }

    /// How an MS-SSIM + L1 case is judged in several precisions: a bound for each element of the MS-SSIM and L1
    /// maps, the loss (map or reduced) and the gradients.
    public typealias Judging = MetricJudging<MSSSIML1Outputs>
}
