import SSIM
import SSIMAdapterProtocol

/// An explanation of 3-D MS-SSIM answers.
public typealias MSSSIM3DExplanation = Explanation<MSSSIM3DDeviation>

/// The search for the simplest ``MSSSIM3DExplanation``s of failing 3-D MS-SSIM cases (``ExplanationSearching``):
/// departures (``MSSSIM3DDeviation``) of the pyramid or of every scale's 3-D SSIM from the certified 3-D MS-SSIM
/// convention, or another named one, reproduced by the 3-D MS-SSIM reference; one departure, then two (as 3-D SSIM's
/// search: some sixty departures, each evaluated on a pyramid of volumes). A departure that cannot matter to a case
/// (the downsampling of volumes whose every scale but the last is even) is left out of the explanation there, so the
/// verdict of a case is cached by the convention it computes. Nothing is fitted: the data range is tried at
/// msssim.m's 255, the depth's σ and taps at the values named conventions use.
final class MSSSIM3DExplanationSearch: ConventionReproducingSearch {
    typealias Deviation = MSSSIM3DDeviation

    static let maximumSize = 2

    let (cases, certified): ([FailingMSSSIM3DCase], MSSSIM3DConvention)

    init(_ cases: [FailingMSSSIM3DCase], certified: MSSSIM3DConvention) {
        (self.cases, self.certified) = (cases, certified)
    }

    var verdicts: [ReproducedCase<MSSSIM3DConvention>: Reproduction] = [:]

    /// Whether an implementation of `explanation` is judged by other bounds than the certified convention's: its
    /// scales' 3-D SSIM is (``SSIM3DExplanationSearch/widens(_:beyond:in:)``).
    func widensBounds(_ explanation: MSSSIM3DExplanation) -> Bool {
        SSIM3DExplanationSearch.widens(explanation.convention.volume, beyond: certified.volume)
    }

    func mattering(_ explanation: MSSSIM3DExplanation, _ index: Int) -> [MSSSIM3DDeviation] {
        explanation.deviations.filter {
            $0.matters(to: cases[index].request, validated: cases[index].validated, from: explanation.base, to: explanation.convention)
        }
    }

    /// The convention's choices as the case asks it (its window size, its weights).
    func choices(_ convention: MSSSIM3DConvention, _ index: Int) -> MSSSIM3DConvention {
        cases[index].validated.asked(convention).choices
    }

    /// Whether `convention`, as the case asks it, reproduces the case's judged outputs
    /// (``Reproduction/judging(_:judged:judging:certifiedJudging:widens:judge:evaluate:)``): judged by its own bounds
    /// where its scales' 3-D SSIM is judged by others (``widensBounds(_:)``).
    func reproduces(_ convention: MSSSIM3DConvention, _ index: Int) -> Reproduction {
        let failing = cases[index]
        let (validated, request, volumes) = (failing.validated, failing.request, failing.validated.volumes!)
        let asked = validated.asked(convention)
        let (judging, certifiedJudging) = (convention.judgingPrecision(for: request.precision), certified.judgingPrecision(for: request.precision))
        return Reproduction.judging(
            failing.failure, judged: failing.judged, judging: judging, certifiedJudging: certifiedJudging,
            widens: SSIM3DExplanationSearch.widens(convention.volume, beyond: certified.volume, in: request.precision),
            judge: { precision throws(SSIMError) in
                try MSSSIM3DErrorBounds.judging(
                    volumes.img1, volumes.img2, maxVal: validated.options.maxVal, convention: asked,
                    reduction: validated.reduction, gradients: failing.judgesGradients, precisions: [precision])
            },
            evaluate: { () throws(SSIMError) in
                try MSSSIM3DReference.evaluate(
                    volumes.img1, volumes.img2, maxVal: validated.options.maxVal, convention: asked,
                    reduction: validated.reduction, gradients: failing.judgesGradients)
            })
    }
}
