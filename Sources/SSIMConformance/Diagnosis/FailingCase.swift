import SSIM
import SSIMAdapterProtocol

/// A failing case whose forward outputs an ``Explanation`` may reproduce: one whose `ssim_map` or `loss` failed
/// (outside its bounds, or of the wrong shape) and whose request the reference can read.
struct FailingCase {
    let failure: Judgement
    let validated: ValidatedCase
    /// The forward outputs the implementation answered.
    let forward: [AdapterOutput]

    init?(_ failure: Judgement) {
        let request = failure.stored.request
        let forward = request.outputs.filter { ($0 == .ssimMap || $0 == .loss) && failure.answered[$0] != nil }
        guard forward.contains(where: { failure.comparison(of: $0)?.fails ?? true }),
            let validated = try? ValidatedCase(request)
        else { return nil }
        (self.failure, self.validated, self.forward) = (failure, validated, forward)
    }

    var request: AdapterCase { failure.stored.request }

    /// What a reference evaluation of this case costs, roughly: its pixels.
    var cost: Int { validated.img1.values.count }

    /// The traits the deviations depend on (padding, window, eps, reduction, precision, channels, samples): probes
    /// that differ in them tell more explanations apart.
    var traits: [String] {
        let shape = validated.img1.shape
        return [
            request.padding, "window \(request.windowSize == 11)", "eps \(request.eps != 0)", request.reduction,
            request.precision.rawValue, "channels \(shape.channels > 1)", "samples \(shape.batch > 1)",
        ]
    }
}
