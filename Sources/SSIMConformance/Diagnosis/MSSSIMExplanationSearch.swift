import SSIM
import SSIMAdapterProtocol

/// An explanation of MS-SSIM answers.
public typealias MSSSIMExplanation = Explanation<MSSSIMDeviation>

/// The search for the simplest ``MSSSIMExplanation``s of failing MS-SSIM cases (``ExplanationSearching``): departures
/// (``MSSSIMDeviation``) from the certified MS-SSIM convention, or from another named one, reproduced by the
/// MS-SSIM reference. A departure that cannot matter to a case (the downsampling of images whose every scale is
/// even) is left out of the explanation there, so the verdict of a case is cached by the convention it computes.
final class MSSSIMExplanationSearch: ExplanationSearching {
    typealias Deviation = MSSSIMDeviation

    let (cases, certified): ([FailingMSSSIMCase], MSSSIMConvention)
    /// The named MS-SSIM conventions other than the certified one.
    let others: [MSSSIMConvention]

    init(_ cases: [FailingMSSSIMCase], certified: MSSSIMConvention) {
        (self.cases, self.certified) = (cases, certified)
        others = MSSSIMConvention.named.filter { !$0.computesLike(certified) }
    }

    /// The verdicts by case and convention computed there.
    private var verdicts: [VerdictKey: Reproduction] = [:]
    /// The data ranges fitted (``fitted(explaining:)``), nil where a fit failed.
    var fittedRanges: [FitKey: Double?] = [:]

    var failures: [Judgement] { cases.map(\.failure) }

    func cost(_ index: Int) -> Int { cases[index].cost }

    func traits(_ index: Int) -> [String] { cases[index].traits }

    func candidates(ofSize size: Int) -> [MSSSIMExplanation] {
        explanations(ofSize: size, from: MSSSIMDeviation.all, others: others)
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

    func explains(_ explanation: MSSSIMExplanation, _ index: Int) -> Bool { reproduction(explanation, index).fits }

    func evidenced(_ explanation: MSSSIMExplanation, _ index: Int) -> Bool { reproduction(explanation, index).evidenced }

    func verifiedAfresh(_ explanation: MSSSIMExplanation, _ index: Int) -> Bool {
        reproduces(explanation.convention, cases[index]).fits
    }

    /// The verdict of `explanation` on case `index`, by the convention its departures that matter there compute.
    private func reproduction(_ explanation: MSSSIMExplanation, _ index: Int) -> Reproduction {
        let failing = cases[index]
        let mattering = explanation.deviations.filter {
            $0.matters(to: failing.validated, from: explanation.base, to: explanation.convention)
        }
        if explanation.fromCertified && mattering.isEmpty { return .none }
        guard let effective = MSSSIMExplanation(base: explanation.base, fromCertified: explanation.fromCertified, deviations: mattering)
        else { return .none }
        let key = VerdictKey(index: index, convention: failing.validated.asked(effective.convention).choices)
        if let verdict = verdicts[key] { return verdict }
        let verdict = reproduces(effective.convention, failing)
        verdicts[key] = verdict
        return verdict
    }

    /// Whether `convention`, as the case asks it, reproduces the case's judged outputs: within the certified bounds,
    /// or within its own where the per-scale SSIM is judged by others (``widensBounds(_:)``: then it must be
    /// evidenced), where a certified value is NaN or infinite (whose bound, 0, says nothing of a finite value's), or
    /// where the certified convention cannot compute the case meaningfully (its bounds judge nothing).
    private func reproduces(_ convention: MSSSIMConvention, _ failing: FailingMSSSIMCase) -> Reproduction {
        let (validated, request) = (failing.validated, failing.failure.stored.request)
        let asked = validated.asked(convention)
        let (judging, certifiedJudging) = (convention.judgingPrecision(for: request.precision), certified.judgingPrecision(for: request.precision))
        let widens = judging != certifiedJudging
            || convention.scale.tapsPrecision.unitRoundoff > certified.scale.tapsPrecision.unitRoundoff
        let expected = failing.failure.stored.expectation.outputs
        let own = widens || expected?.notComputable != nil
            || (expected?.values ?? [:]).values.contains { $0.values.contains { !$0.isFinite } }
        var reproduced: [AdapterOutput: ProtocolArray]
        var bounds: [AdapterOutput: ProtocolArray]
        do throws(SSIMError) {
            if own {
                let judged = try MSSSIMErrorBounds.judging(
                    validated.img1, validated.img2, maxVal: validated.options.maxVal, convention: asked,
                    reduction: validated.reduction, gradients: failing.judgesGradients, precisions: [judging])
                guard let acceptance = judged.acceptance[judging] else { return .none }
                reproduced = judged.expected.protocolArrays(failing.judged, precision: .float64)
                bounds = acceptance.protocolArrays(failing.judged, precision: .float64)
                // Where the case cannot be computed meaningfully under the explanation in a half precision (the
                // vectors' rule: ``SSIMVectors/ReferenceExpectation/notComputable``), no value of it is judged: that
                // explains a failure of the outputs' shapes alone, where no value was judged under the certified
                // convention either; a failure of values it does not explain.
                if judging.isHalf && judged.notComputable[judging] != nil {
                    guard expected?.notComputable != nil else { return .none }
                    bounds = bounds.mapValues { ProtocolArray(shape: $0.shape, precision: $0.precision, values: $0.values.map { _ in .infinity }) }
                }
            } else {
                reproduced = try MSSSIMReference.evaluate(
                    validated.img1, validated.img2, maxVal: validated.options.maxVal, convention: asked,
                    reduction: validated.reduction, gradients: failing.judgesGradients
                ).protocolArrays(failing.judged, precision: .float64)
                bounds = failing.failure.stored.expectation.outputs?.bounds[certifiedJudging] ?? [:]
            }
        } catch {
            return .none
        }
        return Reproduction.judging(
            failing.failure, judged: failing.judged, reproduced: reproduced, bounds: bounds, widerBounds: widens,
            float32Answers: judging == .float32 && request.precision == .float64, fromTheBoundsAlone: false)
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

    private struct VerdictKey: Hashable {
        let index: Int
        let convention: MSSSIMConvention
    }

    struct FitKey: Hashable {
        let base: MSSSIMExplanation
        let index: Int
    }
}
