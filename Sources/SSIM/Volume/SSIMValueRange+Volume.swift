extension SSIMValueRange {
    /// The range of a 3-D SSIM case of `img1` and `img2` under `options` and `reduction`, asking for `precision`,
    /// computed by `convention`: its plane convention's, for the volume's map (cropped along every axis as
    /// `convention` crops it); nil where the plane convention promises none, or `convention` cannot compute the
    /// volumes.
    public init?(
        _ img1: VolumeTensor<Double>, _ img2: VolumeTensor<Double>, options: SSIMOptions, reduction: SSIMReduction,
        convention: SSIM3DConvention, precision: Precision
    ) {
        let shape = img1.shape, folded = [shape[0], shape[1] * shape[2], shape[3], shape[4]]
        guard let computation = try? SSIM3DComputation(shape, img2.shape, options: options, convention: convention),
            let images1 = try? ImageTensor(shape: folded, values: img1.values),
            let images2 = try? ImageTensor(shape: folded, values: img2.values)
        else { return nil }
        self.init(
            images1, images2, options: options, reduction: reduction, convention: convention.plane, precision: precision,
            mapElements: computation.mapShape.reduce(1, *))
    }
}
