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
        guard img1.shape == img2.shape else { throw .shapeMismatch(img1: img1.shape, img2: img2.shape) }
        let padding = try SSIMPadding(name: adapterCase.padding)
        reduction = try SSIMReduction(name: adapterCase.reduction)
        options = try SSIMOptions(
            windowSize: Int(adapterCase.windowSize), maxVal: adapterCase.maxVal, eps: adapterCase.eps, padding: padding)
        try options.validate(img1.shape, img2.shape)
        wantsGradients = adapterCase.outputs.contains(.gradImg1) || adapterCase.outputs.contains(.gradImg2)
    }

    /// The requested outputs picked from `outputs` (the reference's values, or bounds laid out the same way), as
    /// float64 protocol arrays: the loss is a scalar for 'mean' and 'sum', the loss map for 'none'.
    public func select(_ requested: [AdapterOutput], from outputs: SSIMReference.Outputs) -> [AdapterOutput: ProtocolArray] {
        select(
            requested, ssimMap: outputs.ssimMap, lossMap: outputs.lossMap, reducedLoss: outputs.reducedLoss,
            gradImg1: outputs.gradImg1, gradImg2: outputs.gradImg2, precision: .float64)
    }

    /// The requested outputs among those given, as protocol arrays of `precision`: the loss is `reducedLoss` as a
    /// scalar when there is one ('mean' and 'sum'), the loss map otherwise. An output not given is left out.
    public func select<Scalar: SSIMScalar>(
        _ requested: [AdapterOutput], ssimMap: ImageTensor<Scalar>?, lossMap: ImageTensor<Scalar>?,
        reducedLoss: Scalar?, gradImg1: ImageTensor<Scalar>?, gradImg2: ImageTensor<Scalar>?,
        precision: ProtocolArray.Precision
    ) -> [AdapterOutput: ProtocolArray] {
        func array(_ tensor: ImageTensor<Scalar>?) -> ProtocolArray? {
            tensor.map { ProtocolArray(shape: $0.shape, precision: precision, values: $0.values.map(Double.init)) }
        }
        var selected: [AdapterOutput: ProtocolArray] = [:]
        for output in requested {
            switch output {
            case .ssimMap: selected[output] = array(ssimMap)
            case .loss:
                selected[output] = reducedLoss.map { ProtocolArray(shape: [], precision: precision, values: [Double($0)]) }
                    ?? array(lossMap)
            case .gradImg1: selected[output] = array(gradImg1)
            case .gradImg2: selected[output] = array(gradImg2)
            }
        }
        return selected
    }
}
