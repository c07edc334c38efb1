extension FastSSIM {
    /// The MS-SSIM + L1 loss of Zhao et al. (the metric `ms-ssim-l1`, Kornia 0.9.0's `MS_SSIMLoss`), reduced as
    /// asked, with its maps and gradients if asked, under `convention`, in the inputs' precision (`Float` or
    /// `Double`), on all cores: the reference's semantics
    /// (``MSSSIML1Reference/evaluate(_:_:maxVal:alpha:compensation:convention:reduction:gradients:)``), computed by
    /// ``FastMSSSIML1``.
    ///
    /// Each σ's 2-D Gaussian is the outer product of its 1-D window, applied as two passes of k taps, along W then
    /// along H, zeros beyond the edges; the four moment products (x, y, x² + y², xy) and |x − y| are formed once per
    /// row and shared by every σ. The answers are certified under `kornia` itself, whose bounds model Kornia's 2-D
    /// convolution (k² products with float32 2-D taps summed at once, ``SeparableBlur/summedAtOnce``): two passes are
    /// within them (see ``FastMSSSIML1``). The results do not depend on the number of workers, nor the forward ones on
    /// whether gradients are asked for. Memory: the outputs asked for (the maps, B·H·W each; the gradients, the images'
    /// size), plus rings of 2k + 2 rows of every channel per worker; a 'mean' or 'sum' loss without maps or
    /// gradients allocates nothing of the images' size but one sum per row.
    ///
    /// `convention` has no default, so that a call without one is MS-SSIM's
    /// (``evaluate(_:_:maxVal:convention:reduction:gradients:)-(ImageTensor<Scalar>,_,_,_,_,_)``), as it was before this metric had a fast path.
    ///
    /// It computes the conventions whose border is zeros (Kornia's; any σ, taps, constants, α, compensation); the
    /// others it refuses (``fastSupport(_:)-(MSSSIML1Convention)``).
    ///
    /// - Parameters:
    ///   - maxVal: the data range L of C1 = (K1·L)², C2 = (K2·L)² and of the L1 term's scale.
    ///   - alpha: the MS-SSIM term's weight, the convention's where nil.
    ///   - compensation: the loss's factor, the convention's where nil.
    ///   - reduction: 'mean' or 'sum' over the (B, H, W) loss map, or 'none': the map.
    ///   - maps: whether to give the MS-SSIM, L1 and loss maps (the loss map is given for 'none' regardless).
    ///   - gradients: whether to give ∂loss/∂img1 and ∂loss/∂img2.
    /// - Throws: what ``MSSSIML1Reference/evaluate(_:_:maxVal:alpha:compensation:convention:reduction:gradients:)``
    ///   throws; ``SSIMError/outsideConvention(convention:reason:)`` for a convention the fast implementation does
    ///   not compute.
    public func evaluate<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>, maxVal: Double, alpha: Double? = nil,
        compensation: Double? = nil, convention: MSSSIML1Convention, reduction: SSIMReduction,
        maps: Bool = false, gradients: Bool = false
    ) throws(SSIMError) -> MSSSIML1Result<Scalar> {
        let computation = try MSSSIML1Computation(
            img1.shape, img2.shape, maxVal: maxVal, convention: convention.asked(alpha: alpha, compensation: compensation))
        if let reason = Self.fastSupport(convention) {
            throw .outsideConvention(convention: convention.name, reason: reason)
        }
        // The maps are a plane of B·H·W each (a channel's share of the images); the gradients two of the images'.
        let mapPlanes = maps ? 3 : reduction == .none ? 1 : 0
        try WorkingMemory.check(
            img1.shape, planes: (gradients ? 2 : 0) + (mapPlanes + img1.channels - 1) / img1.channels,
            bytesPerElement: MemoryLayout<Scalar>.size)
        // Casts between a type and itself, so that the kernel is compiled for the concrete type.
        if let x = img1 as? ImageTensor<Float>, let y = img2 as? ImageTensor<Float> {
            return FastMSSSIML1(fast: self, computation: computation)
                .evaluate(x, y, reduction: reduction, maps: maps, gradients: gradients) as! MSSSIML1Result<Scalar>
        }
        let (x, y) = (img1 as! ImageTensor<Double>, img2 as! ImageTensor<Double>)
        return FastMSSSIML1(fast: self, computation: computation)
            .evaluate(x, y, reduction: reduction, maps: maps, gradients: gradients) as! MSSSIML1Result<Scalar>
    }

    /// Why the fast implementation does not compute the MS-SSIM + L1 loss under `convention`, or nil where it does:
    /// it pads with zeros (Kornia's border), whatever the σ, taps, constants, α and compensation. Its taps are the
    /// window rounded to the working precision, within the bounds of float32 taps and of float64 ones alike; how half
    /// precisions are computed is the caller's (FastSSIM takes `Float` and `Double`).
    public static func fastSupport(_ convention: MSSSIML1Convention) -> String? {
        guard convention.border == .zero else {
            return "the fast implementation pads with zeros (Kornia's border), not `\(convention.border.rawValue)` (\(convention))"
        }
        return nil
    }
}
