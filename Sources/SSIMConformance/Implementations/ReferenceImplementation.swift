import SSIM
import SSIMAdapterProtocol

/// The reference, ``SSIM/SSIMReference``, answering protocol cases: the protocol's first peer, behind
/// `ssim-conform eval`, and certified like any other implementation.
///
/// Inputs are checked in the order of ``SSIMAdapterProtocol/ValidatedCase``. The reference computes in `Double`
/// whatever the inputs' precision and answers every output in float64, under its ``convention``: Kornia's unless
/// another is asked for (`eval --convention`). A case the convention cannot express is answered `unsupported`;
/// under a means-only convention it still gives the map, whose means are that convention's answers.
public struct ReferenceImplementation: SSIMImplementation {
    public let name = "ssim-conformance-reference"
    public let version = "1.0.0"
    /// The convention it computes.
    public let convention: SSIMConvention

    public init(convention: SSIMConvention = .kornia) {
        self.convention = convention
    }

    /// Answers one case: its requested outputs, or the category of the error that rejects it.
    public func evaluate(_ adapterCase: AdapterCase) -> AdapterAnswer {
        do throws(SSIMError) {
            let validated = try ValidatedCase(adapterCase)
            let result = try SSIMReference.evaluate(
                validated.img1, validated.img2, options: validated.options, reduction: validated.reduction,
                gradients: validated.wantsGradients, convention: convention)
            return .outputs(result.protocolArrays(adapterCase.outputs, precision: .float64))
        } catch {
            return .error(category: error.category.rawValue, message: error.description)
        }
    }
}
