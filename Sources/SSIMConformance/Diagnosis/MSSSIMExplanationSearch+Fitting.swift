import SSIM

/// Fitting the data range: where no explanation of the values named conventions use fits the probes, the search
/// fits a fixed L (``SSIM/MSSSIMConvention/DataRange/fixed(_:)``) to the implementation's answers, on the certified
/// convention alone, with one departure, or on another named convention alone. (The weights are not fitted: a case
/// answers one MS-SSIM per unit, one equation for as many unknowns as scales.)
extension MSSSIMExplanationSearch {
    /// Values of L the fit starts from (the best of them): the ranges images come in.
    static let rangeStarts = [0.5, 1, 2, 10, 100, 255, 1000, 65535]
    /// The most pixels a case fitted on has: a five-scale pyramid of a few hundred pixels a side, evaluated tens of
    /// times.
    static let fitCostLimit = 1 << 16

    /// The explanations with a fitted fixed L that reproduce every case of `probes`: those of the fewest departures,
    /// the fitted L counted as one. L is fitted on the smallest probe it changes, named by the value snapped to a
    /// short decimal where that reproduces as well, and verified on every probe.
    func fitted(explaining probes: [Int]) -> [MSSSIMExplanation] {
        let bases = [MSSSIMExplanation(base: certified, fromCertified: true, deviations: [])].compactMap { $0 }
            + candidates(ofSize: 1).filter { $0.size < Self.maximumSize }
        let bySize = probes.sorted { cost($0) < cost($1) }
        var fits: [MSSSIMExplanation] = []
        for base in bases where !base.deviations.contains(where: { $0.choice == MSSSIMDeviation.dataRange(.given).choice }) {
            guard let range = bySize.lazy.filter({ self.cost($0) <= Self.fitCostLimit }).compactMap({ self.fittedRange(from: base, on: $0) }).first
            else { continue }
            let namings = LeastSquaresFit.snapped(range).compactMap { value in
                MSSSIMExplanation(base: base.base, fromCertified: base.fromCertified, deviations: base.deviations + [.dataRange(.fixed(value))])
            }
            if let fit = namings.first(where: { candidate in bySize.allSatisfy { explains(candidate, $0) } }) { fits.append(fit) }
        }
        guard let fewest = fits.map(\.size).min() else { return [] }
        return fits.filter { $0.size == fewest }
    }

    /// The fixed L minimising the squared differences from the answers of case `index` under `base`, once per
    /// search (``LeastSquaresFit/minimising(starts:least:_:)``); nil where L changes nothing there.
    private func fittedRange(from base: MSSSIMExplanation, on index: Int) -> Double? {
        let key = FitKey(base: base, index: index)
        if let remembered = fittedRanges[key] { return remembered }
        let range = LeastSquaresFit.minimising(starts: Self.rangeStarts, least: 1e-6) { value in
            MSSSIMExplanation(base: base.base, fromCertified: base.fromCertified, deviations: base.deviations + [.dataRange(.fixed(value))])
                .flatMap { differences($0, index) }
        }
        fittedRanges[key] = .some(range)
        return range
    }
}
