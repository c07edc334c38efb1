/// The reference SSIM: the oracle the suite judges other implementations by.
///
/// It is written to be obviously correct rather than fast: every moment map is a full plane, every filter a
/// plain loop, and everything is computed in `Double` whatever the input type (a `Float` converts exactly). The
/// semantics are Kornia 0.9.0's; see ``SSIMOptions`` for the convention. It alone also computes other conventions
/// (``SSIMConvention``): the expected answers of another library's convention, and the departures that explain
/// what other implementations compute.
///
/// Gradients are analytic: the chain rule through the clamp of the loss (the gradient passes where
/// 0 ≤ (1 − SSIM)/2 ≤ 1, bounds included, as torch's `clamp`), the SSIM ratio, the moments, the blur and its
/// reflect border (``SeparableBlur/adjoint(_:)``), and the 'valid' crop (pixels outside the crop get no direct
/// gradient). For ``SSIMReduction/none`` the gradient is that of the sum of the loss map.
public enum SSIMReference {
    /// Computes the SSIM map, the loss map, the reduced loss (nil for 'none') and, if asked, the gradients, in
    /// `Double`.
    ///
    /// - Parameter convention: the convention computed: Kornia's unless another one is asked for.
    /// - Throws: ``SSIMError/outsideConvention(convention:reason:)`` when the convention cannot express the case
    ///   (``SSIMConvention/check(_:)``); ``SSIMError/shapeMismatch(img1:img2:)`` or
    ///   ``SSIMError/imageTooSmall(height:width:windowSize:padding:)``;
    ///   ``SSIMError/tooLarge(shape:bytes:available:)`` when its planes (``workingPlanes``) would not fit in memory.
    public static func evaluate<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>,
        options: SSIMOptions, reduction: SSIMReduction, gradients: Bool, convention: SSIMConvention = .kornia
    ) throws(SSIMError) -> SSIMOutputs<Double> {
        try convention.validate(options, img1.shape, img2.shape)
        try checkWorkingMemory(img1.shape)
        return SSIMPlanes(options: options, convention: convention, shape: img1.shape).evaluate(
            Double.self, img1.values.map(Double.init), img2.values.map(Double.init), reduction: reduction,
            gradients: gradients
        ).outputs(imageShape: img1.shape)
    }

    /// Planes of B·C·H·W doubles the reference holds at once, at most: the images, their products, five moments,
    /// the map and its partial derivatives.
    static let workingPlanes = 16

    /// Checks that ``workingPlanes`` planes of doubles of `shape` fit in this machine's physical memory.
    static func checkWorkingMemory(_ shape: Shape) throws(SSIMError) {
        try WorkingMemory.check(shape, planes: workingPlanes, bytesPerElement: MemoryLayout<Double>.size)
    }
}

extension SSIMPlanes.Result where Number == Double {
    /// The result as tensors: maps of the map's shape, gradients of the images' shape.
    func outputs(imageShape: Shape) -> SSIMOutputs<Double> {
        SSIMOutputs(
            ssimMap: ImageTensor(validatedShape: mapShape, values: ssimMap),
            lossMap: ImageTensor(validatedShape: mapShape, values: lossMap),
            reducedLoss: reducedLoss,
            gradImg1: gradImg1.map { ImageTensor(validatedShape: imageShape, values: $0) },
            gradImg2: gradImg2.map { ImageTensor(validatedShape: imageShape, values: $0) })
    }
}
