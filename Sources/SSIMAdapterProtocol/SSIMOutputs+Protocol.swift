import SSIM

extension SSIMOutputs {
    /// The requested outputs among those computed, as protocol arrays of `precision`, each value rounded to it: the
    /// loss is ``reducedLoss`` as a scalar when there is one ('mean' and 'sum'), the loss map otherwise. An output
    /// not computed is left out.
    public func protocolArrays(_ requested: [AdapterOutput], precision: Precision) -> [AdapterOutput: ProtocolArray] {
        // Values of a precision at least as fine as `precision` are already its values: no pass over them.
        let narrower = precision.unitRoundoff > Double(Scalar.ulpOfOne) / 2
        func rounded(_ values: [Scalar]) -> [Double] {
            narrower ? values.map { precision.rounded(Double($0)) } : values.map(Double.init)
        }
        func array(_ tensor: ImageTensor<Scalar>?) -> ProtocolArray? {
            tensor.map { ProtocolArray(shape: $0.shape.dimensions, precision: precision, values: rounded($0.values)) }
        }
        var selected: [AdapterOutput: ProtocolArray] = [:]
        for output in requested {
            switch output {
            case .ssimMap: selected[output] = array(ssimMap)
            case .loss:
                selected[output] = reducedLoss.map { ProtocolArray(shape: [], precision: precision, values: rounded([$0])) }
                    ?? array(lossMap)
            case .gradImg1: selected[output] = array(gradImg1)
            case .gradImg2: selected[output] = array(gradImg2)
            case .msSSIM: break
            }
        }
        return selected
    }
}
