/// A value that is not a finite number, as a pixel of the non-finite family.
public enum NonFiniteValue: String, Sendable, CaseIterable {
    case nan
    case plusInfinity = "inf"
    case minusInfinity = "-inf"

    public var value: Double {
        switch self {
        case .nan: .nan
        case .plusInfinity: .infinity
        case .minusInfinity: -.infinity
        }
    }

    /// As the recipe writes it.
    var literal: String {
        switch self {
        case .nan: "NaN"
        case .plusInfinity: "+Inf"
        case .minusInfinity: "-Inf"
        }
    }
}
