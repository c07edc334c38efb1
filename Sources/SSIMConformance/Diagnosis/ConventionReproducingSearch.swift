import SSIM

/// A search (``ExplanationSearching``) whose verdicts are the metric's reference computing the convention an
/// explanation computes, the departures that cannot matter to a case left out there (MS-SSIM's, 3-D SSIM's, 3-D
/// MS-SSIM's, MS-SSIM + L1's): a verdict is remembered by the case and the choices computed there, so that explanations differing
/// only in what does not matter to a case share one evaluation of it.
protocol ConventionReproducingSearch: ExplanationSearching where Deviation.Convention: Hashable {
    /// The departures of `explanation` that can change the outputs of case `index`.
    func mattering(_ explanation: Explanation<Deviation>, _ index: Int) -> [Deviation]
    /// What a verdict on case `index` under `convention` is remembered by: the choices it computes there.
    func choices(_ convention: Deviation.Convention, _ index: Int) -> Deviation.Convention
    /// Whether `convention` reproduces the outputs of case `index`, computed afresh.
    func reproduces(_ convention: Deviation.Convention, _ index: Int) -> Reproduction
    /// The verdicts by case and choices.
    var verdicts: [ReproducedCase<Deviation.Convention>: Reproduction] { get set }
}

/// A case and the choices a verdict on it was computed under.
struct ReproducedCase<Convention: Hashable>: Hashable {
    let index: Int
    let convention: Convention
}

extension ConventionReproducingSearch {
    func explains(_ explanation: Explanation<Deviation>, _ index: Int) -> Bool { reproduction(explanation, index).fits }

    func evidenced(_ explanation: Explanation<Deviation>, _ index: Int) -> Bool { reproduction(explanation, index).evidenced }

    func verifiedAfresh(_ explanation: Explanation<Deviation>, _ index: Int) -> Bool {
        reproduces(explanation.convention, index).fits
    }

    /// The verdict of `explanation` on case `index`, by the convention its departures that matter there compute.
    func reproduction(_ explanation: Explanation<Deviation>, _ index: Int) -> Reproduction {
        let mattering = mattering(explanation, index)
        if explanation.fromCertified && mattering.isEmpty { return .none }
        guard let effective = Explanation(base: explanation.base, fromCertified: explanation.fromCertified, deviations: mattering)
        else { return .none }
        let key = ReproducedCase(index: index, convention: choices(effective.convention, index))
        if let verdict = verdicts[key] { return verdict }
        let verdict = reproduces(effective.convention, index)
        verdicts[key] = verdict
        return verdict
    }
}
