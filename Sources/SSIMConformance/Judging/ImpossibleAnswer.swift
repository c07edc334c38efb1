import SSIM
import SSIMAdapterProtocol
import SSIMVectors

/// A warning: an output holding values no correct computation of the case's convention can give
/// (``SSIM/SSIMValueRange``: an SSIM beyond [−1, 1], or below 0 for identical images; a loss beyond the loss of
/// those edges; beyond them by more than the rounding slack of the case's precision; NaN where every input pixel
/// is finite and the convention's denominator is positive; or an MS-SSIM of exactly 0 where the case's bound
/// excludes 0).
///
/// Found once, by the ``Judge``, in the outputs of every valid case answered with the expected shape, whatever the
/// verdict: a warning is never a failure by itself. It matters most where nothing else is judged (`not_computable`:
/// any answer is accepted, but not in silence). An element the judge accepts within its bound is never one: the
/// error analysis says a correct computation can give it. One warning per output and kind, naming the first such
/// element.
public struct ImpossibleAnswer: Codable, Sendable, Equatable {
    /// Which promise the answer breaks.
    public enum Kind: String, Codable, Sendable {
        /// A value beyond the output's interval.
        case outOfRange = "out_of_range"
        /// NaN from finite inputs where the convention gives a finite value.
        case nan
        /// An MS-SSIM of exactly 0 (a scale's mean taken to 0 by relu, or a power or product underflowing) where
        /// the case has a bound and 0 lies outside it: the expected MS-SSIM is finite and further from 0 than the
        /// error analysis lets a correct computation stray. Never claimed on a case without bounds (not
        /// computable), where the analysis lets a scale's mean reach 0.
        case collapseToZero = "collapse_to_zero"
    }

    /// The output: `ssim_map`, `ms_ssim`, `loss`, `grad_img1` or `grad_img2`.
    public let output: String
    public let kind: Kind
    /// The flat index of the first such element.
    public let index: Int
    /// Its value as answered.
    public let value: Double
    /// How many elements of the output are impossible so.
    public let elements: Int
    /// The warning in one sentence: the value, and why no correct computation gives it.
    public let reason: String

    /// The impossible values `given` holds for `stored`, whose outputs are expected as `expected`: none where the
    /// convention promises no interval (``SSIM/SSIMValueRange``).
    static func find(
        in given: [AdapterOutput: ProtocolArray], to stored: StoredVectorCase, expected: ExpectedOutputs
    ) -> [ImpossibleAnswer] {
        guard let validated = try? ValidatedCase(stored.request),
            let ranges = ValueRanges(validated, convention: expected.convention, precision: stored.request.precision)
        else { return [] }
        let precision = ranges.precision.rawValue
        var found: [ImpossibleAnswer] = []
        for output in stored.request.outputs {
            guard let answer = given[output], let wanted = expected.values[output], answer.shape == wanted.shape else { continue }
            let bounds = expected.notComputable == nil ? expected.bound(output)?.values : nil
            // What the judge accepts, the error analysis says a correct computation can give.
            let suspects = answer.values.indices.filter { i in
                !(bounds.map { SSIMErrorBounds.accepts(answer.values[i], expected: wanted.values[i], bound: $0[i]) } ?? false)
            }
            func warn(_ kind: Kind, _ indices: [Int], _ why: (Double) -> String) {
                guard let first = indices.first else { return }
                let value = answer.values[first]
                let more = indices.count > 1 ? " (and \(indices.count - 1) more element\(indices.count > 2 ? "s" : ""))" : ""
                found.append(ImpossibleAnswer(
                    output: output.rawValue, kind: kind, index: first, value: value, elements: indices.count,
                    reason: "\(output.rawValue) element \(first) is \(words(value))\(more): \(why(value))"))
            }
            let interval = ranges.intervals[output]
            if let interval {
                // ±∞ may come from an overflow where the precision allows one; a finite value outside, never.
                let outside = suspects.filter { i in
                    !answer.values[i].isNaN && !(ranges.mayOverflow && answer.values[i].isInfinite)
                        && !interval.answers.contains(answer.values[i])
                }
                warn(.outOfRange, outside) { value in
                    let (beyond, edge) = value > interval.answers.upperBound
                        ? ("above", interval.answers.upperBound) : ("below", interval.answers.lowerBound)
                    return "\(beyond) \(words(edge)), the \(beyond == "above" ? "most" : "least") a correct \(precision) computation can answer: "
                        + "\(interval.what), and the roundings of \(precision) take no value further"
                }
            }
            if let finite = ranges.finiteReason {
                warn(.nan, suspects.filter { answer.values[$0].isNaN }) { _ in "impossible: \(finite)" }
            }
            // Bounds exist only where the case is computable; a suspect 0 then lies outside its expected ± bound.
            if output == .msSSIM, let bounds {
                let collapsed = suspects.filter { answer.values[$0] == 0 && wanted.values[$0].isFinite }
                if let first = collapsed.first {
                    warn(.collapseToZero, collapsed) { _ in
                        "a collapse to 0, which no correct \(precision) computation gives here: the expected MS-SSIM is "
                            + "\(words(wanted.values[first])) within \(words(bounds[first])), a bound that excludes 0"
                    }
                }
            }
        }
        return found
    }

    /// The intervals of a case's outputs under its convention, of SSIM, 3-D SSIM or MS-SSIM (``SSIM/SSIMValueRange``): what each output's answers may be, exactly and with the rounding slack, and why.
    private struct ValueRanges {
        let precision: Precision
        let finiteReason: String?
        let mayOverflow: Bool
        let intervals: [AdapterOutput: (answers: ClosedRange<Double>, exact: ClosedRange<Double>, what: String)]

        /// Nil where the convention promises no interval.
        init?(_ validated: ValidatedCase, convention: any MetricConvention, precision asked: Precision) {
            let name = "`\(convention.name)`"
            let range: SSIMValueRange?, value: (output: AdapterOutput, words: String), loss: String
            switch convention {
            case let convention as SSIMConvention:
                range = SSIMValueRange(
                    validated.img1, validated.img2, options: validated.options, reduction: validated.reduction,
                    convention: convention, precision: asked)
                (value, loss) = ((.ssimMap, "SSIM"), convention.loss.rawValue)
            case let convention as MSSSIMConvention:
                range = SSIMValueRange(
                    validated.img1, validated.img2, maxVal: validated.options.maxVal, reduction: validated.reduction,
                    msssim: validated.asked(convention),
                    precision: asked)
                (value, loss) = ((.msSSIM, "MS-SSIM"), "1 − MS-SSIM")
            case let convention as SSIM3DConvention:
                guard let volumes = validated.volumes else { return nil }
                range = SSIMValueRange(
                    volumes.img1, volumes.img2, options: validated.options, reduction: validated.reduction,
                    convention: convention, precision: asked)
                (value, loss) = ((.ssimMap, "SSIM"), convention.plane.loss.rawValue)
            default:
                return nil
            }
            guard let range else { return nil }
            (precision, finiteReason, mayOverflow) = (range.precision, range.finiteReason, range.mayOverflow)
            let reduction = validated.reduction == .none ? "loss" : "\(validated.reduction.rawValue) loss"
            intervals = [
                value.output: (range.ssim, range.exactSSIM, "the \(value.words) of \(name) lies in \(words(range.exactSSIM)) (\(range.ssimReason))"),
                .loss: (range.loss, range.exactLoss,
                        "the \(reduction) of \(name) (\(loss)) lies in \(words(range.exactLoss)), as the \(value.words) lies in \(words(range.exactSSIM))"),
            ]
        }
    }

    private static func words(_ value: Double) -> String {
        NumberText.significant(value, digits: 6, style: .answer)
    }

    private static func words(_ interval: ClosedRange<Double>) -> String {
        "[\(NumberText.significant(interval.lowerBound)), \(NumberText.significant(interval.upperBound))]"
    }
}
