import FoundationEssentials
import SSIM
import SSIMAdapterProtocol
import SSIMVectors

/// Explains failing cases: the simplest ``Explanation`` (the fewest ``KnownDeviation``s from the certified SSIM
/// convention, or ``MSSSIMDeviation``s, ``SSIM3DDeviation``s, ``MSSSIM3DDeviation``s or ``MSSSIML1Deviation``s from
/// the certified convention of those metrics, or another named convention with fewer) that
/// reproduces an implementation's wrong outputs, and where none does, where the difference lies
/// (``DifferenceLocation``) and by how much.
public enum Diagnostician {
    /// A reproduction may stray from the answer by this many times the case's bound: the bounds are computed for
    /// the certified convention, and a deviation changes the magnitudes they were computed from a little (float32
    /// arithmetic on float64 inputs also rounds the inputs, which float32 bounds do not count).
    static let slack = 4.0
    /// …and must be this much closer to the answer than the certified answer is, in units of the bounds: a small
    /// disagreement is not explained by a deviation that happens to land within the slack of it.
    static let margin = 0.25
    /// Searches of every explanation up to ``ExplanationSearching/maximumSize`` departures, at most: each explains a
    /// group of cases. The cases left when they are done, or when two find nothing, are tried against each departure
    /// alone and the explanations already found, which keeps a badly failing run's diagnosis cheap.
    static let searches = 4
    /// Times a search adds an uncovered case to its probes, at most.
    static let widenings = 2

    /// The diagnosis of an implementation's failing cases under the `certified` SSIM convention, the `msssim`
    /// convention, the `ssim3D` convention, the `msssim3D` convention and the `msssimL1` convention, and an
    /// explanation for each case by id. Each metric's cases are explained by its own choices (``ExplanationSearch``,
    /// ``MSSSIMExplanationSearch``, ``SSIM3DExplanationSearch``, ``MSSSIM3DExplanationSearch``,
    /// ``MSSSIML1ExplanationSearch``).
    public static func diagnose(
        _ failures: [Judgement], certified: SSIMConvention = .kornia, msssim: MSSSIMConvention = .wangMSSSIM,
        ssim3D: SSIM3DConvention = .kornia, msssim3D: MSSSIM3DConvention = .torchmetrics,
        msssimL1: MSSSIML1Convention = .kornia
    ) -> (diagnosis: Diagnosis, perCase: [String: String]) {
        let failing = failures.compactMap(FailingCase.init)
        let (ssimGroups, ssimUnexplained) = groups(ExplanationSearch(failing, certified: certified))
        let multiScale = MSSSIMExplanationSearch(failures.compactMap(FailingMSSSIMCase.init), certified: msssim)
        let volumes = SSIM3DExplanationSearch(failures.compactMap(FailingSSIM3DCase.init), certified: ssim3D)
        let volumeScales = MSSSIM3DExplanationSearch(failures.compactMap(FailingMSSSIM3DCase.init), certified: msssim3D)
        let losses = MSSSIML1ExplanationSearch(failures.compactMap(FailingMSSSIML1Case.init), certified: msssimL1)
        // The other metrics' findings, each of its own search, in the order of the metrics.
        let otherMetrics = [
            diagnosed(multiScale) { Diagnosis.Finding($0, certified: $1, cases: $2) },
            diagnosed(volumes) { Diagnosis.Finding($0, certified: $1, cases: $2) },
            diagnosed(volumeScales) { Diagnosis.Finding($0, certified: $1, cases: $2) },
            diagnosed(losses) { Diagnosis.Finding($0, certified: $1, cases: $2) },
        ]

        // Each group's finding and, should it be the only one, the sentence that says it all.
        var reported: [(finding: Diagnosis.Finding, sentence: String)] = []
        let sortedGroups = ssimGroups.sorted { $0.cases.count > $1.cases.count }
        // An answer to an input the reference rejects is held to Kornia 0.9.0's only under a convention computing
        // like Kornia's: the largest group computing another explains those that differ from it.
        let reproducible = Set(
            failing.map(\.failure.id)
                + [multiScale.failures, volumes.failures, volumeScales.failures, losses.failures].joined().map(\.id))
        let notReproducible = failures.filter { !reproducible.contains($0.id) }
        let acceptable = notReproducible.filter(\.stored.expectation.isAcceptable).map(\.id)
        let host = certified.computesLike(.kornia) && !acceptable.isEmpty
            ? sortedGroups.firstIndex { !$0.explanations[0].convention.computesLike(.kornia) } : nil
        for (index, (explanations, cases)) in sortedGroups.enumerated() {
            let finding = Diagnosis.Finding(
                explanations, certified: certified,
                cases: cases.map { failing[$0].failure.id } + (index == host ? acceptable : []))
            reported.append((finding, explanations.map { $0.sentence(certified: certified) }.joined(separator: "; or equally ")))
        }
        reported += otherMetrics.flatMap(\.reported)
        reported.sort { $0.finding.cases.count > $1.finding.cases.count }
        var findings = reported.map(\.finding)
        var perCase: [String: String] = [:]
        for finding in findings {
            for id in finding.cases { perCase[id] = finding.explanation }
        }
        let undescribed = notReproducible.filter { host == nil || !acceptable.contains($0.id) }
            + ssimUnexplained.map { failing[$0].failure } + otherMetrics.flatMap(\.unexplained)
        let located = undescribed.map { ($0.id, DifferenceLocation($0, certified: certified)) }
        let regions = Dictionary(grouping: located, by: \.1.region).sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }
        for (region, group) in regions {
            let worst = group.max { $0.1.worstInBoundUnits < $1.1.worstInBoundUnits }!
            findings.append(Diagnosis.Finding(
                deviation: nil, explanation: "differs \(region), which no known deviation explains (worst: \(worst.1.magnitude))",
                cases: group.map(\.0)))
            for (id, location) in group {
                perCase[id] = "differs \(location.region): \(location.magnitude); no known deviation explains it"
            }
        }

        let summary: String
        if findings.isEmpty {
            summary = "no output disagrees with the reference"
        } else if findings.count == 1, let only = reported.first {
            summary = only.sentence
        } else {
            summary = "of \(failures.count) failing case(s): " + findings.map { "in \($0.cases.count) it \($0.explanation)" }
                .joined(separator: "; ")
        }
        return (Diagnosis(summary: summary, findings: findings), perCase)
    }

    /// What `search` finds of its metric's failing cases: each group's finding (`finding` of its explanations, the
    /// certified convention and its cases' ids) with the sentence that says it all should it be the only one, and the
    /// failures none explains.
    private static func diagnosed<Search: ExplanationSearching>(
        _ search: Search, finding: ([Explanation<Search.Deviation>], Search.Deviation.Convention, [String]) -> Diagnosis.Finding
    ) -> (reported: [(finding: Diagnosis.Finding, sentence: String)], unexplained: [Judgement]) {
        let (found, unexplained) = groups(search)
        let reported = found.map { explanations, cases in
            (
                finding(explanations, search.certified, cases.map { search.failures[$0].id }),
                explanations.map { $0.sentence(certified: search.certified) }.joined(separator: "; or equally ")
            )
        }
        return (reported, unexplained.map { search.failures[$0] })
    }

    /// The explanations `search` finds, each with the cases (indices) it covers, verified afresh, and the cases none
    /// explains.
    private static func groups<Search: ExplanationSearching>(
        _ search: Search
    ) -> (groups: [(explanations: [Explanation<Search.Deviation>], cases: [Int])], unexplained: [Int]) {
        var groups: [(explanations: [Explanation<Search.Deviation>], cases: [Int])] = []
        var unexplained: [Int] = []
        var pending = Array(search.failures.indices)
        var fruitless = 0
        // Each search takes the simplest explanations of a few probes and keeps the one covering the most cases;
        // while some stay uncovered, the smallest of them joins the probes, and the simplest explanations of them all
        // replace it if they cover more.
        for _ in 0..<searches where !pending.isEmpty {
            var probes = search.probes(from: pending)
            var best = widest(search.simplest(explaining: probes), of: pending, search)
            if best.explanations.isEmpty && probes.count > 1 {
                probes = [probes[0]]
                best = widest(search.simplest(explaining: probes), of: pending, search)
            }
            // A case no explanation of the sizes searched fits: after two, the run fails in ways the search cannot
            // name, and searching again on other cases would likely cost as much for nothing.
            guard !best.explanations.isEmpty else {
                unexplained.append(probes[0])
                pending.removeAll { $0 == probes[0] }
                fruitless += 1
                if fruitless == 2 { break } else { continue }
            }
            for _ in 0..<widenings where best.cases.count < pending.count {
                let uncovered = pending.filter { !best.cases.contains($0) }.min { search.cost($0) < search.cost($1) }!
                let candidate = widest(search.simplest(explaining: probes + [uncovered]), of: pending, search)
                guard candidate.cases.count > best.cases.count else { break }
                (best, probes) = (candidate, probes + [uncovered])
            }
            groups.append(best)
            pending.removeAll(where: best.cases.contains)
        }
        // The rest, case by case; greedily, the explanation covering the most of them, with those covering the same.
        let found = groups.flatMap(\.explanations)
        let cheap = search.candidates(ofSize: 1).filter { !found.contains($0) } + found
        var explaining = pending.map { index in (index, cheap.filter { search.explains($0, index) }) }
        // Those the search did not find must be ones it may take (``ExplanationSearching/mayTake(_:covering:of:)``).
        let untakeable = cheap.filter { candidate in
            !found.contains(candidate)
                && !search.mayTake(
                    candidate, covering: explaining.filter { $0.1.contains(candidate) }.map(\.0), of: explaining.map(\.0))
        }
        explaining = explaining.map { ($0.0, $0.1.filter { !untakeable.contains($0) }) }
        unexplained += explaining.filter(\.1.isEmpty).map(\.0)
        explaining.removeAll { $0.1.isEmpty }
        while !explaining.isEmpty {
            let counts = Dictionary(explaining.flatMap(\.1).map { ($0, 1) }, uniquingKeysWith: +)
            // The first of those covering the most: departures from the certified convention before other named
            // conventions, which, as in the search, are named only where no such departure fits as well.
            let most = counts.values.max()!
            let best = cheap.first { counts[$0] == most }!
            let covered = explaining.filter { $0.1.contains(best) }
            let equals = cheap.filter { other in
                other != best && other.size == best.size && other.fromCertified == best.fromCertified
                    && covered.allSatisfy { $0.1.contains(other) }
            }
            groups.append(([best] + equals, covered.map(\.0)))
            explaining.removeAll { $0.1.contains(best) }
        }

        // No explanation is reported for a case before its convention, computed afresh, reproduces the case within
        // its bounds (``ExplanationSearching/verifiedAfresh(_:_:)``); a case none verifies is left to be located.
        groups = groups.compactMap { explanations, cases in
            let verified = cases.filter { search.verifiedAfresh(explanations[0], $0) }
            unexplained += cases.filter { !verified.contains($0) }
            guard !verified.isEmpty else { return nil }
            let equals = explanations.dropFirst().filter { other in verified.allSatisfy { search.verifiedAfresh(other, $0) } }
            return ([explanations[0]] + equals, verified)
        }
        return (groups, unexplained)
    }

    /// Of `fits`, those the search may take (``ExplanationSearching/mayTake(_:covering:of:)``) covering the most of
    /// `pending`, the same cases each, and those cases; none when there are none.
    private static func widest<Search: ExplanationSearching>(
        _ fits: [Explanation<Search.Deviation>], of pending: [Int], _ search: Search
    ) -> (explanations: [Explanation<Search.Deviation>], cases: [Int]) {
        let covering = fits.map { fit in pending.filter { search.explains(fit, $0) } }
        let takeable = fits.indices.filter { search.mayTake(fits[$0], covering: covering[$0], of: pending) }
        guard let most = takeable.map({ covering[$0] }).max(by: { $0.count < $1.count }) else { return ([], []) }
        return (takeable.filter { covering[$0] == most }.map { fits[$0] }, most)
    }
}
