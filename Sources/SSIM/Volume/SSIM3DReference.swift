/// The reference SSIM on volumes (the metric `ssim-3d`): the oracle for Kornia 0.9.0's `kornia.metrics.ssim3d` and
/// `kornia.losses.ssim3d_loss` and for any implementation of SSIM on (B, C, D, H, W) tensors, under any
/// ``SSIM3DConvention``, in `Double` whatever the input precision (a `Float` converts exactly). Written to be
/// obviously correct rather than fast.
///
/// Each channel volume is computed by the 2-D reference's own steps (``Plane``) with a blur of three axes: the five
/// moments blurred along W, H and D (the window, border and crop of each axis as the convention says), the SSIM ratio
/// at every map voxel, the convention's loss, reduced by 'mean' or 'sum' over every element of the map, or kept by
/// 'none'. Gradients are analytic, back through the reduction, the loss's clamp (where it passes, bounds included,
/// as torch's `clamp`), the ratio, the moments, the blur's adjoint along each axis (its border folded back) and the
/// products; for 'none' they are those of the sum of the loss map.
public enum SSIM3DReference {
    /// The SSIM map, the loss map, the reduced loss (nil for 'none') and, if asked, the gradients, in `Double`.
    ///
    /// - Parameter options: `windowSize` is the taps along every axis (unless the convention fixes them), `maxVal`
    ///   the data range, `eps` added to the denominator where the convention adds it, `padding` 'same' or 'valid'.
    /// - Throws: ``SSIMError/shapeMismatch(img1:img2:)``, ``SSIMError/volumeTooSmall(shape:padding:reason:)`` naming
    ///   the axis, ``SSIMError/outsideConvention(convention:reason:)``, ``SSIMError/tooLarge(shape:bytes:available:)``.
    public static func evaluate<Scalar: SSIMScalar>(
        _ img1: VolumeTensor<Scalar>, _ img2: VolumeTensor<Scalar>, options: SSIMOptions, reduction: SSIMReduction,
        gradients: Bool, convention: SSIM3DConvention = .kornia
    ) throws(SSIMError) -> SSIM3DOutputs {
        let computation = try SSIM3DComputation(img1.shape, img2.shape, options: options, convention: convention)
        try checkWorkingMemory(img1.shape, bytesPerElement: MemoryLayout<Double>.size)
        return SSIM3DOutputs(
            computation, computation.evaluate(
                Double.self, img1.values.map(Double.init), img2.values.map(Double.init), reduction: reduction,
                gradients: gradients))
    }

    /// Checks that the 2-D reference's working planes (``SSIMReference/workingPlanes``), each of B·C·D·H·W elements
    /// of `bytesPerElement` bytes, fit in this machine's physical memory.
    static func checkWorkingMemory(_ shape: [Int], bytesPerElement: Int) throws(SSIMError) {
        try WorkingMemory.check(dimensions: shape, planes: SSIMReference.workingPlanes, bytesPerElement: bytesPerElement)
    }
}
