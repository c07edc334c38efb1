import SSIM

extension SSIMOutputs {
    /// The requested outputs among those computed, as protocol arrays of `precision`: the loss is ``reducedLoss``
    /// as a scalar when there is one ('mean' and 'sum'), the loss map otherwise. An output not computed is left out.
    public func protocolArrays(_ requested: [AdapterOutput], precision: Precision) -> [AdapterOutput: ProtocolArray] {
        func array(_ tensor: ImageTensor<Scalar>?) -> ProtocolArray? {
            tensor.map { ProtocolArray(shape: $0.shape.dimensions, precision: precision, values: $0.values.map(Double.init)) }
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
