import FoundationEssentials
import SSIM
import SSIMAdapterProtocol

/// Fitting the continuous choices: where no explanation of the values named conventions use fits the probes, the
/// search fits σ, K1 or K2 to the implementation's answers, on the certified convention alone, with one departure,
/// or on another named convention alone.
extension ExplanationSearch {
    /// A continuous choice the search fits.
    enum FittedChoice: CaseIterable {
        /// The Gaussian's σ, named by the rule it follows across window sizes (OpenCV's, k/6, k/7) or as a number.
        case sigma
        case k1
        case k2

        /// The deviation making this choice `value`.
        func deviation(_ value: Double) -> KnownDeviation {
            switch self {
            case .sigma: .gaussianSigma(.fixed(value))
            case .k1: .k1(value)
            case .k2: .k2(value)
            }
        }

        /// The value `convention` makes for a window of `taps` taps; nil where it has none (a uniform window's σ).
        func value(in convention: SSIMConvention, taps: Int) -> Double? {
            switch self {
            case .sigma: if case .gaussian(let sigma) = convention.window { sigma.value(taps: taps) } else { nil }
            case .k1: convention.k1
            case .k2: convention.k2
            }
        }

        /// Values the fit starts from (the best of them, with the convention's own): spread over the range met.
        var starts: [Double] {
            switch self {
            case .sigma: [0.5, 0.8, 1.1, 1.5, 2, 3]
            case .k1, .k2: [0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1]
            }
        }

        /// The least value the fit may reach: σ stays positive, K1 and K2 not negative.
        var least: Double { self == .sigma ? 0.05 : 0 }
    }

    /// The rules σ may follow across window sizes, tried where the value fitted agrees with one.
    static let sigmaRules: [SSIMConvention.Sigma] = [.opencv, .tapsOver(6), .tapsOver(7)]

    /// The explanations with one fitted choice that reproduce every case of `probes`: those of the fewest
    /// departures, the fitted choice counted as one. The choice is fitted on the smallest probe it changes, named by
    /// each σ rule that gives the value fitted for that probe's taps and by the value itself (snapped to a short
    /// decimal where that reproduces as well), and each naming verified on every probe: the rule that holds across
    /// window sizes is the one that reproduces probes of several.
    func fitted(explaining probes: [Int]) -> [SSIMExplanation] {
        let bases = [SSIMExplanation(base: certified, fromCertified: true, deviations: [])].compactMap { $0 }
            + candidates(ofSize: 1).filter { $0.size < Self.maximumSize }
        // The smallest probes first: most namings are refused by the cheapest evaluation.
        let bySize = probes.sorted { cases[$0].cost < cases[$1].cost }
        var fits: [SSIMExplanation] = []
        for base in bases {
            for choice in FittedChoice.allCases {
                // A choice of the same kind already made (σ named, a uniform window) is not fitted over.
                guard !base.deviations.contains(where: { $0.choice == choice.deviation(1).choice }),
                    let (value, taps) = fit(choice, from: base, on: probes)
                else { continue }
                for alternatives in Self.namings(value, taps: taps, choice) {
                    let explanations = alternatives.compactMap { deviation in
                        SSIMExplanation(base: base.base, fromCertified: base.fromCertified, deviations: base.deviations + [deviation])
                    }
                    if let fit = explanations.first(where: { candidate in bySize.allSatisfy { explains(candidate, $0) } }) {
                        fits.append(fit)
                    }
                }
            }
        }
        guard let fewest = fits.map(\.size).min() else { return [] }
        return fits.filter { $0.size == fewest }
    }

    /// The value of `choice` fitted on the smallest of `probes` whose outputs it changes, and the number of taps
    /// of that probe's window; nil where it changes none of those of at most ``fitCostLimit`` pixels (a fit
    /// evaluates the reference tens of times).
    private func fit(_ choice: FittedChoice, from base: SSIMExplanation, on probes: [Int]) -> (value: Double, taps: Int)? {
        for index in probes.sorted(by: { cases[$0].cost < cases[$1].cost }) where cases[index].cost <= Self.fitCostLimit {
            let taps = base.convention.tapCount(cases[index].validated.options)
            if let value = fit(choice, from: base, on: index, taps: taps) { return (value, taps) }
        }
        return nil
    }

    /// The value of `choice` fitted on case `index` (``fitAfresh(_:from:on:taps:)``), once per search.
    private func fit(_ choice: FittedChoice, from base: SSIMExplanation, on index: Int, taps: Int) -> Double? {
        let key = FitKey(base: base, choice: choice, index: index)
        if let remembered = fittedValues[key] { return remembered }
        let value = fitAfresh(choice, from: base, on: index, taps: taps)
        fittedValues[key] = .some(value)
        return value
    }

    /// What a fit is remembered by: the searches of the diagnosis fit on the same small probes again.
    struct FitKey: Hashable {
        let base: SSIMExplanation
        let choice: FittedChoice
        let index: Int
    }

    /// The value of `choice` minimising the squared differences from the answers of case `index`: the best of the
    /// starting values, then Gauss–Newton steps (halved while they do not improve) until they stop moving it, or
    /// stop halving the squared differences: a choice that explains the answers converges fast, and one that does
    /// not is then refused by the verification, wherever the fit stopped. Nil where the choice changes nothing in
    /// the case (every start reproduces the same outputs) or the reference cannot compute it.
    private func fitAfresh(_ choice: FittedChoice, from base: SSIMExplanation, on index: Int, taps: Int) -> Double? {
        let own = choice.value(in: base.convention, taps: taps).map { [$0] } ?? []
        return LeastSquaresFit.minimising(starts: own + choice.starts, least: choice.least) { value in
            SSIMExplanation(
                base: base.base, fromCertified: base.fromCertified, deviations: base.deviations + [choice.deviation(value)]
            ).flatMap { differences($0, index) }
        }
    }

    /// The most pixels a case fitted on has.
    static let fitCostLimit = 1 << 14

    /// The namings of `value`, fitted for a window of `taps` taps, each a list of alternatives of which the first
    /// that reproduces the probes is taken: for σ, each rule giving that value at those taps, then the fixed value;
    /// the value snapped to a short decimal before the value itself, where one lies within 10⁻⁶ of it.
    private static func namings(_ value: Double, taps: Int, _ choice: FittedChoice) -> [[KnownDeviation]] {
        let rules = choice == .sigma ? sigmaRules.filter { LeastSquaresFit.close($0.value(taps: taps), value) } : []
        return rules.map { [.gaussianSigma($0)] } + [LeastSquaresFit.snapped(value).map(choice.deviation)]
    }

    /// The differences between the outputs `explanation` reproduces for case `index` and those answered, finite
    /// elements only; nil where the reference cannot compute them or their shapes differ.
    private func differences(_ explanation: SSIMExplanation, _ index: Int) -> [Double]? {
        let failing = cases[index]
        guard let reproduced = outputs(explanation, failing, index: index, fresh: true)?.protocolArrays(failing.judged, precision: .float64)
        else { return nil }
        return LeastSquaresFit.differences(failing.judged.map { reproduced[$0] }, failing.judged.map { failing.failure.answered[$0] })
    }
}
