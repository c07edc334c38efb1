import SSIM
import SSIMAdapterProtocol

extension Reproduction {
    /// Whether a convention reproduces the judged outputs of `failure`, a case of a metric judged through
    /// ``SSIM/MetricJudging`` (MS-SSIM's, 3-D SSIM's): `evaluate` computes the convention's outputs, `judge` them with
    /// their bounds in a precision. They are held to the certified bounds stored with the case (in
    /// `certifiedJudging`), or to the convention's
    /// own in `judging` where it is judged by others (`widens`: it must then be evidenced), where a certified value is
    /// NaN or infinite (whose bound, 0, says nothing of a finite value's), or where the certified convention cannot
    /// compute the case meaningfully (its bounds judge nothing).
    static func judging<Outputs: ProtocolOutputs>(
        _ failure: Judgement, judged: [AdapterOutput], judging: Precision, certifiedJudging: Precision, widens: Bool,
        judge: (Precision) throws(SSIMError) -> MetricJudging<Outputs>, evaluate: () throws(SSIMError) -> Outputs
    ) -> Reproduction {
        let request = failure.stored.request
        let expected = failure.stored.expectation.outputs
        let own = widens || expected?.notComputable != nil
            || (expected?.values ?? [:]).values.contains { $0.values.contains { !$0.isFinite } }
        var reproduced: [AdapterOutput: ProtocolArray]
        var bounds: [AdapterOutput: ProtocolArray]
        do throws(SSIMError) {
            if own {
                let judgedHere = try judge(judging)
                guard let acceptance = judgedHere.acceptance[judging] else { return .none }
                reproduced = judgedHere.expected.protocolArrays(judged, precision: .float64)
                bounds = acceptance.protocolArrays(judged, precision: .float64)
                // Where the case cannot be computed meaningfully under the explanation in a half precision (the
                // vectors' rule: ``SSIMVectors/ReferenceExpectation/notComputable``), no value of it is judged: that
                // explains a failure of the outputs' shapes alone, where no value was judged under the certified
                // convention either; a failure of values it does not explain.
                if judging.isHalf && judgedHere.notComputable[judging] != nil {
                    guard expected?.notComputable != nil else { return .none }
                    bounds = bounds.mapValues { ProtocolArray(shape: $0.shape, precision: $0.precision, values: $0.values.map { _ in .infinity }) }
                }
            } else {
                reproduced = try evaluate().protocolArrays(judged, precision: .float64)
                bounds = expected?.bounds[certifiedJudging] ?? [:]
            }
        } catch {
            return .none
        }
        return Reproduction.judging(
            failure, judged: judged, reproduced: reproduced, bounds: bounds, widerBounds: widens,
            float32Answers: judging == .float32 && request.precision == .float64, fromTheBoundsAlone: false)
    }
}
