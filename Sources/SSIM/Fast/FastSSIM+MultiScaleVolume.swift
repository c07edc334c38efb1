extension FastSSIM {
    /// MS-SSIM of volumes (the metric `ms-ssim-3d`), its loss 1 − MS-SSIM (reduced as asked) and, if asked, its
    /// gradients with respect to both volumes, under `convention`, in the inputs' precision (`Float` or `Double`), on
    /// all cores: the reference's semantics (``MSSSIM3DReference/evaluate(_:_:maxVal:convention:reduction:gradients:)``),
    /// on the 3-D kernel.
    ///
    /// Each scale is a 3-D SSIM of the volumes pooled 2 × 2 × 2 that many times: its cs or SSIM map is summed row by
    /// row by the volume kernel (three 1-D passes along W, H and D), and its gradient is the kernel's backward pass of
    /// that sum, weighted by the derivative of the loss with respect to the scale's mean (through the powers, the
    /// treatment of negative means and the product); coarser scales' gradients reach the volumes through the
    /// pooling's adjoint. The edge cases are the reference's, as for images
    /// (``evaluate(_:_:maxVal:convention:reduction:gradients:)-(ImageTensor<Scalar>,_,_,_,_,_)``).
    ///
    /// It computes the conventions whose every scale the volume kernel computes (``fastSupport(_:)-(MSSSIM3DConvention)``),
    /// and of those the cases whose every scale blurs H and W by one window and D by it or not at all, and crops each
    /// axis by its window's reach or, under torch's `reflect`, by less (H or W left unblurred alone is refused),
    /// pooled axis by axis (``FastVolumePooling``). `torchmetrics` is computed (its coarsest, whole map cropped along
    /// W alone, by the difference between its 11 taps' reach and window_size's), and `pytorch-msssim` on every volume
    /// it takes (its ms_ssim asserts H and W over (win_size − 1)·2⁴, which keeps them as long as the window at every
    /// one of five scales; a shorter depth it leaves unblurred, as pytorch-msssim does) and on those it refuses
    /// wherever H and W are both shorter than the window or neither is, at every scale.
    /// Memory: without gradients, one sum per row and, per worker, a bounded number of depth planes of each scale
    /// (chunks of at most ``FastChunkPlan/maximumPlanes`` of the finest's and the planes they read), whatever the
    /// depth; with gradients, the coarser scales of both volumes and of their gradients (a seventh of their size
    /// each), the outputs and one step's gradients pooled along W and H.
    ///
    /// - Parameter convention: torchmetrics' by default, as the reference's and the vectors'; asked for the case's
    ///   window size and weights (``MSSSIM3DConvention/asked(windowSize:weights:)``).
    /// - Throws: what ``MSSSIM3DReference/evaluate(_:_:maxVal:convention:reduction:gradients:)`` throws;
    ///   ``SSIMError/outsideConvention(convention:reason:)`` for a convention or a case the fast implementation does
    ///   not compute, saying why.
    public func evaluate<Scalar: SSIMScalar>(
        _ img1: VolumeTensor<Scalar>, _ img2: VolumeTensor<Scalar>, maxVal: Double,
        convention: MSSSIM3DConvention = .torchmetrics, reduction: SSIMReduction, gradients: Bool = false
    ) throws(SSIMError) -> MSSSIM3DResult<Scalar> {
        let pyramid = try MSSSIMPyramid(volumes: img1.shape, img2.shape, maxVal: maxVal, convention: convention)
        if let reason = Self.fastSupport(convention) {
            throw .outsideConvention(convention: convention.name, reason: reason)
        }
        var scales: [FastVolumeScale] = []
        for (j, volume) in pyramid.planes.enumerated() {
            scales.append(try FastVolumeScale(volume, scale: j, convention: convention.name))
        }
        guard FastVolumePooling<Float>.isPooledAxisByAxis(pyramid.dimensions, rule: convention.multiScale.downsampling) else {
            throw .outsideConvention(
                convention: convention.name,
                reason: "the fast implementation pools axis by axis: replicate-top-left repeats H's and W's first voxels for an odd depth alone, which it does not")
        }
        try WorkingMemory.check(dimensions: img1.shape, planes: gradients ? 4 : 0, bytesPerElement: MemoryLayout<Scalar>.size)
        // Casts between a type and itself, so that the kernel is compiled for the concrete type.
        if let x = img1 as? VolumeTensor<Float>, let y = img2 as? VolumeTensor<Float> {
            return FastMSSSIM3D(fast: self, pyramid: pyramid, scales: scales)
                .evaluate(x, y, reduction: reduction, gradients: gradients) as! MSSSIM3DResult<Scalar>
        }
        let (x, y) = (img1 as! VolumeTensor<Double>, img2 as! VolumeTensor<Double>)
        return FastMSSSIM3D(fast: self, pyramid: pyramid, scales: scales)
            .evaluate(x, y, reduction: reduction, gradients: gradients) as! MSSSIM3DResult<Scalar>
    }

    /// Why the fast implementation does not compute 3-D MS-SSIM under `convention`, or nil where it does: it needs
    /// every scale's ratio to be Kornia's (population moments, its constants), with or without eps, in any
    /// arithmetic, and a data range given or fixed. The window, taps, crop rule and borders it reads case by case
    /// from the reference's computation of each scale (``FastVolumeScale``), which says which cases it computes.
    public static func fastSupport(_ convention: MSSSIM3DConvention) -> String? {
        let kornia = SSIMConvention.kornia
        var plane = convention.volume.plane
        // What the kernel reads from the reference's windows and crops, case by case; what a map of MS-SSIM's terms
        // does not read (the loss, the outputs, the per-scale data range: MS-SSIM's own is the constants'); eps is
        // the constants' (0 where excluded); the arithmetic is the caller's choice of precision.
        (plane.border, plane.window, plane.taps, plane.tapsPrecision) = (kornia.border, kornia.window, kornia.taps, kornia.tapsPrecision)
        (plane.cropsByTaps, plane.extraValidCrop) = (kornia.cropsByTaps, kornia.extraValidCrop)
        (plane.includesEps, plane.arithmetic, plane.loss, plane.outputs) = (kornia.includesEps, kornia.arithmetic, kornia.loss, kornia.outputs)
        plane.dataRange = kornia.dataRange
        guard plane.computesLike(kornia) else {
            return "the fast implementation computes each scale's ratio as Kornia's SSIM (population moments, K1 0.01, K2 0.03), not as `\(convention.volume.plane.name)` (\(convention.volume.plane))"
        }
        guard convention.multiScale.dataRange != .estimatedPerScale else {
            return "the fast implementation takes the data range as given or fixed, not estimated at every scale from the volumes"
        }
        return nil
    }
}
