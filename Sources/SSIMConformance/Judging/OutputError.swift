/// How far one output strayed, at its worst element.
public struct OutputError: Codable, Sendable, Equatable {
    /// The largest |answer − expected|.
    public var maxAbsolute: Double
    /// The largest |answer − expected| / bound: above 1 is outside the bound.
    public var maxInBoundUnits: Double
    /// The flat index of the element with the largest error in bound units.
    public var worstIndex: Int
    /// That element's bound.
    public var boundAtWorst: Double
    /// Elements outside their bound.
    public var outside: Int
}
