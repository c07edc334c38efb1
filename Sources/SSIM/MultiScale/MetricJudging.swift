/// How a case of a multi-scale metric is judged in several precisions (``MSSSIMErrorBounds/judging(_:_:maxVal:convention:reduction:gradients:precisions:)``,
/// ``MSSSIML1ErrorBounds/judging(_:_:maxVal:alpha:compensation:convention:reduction:gradients:precisions:)``).
public struct MetricJudging<Outputs: Sendable>: Sendable {
    /// The reference's outputs, value for value.
    public let expected: Outputs
    /// The acceptance bounds by precision, laid out as ``expected``.
    public var acceptance: [Precision: Outputs] = [:]
    /// Why the case cannot be computed meaningfully, by precision; absent where it can.
    public var notComputable: [Precision: String] = [:]

    init(expected: Outputs) { self.expected = expected }
}
