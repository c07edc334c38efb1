extension FastSSIM {
    /// MS-SSIM, its loss 1 − MS-SSIM (reduced as asked) and, if asked, its gradients with respect to both images,
    /// under `convention`, in the inputs' precision (`Float` or `Double`), on all cores: the reference's semantics
    /// (``MSSSIMReference/evaluate(_:_:maxVal:convention:reduction:gradients:)``), on the 2-D kernels.
    ///
    /// Each scale is an SSIM of the images pooled that many times: its cs or SSIM map is summed row by row by the 2-D
    /// forward sweep, and its gradient is the 2-D backward pass of that sum, weighted by the derivative of the loss
    /// with respect to the scale's mean (through the powers, the treatment of negative means and the product);
    /// coarser scales' gradients reach the images through the pooling's adjoint. The edge cases are the reference's:
    /// a negative mean under `none` gives NaN, relu passes no gradient at or below its kink, and a zero base of a
    /// fractional power has an infinite derivative.
    ///
    /// It computes the conventions whose every scale is Kornia's SSIM cropped to the 'valid' region, with or without
    /// eps (`wang-msssim`, its windows, weights, terms, downsampling rules, treatments of negative means, channel
    /// pooling and data range); the others it refuses (``fastSupport(_:)``). Memory without gradients: each worker
    /// pools the rows of the coarser scales that its chunk of rows needs (``FastChunkPlan``), a few hundred rows of the
    /// image's width whatever its height, and one sum per row; with gradients, the outputs and every coarser scale of
    /// both images and of both gradients (a third of their size each).
    ///
    /// - Throws: what ``MSSSIMReference/evaluate(_:_:maxVal:convention:reduction:gradients:)`` throws;
    ///   ``SSIMError/outsideConvention(convention:reason:)`` for a convention the fast implementation does not
    ///   compute.
    public func evaluate<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>, maxVal: Double,
        convention: MSSSIMConvention = .wangMSSSIM, reduction: SSIMReduction, gradients: Bool = false
    ) throws(SSIMError) -> MSSSIMResult<Scalar> {
        let pyramid = try MSSSIMPyramid(img1.shape, img2.shape, maxVal: maxVal, convention: convention)
        if let reason = Self.fastSupport(convention) {
            throw .outsideConvention(convention: convention.name, reason: reason)
        }
        // With gradients: the outputs, and both images' and both gradients' coarser scales (a third of a plane each);
        // without, a few rows per worker.
        try WorkingMemory.check(img1.shape, planes: gradients ? 4 : 0, bytesPerElement: MemoryLayout<Scalar>.size)
        // Casts between a type and itself, so that the kernel is compiled for the concrete type.
        if let x = img1 as? ImageTensor<Float>, let y = img2 as? ImageTensor<Float> {
            return FastMSSSIM(fast: self, pyramid: pyramid).evaluate(x, y, reduction: reduction, gradients: gradients)
                as! MSSSIMResult<Scalar>
        }
        let (x, y) = (img1 as! ImageTensor<Double>, img2 as! ImageTensor<Double>)
        return FastMSSSIM(fast: self, pyramid: pyramid).evaluate(x, y, reduction: reduction, gradients: gradients)
            as! MSSSIMResult<Scalar>
    }

    /// Why the fast implementation does not compute MS-SSIM under `convention`, or nil where it does: it needs every
    /// scale's SSIM to be Kornia's (its window, taps, constants and population moments) cropped to the 'valid'
    /// region, whatever the border beyond it, with or without eps, in any arithmetic, and a data range given or fixed.
    public static func fastSupport(_ convention: MSSSIMConvention) -> String? {
        let kornia = SSIMConvention.kornia
        var scale = convention.scale
        // What a 'valid' map of MS-SSIM's terms does not read: the border, the loss, the outputs; eps is the
        // constants' (0 where excluded); the arithmetic is the caller's choice of precision.
        (scale.border, scale.includesEps, scale.arithmetic) = (kornia.border, kornia.includesEps, kornia.arithmetic)
        (scale.loss, scale.outputs) = (kornia.loss, kornia.outputs)
        guard scale.computesLike(kornia) else {
            return "the fast implementation computes each scale as Kornia's SSIM, not as `\(convention.scale.name)` (\(convention.scale))"
        }
        guard (0..<convention.scales).allSatisfy({ convention.padding(scale: $0) == .valid }) else {
            return "the fast implementation computes each scale's map on the 'valid' region only"
        }
        guard convention.dataRange != .estimatedPerScale else {
            return "the fast implementation takes the data range as given or fixed, not estimated at every scale from the images"
        }
        return nil
    }
}
