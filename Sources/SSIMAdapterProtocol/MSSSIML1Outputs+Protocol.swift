import SSIM

extension MSSSIML1Outputs {
    /// The requested outputs among those computed, as protocol arrays of `precision`, each value rounded to it: the
    /// loss as a scalar for 'mean' and 'sum' and as the (B, H, W) map for 'none', the gradients with the images'
    /// shape. Outputs that are not this metric's (an SSIM map, MS-SSIM per unit) are left out.
    public func protocolArrays(_ requested: [AdapterOutput], precision: Precision) -> [AdapterOutput: ProtocolArray] {
        ProtocolArray.lossAndGradients(
            requested, precision: precision, lossShape: mapShape, loss: loss, reducedLoss: reducedLoss,
            gradients: (gradImg1.map(\.tensor), gradImg2.map(\.tensor)))
    }
}
