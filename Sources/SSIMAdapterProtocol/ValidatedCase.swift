import SSIM

/// A protocol case whose inputs the SSIM library accepts: its images as tensors and its options parsed.
///
/// Inputs are checked in a fixed order, so that a case with several faults gets one well-defined category:
/// invalid_shape (img1, then img2), shape_mismatch, invalid_padding (SSIM and 3-D SSIM only), invalid_reduction,
/// invalid_window_size, invalid_max_val, image_too_small (a 3-D SSIM case's by the 3-D reference, naming the axis). An MS-SSIM case's images are checked against its scales by
/// the MS-SSIM reference (``SSIM/MSSSIMReference``), which alone knows its convention's pyramid.
public struct ValidatedCase: Sendable {
    /// The images; for a case of volumes (3-D SSIM, 3-D MS-SSIM), the volumes' elements with each volume's depth folded into its channels
    /// (B, C·D, H, W), which ``volumes`` gives as they are.
    public let img1: ImageTensor<Double>
    public let img2: ImageTensor<Double>
    /// A case's volumes, (B, C, D, H, W), for the metrics of volumes (``CaseMetric/hasVolumes``); nil for the others.
    public let volumes: (img1: VolumeTensor<Double>, img2: VolumeTensor<Double>)?
    /// SSIM's options. For MS-SSIM, the case's window size and data range, each scale's (eps 0 and 'valid' here are
    /// not read: the MS-SSIM convention fixes each scale's eps and border).
    public let options: SSIMOptions
    public let reduction: SSIMReduction
    /// Whether any gradient is asked for.
    public let wantsGradients: Bool
    /// The metric asked for.
    public let metric: CaseMetric

    public init(_ adapterCase: AdapterCase) throws(SSIMError) {
        metric = adapterCase.metric
        if metric.hasVolumes {
            let volume1 = try VolumeTensor(shape: adapterCase.img1.shape, values: adapterCase.img1.values)
            let volume2 = try VolumeTensor(shape: adapterCase.img2.shape, values: adapterCase.img2.values)
            guard volume1.shape == volume2.shape else { throw .shapeMismatch(img1: volume1.shape, img2: volume2.shape) }
            volumes = (volume1, volume2)
            // The same elements in the same order, each volume's depth folded into its channels.
            let shape = volume1.shape, folded = [shape[0], shape[1] * shape[2], shape[3], shape[4]]
            (img1, img2) = (try ImageTensor(shape: folded, values: volume1.values), try ImageTensor(shape: folded, values: volume2.values))
        } else {
            volumes = nil
            img1 = try ImageTensor(shape: adapterCase.img1.shape, values: adapterCase.img1.values)
            img2 = try ImageTensor(shape: adapterCase.img2.shape, values: adapterCase.img2.values)
            guard img1.shape == img2.shape else { throw .shapeMismatch(img1: img1.shape.dimensions, img2: img2.shape.dimensions) }
        }
        // The volumes' sizes are checked by the 3-D reference, which alone knows its convention's axes.
        let padding = metric.hasEpsAndPadding ? try SSIMPadding(name: adapterCase.padding) : .valid
        reduction = try SSIMReduction(name: adapterCase.reduction)
        options = try SSIMOptions(
            windowSize: Int(adapterCase.windowSize), maxVal: adapterCase.maxVal, eps: adapterCase.eps, padding: padding)
        if metric == .ssim { try options.validate(img1.shape, img2.shape) }
        wantsGradients = adapterCase.outputs.contains(.gradImg1) || adapterCase.outputs.contains(.gradImg2)
    }

    /// `convention` as this MS-SSIM case asks it (``SSIM/MSSSIMConvention/asked(windowSize:weights:)``): each
    /// scale's window size, and the case's weights where it gives them.
    public func asked(_ convention: MSSSIMConvention) -> MSSSIMConvention {
        convention.asked(windowSize: options.windowSize, weights: weights)
    }

    /// `convention` as this 3-D MS-SSIM case asks it (``SSIM/MSSSIM3DConvention/asked(windowSize:weights:)``).
    public func asked(_ convention: MSSSIM3DConvention) -> MSSSIM3DConvention {
        convention.asked(windowSize: options.windowSize, weights: weights)
    }

    /// The case's weights, where it is an MS-SSIM case (of images or volumes) that gives them.
    private var weights: [Double]? {
        switch metric {
        case .msSSIM(let weights), .msSSIM3D(let weights): weights
        case .ssim, .msSSIML1, .ssim3D: nil
        }
    }
}
