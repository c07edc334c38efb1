import SSIM
import SSIMAdapterProtocol
import SSIMVectors

/// Judges answers against the golden vectors: every element within its acceptance bound for the precision the case
/// asks to compute in (the type of its images), error categories exactly.
public enum Judge {
    public static func judge(_ stored: StoredVectorCase, answer: AdapterAnswer?) -> CaseResult {
        func result(_ verdict: CaseVerdict, _ detail: String?, errors: [String: OutputError] = [:], missing: [String] = []) -> CaseResult {
            CaseResult(
                id: stored.request.id, family: stored.family, tags: stored.tags, verdict: verdict, detail: detail,
                errors: errors, missingOutputs: missing)
        }
        guard let answer else { return result(.notSupported, "not answered") }
        switch (stored.expected, answer) {
        case (.error(let expected, _), .error(let given, let message)):
            if given == expected { return result(.pass, nil) }
            if given == AdapterProtocol.unsupported { return result(.notSupported, "declared unsupported") }
            return result(.wrongError, "rejected with \(given), expected \(expected)\(message.map { ": \($0)" } ?? "")")
        case (.error(let expected, _), .outputs):
            if let reason = stored.acceptableBecause {
                return result(.pass, "acceptable: answered an input the reference rejects with \(expected); \(reason)")
            }
            return result(.wrongError, "accepted an invalid input; expected the error \(expected)")
        case (.outputs, .error(let given, let message)):
            if given == AdapterProtocol.unsupported { return result(.notSupported, "declared unsupported") }
            return result(.wrongError, "rejected a valid input with \(given)\(message.map { ": \($0)" } ?? "")")
        case (.outputs(let expected), .outputs(let given)):
            let precision = boundsPrecision(of: stored)
            let missing = stored.request.outputs.filter { given[$0] == nil }.map(\.rawValue)
            if missing.count == stored.request.outputs.count {
                return result(.notSupported, "gave none of the requested outputs", missing: missing)
            }
            var errors: [String: OutputError] = [:]
            var problems: [String] = []
            for output in stored.request.outputs {
                guard let answer = given[output], let wanted = expected[output],
                    let bounds = stored.bounds[precision]?[output]
                else { continue }
                guard answer.shape == wanted.shape else {
                    problems.append("\(output.rawValue) has shape \(answer.shape), expected \(wanted.shape)")
                    continue
                }
                let error = measure(answer.values, wanted.values, bounds.values)
                errors[output.rawValue] = error
                if error.outside > 0 {
                    problems.append("\(output.rawValue): \(error.outside) of \(wanted.values.count) elements outside their \(precision.rawValue) bounds, worst at index \(error.worstIndex) (\(formatted(error.maxInBoundUnits)) × its bound)")
                }
            }
            return result(problems.isEmpty ? .pass : .fail, problems.isEmpty ? nil : problems.joined(separator: "; "), errors: errors, missing: missing)
        }
    }

    /// The precision whose bounds judge a case: the one it asks to compute in, the type of its images.
    static func boundsPrecision(of stored: StoredVectorCase) -> SSIMErrorBounds.Precision {
        stored.request.img1.precision == .float32 ? .float32 : .float64
    }

    /// The worst error of an output, absolute and in units of each element's bound (∞ for a NaN or an infinity
    /// where a finite value is expected, or any error where the bound is 0).
    static func measure(_ answer: [Double], _ expected: [Double], _ bounds: [Double]) -> OutputError {
        var error = OutputError(maxAbsolute: 0, maxInBoundUnits: 0, worstIndex: 0, boundAtWorst: bounds.first ?? 0, outside: 0)
        for i in answer.indices {
            let accepted = SSIMErrorBounds.accepts(answer[i], expected: expected[i], bound: bounds[i])
            let difference = abs(answer[i] - expected[i])
            var units = 0.0
            if !accepted {
                error.outside += 1
                units = difference.isFinite && bounds[i] > 0 ? difference / bounds[i] : .infinity
            } else if bounds[i] > 0, bounds[i].isFinite, difference.isFinite {
                units = difference / bounds[i]
            }
            if !accepted || difference.isFinite { error.maxAbsolute = max(error.maxAbsolute, difference.isNaN ? .infinity : difference) }
            if units > error.maxInBoundUnits {
                error.maxInBoundUnits = units
                error.worstIndex = i
                error.boundAtWorst = bounds[i]
            }
        }
        return error
    }

    static func formatted(_ value: Double) -> String {
        value.isFinite ? String(format: "%.3g", value) : "∞"
    }
}
