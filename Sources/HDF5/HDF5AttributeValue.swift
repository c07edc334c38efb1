/// The value of an attribute: a string, or one or more integers or floats.
public enum HDF5AttributeValue: Equatable, Sendable, CustomStringConvertible {
    case string(String)
    case int(Int64)
    case double(Double)
    case ints([Int64])
    case doubles([Double])

    public var description: String {
        switch self {
        case .string(let value): "\"\(value)\""
        case .int(let value): "\(value)"
        case .double(let value): "\(value)"
        case .ints(let values): "\(values)"
        case .doubles(let values): "\(values)"
        }
    }
}
