import SSIM
import SSIMAdapterProtocol

/// A failing MS-SSIM + L1 case whose outputs an ``MSSSIML1Explanation`` may reproduce: its `loss` failed (outside its
/// bounds, or of the wrong shape), or, its loss passing or not asked, its gradients failed; and the reference can
/// read its request.
struct FailingMSSSIML1Case: FailingJudgedCase {
    let failure: Judgement
    let validated: ValidatedCase
    /// The outputs an explanation must reproduce (``FailingCase/judged(_:forward:)``).
    let judged: [AdapterOutput]

    init?(_ failure: Judgement) {
        guard case .msSSIML1 = failure.stored.request.metric, let (validated, judged) = FailingCase.judged(failure, forward: [.loss])
        else { return nil }
        (self.failure, self.validated, self.judged) = (failure, validated, judged)
    }

    /// The α and compensation the case gives, nil where it gives none (the convention's hold).
    var mix: (alpha: Double?, compensation: Double?) {
        guard case .msSSIML1(let alpha, let compensation) = validated.metric else { return (nil, nil) }
        return (alpha, compensation)
    }

    /// The traits the deviations depend on (whether the case gives α and the compensation, the data range, a side
    /// shorter than Kornia's 33 taps, channels, samples, precision, reduction): probes that differ in them tell more
    /// explanations apart.
    var traits: [String] {
        let shape = validated.img1.shape
        return [
            "alpha \(mix.alpha == nil)", "compensation \(mix.compensation == nil)", "L \(validated.options.maxVal)",
            "small \(min(shape.height, shape.width) < MSSSIML1Convention.kornia.taps)", "channels \(shape.channels > 1)",
            "samples \(shape.batch > 1)", request.precision.rawValue, validated.reduction.rawValue,
        ]
    }
}
