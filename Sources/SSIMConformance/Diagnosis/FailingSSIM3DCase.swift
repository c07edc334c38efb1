import SSIM
import SSIMAdapterProtocol

/// A failing 3-D SSIM case whose outputs an ``SSIM3DExplanation`` may reproduce: its `ssim_map` or `loss` failed
/// (outside its bounds, or of the wrong shape: a padding by another reach answers a map of another size), or, its
/// forward outputs passing or not asked, its gradients failed; and the reference can read its request.
struct FailingSSIM3DCase: FailingJudgedCase {
    let failure: Judgement
    let validated: ValidatedCase
    /// The outputs an explanation must reproduce (``FailingCase/judged(_:forward:)``).
    let judged: [AdapterOutput]

    init?(_ failure: Judgement) {
        guard failure.stored.request.metric == .ssim3D, let (validated, judged) = FailingCase.judged(failure, forward: [.ssimMap, .loss]),
            validated.volumes != nil
        else { return nil }
        (self.failure, self.validated, self.judged) = (failure, validated, judged)
    }

    /// The traits the volumes' deviations depend on (padding, window, eps, reduction, precision, an axis shorter than
    /// the window asked, channels, samples): probes that differ in them tell more explanations apart.
    var traits: [String] {
        let (shape, options) = (validated.volumes!.img1.shape, validated.options)
        return [
            options.padding.rawValue, "window \(options.windowSize)", "eps \(options.eps != 0)", validated.reduction.rawValue,
            request.precision.rawValue, "short \(shape[2...].contains { $0 < options.windowSize })", "channels \(shape[1] > 1)",
            "samples \(shape[0] > 1)",
        ]
    }
}
