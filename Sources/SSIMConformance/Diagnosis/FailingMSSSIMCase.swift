import SSIM
import SSIMAdapterProtocol

/// A failing MS-SSIM case whose outputs an ``MSSSIMExplanation`` may reproduce: its `ms_ssim` or `loss` failed
/// (outside its bounds, or of the wrong shape: a pooling per image answers one value per sample), or, its forward
/// outputs passing or not asked, its gradients failed; and the reference can read its request.
struct FailingMSSSIMCase: FailingJudgedCase {
    let failure: Judgement
    let validated: ValidatedCase
    /// The outputs an explanation must reproduce (``FailingCase/judged(_:forward:)``).
    let judged: [AdapterOutput]

    init?(_ failure: Judgement) {
        guard case .msSSIM = failure.stored.request.metric, let (validated, judged) = FailingCase.judged(failure, forward: [.msSSIM, .loss])
        else { return nil }
        (self.failure, self.validated, self.judged) = (failure, validated, judged)
    }

    /// The traits MS-SSIM's deviations depend on (odd sides, the scales' weights, the data range, channels,
    /// samples, precision, reduction): probes that differ in them tell more explanations apart.
    var traits: [String] {
        let shape = validated.img1.shape
        let weights: [Double]? = if case .msSSIM(let weights) = validated.metric { weights } else { nil }
        return [
            "odd \(shape.height % 2 == 1 || shape.width % 2 == 1)", "weights \(weights ?? [])", "L \(validated.options.maxVal)",
            "channels \(shape.channels > 1)", "samples \(shape.batch > 1)", failure.stored.request.precision.rawValue,
            validated.reduction.rawValue,
        ]
    }
}
