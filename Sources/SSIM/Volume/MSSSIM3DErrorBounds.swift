/// How far an implementation of MS-SSIM on volumes may honestly stray from the reference (``MSSSIM3DReference``),
/// element by element, in each precision: ``MSSSIMErrorBounds``' analysis run through the same pyramid of volumes,
/// whose per-scale blur is the 3-D SSIM's (three passes, or one cubic sum: ``SSIM3DErrorBounds``) and whose
/// downsampling sums a pair along each of three axes. The same acceptance (the implementation's bound plus the
/// reference's own), half-precision rule and reasons a case cannot be computed meaningfully as on images.
public enum MSSSIM3DErrorBounds {
    /// How a case is judged in each of `precisions`: the expected outputs, the acceptance bounds and, where it cannot
    /// be computed meaningfully, why.
    ///
    /// - Throws: what ``MSSSIM3DReference/evaluate(_:_:maxVal:convention:reduction:gradients:)`` throws for the case.
    public static func judging<Scalar: SSIMScalar>(
        _ img1: VolumeTensor<Scalar>, _ img2: VolumeTensor<Scalar>, maxVal: Double,
        convention: MSSSIM3DConvention = .torchmetrics, reduction: SSIMReduction, gradients: Bool, precisions: [Precision]
    ) throws(SSIMError) -> Judging {
        let pyramid = try MSSSIMPyramid(volumes: img1.shape, img2.shape, maxVal: maxVal, convention: convention)
        try MSSSIM3DReference.checkWorkingMemory(
            img1.shape, bytesPerElement: MemoryLayout<RoundingErrorBound<Float64Rounding>>.stride)
        return MSSSIMErrorBounds.judging(
            pyramid, img1.values.map(Double.init), img2.values.map(Double.init), reduction: reduction,
            gradients: gradients, precisions: precisions, laidOut: MSSSIM3DOutputs.init)
    }

    /// How a 3-D MS-SSIM case is judged in several precisions: a bound for each scale's mean, each unit's MS-SSIM
    /// and loss, the reduced loss and each element of the gradients.
    public typealias Judging = MetricJudging<MSSSIM3DOutputs>
}
