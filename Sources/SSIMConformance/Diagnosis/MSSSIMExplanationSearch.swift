import SSIM
import SSIMAdapterProtocol

/// An explanation of MS-SSIM answers.
public typealias MSSSIMExplanation = Explanation<MSSSIMDeviation>

/// The search for the simplest ``MSSSIMExplanation``s of failing MS-SSIM cases (``ExplanationSearching``): departures
/// (``MSSSIMDeviation``) from the certified MS-SSIM convention, or from another named one, reproduced by the
/// MS-SSIM reference. A departure that cannot matter to a case (the downsampling of images whose every scale is
/// even) is left out of the explanation there, so the verdict of a case is cached by the convention it computes.
final class MSSSIMExplanationSearch: ConventionReproducingSearch {
    typealias Deviation = MSSSIMDeviation

    let (cases, certified): ([FailingMSSSIMCase], MSSSIMConvention)

    init(_ cases: [FailingMSSSIMCase], certified: MSSSIMConvention) {
        (self.cases, self.certified) = (cases, certified)
    }

    var verdicts: [ReproducedCase<MSSSIMConvention>: Reproduction] = [:]
    /// The data ranges fitted (``fitted(explaining:)``), nil where a fit failed.
    var fittedRanges: [FitKey: Double?] = [:]

    /// Every explanation of `size` departures, pairs judged by wider bounds included (the default keeps those alone).
    func candidates(ofSize size: Int) -> [MSSSIMExplanation] {
        explanations(ofSize: size)
    }

    /// The smallest explanations that reproduce every case of `probes`, all of that size (with a fitted data range
    /// where none of ``maximumSize`` departures or fewer does), of them those ``preferred(_:)``; empty when none fits.
    ///
    /// Where only explanations judged by wider bounds than the certified convention's (``widensBounds(_:)``) fit at
    /// a size, those of one departure more within the certified bounds are preferred if any fits, and otherwise
    /// only the closest of them are kept (``closest(_:on:)``). A per-scale SSIM with float32 taps is judged through
    /// five scales by bounds wide enough to hold the weights' normalisation and another downsampling of odd sizes:
    /// pytorch-msssim's convention "explained" an implementation departing from `wang-msssim` in its relu and its
    /// normalised weights alone, and float32 taps alone, pytorch-msssim's answers.
    func simplest(explaining probes: [Int]) -> [MSSSIMExplanation] {
        func fitting(_ candidates: [MSSSIMExplanation]) -> [MSSSIMExplanation] {
            candidates.filter { candidate in probes.allSatisfy { explains(candidate, $0) } }
        }
        for size in 1...Self.maximumSize {
            let fits = fitting(candidates(ofSize: size))
            guard !fits.isEmpty else { continue }
            if fits.contains(where: { !widensBounds($0) }) { return preferred(fits) }
            let within = size < Self.maximumSize ? fitting(candidates(ofSize: size + 1).filter { !widensBounds($0) }) : []
            return preferred(within.isEmpty ? closest(fits, on: probes) : within)
        }
        return preferred(fitted(explaining: probes))
    }

    /// Of `fits`, those whose reproductions come closest to the answers of `probes` (their largest difference, of
    /// any probe, within twice the least): an explanation of wider bounds says little by fitting within them.
    func closest(_ fits: [MSSSIMExplanation], on probes: [Int]) -> [MSSSIMExplanation] {
        let distances = fits.map { fit in probes.map { reproduction(fit, $0).distance }.max() ?? 0 }
        guard let least = distances.min() else { return fits }
        return fits.indices.filter { distances[$0] <= 2 * least }.map { fits[$0] }
    }

    /// Whether an implementation of `explanation` is judged by other bounds than the certified convention's: its
    /// per-scale SSIM builds its taps in a coarser precision or computes in another.
    func widensBounds(_ explanation: MSSSIMExplanation) -> Bool {
        let (scale, certifiedScale) = (explanation.convention.scale, certified.scale)
        return scale.tapsPrecision.unitRoundoff > certifiedScale.tapsPrecision.unitRoundoff || scale.arithmetic != certifiedScale.arithmetic
    }

    func mattering(_ explanation: MSSSIMExplanation, _ index: Int) -> [MSSSIMDeviation] {
        explanation.deviations.filter {
            $0.matters(to: cases[index].validated, from: explanation.base, to: explanation.convention)
        }
    }

    /// The convention's choices as the case asks it (its window size, its weights).
    func choices(_ convention: MSSSIMConvention, _ index: Int) -> MSSSIMConvention {
        cases[index].validated.asked(convention).choices
    }

    /// Whether `convention`, as the case asks it, reproduces the case's judged outputs
    /// (``Reproduction/judging(_:judged:judging:certifiedJudging:widens:judge:evaluate:)``): judged by its own bounds where the per-scale
    /// SSIM is judged by others (``widensBounds(_:)``).
    func reproduces(_ convention: MSSSIMConvention, _ index: Int) -> Reproduction {
        let failing = cases[index]
        let (validated, request) = (failing.validated, failing.failure.stored.request)
        let asked = validated.asked(convention)
        let (judging, certifiedJudging) = (convention.judgingPrecision(for: request.precision), certified.judgingPrecision(for: request.precision))
        let widens = judging != certifiedJudging
            || convention.scale.tapsPrecision.unitRoundoff > certified.scale.tapsPrecision.unitRoundoff
        return Reproduction.judging(
            failing.failure, judged: failing.judged, judging: judging, certifiedJudging: certifiedJudging, widens: widens,
            judge: { precision throws(SSIMError) in
                try MSSSIMErrorBounds.judging(
                    validated.img1, validated.img2, maxVal: validated.options.maxVal, convention: asked,
                    reduction: validated.reduction, gradients: failing.judgesGradients, precisions: [precision])
            },
            evaluate: { () throws(SSIMError) in
                try MSSSIMReference.evaluate(
                    validated.img1, validated.img2, maxVal: validated.options.maxVal, convention: asked,
                    reduction: validated.reduction, gradients: failing.judgesGradients)
            })
    }

    /// The outputs `explanation` gives for case `index` minus those answered, finite elements only (a fit's
    /// residuals); nil where the reference cannot compute them.
    func differences(_ explanation: MSSSIMExplanation, _ index: Int) -> [Double]? {
        let failing = cases[index]
        let validated = failing.validated
        guard let reproduced = try? MSSSIMReference.evaluate(
            validated.img1, validated.img2, maxVal: validated.options.maxVal, convention: validated.asked(explanation.convention),
            reduction: validated.reduction, gradients: failing.judgesGradients
        ).protocolArrays(failing.judged, precision: .float64)
        else { return nil }
        return LeastSquaresFit.differences(failing.judged.map { reproduced[$0] }, failing.judged.map { failing.failure.answered[$0] })
    }

    struct FitKey: Hashable {
        let base: MSSSIMExplanation
        let index: Int
    }
}
