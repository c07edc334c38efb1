import SSIM

/// A protocol case whose inputs the SSIM library accepts: its images as tensors and its options parsed.
///
/// Inputs are checked in a fixed order, so that a case with several faults gets one well-defined category:
/// invalid_shape (img1, then img2), shape_mismatch, invalid_padding, invalid_reduction, invalid_window_size,
/// invalid_max_val, image_too_small.
public struct ValidatedCase: Sendable {
    public let img1: ImageTensor<Double>
    public let img2: ImageTensor<Double>
    public let options: SSIMOptions
    public let reduction: SSIMReduction
    /// Whether any gradient is asked for.
    public let wantsGradients: Bool

    public init(_ adapterCase: AdapterCase) throws(SSIMError) {
        img1 = try ImageTensor(shape: adapterCase.img1.shape, values: adapterCase.img1.values)
        img2 = try ImageTensor(shape: adapterCase.img2.shape, values: adapterCase.img2.values)
        guard img1.shape == img2.shape else { throw .shapeMismatch(img1: img1.shape.dimensions, img2: img2.shape.dimensions) }
        let padding = try SSIMPadding(name: adapterCase.padding)
        reduction = try SSIMReduction(name: adapterCase.reduction)
        options = try SSIMOptions(
            windowSize: Int(adapterCase.windowSize), maxVal: adapterCase.maxVal, eps: adapterCase.eps, padding: padding)
        try options.validate(img1.shape, img2.shape)
        wantsGradients = adapterCase.outputs.contains(.gradImg1) || adapterCase.outputs.contains(.gradImg2)
    }
}
