import SSIM

extension SSIM3DOutputs {
    /// The requested outputs among those computed, as protocol arrays of `precision`, each value rounded to it: the
    /// SSIM map (B, C, D', H', W'), the loss as a scalar for 'mean' and 'sum' and as the map for 'none', the gradients
    /// with the volumes' shape. Outputs that are not this metric's (MS-SSIM per unit) are left out.
    public func protocolArrays(_ requested: [AdapterOutput], precision: Precision) -> [AdapterOutput: ProtocolArray] {
        var selected = ProtocolArray.lossAndGradients(
            requested, precision: precision, lossShape: lossMap.shape, loss: lossMap.values, reducedLoss: reducedLoss,
            gradients: (gradImg1.map { ($0.shape, $0.values) }, gradImg2.map { ($0.shape, $0.values) }))
        if requested.contains(.ssimMap) {
            selected[.ssimMap] = ProtocolArray(shape: ssimMap.shape, precision: precision, values: ssimMap.values.map(precision.rounded))
        }
        return selected
    }
}
