/// The reference MS-SSIM on volumes (the metric `ms-ssim-3d`): the oracle for torchmetrics' and pytorch-msssim's
/// MS-SSIM on (B, C, D, H, W) tensors and any other, under any ``MSSSIM3DConvention``, in `Double` whatever the input
/// precision. Written to be obviously correct rather than fast.
///
/// It is ``MSSSIMReference`` with volumes: the same pyramid (``MSSSIMPyramid``: the same weights, terms, treatment of
/// negative means, channel pooling, loss and reduction, and the same analytic gradients, their edge cases included),
/// whose scales are volumes halved 2 × 2 × 2 by the convention's rule on each axis, each scale's SSIM or cs map the
/// 3-D SSIM of its channel volumes (``SSIM3DReference``'s steps), the gradients carried back through its blur along
/// D, H and W and through the downsampling's adjoint.
public enum MSSSIM3DReference {
    /// MS-SSIM of volumes, its loss 1 − MS-SSIM (reduced as asked) and, if asked, its gradients, in `Double`.
    ///
    /// - Parameters:
    ///   - maxVal: the data range L of the per-scale constants, as the convention takes it.
    ///   - convention: its ``MSSSIM3DConvention/multiScale`` asked for the case's window size and weights
    ///     (``MSSSIM3DConvention/asked(windowSize:weights:)``).
    /// - Throws: ``SSIMError/shapeMismatch(img1:img2:)``; ``SSIMError/outsideConvention(convention:reason:)``;
    ///   ``SSIMError/invalidWindowSize(_:)``, ``SSIMError/invalidMaxVal(_:)``;
    ///   ``SSIMError/volumeTooSmall(shape:padding:reason:)`` naming the scale and the axis too short for it, and the
    ///   size from which every scale fits; ``SSIMError/tooLarge(shape:bytes:available:)``.
    public static func evaluate<Scalar: SSIMScalar>(
        _ img1: VolumeTensor<Scalar>, _ img2: VolumeTensor<Scalar>, maxVal: Double,
        convention: MSSSIM3DConvention = .torchmetrics, reduction: SSIMReduction, gradients: Bool
    ) throws(SSIMError) -> MSSSIM3DOutputs {
        let pyramid = try MSSSIMPyramid(volumes: img1.shape, img2.shape, maxVal: maxVal, convention: convention)
        try checkWorkingMemory(img1.shape, bytesPerElement: MemoryLayout<Double>.size)
        return MSSSIM3DOutputs(
            pyramid, pyramid.evaluate(
                Double.self, img1.values.map(Double.init), img2.values.map(Double.init), reduction: reduction,
                gradients: gradients))
    }

    /// Checks that MS-SSIM's working planes (``MSSSIMReference/workingPlanes``), each of B·C·D·H·W elements of
    /// `bytesPerElement` bytes, fit in this machine's physical memory.
    static func checkWorkingMemory(_ shape: [Int], bytesPerElement: Int) throws(SSIMError) {
        try WorkingMemory.check(dimensions: shape, planes: MSSSIMReference.workingPlanes, bytesPerElement: bytesPerElement)
    }
}
