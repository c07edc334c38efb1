/// The reference MS-SSIM: the oracle for multi-scale SSIM, under any ``MSSSIMConvention``, in `Double` whatever the
/// input precision (a `Float` converts exactly). Written to be obviously correct rather than fast; the fast
/// implementation (``FastSSIM/evaluate(_:_:maxVal:convention:reduction:gradients:)-(ImageTensor<Scalar>,_,_,_,_,_)``)
/// is certified against it.
///
/// For images of (B, C, H, W), by ``MSSSIMPyramid`` in `Double` (whose formulas the error analysis,
/// ``MSSSIMErrorBounds``, runs too): the pyramid (``MSSSIMDownsampling``), at each scale the SSIM and cs maps of every
/// channel plane by the SSIM reference's own steps (``SSIMPlanes``, under the convention's per-scale
/// ``SSIMConvention``), each scale's mean per unit (a (sample, channel) or a sample), the treatment of negative
/// means, the powers, their product, and the loss 1 − MS-SSIM per unit, reduced by 'mean' or 'sum' over the units,
/// or kept per unit by 'none' (see ``MSSSIMOutputs``).
///
/// Gradients are analytic, back through the reduction, the product, the powers, the treatment of negative means,
/// the means, each scale's SSIM or cs map (its ratio, moments, blur and border: ``SeparableBlur/adjoint(_:)``) and
/// the downsampling's adjoint, scale by scale from the coarsest. For 'none' they are those of the sum of the losses.
/// At the points where a derivative is not finite or not defined, it is torch's:
/// - relu at its kink: the derivative is 0 at v = 0 (and below), by selection, not multiplication
///   (``MSSSIMConvention/NegativeValues/relu``): a relu'd mean at or below 0 passes no gradient, even where the power
///   above it has an infinite derivative. A zero factor makes MS-SSIM 0, and every other scale's derivative, which
///   the zero multiplies, 0 as well: the whole gradient is 0.
/// - A zero base of a fractional power (w < 1): d(bʷ)/db = w·b^(w−1) = +∞ at b = 0, as torch's `pow` backward
///   computes it; it is not replaced by a finite value, because none is right (the one-sided derivative is
///   infinite). Multiplied on by IEEE arithmetic, it reaches the pixels as ±∞, or NaN where it meets a 0 or an
///   opposite infinity. Under `relu` the selection above stops it; under `none` and (v + 1)/2 it goes through.
/// - A weight of 0: bᵂ is 1 whatever b, and its derivative 0 (torch's `pow` backward returns zeros for exponent 0).
/// - A negative base under `none`: bʷ is NaN for a fractional w, and so are MS-SSIM, the loss and every gradient
///   that depends on it.
public enum MSSSIMReference {
    /// MS-SSIM, its loss 1 − MS-SSIM (reduced as asked) and, if asked, its gradients, in `Double`.
    ///
    /// - Parameters:
    ///   - maxVal: the data range L of the per-scale constants C1 = (K1·L)², C2 = (K2·L)², as given.
    ///   - reduction: 'mean' or 'sum' of the losses of the units, or 'none': the loss of each unit.
    /// - Throws: ``SSIMError/shapeMismatch(img1:img2:)``; ``SSIMError/outsideConvention(convention:reason:)`` for
    ///   weights that cannot be used or a per-scale convention that cannot give the map asked for;
    ///   ``SSIMError/invalidWindowSize(_:)``, ``SSIMError/invalidMaxVal(_:)``;
    ///   ``SSIMError/imageTooSmallForScales(height:width:scales:coarsestHeight:coarsestWidth:neededAtCoarsest:neededImage:)``
    ///   when the coarsest scale is too small for its SSIM; ``SSIMError/tooLarge(shape:bytes:available:)``.
    public static func evaluate<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>, maxVal: Double,
        convention: MSSSIMConvention = .wangMSSSIM, reduction: SSIMReduction, gradients: Bool
    ) throws(SSIMError) -> MSSSIMOutputs {
        let pyramid = try MSSSIMPyramid(img1.shape, img2.shape, maxVal: maxVal, convention: convention)
        try WorkingMemory.check(img1.shape, planes: workingPlanes, bytesPerElement: MemoryLayout<Double>.size)
        return MSSSIMOutputs(
            pyramid, pyramid.evaluate(
                Double.self, img1.values.map(Double.init), img2.values.map(Double.init), reduction: reduction,
                gradients: gradients))
    }

    /// Planes of B·C·H·W doubles held at once, at most: both pyramids (4/3 of a plane each), the SSIM reference's
    /// planes at the finest scale, the per-scale maps and the gradients of both pyramids.
    static let workingPlanes = SSIMReference.workingPlanes + 8

    /// Checks that every scale, of `shapes` (finest first), is large enough for its SSIM (under `options`, one per
    /// scale): with the same options at every scale, that the coarsest is; and that the image is as large as the
    /// convention's ``MSSSIMConvention/minimumSide`` asks.
    ///
    /// - Throws: ``SSIMError/imageTooSmallForScales(height:width:scales:coarsestHeight:coarsestWidth:neededAtCoarsest:neededImage:)``
    ///   naming the size needed at the coarsest scale and the smallest square image all of whose scales fit.
    static func checkSize(
        _ shape: Shape, _ shapes: [Shape], convention: MSSSIMConvention, options: [SSIMOptions]
    ) throws(SSIMError) {
        func fits(_ j: Int, _ side: Int, _ other: Int) -> Bool {
            let square = Shape(batch: 1, channels: 1, height: side, width: other)
            return (try? convention.scale.validate(options[j], square, square)) != nil
        }
        let smallest = convention.minimumSide.smallestSide(windowSize: convention.windowSize, scales: convention.scales)
        func allFit(_ shapes: [Shape]) -> Bool {
            min(shapes[0].height, shapes[0].width) >= smallest
                && shapes.indices.allSatisfy { fits($0, shapes[$0].height, shapes[$0].width) }
        }
        guard !allFit(shapes) else { return }
        // The smallest square the coarsest scale's SSIM takes, and the smallest image whose every scale fits.
        let coarsest = shapes.last!
        var needed = 1
        while !fits(shapes.count - 1, needed, needed) { needed += 1 }
        var image = needed
        while !allFit(convention.scaleShapes(Shape(batch: 1, channels: 1, height: image, width: image))) { image += 1 }
        throw .imageTooSmallForScales(
            height: shape.height, width: shape.width, scales: convention.scales, coarsestHeight: coarsest.height,
            coarsestWidth: coarsest.width, neededAtCoarsest: needed, neededImage: image)
    }
}
