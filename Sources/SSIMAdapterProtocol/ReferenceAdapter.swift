import SSIM

/// Answers protocol cases with ``SSIM/SSIMReference``: the protocol's first peer, behind `ssim-conform eval`.
///
/// Inputs are checked in the order of ``ValidatedCase``. The reference computes in `Double` whatever the inputs'
/// precision and writes every output as float64.
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
            let validated = try ValidatedCase(adapterCase)
            let result = try SSIMReference.evaluate(
                validated.img1, validated.img2, options: validated.options, reduction: validated.reduction,
                gradients: validated.wantsGradients)
            return .outputs(validated.select(adapterCase.outputs, from: result))
        } catch {
            return .error(category: error.category.rawValue, message: error.description)
        }
    }
}
