import FoundationEssentials

/// What the JSON of every metric's convention shares: how it is written, and how it is read with the errors it
/// throws.
enum ConventionJSON {
    /// The `userInfo` key of the name a convention without `name` gets.
    static let defaultNameKey = CodingUserInfoKey(rawValue: "ssim-convention-default-name")!

    /// The `userInfo` key of the SSIM conventions whose values a nested SSIM convention's missing keys take, where
    /// they are not Kornia's, by the key it is nested under (``nestedBases``).
    static let basesKey = CodingUserInfoKey(rawValue: "ssim-convention-bases")!

    /// Where an SSIM convention nested in another metric's starts from: an MS-SSIM convention's `scale` from
    /// `wang-msssim`'s, a 3-D one's `plane` from Kornia's `ssim3d`'s.
    static var nestedBases: [String: SSIMConvention] {
        ["scale": MSSSIMConvention.wangMSSSIM.scale, "plane": SSIM3DConvention.kornia.plane]
    }
}

extension MetricConvention where Self: Codable {
    /// This convention as a JSON object, its keys sorted.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain values cannot fail.
        return try! encoder.encode(self)
    }

    /// The keyed container of `encoder` holding what a convention of a metric besides SSIM starts with: its
    /// `metric`, `name`, `summary` and `provenance`.
    func identityContainer(_ encoder: any Encoder, provenance: SSIMConvention.Provenance?) throws -> KeyedEncodingContainer<JSONKey> {
        var container = encoder.container(keyedBy: JSONKey.self)
        for (key, text) in [("metric", Self.metricName), ("name", name), ("summary", summary)] {
            try container.encode(text, forKey: JSONKey(key))
        }
        try container.encodeIfPresent(provenance, forKey: JSONKey("provenance"))
        return container
    }

    /// The convention a JSON object defines; a missing `name` is `defaultName`, and the missing keys of an SSIM
    /// convention nested in it take its base's values (``ConventionJSON/nestedBases``).
    public static func decode(json data: Data, defaultName: String = "custom") throws(SSIMConventionError) -> Self {
        let decoder = JSONDecoder()
        decoder.userInfo[ConventionJSON.defaultNameKey] = defaultName
        decoder.userInfo[ConventionJSON.basesKey] = ConventionJSON.nestedBases
        do {
            return try decoder.decode(Self.self, from: data)
        } catch let error as SSIMConventionError {
            throw error
        } catch {
            throw SSIMConventionError(.notJSON, "not JSON: \(error)")
        }
    }
}

/// A key of a JSON object, whatever its name.
struct JSONKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { nil }
}

/// A JSON object of a convention (of any metric), read strictly: only the keys it has, each of the type asked, and
/// errors that name the key by its path ("taps.count").
struct JSONObject {
    let container: KeyedDecodingContainer<JSONKey>
    /// The object's path with a trailing dot ("taps."), empty at the top.
    let path: String

    init(_ decoder: any Decoder, path: String, keys: [String]) throws(SSIMConventionError) {
        do {
            container = try decoder.container(keyedBy: JSONKey.self)
        } catch {
            guard !path.isEmpty else { throw SSIMConventionError(.notJSON, "a convention is a JSON object, not another JSON value") }
            throw SSIMConventionError(.wrongType, "`\(path.dropLast())` must be a JSON object")
        }
        self.path = path
        if let unknown = container.allKeys.map(\.stringValue).filter({ !keys.contains($0) }).sorted().first {
            throw SSIMConventionError(.unknownKey, "unknown key `\(path)\(unknown)` (the keys here are \(keys.joined(separator: ", ")))")
        }
    }

    /// The value of `key`, nil when it is missing (or null).
    func value<Value: Decodable>(_ key: String, _ type: Value.Type) throws -> Value? {
        do {
            return try container.decodeIfPresent(type, forKey: JSONKey(key))
        } catch let error as SSIMConventionError {
            throw error
        } catch {
            throw SSIMConventionError(.wrongType, "`\(path)\(key)`: expected \(Self.describe(type))")
        }
    }

    func required<Value: Decodable>(_ key: String, _ type: Value.Type) throws -> Value {
        guard let value = try value(key, type) else { throw missing(key, "it is required") }
        return value
    }

    /// The choice `key` names, among `choices` (its JSON string and its value); nil when it is missing.
    func choice<Choice>(_ key: String, _ choices: [(String, Choice)]) throws -> Choice? {
        guard let text = try value(key, String.self) else { return nil }
        guard let match = choices.first(where: { $0.0 == text }) else {
            throw impossible(key, "\"\(text)\"", "expected one of \(choices.map { "\"\($0.0)\"" }.joined(separator: ", "))")
        }
        return match.1
    }

    /// The object under `key`, nil when it is missing.
    func object(_ key: String, keys: [String]) throws -> JSONObject? {
        guard container.contains(JSONKey(key)), try !container.decodeNil(forKey: JSONKey(key)) else { return nil }
        let decoder: any Decoder
        do {
            decoder = try container.superDecoder(forKey: JSONKey(key))
        } catch {
            throw SSIMConventionError(.wrongType, "`\(path)\(key)` must be a JSON object")
        }
        return try JSONObject(decoder, path: "\(path)\(key).", keys: keys)
    }

    /// The `name` (else the reader's default name), the `summary` (else `summary`) and the `provenance` of a
    /// convention object that must say it is of `metric`.
    func identity(
        metric: String, _ decoder: any Decoder, summary: String
    ) throws -> (name: String, summary: String, provenance: SSIMConvention.Provenance?) {
        guard try choice("metric", [(metric, ())]) != nil else {
            throw missing("metric", "a convention of this metric says so with \"metric\": \"\(metric)\"")
        }
        var name = decoder.userInfo[ConventionJSON.defaultNameKey] as? String ?? "custom"
        if let given = try value("name", String.self) {
            guard !given.isEmpty else { throw impossible("name", "\"\"", "a convention's name is not empty") }
            name = given
        }
        return (name, try value("summary", String.self) ?? summary, try value("provenance", SSIMConvention.Provenance.self))
    }

    func impossible(_ key: String, _ value: String, _ why: String) -> SSIMConventionError {
        SSIMConventionError(.impossibleValue, "`\(path)\(key)` is \(value): \(why)")
    }

    func missing(_ key: String, _ why: String) -> SSIMConventionError {
        SSIMConventionError(.missingValue, "`\(path)\(key)` is missing: \(why)")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type: "a whole number"
        case is Double.Type: "a number"
        case is [String].Type: "an array of strings"
        case is [Double].Type: "an array of numbers"
        default: "a JSON object or array of the documented form"
        }
    }
}
