import SSIMAdapterProtocol

/// A search for the simplest ``Explanation``s of one metric's failing cases, as the ``Diagnostician`` drives it: SSIM's
/// (``ExplanationSearch``), MS-SSIM's (``MSSSIMExplanationSearch``), 3-D SSIM's (``SSIM3DExplanationSearch``), 3-D
/// MS-SSIM's (``MSSSIM3DExplanationSearch``) or MS-SSIM + L1's (``MSSSIML1ExplanationSearch``). Cases are named by their index.
///
/// Explanations are tried by size (``Explanation/size``: another named convention counts as one departure), each
/// first on a few probes (``probes(from:)``), small failing cases that differ in the traits the deviations depend
/// on, the smallest first, so that most candidates are refused after one small reference evaluation.
protocol ExplanationSearching: AnyObject {
    associatedtype Deviation: ConventionDeviation

    /// The most departures an explanation has (another named convention counts as one): 3 unless the search says.
    static var maximumSize: Int { get }
    /// The convention the answers were judged by.
    var certified: Deviation.Convention { get }
    associatedtype Case: FailingJudgedCase
    /// The failing cases, named by their index.
    var cases: [Case] { get }
    /// The explanations with one fitted continuous choice that reproduce every case of `probes`, those of the
    /// fewest departures; empty when none does (by default, none is fitted).
    func fitted(explaining probes: [Int]) -> [Explanation<Deviation>]
    /// The simplest explanations of every case of `probes` (by default ``simplest(explaining:)``'s rule).
    func simplest(explaining probes: [Int]) -> [Explanation<Deviation>]
    /// The explanations of `size` departures, those from the certified convention first (by default, one judged by
    /// wider bounds than the certified convention's only alone).
    func candidates(ofSize size: Int) -> [Explanation<Deviation>]
    /// Whether `explanation` reproduces case `index` within the slack of its bounds, and accounts for most of the
    /// disagreement.
    func explains(_ explanation: Explanation<Deviation>, _ index: Int) -> Bool
    /// Whether an implementation of `explanation` may stray further than the certified convention's bounds allow
    /// (it builds its taps, or computes, in a coarser precision).
    func widensBounds(_ explanation: Explanation<Deviation>) -> Bool
    /// Whether `explanation` reproduces case `index` and is needed there for more than its wider bounds
    /// (``widensBounds(_:)``): the certified answers lie beyond the slack of its own bounds somewhere. Within that
    /// slack the certified convention would do as well, and the bounds, not the departure, would explain the
    /// disagreement. True wherever an explanation within the certified bounds reproduces the case.
    func evidenced(_ explanation: Explanation<Deviation>, _ index: Int) -> Bool
    /// Whether `explanation` reproduces case `index` when its convention is evaluated afresh, every choice it makes
    /// applied and nothing taken from the search's memory: what a reported explanation must do.
    func verifiedAfresh(_ explanation: Explanation<Deviation>, _ index: Int) -> Bool
}

/// How many cases are probes at once.
private let probeCount = 3

extension ExplanationSearching {
    static var maximumSize: Int { 3 }

    /// The named conventions that compute otherwise than the certified one, each a base of explanations.
    var others: [Deviation.Convention] { Deviation.Convention.named.filter { !$0.computesLike(certified) } }

    func fitted(explaining probes: [Int]) -> [Explanation<Deviation>] { [] }

    /// The explanations of `size` departures (``explanations(ofSize:)``), one judged by wider bounds than the
    /// certified convention's (``widensBounds(_:)``) only alone: with a second departure, a value the second moves is
    /// matched within the first's wider bounds by many a pair (a 3-D mean loss 10⁻³ off was "a depth σ of 2 with
    /// taps built in float32").
    func candidates(ofSize size: Int) -> [Explanation<Deviation>] {
        explanations(ofSize: size).filter { $0.size == 1 || !widensBounds($0) }
    }

    /// The failing cases' judgements.
    var failures: [Judgement] { cases.map(\.failure) }

    /// What a reference evaluation of case `index` costs, roughly: its pixels.
    func cost(_ index: Int) -> Int { cases[index].cost }

    /// The traits of case `index` the deviations depend on: probes that differ in them tell more explanations apart.
    func traits(_ index: Int) -> [String] { cases[index].traits }

    /// Up to three cases of `pending`: the smallest, then each time the smallest of those with the most traits not
    /// yet among the probes'.
    func probes(from pending: [Int]) -> [Int] {
        func labelled(_ index: Int) -> [String] { traits(index).enumerated().map { "\($0.offset):\($0.element)" } }
        let bySize = pending.sorted { cost($0) < cost($1) }
        var chosen = [bySize[0]]
        var seen = Set(labelled(bySize[0]))
        while chosen.count < probeCount {
            func new(_ index: Int) -> Int { labelled(index).count { !seen.contains($0) } }
            guard let next = bySize.filter({ !chosen.contains($0) }).max(by: { new($0) < new($1) }), new(next) > 0 else { break }
            chosen.append(next)
            seen.formUnion(labelled(next))
        }
        return chosen
    }

    /// The smallest explanations that reproduce every case of `probes`, all of that size; where none of size
    /// ``maximumSize`` or less does, those with a fitted continuous choice (``fitted(explaining:)``); empty when none
    /// fits. Of them, those ``preferred(_:)``.
    func simplest(explaining probes: [Int]) -> [Explanation<Deviation>] {
        for size in 1...Self.maximumSize {
            let fits = candidates(ofSize: size).filter { candidate in probes.allSatisfy { explains(candidate, $0) } }
            if !fits.isEmpty { return preferred(fits) }
        }
        return preferred(fitted(explaining: probes))
    }

    /// Whether the search may take `explanation` for the cases `covered` of those still to explain, `pending`: one
    /// within the certified bounds always; one with wider bounds where it is evidenced in a case it covers
    /// (``evidenced(_:_:)``), or else only if it covers every case still to explain. Seen on an SSIM off by 1e-3
    /// everywhere (`tools/broken_adapter.py --offset`): on flat images and MATLAB's 8-bit pairs, whose bounds under
    /// float32 taps hold that much, scikit-image's convention with float32 taps fitted 25 of its 491 failing cases,
    /// for its bounds alone. pytorch-msssim's failures under Kornia's convention all lie within the envelope of its
    /// float32 taps too, but its convention reproduces every one of them.
    func mayTake(_ explanation: Explanation<Deviation>, covering covered: [Int], of pending: [Int]) -> Bool {
        !widensBounds(explanation) || covered.count == pending.count || covered.contains { evidenced(explanation, $0) }
    }

    /// The explanations of `size` departures (``ConventionDeviation/all``, in its order): from the certified
    /// convention, then from each of ``others`` with one departure fewer.
    func explanations(ofSize size: Int) -> [Explanation<Deviation>] {
        let all = Deviation.all
        func combinations(_ count: Int, from start: Int = 0) -> [[Deviation]] {
            guard count > 0 else { return [[]] }
            return (start..<all.count).flatMap { index in combinations(count - 1, from: index + 1).map { [all[index]] + $0 } }
        }
        guard size > 0 else { return [] }
        return combinations(size).compactMap { Explanation(base: certified, fromCertified: true, deviations: $0) }
            + others.flatMap { base in combinations(size - 1).compactMap { Explanation(base: base, fromCertified: false, deviations: $0) } }
    }

    /// Of `fits`, the explanations a search prefers: from the certified convention where any is (at a size where
    /// departures from it fit, other named conventions with as many departures are not simpler), and of those,
    /// the ones within the certified bounds where any is.
    func preferred(_ fits: [Explanation<Deviation>]) -> [Explanation<Deviation>] {
        let fromCertified = fits.filter(\.fromCertified)
        let preferred = fromCertified.isEmpty ? fits : fromCertified
        let withinCertifiedBounds = preferred.filter { !widensBounds($0) }
        return withinCertifiedBounds.isEmpty ? preferred : withinCertifiedBounds
    }
}
