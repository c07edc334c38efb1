import SSIM
import SSIMAdapterProtocol

/// An explanation of MS-SSIM + L1 answers.
public typealias MSSSIML1Explanation = Explanation<MSSSIML1Deviation>

/// The search for the simplest ``MSSSIML1Explanation``s of failing MS-SSIM + L1 cases (``ExplanationSearching``):
/// departures (``MSSSIML1Deviation``) from the certified convention's own fields, or another named convention,
/// reproduced by the MS-SSIM + L1 reference; up to three. A departure that cannot matter to a case (α where the case
/// gives it) is left out of the explanation there, so the verdict of a case is cached by the convention it computes.
/// Nothing is fitted: α, the compensation and the window's reach are tried at the values the paper, Kornia and
/// common truncation rules use.
final class MSSSIML1ExplanationSearch: ConventionReproducingSearch {
    typealias Deviation = MSSSIML1Deviation

    let (cases, certified): ([FailingMSSSIML1Case], MSSSIML1Convention)

    init(_ cases: [FailingMSSSIML1Case], certified: MSSSIML1Convention) {
        (self.cases, self.certified) = (cases, certified)
    }

    var verdicts: [ReproducedCase<MSSSIML1Convention>: Reproduction] = [:]

    func widensBounds(_ explanation: MSSSIML1Explanation) -> Bool { widens(explanation.convention, in: nil) }

    /// Whether an implementation computing `convention` is judged by other bounds than the certified convention's,
    /// in a case of `precision` (nil: in some case): its taps built in a coarser precision, or, for a half precision,
    /// another arithmetic of halves.
    private func widens(_ convention: MSSSIML1Convention, in precision: Precision?) -> Bool {
        convention.tapsPrecision.unitRoundoff > certified.tapsPrecision.unitRoundoff
            || ((precision?.isHalf ?? true) && convention.computesHalfInFloat32 != certified.computesHalfInFloat32)
    }

    func mattering(_ explanation: MSSSIML1Explanation, _ index: Int) -> [MSSSIML1Deviation] {
        explanation.deviations.filter { $0.matters(to: cases[index]) }
    }

    /// The convention's choices as the case asks it (its α and compensation).
    func choices(_ convention: MSSSIML1Convention, _ index: Int) -> MSSSIML1Convention {
        let mix = cases[index].mix
        return convention.asked(alpha: mix.alpha, compensation: mix.compensation).choices
    }

    /// Whether `convention` reproduces the case's judged outputs
    /// (``Reproduction/judging(_:judged:judging:certifiedJudging:widens:judge:evaluate:)``): judged by its own bounds
    /// where they are others than the certified convention's (``widensBounds(_:)``).
    func reproduces(_ convention: MSSSIML1Convention, _ index: Int) -> Reproduction {
        let failing = cases[index]
        let (validated, request, mix) = (failing.validated, failing.request, failing.mix)
        return Reproduction.judging(
            failing.failure, judged: failing.judged, judging: convention.judgingPrecision(for: request.precision),
            certifiedJudging: certified.judgingPrecision(for: request.precision), widens: widens(convention, in: request.precision),
            judge: { precision throws(SSIMError) in
                try MSSSIML1ErrorBounds.judging(
                    validated.img1, validated.img2, maxVal: validated.options.maxVal, alpha: mix.alpha,
                    compensation: mix.compensation, convention: convention, reduction: validated.reduction,
                    gradients: failing.judgesGradients, precisions: [precision])
            },
            evaluate: { () throws(SSIMError) in
                try MSSSIML1Reference.evaluate(
                    validated.img1, validated.img2, maxVal: validated.options.maxVal, alpha: mix.alpha,
                    compensation: mix.compensation, convention: convention, reduction: validated.reduction,
                    gradients: failing.judgesGradients)
            })
    }
}
