import SSIM
import SSIMAdapterProtocol

/// The production implementation, ``SSIM/FastSSIM``, answering protocol cases: behind
/// `ssim-conform eval --implementation fast`, and certified like any other implementation.
///
/// Inputs are checked in the order of ``SSIMAdapterProtocol/ValidatedCase``, as the reference. A case is computed
/// in its precision (``SSIMAdapterProtocol/AdapterCase/precision``: `Float` when both images are float32, else
/// `Double`) and answered in it, so it is judged by the bounds of that precision. A float16 or bfloat16 case is
/// computed in `Float` and its answers rounded to the half precision: honest, since every half-precision bound
/// allows for an answer computed in float32 and rounded (``SSIM/SSIMErrorBounds``), and more accurate than
/// computing in the half precision itself. Only the outputs asked for are
/// computed: no SSIM map unless `ssim_map` is asked, no gradient unless one is.
///
/// FastSSIM computes SSIM under Kornia's convention alone: asked for another (one that does not compute like
/// ``SSIM/SSIMConvention/kornia``), it declares every case `unsupported`, saying so; it declares no other metric
/// (``SSIMImplementation/metrics``), so an MS-SSIM case is not supported either.
public struct FastImplementation: SSIMImplementation {
    public let name = "ssim-conformance-fast"
    public let version = "1.0.0"
    public let fast: FastSSIM
    /// The convention it is asked to compute.
    public let convention: SSIMConvention

    public init(fast: FastSSIM = FastSSIM(), convention: SSIMConvention = .kornia) {
        self.fast = fast
        self.convention = convention
    }

    /// Answers one case: its requested outputs, or the category of the error that rejects it.
    public func evaluate(_ adapterCase: AdapterCase) -> AdapterAnswer {
        guard convention.computesLike(.kornia) else {
            return .error(
                category: AdapterProtocol.unsupported,
                message: "the fast implementation computes Kornia 0.9.0's convention only, not `\(convention.name)` (\(convention))")
        }
        do throws(SSIMError) {
            let validated = try ValidatedCase(adapterCase)
            switch adapterCase.precision {
            case .float32, .float16, .bfloat16:
                return .outputs(try outputs(
                    validated.img1.converted(to: Float.self), validated.img2.converted(to: Float.self), validated,
                    adapterCase.outputs, precision: adapterCase.precision))
            case .float64:
                return .outputs(try outputs(validated.img1, validated.img2, validated, adapterCase.outputs, precision: .float64))
            }
        } catch {
            return .error(category: error.category.rawValue, message: error.description)
        }
    }

    private func outputs<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>, _ validated: ValidatedCase,
        _ requested: [AdapterOutput], precision: Precision
    ) throws(SSIMError) -> [AdapterOutput: ProtocolArray] {
        var products: FastSSIM.Products = []
        if requested.contains(.ssimMap) { products.insert(.ssimMap) }
        if requested.contains(.loss) && validated.reduction == .none { products.insert(.lossMap) }
        if validated.wantsGradients { products.insert(.gradients) }
        return try fast.evaluate(img1, img2, options: validated.options, reduction: validated.reduction, products: products)
            .protocolArrays(requested, precision: precision)
    }
}
