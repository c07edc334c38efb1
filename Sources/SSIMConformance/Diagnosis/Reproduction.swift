import SSIM
import SSIMAdapterProtocol

/// What trying an explanation on one failing case found: whether its outputs reproduce the answers, and whether they
/// are needed for more than their wider bounds (``ExplanationSearch/evidenced(_:_:)``).
struct Reproduction {
    let fits: Bool
    let evidenced: Bool
    /// Where it fits, the largest absolute difference between an answered element and its reproduction (0 where
    /// both are the same NaN or infinity): how close it comes, whatever its bounds.
    var distance = Double.infinity
    static let none = Reproduction(fits: false, evidenced: false)

    /// How an explanation's `reproduced` outputs (float64) compare with what `failure` answered, output by output
    /// of `judged`: every element within ``Diagnostician/slack`` times its bound of `bounds` (in the precision the
    /// explanation is judged in; `widerBounds` where they are wider than the certified convention's would be).
    ///
    /// A reproduction of another shape (a crop) is judged by the output's largest finite bound, and so is a finite
    /// reproduction where the certified value is NaN or ±Inf (whose bound, 0, asks for that exact value). With
    /// `float32Answers`, every value answered must be a float32 (float32 arithmetic leaves that mark). Within the
    /// certified bounds the explanation must account for most of the disagreement (``Diagnostician/margin``),
    /// unless `fromTheBoundsAlone` (it departs only in what the bounds judge); with wider ones, it is evidenced
    /// where the certified answers lie beyond the slack of them somewhere.
    static func judging(
        _ failure: Judgement, judged: [AdapterOutput], reproduced: [AdapterOutput: ProtocolArray],
        bounds: [AdapterOutput: ProtocolArray], widerBounds: Bool, float32Answers: Bool, fromTheBoundsAlone: Bool
    ) -> Reproduction {
        var evidenced = !widerBounds
        var distance = 0.0
        for output in judged {
            let answer = failure.answered[output]!
            let comparison = failure.comparison(of: output)
            guard let expected = reproduced[output], expected.shape == answer.shape, let bounds = bounds[output] else { return .none }
            let certifiedValues = comparison?.expected.values
            let largest = bounds.values.filter(\.isFinite).max() ?? 0
            let bound = bounds.shape == answer.shape
                ? bounds.values.indices.map { i in
                    expected.values[i].isFinite && certifiedValues.map { !$0[i].isFinite } == true ? largest : bounds.values[i]
                }
                : Array(repeating: largest, count: answer.values.count)
            if float32Answers, answer.values.contains(where: { Double(Float($0)) != $0 && !$0.isNaN }) { return .none }
            for i in answer.values.indices {
                guard SSIMErrorBounds.accepts(answer.values[i], expected: expected.values[i], bound: Diagnostician.slack * bound[i])
                else { return .none }
                let difference = abs(answer.values[i] - expected.values[i])
                if difference.isFinite { distance = max(distance, difference) }
            }
            if !evidenced, let certifiedValues, certifiedValues.count == answer.values.count {
                evidenced = answer.values.indices.contains { i in
                    !SSIMErrorBounds.accepts(answer.values[i], expected: certifiedValues[i], bound: Diagnostician.slack * bound[i])
                }
            }
            if !fromTheBoundsAlone, !widerBounds, let error = comparison?.error, error.outside > 0,
                OutputComparison.measure(answer.values, expected.values, bound).error.maxInBoundUnits
                    > Diagnostician.margin * error.maxInBoundUnits
            {
                return .none
            }
        }
        return Reproduction(fits: true, evidenced: evidenced, distance: distance)
    }
}
