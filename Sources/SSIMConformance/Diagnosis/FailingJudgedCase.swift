import SSIM
import SSIMAdapterProtocol

/// A failing case as a metric's search holds it (``FailingCase``, ``FailingMSSSIMCase``, ``FailingSSIM3DCase``,
/// ``FailingMSSSIM3DCase``, ``FailingMSSSIML1Case``): its judgement, its request validated, and the outputs an explanation must reproduce
/// (``FailingCase/judged(_:forward:)``). What follows from those is the same whatever the metric.
protocol FailingJudgedCase {
    var failure: Judgement { get }
    var validated: ValidatedCase { get }
    /// The outputs an explanation must reproduce: the forward ones the implementation answered, or, where none of
    /// them fails, the gradients it answered.
    var judged: [AdapterOutput] { get }
    /// The traits of the case its metric's deviations depend on: probes that differ in them tell more explanations
    /// apart (``ExplanationSearching/probes(from:)``).
    var traits: [String] { get }
}

extension FailingJudgedCase {
    /// Whether the explanation must reproduce the gradients (no forward output failed).
    var judgesGradients: Bool { judged.contains(.gradImg1) || judged.contains(.gradImg2) }

    var request: AdapterCase { failure.stored.request }

    /// What a reference evaluation of this case costs, roughly: its pixels, or its voxels.
    var cost: Int { validated.img1.values.count }
}
