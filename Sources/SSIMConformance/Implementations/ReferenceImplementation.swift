import SSIM
import SSIMAdapterProtocol

/// The reference, ``SSIM/SSIMReference``, answering protocol cases: the protocol's first peer, behind
/// `ssim-conform eval`, and certified like any other implementation.
///
/// Inputs are checked in the order of ``SSIMAdapterProtocol/ValidatedCase``. The reference computes in `Double`
/// whatever the inputs' precision and answers every output in float64, under its ``convention`` for SSIM cases
/// (Kornia's unless another is asked for, `eval --convention`) and its ``msssimConvention`` for MS-SSIM cases
/// (`wang-msssim` unless another is asked for), each MS-SSIM case's window size and weights applied to it, and its
/// ``msssimL1Convention`` for MS-SSIM + L1 cases (Kornia's), with each case's α and compensation, and its
/// ``ssim3DConvention`` for 3-D SSIM cases (Kornia's `ssim3d`, ``SSIM/SSIM3DReference``), and its
/// ``msssim3DConvention`` for 3-D MS-SSIM cases (torchmetrics', ``SSIM/MSSSIM3DReference``), each case's window
/// size and weights applied to it. A case
/// the convention cannot express, or of a metric it has no convention for, is answered `unsupported`; under a
/// means-only convention it still gives the map, whose means are that convention's answers.
public struct ReferenceImplementation: SSIMImplementation {
    public let name = "ssim-conformance-reference"
    public let version = "1.0.0"
    /// The SSIM convention it computes, if it computes SSIM.
    public let convention: SSIMConvention?
    /// The MS-SSIM convention it computes, if it computes MS-SSIM.
    public let msssimConvention: MSSSIMConvention?
    /// The MS-SSIM + L1 convention it computes, if it computes that loss.
    public let msssimL1Convention: MSSSIML1Convention?
    /// The 3-D SSIM convention it computes, if it computes SSIM on volumes.
    public let ssim3DConvention: SSIM3DConvention?
    /// The 3-D MS-SSIM convention it computes, if it computes MS-SSIM on volumes.
    public let msssim3DConvention: MSSSIM3DConvention?
    /// Every metric: a case of one it has no convention of is answered unsupported, saying so.
    public let metrics = Set(CaseMetric.names)

    public init(
        convention: SSIMConvention? = .kornia, msssimConvention: MSSSIMConvention? = .wangMSSSIM,
        msssimL1Convention: MSSSIML1Convention? = .kornia, ssim3DConvention: SSIM3DConvention? = .kornia,
        msssim3DConvention: MSSSIM3DConvention? = .torchmetrics
    ) {
        self.convention = convention
        self.msssimConvention = msssimConvention
        self.msssimL1Convention = msssimL1Convention
        self.ssim3DConvention = ssim3DConvention
        self.msssim3DConvention = msssim3DConvention
    }

    /// Answers one case: its requested outputs, or the category of the error that rejects it.
    public func evaluate(_ adapterCase: AdapterCase) -> AdapterAnswer {
        do throws(SSIMError) {
            let validated = try ValidatedCase(adapterCase)
            switch validated.metric {
            case .ssim:
                guard let convention else { throw conventions.missing(validated.metric) }
                let result = try SSIMReference.evaluate(
                    validated.img1, validated.img2, options: validated.options, reduction: validated.reduction,
                    gradients: validated.wantsGradients, convention: convention)
                return .outputs(result.protocolArrays(adapterCase.outputs, precision: .float64))
            case .msSSIM:
                guard let msssimConvention else { throw conventions.missing(validated.metric) }
                let result = try MSSSIMReference.evaluate(
                    validated.img1, validated.img2, maxVal: validated.options.maxVal,
                    convention: validated.asked(msssimConvention), reduction: validated.reduction,
                    gradients: validated.wantsGradients)
                return .outputs(result.protocolArrays(adapterCase.outputs, precision: .float64))
            case .msSSIML1(let alpha, let compensation):
                guard let msssimL1Convention else { throw conventions.missing(validated.metric) }
                let result = try MSSSIML1Reference.evaluate(
                    validated.img1, validated.img2, maxVal: validated.options.maxVal, alpha: alpha,
                    compensation: compensation, convention: msssimL1Convention, reduction: validated.reduction,
                    gradients: validated.wantsGradients)
                return .outputs(result.protocolArrays(adapterCase.outputs, precision: .float64))
            case .ssim3D:
                guard let ssim3DConvention, let volumes = validated.volumes else { throw conventions.missing(validated.metric) }
                let result = try SSIM3DReference.evaluate(
                    volumes.img1, volumes.img2, options: validated.options, reduction: validated.reduction,
                    gradients: validated.wantsGradients, convention: ssim3DConvention)
                return .outputs(result.protocolArrays(adapterCase.outputs, precision: .float64))
            case .msSSIM3D:
                guard let msssim3DConvention, let volumes = validated.volumes else { throw conventions.missing(validated.metric) }
                let result = try MSSSIM3DReference.evaluate(
                    volumes.img1, volumes.img2, maxVal: validated.options.maxVal,
                    convention: validated.asked(msssim3DConvention), reduction: validated.reduction,
                    gradients: validated.wantsGradients)
                return .outputs(result.protocolArrays(adapterCase.outputs, precision: .float64))
            }
        } catch {
            return .error(category: error.category.rawValue, message: error.description)
        }
    }

    /// Its conventions, by metric.
    private var conventions: ConventionsByMetric {
        ConventionsByMetric(
            ssim: convention, msssim: msssimConvention, msssimL1: msssimL1Convention, ssim3D: ssim3DConvention,
            msssim3D: msssim3DConvention)
    }
}
