import SSIM

/// Answers protocol cases with ``SSIM/FastSSIM``, the production implementation: behind
/// `ssim-conform eval --implementation fast`.
///
/// Inputs are checked in the order of ``ValidatedCase``, as the reference. A case whose images are both float32 is
/// computed in `Float` and answered in float32; any other in `Double`, answered in float64 (the protocol's rule).
/// Only the outputs asked for are computed: no SSIM map unless `ssim_map` is asked, no gradient unless one is.
public enum FastAdapter {
    public static let implementation = "ssim-conformance-fast"
    public static let implementationVersion = "1.0.0"

    /// Answers every case of `request`.
    public static func respond(to request: AdapterRequest, fast: FastSSIM = FastSSIM()) -> AdapterResponse {
        AdapterResponse(
            implementation: implementation, implementationVersion: implementationVersion,
            answers: Dictionary(uniqueKeysWithValues: request.cases.map { ($0.id, answer($0, fast: fast)) }))
    }

    /// Answers one case: its requested outputs, or the category of the error that rejects it.
    public static func answer(_ adapterCase: AdapterCase, fast: FastSSIM = FastSSIM()) -> AdapterAnswer {
        do throws(SSIMError) {
            let validated = try ValidatedCase(adapterCase)
            if adapterCase.img1.precision == .float32 && adapterCase.img2.precision == .float32 {
                return .outputs(try outputs(
                    validated.img1.converted(to: Float.self), validated.img2.converted(to: Float.self),
                    validated, adapterCase.outputs, fast: fast, precision: .float32))
            }
            return .outputs(try outputs(
                validated.img1, validated.img2, validated, adapterCase.outputs, fast: fast, precision: .float64))
        } catch {
            return .error(category: error.category.rawValue, message: error.description)
        }
    }

    private static func outputs<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>, _ validated: ValidatedCase,
        _ requested: [AdapterOutput], fast: FastSSIM, precision: ProtocolArray.Precision
    ) throws(SSIMError) -> [AdapterOutput: ProtocolArray] {
        var products: FastSSIM.Products = []
        if requested.contains(.ssimMap) { products.insert(.ssimMap) }
        if requested.contains(.loss) && validated.reduction == .none { products.insert(.lossMap) }
        if validated.wantsGradients { products.insert(.gradients) }
        let result = try fast.evaluate(
            img1, img2, options: validated.options, reduction: validated.reduction, products: products)
        return validated.select(
            requested, ssimMap: result.ssimMap, lossMap: result.lossMap, reducedLoss: result.reducedLoss,
            gradImg1: result.gradImg1, gradImg2: result.gradImg2, precision: precision)
    }
}
