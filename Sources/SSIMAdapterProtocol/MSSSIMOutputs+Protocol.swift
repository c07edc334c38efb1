import SSIM

extension MSSSIMOutputs {
    /// The requested outputs among those computed, as protocol arrays of `precision`, each value rounded to it:
    /// `ms_ssim` per unit (``unitShape``), the loss as a scalar for 'mean' and 'sum' and per unit for 'none', the
    /// gradients with the images' shape. An output not computed (or not MS-SSIM's, the SSIM map) is left out.
    public func protocolArrays(_ requested: [AdapterOutput], precision: Precision) -> [AdapterOutput: ProtocolArray] {
        func array(_ shape: [Int], _ values: [Double]) -> ProtocolArray {
            ProtocolArray(shape: shape, precision: precision, values: values.map(precision.rounded))
        }
        var selected: [AdapterOutput: ProtocolArray] = [:]
        for output in requested {
            switch output {
            case .msSSIM: selected[output] = array(unitShape, msssim)
            case .loss: selected[output] = reducedLoss.map { array([], [$0]) } ?? array(unitShape, loss)
            case .gradImg1: selected[output] = gradImg1.map { array($0.shape.dimensions, $0.values) }
            case .gradImg2: selected[output] = gradImg2.map { array($0.shape.dimensions, $0.values) }
            case .ssimMap: break
            }
        }
        return selected
    }
}
