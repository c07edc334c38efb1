import SSIM

/// Answers protocol cases with ``SSIM/SSIMReference``: the protocol's first peer, behind `ssim-conform eval`.
///
/// Inputs are checked in a fixed order, so that a case with several faults gets one well-defined category:
/// invalid_shape (img1, then img2), shape_mismatch, invalid_padding, invalid_reduction, invalid_window_size,
/// invalid_max_val, image_too_small. The reference computes in `Double` whatever the inputs' precision and writes
/// every output as float64. A float32/float64 pair is computed as float64.
public enum ReferenceAdapter {
    public static let implementation = "ssim-conformance-reference"
    public static let implementationVersion = "1.0.0"

    /// Answers every case of `request`.
    public static func respond(to request: AdapterRequest) -> AdapterResponse {
        AdapterResponse(
            implementation: implementation, implementationVersion: implementationVersion,
            answers: Dictionary(uniqueKeysWithValues: request.cases.map { ($0.id, answer($0)) }))
    }

    /// Answers one case: its requested outputs, or the category of the error that rejects it.
    public static func answer(_ adapterCase: AdapterCase) -> AdapterAnswer {
        do throws(SSIMError) {
            return .outputs(try outputs(adapterCase))
        } catch {
            return .error(category: error.category.rawValue, message: error.description)
        }
    }

    private static func outputs(_ adapterCase: AdapterCase) throws(SSIMError) -> [AdapterOutput: ProtocolArray] {
        let img1 = try ImageTensor(shape: adapterCase.img1.shape, values: adapterCase.img1.values)
        let img2 = try ImageTensor(shape: adapterCase.img2.shape, values: adapterCase.img2.values)
        guard img1.shape == img2.shape else { throw .shapeMismatch(img1: img1.shape, img2: img2.shape) }
        let padding = try SSIMPadding(name: adapterCase.padding)
        let reduction = try SSIMReduction(name: adapterCase.reduction)
        let options = try SSIMOptions(
            windowSize: Int(adapterCase.windowSize), maxVal: adapterCase.maxVal, eps: adapterCase.eps, padding: padding)
        let wantsGradients = adapterCase.outputs.contains(.gradImg1) || adapterCase.outputs.contains(.gradImg2)
        let result = try SSIMReference.evaluate(
            img1, img2, options: options, reduction: reduction, gradients: wantsGradients)

        var outputs: [AdapterOutput: ProtocolArray] = [:]
        for output in adapterCase.outputs {
            switch output {
            case .ssimMap:
                outputs[output] = ProtocolArray(result.ssimMap)
            case .loss:
                outputs[output] = result.reducedLoss.map { ProtocolArray(shape: [], precision: .float64, values: [$0]) }
                    ?? ProtocolArray(result.lossMap)
            case .gradImg1:
                outputs[output] = result.gradImg1.map(ProtocolArray.init)
            case .gradImg2:
                outputs[output] = result.gradImg2.map(ProtocolArray.init)
            }
        }
        return outputs
    }
}

extension ProtocolArray {
    init(_ tensor: ImageTensor<Double>) {
        self.init(shape: tensor.shape, precision: .float64, values: tensor.values)
    }
}
