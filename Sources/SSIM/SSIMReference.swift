/// The reference SSIM: the oracle the suite judges other implementations by.
///
/// It is written to be obviously correct rather than fast: every moment map is a full plane, every filter a
/// plain loop, and everything is computed in `Double` whatever the input type (a `Float` converts exactly). The
/// semantics are Kornia 0.9.0's; see ``SSIMOptions`` for the convention.
///
/// Gradients are analytic: the chain rule through the clamp of the loss (the gradient passes where
/// 0 ≤ (1 − SSIM)/2 ≤ 1, bounds included, as torch's `clamp`), the SSIM ratio, the moments, the blur and its
/// reflect border (``SeparableBlur/adjoint(_:)``), and the 'valid' crop (pixels outside the crop get no direct
/// gradient). For ``SSIMReduction/none`` the gradient is that of the sum of the loss map.
public enum SSIMReference {
    /// Everything the reference computes for one pair, in `Double`.
    public struct Outputs: Equatable, Sendable {
        /// The SSIM map, (B, C, H, W) or (B, C, H − 2r, W − 2r) for 'valid'.
        public let ssimMap: ImageTensor<Double>
        /// clamp((1 − SSIM)/2, 0, 1), element by element, with the map's shape.
        public let lossMap: ImageTensor<Double>
        /// The loss as the reduction asked: the mean or sum of ``lossMap``, or `nil` for 'none'.
        public let reducedLoss: Double?
        /// ∂loss/∂img1 and ∂loss/∂img2, with the images' shape, when gradients were asked for.
        public let gradImg1: ImageTensor<Double>?
        public let gradImg2: ImageTensor<Double>?
    }

    /// Computes the SSIM map, the loss and, if asked, its gradients.
    ///
    /// - Throws: ``SSIMError/shapeMismatch(img1:img2:)`` or ``SSIMError/imageTooSmall(height:width:windowSize:padding:)``.
    public static func evaluate<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>,
        options: SSIMOptions, reduction: SSIMReduction, gradients: Bool
    ) throws(SSIMError) -> Outputs {
        try options.validate(img1.shape, img2.shape)
        return SSIMPlanes(options: options, shape: img1.shape).evaluate(
            Double.self, img1.values.map(Double.init), img2.values.map(Double.init), reduction: reduction,
            gradients: gradients
        ).outputs(imageShape: img1.shape)
    }
}

extension SSIMPlanes.Result where Number == Double {
    /// The result as tensors: maps of the map's shape, gradients of the images' shape.
    func outputs(imageShape: [Int]) -> SSIMReference.Outputs {
        SSIMReference.Outputs(
            ssimMap: ImageTensor(validatedShape: mapShape, values: ssimMap),
            lossMap: ImageTensor(validatedShape: mapShape, values: lossMap),
            reducedLoss: reducedLoss,
            gradImg1: gradImg1.map { ImageTensor(validatedShape: imageShape, values: $0) },
            gradImg2: gradImg2.map { ImageTensor(validatedShape: imageShape, values: $0) })
    }
}

