import Foundation
import SSIM
import SSIMAdapterProtocol
import SSIMVectors

/// Explains failing cases: which ``KnownDeviation`` reproduces an implementation's wrong outputs, and where no
/// deviation does, where the difference lies (one batch sample, one channel, the border band, flat regions, or
/// everywhere) and by how much.
public enum Diagnostician {
    /// A reproduction may stray from the answer by this many times the case's bound: the bounds are computed for
    /// the reference's convention, and a deviation changes the magnitudes they were computed from a little (float32
    /// arithmetic on float64 inputs also rounds the inputs, which float32 bounds do not count).
    static let slack = 4.0
    /// …and must be this much closer to the answer than the reference is, in units of the bounds: a small
    /// disagreement is not explained by a deviation that happens to land within the slack of it.
    static let margin = 0.25

    /// The diagnosis of an implementation's failing cases, and an explanation for each case by id.
    public static func diagnose(_ failures: [Judgement]) -> (diagnosis: Diagnosis, perCase: [String: String]) {
        var explained: [(failure: Judgement, deviations: [[KnownDeviation]])] = []
        var unexplained: [(id: String, location: DifferenceLocation)] = []
        for failure in failures {
            let deviations = explaining(failure)
            if deviations.isEmpty {
                unexplained.append((failure.id, DifferenceLocation(failure)))
            } else {
                explained.append((failure, deviations))
            }
        }

        // Greedily, the explanation covering the most remaining cases; those covering the same cases are named with
        // it, since these cases cannot tell them apart.
        var findings: [Diagnosis.Finding] = []
        var perCase: [String: String] = [:]
        var remaining = explained
        func words(_ candidate: [KnownDeviation]) -> String { candidate.map(\.explanation).joined(separator: ", and ") }
        while !remaining.isEmpty {
            let counts = Dictionary(remaining.flatMap(\.deviations).map { ($0, 1) }, uniquingKeysWith: +)
            let best = candidates.max { counts[$0, default: 0] < counts[$1, default: 0] }!
            let covered = remaining.filter { $0.deviations.contains(best) }
            // Simplest first: an explanation that adds a deviation to the best one is not another explanation.
            let equals = candidates.filter { other in
                other != best && !Set(best).isSubset(of: other) && covered.allSatisfy { $0.deviations.contains(other) }
            }
            let explanation = ([best] + equals).map(words).joined(separator: "; or equally ")
            let ids = covered.map(\.failure.id)
            findings.append(Diagnosis.Finding(deviation: best.map(\.name).joined(separator: "+"), explanation: explanation, cases: ids))
            for id in ids { perCase[id] = explanation }
            remaining.removeAll { $0.deviations.contains(best) }
        }
        let regions = Dictionary(grouping: unexplained, by: \.location.region)
            .sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }
        for (region, group) in regions {
            let worst = group.max { $0.location.worstInBoundUnits < $1.location.worstInBoundUnits }!
            findings.append(Diagnosis.Finding(
                deviation: nil, explanation: "differs \(region), which no known deviation explains (worst: \(worst.location.magnitude))",
                cases: group.map(\.id)))
            for (id, location) in group {
                perCase[id] = "differs \(location.region): \(location.magnitude); no known deviation explains it"
            }
        }

        let summary: String
        if findings.isEmpty {
            summary = "no output disagrees with the reference"
        } else if findings.count == 1, findings[0].deviation != nil {
            summary = "matches the reference except: it \(findings[0].explanation)"
        } else {
            summary = "of \(failures.count) failing case(s): " + findings.map { "in \($0.cases.count) it \($0.explanation)" }
                .joined(separator: "; ")
        }
        return (Diagnosis(summary: summary, findings: findings), perCase)
    }

    /// The explanations tried: each known deviation alone, then (for cases with eps ≠ 0) each with eps left out too,
    /// since a library without eps that makes another mistake makes both.
    static let candidates: [[KnownDeviation]] =
        KnownDeviation.all.map { [$0] } + KnownDeviation.all.filter { $0 != .noEps }.map { [$0, .noEps] }

    /// The explanations that reproduce every forward output the implementation gave for a failing case, when a
    /// forward output is what failed.
    static func explaining(_ failure: Judgement) -> [[KnownDeviation]] {
        let request = failure.stored.request
        let forward = request.outputs.filter { $0 == .ssimMap || $0 == .loss }
        // A forward output failed: outside its bounds, or of the wrong shape (and so not measured).
        let failed = forward.contains { output in
            failure.answered[output] != nil && (failure.comparison(of: output)?.fails ?? true)
        }
        guard failed, let validated = try? ValidatedCase(request) else { return [] }
        let precision = request.precision
        return candidates.filter { candidate in
            let withoutEps = candidate.count == 2
            guard !withoutEps || request.eps != 0,
                let reproduced = candidate[0].outputs(for: validated, precision: precision, withoutEps: withoutEps)?.protocolArrays(forward, precision: .float64)
            else { return false }
            let judging = candidate[0].judgingPrecision(precision)
            var compared = 0
            for output in forward {
                guard let answer = failure.answered[output] else { continue }
                let comparison = failure.comparison(of: output)
                guard let expected = reproduced[output], expected.shape == answer.shape,
                    let bounds = failure.stored.bounds[judging]?[output]
                else { return false }
                // A reproduction of another shape (a crop) is judged by the case's largest finite bound, and so is a
                // finite reproduction where Kornia's value is NaN or ±Inf (whose bound, 0, asks for that exact value).
                let largest = bounds.values.filter(\.isFinite).max() ?? 0
                let kornia = comparison?.expected.values
                let bound = bounds.shape == answer.shape
                    ? bounds.values.indices.map { i in
                        expected.values[i].isFinite && kornia.map { !$0[i].isFinite } == true ? largest : bounds.values[i]
                    }
                    : Array(repeating: largest, count: answer.values.count)
                // Float32 arithmetic leaves its mark: every value it gives is a float32.
                if candidate[0] == .float32Arithmetic, answer.values.contains(where: { Double(Float($0)) != $0 && !$0.isNaN }) {
                    return false
                }
                for i in answer.values.indices
                where !SSIMErrorBounds.accepts(answer.values[i], expected: expected.values[i], bound: Self.slack * bound[i]) {
                    return false
                }
                // It must account for most of the disagreement, not only stay within the slack of a small one (float32
                // arithmetic reproduces the reference itself, and is told by its float32 values instead).
                if candidate[0] != .float32Arithmetic, let error = comparison?.error, error.outside > 0,
                    OutputComparison.measure(answer.values, expected.values, bound).error.maxInBoundUnits
                        > Self.margin * error.maxInBoundUnits {
                    return false
                }
                compared += 1
            }
            return compared > 0
        }
    }
}
