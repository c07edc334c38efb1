import SSIM
import SSIMAdapterProtocol

/// An explanation of 3-D SSIM answers.
public typealias SSIM3DExplanation = Explanation<SSIM3DDeviation>

/// The search for the simplest ``SSIM3DExplanation``s of failing 3-D SSIM cases (``ExplanationSearching``): departures
/// (``SSIM3DDeviation``) from the certified 3-D convention, per axis, or another named 3-D convention, reproduced by
/// the 3-D reference; one departure, then two (volumes cost more to evaluate than images, and three departures of
/// some seventy would be tens of thousands of them). A departure that cannot matter to a case (a border along an axis
/// whose map reads nothing beyond its faces) is left out of the explanation there, so the verdict of a case is
/// cached by the convention it computes. Nothing is fitted: σ and the taps along the depth are tried at the values
/// named conventions use.
final class SSIM3DExplanationSearch: ConventionReproducingSearch {
    typealias Deviation = SSIM3DDeviation

    static let maximumSize = 2

    let (cases, certified): ([FailingSSIM3DCase], SSIM3DConvention)

    init(_ cases: [FailingSSIM3DCase], certified: SSIM3DConvention) {
        (self.cases, self.certified) = (cases, certified)
    }

    var verdicts: [ReproducedCase<SSIM3DConvention>: Reproduction] = [:]

    /// Whether an implementation of `explanation` is judged by other bounds than the certified convention's: its
    /// taps built in a coarser precision, another arithmetic, another convolution or another arithmetic of halves.
    func widensBounds(_ explanation: SSIM3DExplanation) -> Bool { Self.widens(explanation.convention, beyond: certified) }

    /// Whether an implementation computing `convention` is judged by other bounds than one computing `certified`, in
    /// a case of `precision` (nil: in some case): its taps built in a coarser precision, another convolution, another
    /// precision judging the case (another arithmetic), or, for a half precision, another arithmetic of halves. 3-D
    /// MS-SSIM's search judges its scales' 3-D SSIM by the same rule (``MSSSIM3DExplanationSearch``).
    static func widens(_ convention: SSIM3DConvention, beyond certified: SSIM3DConvention, in precision: Precision? = nil) -> Bool {
        let arithmetic = precision.map { convention.judgingPrecision(for: $0) != certified.judgingPrecision(for: $0) }
            ?? (convention.plane.arithmetic != certified.plane.arithmetic)
        return arithmetic || convention.plane.tapsPrecision.unitRoundoff > certified.plane.tapsPrecision.unitRoundoff
            || convention.convolution != certified.convolution
            || ((precision?.isHalf ?? true) && convention.computesHalfInFloat32 != certified.computesHalfInFloat32)
    }

    func mattering(_ explanation: SSIM3DExplanation, _ index: Int) -> [SSIM3DDeviation] {
        explanation.deviations.filter {
            $0.matters(to: cases[index].request, validated: cases[index].validated, explained: explanation.convention)
        }
    }

    /// The convention's choices, whatever it is called.
    func choices(_ convention: SSIM3DConvention, _ index: Int) -> SSIM3DConvention {
        var choices = convention
        (choices.name, choices.summary, choices.provenance) = ("", "", nil)
        return choices
    }

    /// Whether `convention` reproduces the case's judged outputs
    /// (``Reproduction/judging(_:judged:judging:certifiedJudging:widens:judge:evaluate:)``): judged by its own bounds
    /// where they are others than the certified convention's (``widensBounds(_:)``).
    func reproduces(_ convention: SSIM3DConvention, _ index: Int) -> Reproduction {
        let failing = cases[index]
        let (validated, request, volumes) = (failing.validated, failing.request, failing.validated.volumes!)
        let (judging, certifiedJudging) = (convention.judgingPrecision(for: request.precision), certified.judgingPrecision(for: request.precision))
        return Reproduction.judging(
            failing.failure, judged: failing.judged, judging: judging, certifiedJudging: certifiedJudging,
            widens: Self.widens(convention, beyond: certified, in: request.precision),
            judge: { precision throws(SSIMError) in
                try SSIM3DErrorBounds.judging(
                    volumes.img1, volumes.img2, options: validated.options, reduction: validated.reduction,
                    gradients: failing.judgesGradients, precisions: [precision], convention: convention)
            },
            evaluate: { () throws(SSIMError) in
                try SSIM3DReference.evaluate(
                    volumes.img1, volumes.img2, options: validated.options, reduction: validated.reduction,
                    gradients: failing.judgesGradients, convention: convention)
            })
    }
}
