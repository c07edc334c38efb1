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
/// ``SSIM/SSIMConvention/kornia``), it declares every SSIM case `unsupported`, saying so. It declares MS-SSIM
/// (``SSIMImplementation/metrics``) and computes it under ``msssimConvention`` (`wang-msssim` unless another is asked
/// for), each case's window size and weights applied to it, in the precision that convention is judged in
/// (``SSIM/MSSSIMConvention/judgingPrecision(for:)``: float64 for `wang-msssim`, whose msssim.m computes in double,
/// whatever the case's; a float32 or half-precision case where the convention computes in the case's precision, as
/// for SSIM); a convention it does not compute (``SSIM/FastSSIM/fastSupport(_:)``) makes its cases `unsupported`.
/// It declares 3-D SSIM and computes it under ``ssim3DConvention`` (Kornia's `ssim3d` unless another is asked for) by
/// separable passes (``SSIM/FastSSIM/evaluate(_:_:options:reduction:products:convention:)``), in the case's precision
/// as for SSIM (float16 and bfloat16 in `Float`, the answers rounded, as Kornia computes them); a convention it does
/// not compute (``SSIM/FastSSIM/fastSupport(_:)-(SSIM3DConvention)``) makes its cases `unsupported`. It declares 3-D
/// MS-SSIM and computes it under ``msssim3DConvention`` (torchmetrics', the vectors', unless another is asked for),
/// each case's window size and weights applied to it, in the precision that convention is judged in (float16 and
/// bfloat16 in `Float`, the answers rounded); a convention or a case it does not compute
/// (``SSIM/FastSSIM/fastSupport(_:)-(MSSSIM3DConvention)``: under pytorch-msssim's, an H or W it leaves unblurred) is
/// `unsupported`. It declares MS-SSIM + L1 and computes it
/// under ``msssimL1Convention`` (Kornia's `MS_SSIMLoss` unless another is asked for), with each case's α and
/// compensation, by separable passes
/// (``SSIM/FastSSIM/evaluate(_:_:maxVal:alpha:compensation:convention:reduction:maps:gradients:)``), in the case's
/// precision as for SSIM (float16 and bfloat16 in `Float`, the answers rounded, as Kornia computes them); a convention
/// it does not compute (``SSIM/FastSSIM/fastSupport(_:)-(MSSSIML1Convention)``) makes its cases `unsupported`.
public struct FastImplementation: SSIMImplementation {
    public let name = "ssim-conformance-fast"
    public let version = "1.0.0"
    public let fast: FastSSIM
    /// The convention it is asked to compute.
    public let convention: SSIMConvention
    /// The MS-SSIM convention it is asked to compute, if any.
    public let msssimConvention: MSSSIMConvention?
    /// The 3-D SSIM convention it is asked to compute, if any.
    public let ssim3DConvention: SSIM3DConvention?
    /// The 3-D MS-SSIM convention it is asked to compute, if any.
    public let msssim3DConvention: MSSSIM3DConvention?
    /// The MS-SSIM + L1 convention it is asked to compute, if any.
    public let msssimL1Convention: MSSSIML1Convention?
    public let metrics: Set<String> = [
        CaseMetric.ssimName, CaseMetric.msSSIMName, CaseMetric.ssim3DName, CaseMetric.msSSIM3DName, CaseMetric.msSSIML1Name,
    ]

    public init(
        fast: FastSSIM = FastSSIM(), convention: SSIMConvention = .kornia,
        msssimConvention: MSSSIMConvention? = .wangMSSSIM, ssim3DConvention: SSIM3DConvention? = .kornia,
        msssim3DConvention: MSSSIM3DConvention? = .torchmetrics,
        msssimL1Convention: MSSSIML1Convention? = .kornia
    ) {
        self.fast = fast
        self.convention = convention
        self.msssimConvention = msssimConvention
        self.ssim3DConvention = ssim3DConvention
        self.msssim3DConvention = msssim3DConvention
        self.msssimL1Convention = msssimL1Convention
    }

    /// Answers one case: its requested outputs, or the category of the error that rejects it.
    public func evaluate(_ adapterCase: AdapterCase) -> AdapterAnswer {
        if case .msSSIM = adapterCase.metric { return evaluateMSSSIM(adapterCase) }
        if case .ssim3D = adapterCase.metric { return evaluateSSIM3D(adapterCase) }
        if case .msSSIM3D = adapterCase.metric { return evaluateMSSSIM3D(adapterCase) }
        if case .msSSIML1(let alpha, let compensation) = adapterCase.metric {
            return evaluateMSSSIML1(adapterCase, alpha: alpha, compensation: compensation)
        }
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

    /// Answers an MS-SSIM case in the precision its convention is judged in.
    private func evaluateMSSSIM(_ adapterCase: AdapterCase) -> AdapterAnswer {
        answering { () throws(SSIMError) -> AdapterAnswer in
            let msssimConvention = try given(msssimConvention, "MS-SSIM")
            let validated = try ValidatedCase(adapterCase)
            let convention = validated.asked(msssimConvention)
            let precision = convention.judgingPrecision(for: adapterCase.precision)
            func answer<Scalar: SSIMScalar>(_: Scalar.Type) throws(SSIMError) -> AdapterAnswer {
                let result = try fast.evaluate(
                    validated.img1.converted(to: Scalar.self), validated.img2.converted(to: Scalar.self),
                    maxVal: validated.options.maxVal, convention: convention, reduction: validated.reduction,
                    gradients: validated.wantsGradients)
                return .outputs(result.outputs.protocolArrays(adapterCase.outputs, precision: precision))
            }
            return precision == .float64 ? try answer(Double.self) : try answer(Float.self)
        }
    }

    /// Answers a 3-D SSIM case in its precision (a half precision in `Float`, the answers rounded to it).
    private func evaluateSSIM3D(_ adapterCase: AdapterCase) -> AdapterAnswer {
        answering { () throws(SSIMError) -> AdapterAnswer in
            let ssim3DConvention = try given(ssim3DConvention, "3-D SSIM")
            let validated = try ValidatedCase(adapterCase)
            guard let volumes = validated.volumes else { throw .outsideConvention(convention: ssim3DConvention.name, reason: "no volumes") }
            // Both maps: the protocol's outputs are laid out from the reference's shape of results.
            var products: FastSSIM.Products = [.ssimMap, .lossMap]
            if validated.wantsGradients { products.insert(.gradients) }
            func answer<Scalar: SSIMScalar>(_: Scalar.Type) throws(SSIMError) -> AdapterAnswer {
                let result = try fast.evaluate(
                    volumes.img1.converted(to: Scalar.self), volumes.img2.converted(to: Scalar.self),
                    options: validated.options, reduction: validated.reduction, products: products,
                    convention: ssim3DConvention)
                return .outputs(result.outputs!.protocolArrays(adapterCase.outputs, precision: adapterCase.precision))
            }
            return adapterCase.precision == .float64 ? try answer(Double.self) : try answer(Float.self)
        }
    }

    /// Answers a 3-D MS-SSIM case in the precision its convention is judged in (a half precision in `Float`, the
    /// answers rounded to it).
    private func evaluateMSSSIM3D(_ adapterCase: AdapterCase) -> AdapterAnswer {
        answering { () throws(SSIMError) -> AdapterAnswer in
            let convention = try given(msssim3DConvention, "3-D MS-SSIM")
            let validated = try ValidatedCase(adapterCase), asked = validated.asked(convention)
            guard let volumes = validated.volumes else { throw .outsideConvention(convention: convention.name, reason: "no volumes") }
            let (maxVal, reduction, gradients) = (validated.options.maxVal, validated.reduction, validated.wantsGradients)
            let precision = asked.judgingPrecision(for: adapterCase.precision)
            let outputs = precision == .float64
                ? try fast.evaluate(
                    volumes.img1, volumes.img2, maxVal: maxVal, convention: asked, reduction: reduction, gradients: gradients).outputs
                : try fast.evaluate(
                    volumes.img1.converted(to: Float.self), volumes.img2.converted(to: Float.self), maxVal: maxVal,
                    convention: asked, reduction: reduction, gradients: gradients).outputs
            return .outputs(outputs.protocolArrays(adapterCase.outputs, precision: precision))
        }
    }

    /// `body`'s answer, or the category of the error that rejects the case.
    private func answering(_ body: () throws(SSIMError) -> AdapterAnswer) -> AdapterAnswer {
        do throws(SSIMError) {
            return try body()
        } catch {
            return .error(category: error.category.rawValue, message: error.description)
        }
    }

    /// The convention of `metric` it was given, or why it computes none.
    private func given<Convention>(_ convention: Convention?, _ metric: String) throws(SSIMError) -> Convention {
        guard let convention else {
            throw .outsideConvention(convention: "none", reason: "the fast implementation was given no \(metric) convention")
        }
        return convention
    }

    /// Answers an MS-SSIM + L1 case in its precision (a half precision in `Float`, the answers rounded to it), with
    /// its α and compensation.
    private func evaluateMSSSIML1(_ adapterCase: AdapterCase, alpha: Double?, compensation: Double?) -> AdapterAnswer {
        answering { () throws(SSIMError) -> AdapterAnswer in
            let convention = try given(msssimL1Convention, "MS-SSIM + L1")
            let validated = try ValidatedCase(adapterCase)
            func answer<Scalar: SSIMScalar>(_: Scalar.Type) throws(SSIMError) -> AdapterAnswer {
                // The maps too: the protocol's outputs are laid out from the reference's shape of results.
                let result = try fast.evaluate(
                    validated.img1.converted(to: Scalar.self), validated.img2.converted(to: Scalar.self),
                    maxVal: validated.options.maxVal, alpha: alpha, compensation: compensation,
                    convention: convention, reduction: validated.reduction, maps: true,
                    gradients: validated.wantsGradients)
                return .outputs(result.outputs!.protocolArrays(adapterCase.outputs, precision: adapterCase.precision))
            }
            return adapterCase.precision == .float64 ? try answer(Double.self) : try answer(Float.self)
        }
    }
}
