import SSIM
import SSIMAdapterProtocol
import SSIMVectors

/// Judges answers against the golden vectors: every element within its acceptance bound for the precision the case
/// is judged in (``SSIMVectors/ExpectedOutputs/judgingPrecision``: the case's, or the one its convention computes
/// in), error categories exactly; and, whatever the verdict, the outputs no correct computation of the convention
/// gives (``ImpossibleAnswer``), as warnings.
public enum Judge {
    public static func judge(_ stored: StoredVectorCase, answer: AdapterAnswer?) -> Judgement {
        guard let answer else { return Judgement(stored, .notSupported, "not answered") }
        switch (stored.expectation, answer) {
        case (.invalid(let expected), .error(let given, let message)), (.acceptable(let expected, _, _), .error(let given, let message)):
            if given == expected {
                return Judgement(stored, .pass, message.map { "rejected with \(given), as expected: \($0)" }, message: message)
            }
            if given == AdapterProtocol.unsupported { return unsupported(stored, message) }
            return Judgement(stored, .wrongError, quoting("rejected with \(given), expected \(expected)", message), message: message)
        case (.acceptable(let expected, let reason, let kornia), .outputs(let given)):
            let differences = kornia.map { differencesFromKornia(given, $0) } ?? []
            guard differences.isEmpty else {
                return Judgement(
                    stored, .fail,
                    "answered an input the reference rejects with \(expected), but not as \(reason): \(differences.joined(separator: "; "))",
                    answered: given)
            }
            return Judgement(
                stored, .pass, "acceptable: answered an input the reference rejects with \(expected), as \(reason)",
                answered: given)
        case (.invalid(let expected), .outputs(let given)):
            return Judgement(stored, .wrongError, "accepted an invalid input; expected the error \(expected)", answered: given)
        case (.valid, .error(let given, let message)):
            if given == AdapterProtocol.unsupported { return unsupported(stored, message) }
            return Judgement(stored, .wrongError, quoting("rejected a valid input with \(given)", message), message: message)
        case (.valid(let expected), .outputs(let given)):
            let precision = expected.judgingPrecision
            let missing = stored.request.outputs.filter { given[$0] == nil }
            if missing.count == stored.request.outputs.count {
                return Judgement(stored, .notSupported, "gave none of the requested outputs", answered: given, missing: missing)
            }
            let warnings = ImpossibleAnswer.find(in: given, to: stored, expected: expected)
            if let reason = expected.notComputable {
                return Judgement(
                    stored, .notComputable, "not computable in \(precision.rawValue): \(reason); the answer is accepted unjudged",
                    answered: given, missing: missing, warnings: warnings)
            }
            var comparisons: [OutputComparison] = []
            var problems: [String] = []
            for output in stored.request.outputs {
                guard let answer = given[output], let wanted = expected.values[output], let bounds = expected.bound(output)
                else { continue }
                guard answer.shape == wanted.shape else {
                    problems.append("\(output.rawValue) has shape \(answer.shape), expected \(wanted.shape)")
                    continue
                }
                let comparison = OutputComparison(
                    output, received: answer, expected: wanted, bounds: bounds.values, expectedBy: expected.convention.answerer)
                comparisons.append(comparison)
                let error = comparison.error
                if error.outside > 0 {
                    var problem = "\(output.rawValue): \(error.outside) of \(wanted.values.count) elements outside their \(precision.rawValue) bounds, worst at index \(error.worstIndex) (\(formatted(error.maxInBoundUnits)) × its bound)"
                    let nonFinite = comparison.nonFiniteMismatches
                    if let first = nonFinite.first {
                        problem += "; \(nonFinite.count) where NaN or ±Inf is answered or expected, first at index \(first): \(comparison.disagreement(at: first))"
                    }
                    problems.append(problem)
                }
            }
            return Judgement(
                stored, problems.isEmpty ? .pass : .fail, problems.isEmpty ? nil : problems.joined(separator: "; "),
                comparisons: comparisons, answered: given, missing: missing, warnings: warnings)
        }
    }

    /// How the outputs `given` to an acceptable case differ from Kornia's answer: a shape, or an element outside its
    /// bound (NaN only where Kornia answers NaN); empty when they are Kornia's.
    private static func differencesFromKornia(
        _ given: [AdapterOutput: ProtocolArray], _ kornia: KorniaAnswer
    ) -> [String] {
        given.sorted { $0.key < $1.key }.compactMap { output, answer in
            guard let wanted = kornia.outputs[output], let bounds = kornia.bounds[output] else { return nil }
            guard answer.shape == wanted.shape else {
                return "\(output.rawValue) has shape \(answer.shape), Kornia's \(wanted.shape)"
            }
            guard let index = answer.values.indices.first(where: {
                !SSIMErrorBounds.accepts(answer.values[$0], expected: wanted.values[$0], bound: bounds.values[$0])
            }) else { return nil }
            return "\(output.rawValue) element \(index) is \(answer.values[index]), Kornia's \(wanted.values[index]) (bound \(formatted(bounds.values[index])))"
        }
    }

    /// A case the implementation declared unsupported, with its reason when it gave one.
    private static func unsupported(_ stored: StoredVectorCase, _ message: String?) -> Judgement {
        Judgement(stored, .notSupported, quoting("declared unsupported", message), message: message)
    }

    /// `detail`, followed by the implementation's own message when it gave one: every report shows it.
    private static func quoting(_ detail: String, _ message: String?) -> String {
        detail + (message.map { ": \($0)" } ?? "")
    }

    /// A number in reports: three significant digits, or ∞ (the values given are not negative, nor NaN: bounds,
    /// errors, tolerances).
    static func formatted(_ value: Double) -> String {
        NumberText.significant(value)
    }
}
