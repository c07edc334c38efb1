/// How far a certification is, as ``ConformanceRunner/certify(_:cases:vectors:requireFull:requireNoWarnings:batchSize:properties:patterns:jobs:maxFailures:progress:)``
/// reports it after each batch.
public struct RunProgress: Sendable, Equatable {
    /// The two phases of a run, in order.
    public enum Phase: String, Sendable {
        /// The golden vectors' cases.
        case vectors
        /// The property checks' requests (each check asks several; shrinking is not counted).
        case properties
    }

    public let phase: Phase
    /// Cases (or property requests) answered so far in this phase.
    public let done: Int
    /// Cases (or property requests) this phase runs.
    public let total: Int

    public init(_ phase: Phase, done: Int, total: Int) {
        (self.phase, self.done, self.total) = (phase, done, total)
    }
}
