/// An optional field of `report.json` written as `null` when empty, where synthesized `Encodable` would leave the key
/// out: the report schema (`docs/report-schema.md`) lists every key in every object. Decoding takes a missing key or
/// a `null` as empty, as synthesized `Decodable` does for an optional. (Public only because the fields it wraps are.)
@propertyWrapper
public struct NullEncoded<Value: Codable>: Codable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension NullEncoded: Sendable where Value: Sendable {}
extension NullEncoded: Equatable where Value: Equatable {}

extension KeyedDecodingContainer {
    /// What synthesized `Decodable` calls for a ``NullEncoded`` field: a missing key is an empty value, not an error.
    func decode<Value>(_: NullEncoded<Value>.Type, forKey key: Key) throws -> NullEncoded<Value> {
        NullEncoded(wrappedValue: try decodeIfPresent(Value.self, forKey: key))
    }
}
