import SSIMAdapterProtocol

extension PropertyRunner.Check {
    /// Why a failing check fails, in the words of the vector cases' diagnosis (``KnownDeviation/explanation``): the
    /// first departure from its convention under whose bounds the property holds on the same answers; nil where none
    /// does (or the answers show none: float32 arithmetic only where every value answered to a float64 request is a
    /// float32, as the vector search asks). Taps built in float32 alone only widen the bounds, which would excuse any
    /// small failure, and mistakes are no convention: neither is tried.
    func explanation(_ answers: [String: AdapterAnswer]) -> String? {
        // The departures tried are SSIM's: another metric's property's failure is not explained yet.
        guard property.metric == CaseMetric.ssimName else { return nil }
        let float32Answers = requests.allSatisfy { request in
            guard request.precision == .float64, case .outputs(let outputs)? = answers[request.id] else { return true }
            return outputs.values.allSatisfy { $0.values.allSatisfy { Double(Float($0)) == $0 || $0.isNaN } }
        }
        for deviation in KnownDeviation.all where !deviation.isMistake && deviation != .tapsInFloat32 {
            guard deviation != .float32Arithmetic || float32Answers, let departed = deviation.applied(to: convention) else { continue }
            let under = PropertyRunner.Check(property: property, index: index, input: input, convention: departed, form: form, attempt: attempt)
            if under.outcome(answers).verdict == .pass { return deviation.explanation }
        }
        return nil
    }
}
