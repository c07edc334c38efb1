import SSIM

extension MSSSIMOutputs {
    /// The requested outputs among those computed, as protocol arrays of `precision`, each value rounded to it:
    /// `ms_ssim` per unit (``unitShape``), the loss as a scalar for 'mean' and 'sum' and per unit for 'none', the
    /// gradients with the images' shape. An output not computed (or not MS-SSIM's, the SSIM map) is left out.
    public func protocolArrays(_ requested: [AdapterOutput], precision: Precision) -> [AdapterOutput: ProtocolArray] {
        ProtocolArray.multiScale(
            requested, precision: precision, unitShape: unitShape, msssim: msssim, loss: loss, reducedLoss: reducedLoss,
            gradients: (gradImg1.map(\.tensor), gradImg2.map(\.tensor)))
    }
}

extension MSSSIM3DOutputs {
    /// The requested outputs among those computed, as protocol arrays of `precision`, each value rounded to it: as
    /// ``SSIM/MSSSIMOutputs``', the gradients with the volumes' shape (B, C, D, H, W).
    public func protocolArrays(_ requested: [AdapterOutput], precision: Precision) -> [AdapterOutput: ProtocolArray] {
        ProtocolArray.multiScale(
            requested, precision: precision, unitShape: unitShape, msssim: msssim, loss: loss, reducedLoss: reducedLoss,
            gradients: (gradImg1.map { ($0.shape, $0.values) }, gradImg2.map { ($0.shape, $0.values) }))
    }
}

extension ProtocolArray {
    /// The requested among an MS-SSIM computation's outputs (of images or volumes): `ms_ssim` per unit (`unitShape`),
    /// the loss (``lossAndGradients(_:precision:lossShape:loss:reducedLoss:gradients:)``) and the gradients.
    static func multiScale(
        _ requested: [AdapterOutput], precision: Precision, unitShape: [Int], msssim: [Double], loss: [Double],
        reducedLoss: Double?, gradients: (img1: (shape: [Int], values: [Double])?, img2: (shape: [Int], values: [Double])?)
    ) -> [AdapterOutput: ProtocolArray] {
        var selected = lossAndGradients(
            requested, precision: precision, lossShape: unitShape, loss: loss, reducedLoss: reducedLoss, gradients: gradients)
        if requested.contains(.msSSIM) {
            selected[.msSSIM] = ProtocolArray(shape: unitShape, precision: precision, values: msssim.map(precision.rounded))
        }
        return selected
    }

    /// The requested among a metric's loss (a scalar when `reducedLoss` is given, else `loss` of `lossShape`, the
    /// reduction 'none') and its gradients (nil: not computed), as protocol arrays of `precision`, each value rounded
    /// to it. The metric's other outputs are its own to add.
    static func lossAndGradients(
        _ requested: [AdapterOutput], precision: Precision, lossShape: [Int], loss: [Double], reducedLoss: Double?,
        gradients: (img1: (shape: [Int], values: [Double])?, img2: (shape: [Int], values: [Double])?)
    ) -> [AdapterOutput: ProtocolArray] {
        func array(_ shape: [Int], _ values: [Double]) -> ProtocolArray {
            ProtocolArray(shape: shape, precision: precision, values: values.map(precision.rounded))
        }
        var selected: [AdapterOutput: ProtocolArray] = [:]
        if requested.contains(.loss) { selected[.loss] = reducedLoss.map { array([], [$0]) } ?? array(lossShape, loss) }
        for (output, gradient) in [(AdapterOutput.gradImg1, gradients.img1), (.gradImg2, gradients.img2)] {
            if requested.contains(output), let gradient { selected[output] = array(gradient.shape, gradient.values) }
        }
        return selected
    }
}

extension ImageTensor<Double> {
    /// The shape and values, as ``ProtocolArray/lossAndGradients(_:precision:lossShape:loss:reducedLoss:gradients:)`` takes a gradient.
    var tensor: (shape: [Int], values: [Double]) { (shape.dimensions, values) }
}
