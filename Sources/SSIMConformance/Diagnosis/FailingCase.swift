import SSIM
import SSIMAdapterProtocol

/// A failing case whose outputs an ``Explanation`` may reproduce: an SSIM case (the search is over SSIM's choices)
/// whose `ssim_map` or `loss` failed (outside its bounds, or of the wrong shape), or, its forward outputs passing or
/// not asked, whose gradients failed; and whose request the reference can read.
struct FailingCase: FailingJudgedCase {
    let failure: Judgement
    let validated: ValidatedCase
    /// The outputs an explanation must reproduce: the forward ones the implementation answered, or, where none of
    /// them fails, the gradients it answered.
    let judged: [AdapterOutput]

    init?(_ failure: Judgement) {
        guard failure.stored.request.metric == .ssim, let (validated, judged) = Self.judged(failure, forward: [.ssimMap, .loss]) else { return nil }
        (self.failure, self.validated, self.judged) = (failure, validated, judged)
    }

    /// The request of `failure` validated, and the outputs an explanation must reproduce: those of `forward` the
    /// implementation answered where one of them fails (outside its bounds, or of the wrong shape), else the
    /// gradients it answered where one of them fails; nil where none fails or the reference cannot read the request.
    static func judged(_ failure: Judgement, forward: [AdapterOutput]) -> (ValidatedCase, [AdapterOutput])? {
        let request = failure.stored.request
        func answered(_ outputs: [AdapterOutput]) -> [AdapterOutput] {
            request.outputs.filter { outputs.contains($0) && failure.answered[$0] != nil }
        }
        func fails(_ output: AdapterOutput) -> Bool { failure.comparison(of: output)?.fails ?? true }
        let forward = answered(forward), gradients = answered([.gradImg1, .gradImg2])
        let judged = forward.contains(where: fails) ? forward : gradients.contains(where: fails) ? gradients : []
        guard !judged.isEmpty, let validated = try? ValidatedCase(request) else { return nil }
        return (validated, judged)
    }

    /// The traits the deviations depend on (padding, window, eps, reduction, precision, channels, samples): probes
    /// that differ in them tell more explanations apart.
    var traits: [String] {
        let (shape, options) = (validated.img1.shape, validated.options)
        return [
            options.padding.rawValue, "window \(options.windowSize == 11)", "eps \(options.eps != 0)",
            validated.reduction.rawValue, request.precision.rawValue, "channels \(shape.channels > 1)",
            "samples \(shape.batch > 1)",
        ]
    }
}
