/// How far an implementation of SSIM on volumes may honestly stray from the reference (``SSIM3DReference``), element
/// by element, in each precision: ``SSIMErrorBounds``' analysis (``RoundingErrorBound``) run through the same
/// formulas (``SSIM3DComputation``), with a blur of three passes (6k + 12 roundings, valid for any order within each
/// pass) or, for a cubic convolution, one sum of k³ products whose taps are each the rounded product of three.
///
/// An element's acceptance bound is the implementation's bound plus the reference's own (it computes in float64).
/// Under a convention that computes float16 and bfloat16 volumes in float32 (``SSIM3DConvention/computesHalfInFloat32``,
/// Kornia's), their bound is float32's plus the rounding of the answer to their precision; otherwise the larger of
/// their own analysis and that. A NaN or infinite expected value is compared exactly; an infinite bound is not judged.
public enum SSIM3DErrorBounds {
    /// How a case is judged in each of `precisions`: the expected outputs, the acceptance bounds and, where it cannot
    /// be computed meaningfully, why.
    ///
    /// - Throws: what ``SSIM3DReference/evaluate(_:_:options:reduction:gradients:convention:)`` throws for the case.
    public static func judging<Scalar: SSIMScalar>(
        _ img1: VolumeTensor<Scalar>, _ img2: VolumeTensor<Scalar>, options: SSIMOptions, reduction: SSIMReduction,
        gradients: Bool, precisions: [Precision], convention: SSIM3DConvention = .kornia
    ) throws(SSIMError) -> Judging {
        let computation = try SSIM3DComputation(img1.shape, img2.shape, options: options, convention: convention)
        try SSIM3DReference.checkWorkingMemory(
            img1.shape, bytesPerElement: MemoryLayout<RoundingErrorBound<Float64Rounding>>.stride)
        let judged = RatioAnalysis(
            batch: computation, img1.values.map(Double.init), img2.values.map(Double.init), reduction: reduction,
            gradients: gradients
        ).judged(precisions: precisions, halfInFloat32: convention.computesHalfInFloat32)
        var judging = Judging(expected: SSIM3DOutputs(computation, judged.expected))
        judging.acceptance = judged.acceptance.mapValues { SSIM3DOutputs(computation, $0) }
        judging.notComputable = judged.notComputable
        return judging
    }

    /// How a 3-D SSIM case is judged in several precisions: a bound for each element of the maps, the reduced loss
    /// and the gradients.
    public typealias Judging = MetricJudging<SSIM3DOutputs>
}
