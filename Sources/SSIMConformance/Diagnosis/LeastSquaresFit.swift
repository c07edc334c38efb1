import FoundationEssentials
import Glibc
import SSIMAdapterProtocol

/// The fit of one continuous choice to an implementation's answers, shared by the searches of both metrics
/// (``ExplanationSearch/fitted(explaining:)``, ``MSSSIMExplanationSearch/fitted(explaining:)``).
enum LeastSquaresFit {
    /// Gauss–Newton steps a fit takes at most, and the halvings of a step that does not improve: from the best
    /// start, a choice that explains the answers converges in a few steps.
    static let iterations = 12
    static let halvings = 4

    /// The value minimising the squared `residuals`: the best of `starts`, then Gauss–Newton steps (halved while
    /// they do not improve, and never below `least`) until they stop moving it, or stop halving the squared
    /// residuals: a choice that explains the answers converges fast, and one that does not is then refused by the
    /// verification, wherever the fit stopped. Nil where the value changes nothing (every start gives the same
    /// residuals) or `residuals` cannot be computed.
    static func minimising(starts: [Double], least: Double, _ residuals: (Double) -> [Double]?) -> Double? {
        func norm(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }
        let tried = starts.compactMap { value in residuals(value).map { (value, $0) } }
        guard var (value, r) = tried.min(by: { norm($0.1) < norm($1.1) }), tried.contains(where: { $0.1 != r }) else { return nil }
        for _ in 0..<iterations {
            let h = 1e-7 * max(abs(value), 1e-3)
            guard let shifted = residuals(value + h), shifted.count == r.count else { return nil }
            let slope = zip(shifted, r).map { ($0 - $1) / h }
            let curvature = norm(slope)
            // Flat here (K at 0, where C = (K·L)² has no slope): the value stands as found.
            guard curvature > 0 else { break }
            var step = -zip(slope, r).reduce(0) { $0 + $1.0 * $1.1 } / curvature
            var improved = false
            for _ in 0..<halvings {
                let next = max(value + step, least)
                if let moved = residuals(next), moved.count == r.count, norm(moved) < norm(r) {
                    improved = norm(moved) < norm(r) / 2
                    (value, r) = (next, moved)
                    break
                }
                step /= 2
            }
            guard improved, abs(step) > 1e-15 * abs(value) else { break }
        }
        return value
    }

    /// Whether two fitted values agree to 10⁻⁶ of their size.
    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-3) }

    /// The values to name `value` by, the first that reproduces taken: the value snapped to the shortest decimal
    /// within 10⁻⁶ of it (of at most six places), then the value itself.
    static func snapped(_ value: Double) -> [Double] {
        let short = (1...6).lazy.map { (value * pow(10, Double($0))).rounded() / pow(10, Double($0)) }.first { close($0, value) }
        return short.map { $0 == value ? [$0] : [$0, value] } ?? [value]
    }

    /// The differences between `reproduced` and `answered` (each output's values, the same outputs in the same
    /// order), finite elements only; nil where an output is missing or their shapes differ.
    static func differences(_ reproduced: [ProtocolArray?], _ answered: [ProtocolArray?]) -> [Double]? {
        var differences: [Double] = []
        for (expected, answer) in zip(reproduced, answered) {
            guard let expected, let answer, expected.shape == answer.shape else { return nil }
            for (e, a) in zip(expected.values, answer.values) where a.isFinite && e.isFinite { differences.append(e - a) }
        }
        return differences
    }
}
