import SSIM
import SSIMAdapterProtocol

/// A failing 3-D MS-SSIM case whose outputs an ``MSSSIM3DExplanation`` may reproduce: its `ms_ssim` or `loss` failed
/// (outside its bounds, or of the wrong shape: a pooling per image answers one value per sample), or, its forward
/// outputs passing or not asked, its gradients failed; and the reference can read its request.
struct FailingMSSSIM3DCase: FailingJudgedCase {
    let failure: Judgement
    let validated: ValidatedCase
    /// The outputs an explanation must reproduce (``FailingCase/judged(_:forward:)``).
    let judged: [AdapterOutput]

    init?(_ failure: Judgement) {
        guard case .msSSIM3D = failure.stored.request.metric,
            let (validated, judged) = FailingCase.judged(failure, forward: [.msSSIM, .loss]), validated.volumes != nil
        else { return nil }
        (self.failure, self.validated, self.judged) = (failure, validated, judged)
    }

    /// The traits the deviations depend on (an odd axis, for the downsampling; an axis shorter than the window, for
    /// what a scale does with it; the window, the weights, the data range, channels, samples, precision, reduction):
    /// probes that differ in them tell more explanations apart.
    var traits: [String] {
        let shape = validated.volumes!.img1.shape
        let weights: [Double]? = if case .msSSIM3D(let weights) = validated.metric { weights } else { nil }
        return [
            "odd \(shape[2...].contains { $0 % 2 == 1 })", "short \(shape[2...].contains { $0 < validated.options.windowSize })",
            "window \(validated.options.windowSize)", "weights \(weights ?? [])", "L \(validated.options.maxVal)",
            "channels \(shape[1] > 1)", "samples \(shape[0] > 1)", request.precision.rawValue, validated.reduction.rawValue,
        ]
    }
}
