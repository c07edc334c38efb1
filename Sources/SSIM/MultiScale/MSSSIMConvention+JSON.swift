import FoundationEssentials

/// An MS-SSIM convention as JSON: what `ssim-conform conventions --json` prints for one and `--convention FILE` reads.
///
/// An object whose `metric` is "ms-ssim" (what tells it from an SSIM convention), with these keys, each other one
/// optional: a missing key takes `wang-msssim`'s value (``MSSSIMConvention/wangMSSSIM``), a missing `name` the name
/// the reader gives (the file's path):
///
/// ```json
/// {
///   "metric": "ms-ssim",
///   "name": "my-msssim", "summary": "one line",
///   "scale": { an SSIM convention (conventions --json), its missing keys taking wang-msssim's per-scale values },
///   "window_size": 11, "padding": "valid | same", "cs_padding": "valid | same", "eps": 0,
///   "weights": [0.0448, 0.2856, 0.3001, 0.2363, 0.1333], "normalises_weights": false,
///   "terms": "cs-then-ssim | ssim-at-every-scale",
///   "downsampling": "repeat-last-then-average | zero-pad-both-sides | replicate-top-left | floor",
///   "negative_values": "none | relu | half-shifted",
///   "channel_pooling": "per-channel | per-image", "pooling": "means-then-powers", "loss": "one-minus-ms-ssim",
///   "data_range": {"rule": "given"} or {"rule": "fixed", "l": 255},
///   "given_weights": "as-given | normalised | float32",
///   "minimum_side": "pyramid | beyond-window-times-scale",
///   "provenance": { as an SSIM convention's }
/// }
/// ```
///
/// `cs_padding` missing means the cs maps take `padding`. Read strictly, as an SSIM convention is: an unknown key, a
/// value of the wrong type or an impossible one (no weight, a negative or infinite weight, weights to normalise that
/// sum to 0, an even or non-positive window, a negative eps or L) is an ``SSIMConventionError`` naming the key.
extension MSSSIMConvention: Codable {
    /// The keys of the JSON object, in the order they are documented.
    static let keys = [
        "metric", "name", "summary", "scale", "window_size", "padding", "cs_padding", "eps", "weights",
        "normalises_weights", "terms", "downsampling", "negative_values", "channel_pooling", "pooling", "loss",
        "data_range", "given_weights", "minimum_side", "provenance",
    ]

    public init(from decoder: any Decoder) throws {
        let object = try JSONObject(decoder, path: "", keys: Self.keys)
        self = .wangMSSSIM
        (name, summary, provenance) = try object.identity(metric: Self.metricName, decoder, summary: summary)
        scale = try object.value("scale", SSIMConvention.self) ?? scale
        if let windowSize = try object.value("window_size", Int.self) {
            guard windowSize > 0, windowSize % 2 == 1 else {
                throw object.impossible("window_size", "\(windowSize)", "a window size is odd and positive")
            }
            self.windowSize = windowSize
        }
        let paddings = SSIMPadding.allCases.map { ($0.rawValue, $0) }
        padding = try object.choice("padding", paddings) ?? padding
        csPadding = try object.choice("cs_padding", paddings)
        if let eps = try object.value("eps", Double.self) {
            guard eps.isFinite, eps >= 0 else { throw object.impossible("eps", "\(eps)", "eps is finite and not negative") }
            self.eps = eps
        }
        weights = try object.value("weights", [Double].self) ?? weights
        normalisesWeights = try object.value("normalises_weights", Bool.self) ?? normalisesWeights
        terms = try object.choice("terms", Terms.allCases.map { ($0.rawValue, $0) }) ?? terms
        downsampling = try object.choice("downsampling", MSSSIMDownsampling.allCases.map { ($0.rawValue, $0) }) ?? downsampling
        negativeValues = try object.choice("negative_values", NegativeValues.allCases.map { ($0.rawValue, $0) }) ?? negativeValues
        channelPooling = try object.choice("channel_pooling", ChannelPooling.allCases.map { ($0.rawValue, $0) }) ?? channelPooling
        pooling = try object.choice("pooling", Pooling.allCases.map { ($0.rawValue, $0) }) ?? pooling
        loss = try object.choice("loss", Loss.allCases.map { ($0.rawValue, $0) }) ?? loss
        if let range = try object.object("data_range", keys: ["rule", "l"]) {
            let fixed = try range.value("l", Double.self)
            // A fixed range's L is its key "l", read here.
            let rules: [(String, DataRange)] = [("given", .given), ("fixed", .fixed(.nan)), ("estimated-per-scale", .estimatedPerScale)]
            switch try range.choice("rule", rules) ?? .given {
            case .fixed:
                guard let fixed else { throw range.missing("l", "a fixed data range needs its L") }
                guard fixed.isFinite, fixed > 0 else { throw range.impossible("l", "\(fixed)", "L is finite and positive") }
                dataRange = .fixed(fixed)
            case let rule:
                if let fixed { throw range.impossible("l", "\(fixed)", "only a fixed data range has an L") }
                dataRange = rule
            }
        }
        givenWeights = try object.choice("given_weights", GivenWeights.allCases.map { ($0.rawValue, $0) }) ?? givenWeights
        minimumSide = try object.choice("minimum_side", MinimumSide.allCases.map { ($0.rawValue, $0) }) ?? minimumSide
        do throws(SSIMError) {
            try check()
        } catch {
            throw object.impossible("weights", "\(weights)", "\(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = try identityContainer(encoder, provenance: provenance)
        try container.encode(scale, forKey: JSONKey("scale"))
        try container.encode(windowSize, forKey: JSONKey("window_size"))
        try container.encode(padding.rawValue, forKey: JSONKey("padding"))
        try container.encodeIfPresent(csPadding?.rawValue, forKey: JSONKey("cs_padding"))
        try container.encode(eps, forKey: JSONKey("eps"))
        try container.encode(weights, forKey: JSONKey("weights"))
        try container.encode(normalisesWeights, forKey: JSONKey("normalises_weights"))
        try container.encode(terms.rawValue, forKey: JSONKey("terms"))
        try container.encode(downsampling.rawValue, forKey: JSONKey("downsampling"))
        try container.encode(negativeValues.rawValue, forKey: JSONKey("negative_values"))
        try container.encode(channelPooling.rawValue, forKey: JSONKey("channel_pooling"))
        try container.encode(pooling.rawValue, forKey: JSONKey("pooling"))
        try container.encode(loss.rawValue, forKey: JSONKey("loss"))
        var range = container.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("data_range"))
        switch dataRange {
        case .given:
            try range.encode("given", forKey: JSONKey("rule"))
        case .fixed(let fixed):
            try range.encode("fixed", forKey: JSONKey("rule"))
            try range.encode(fixed, forKey: JSONKey("l"))
        case .estimatedPerScale:
            try range.encode("estimated-per-scale", forKey: JSONKey("rule"))
        }
        try container.encode(givenWeights.rawValue, forKey: JSONKey("given_weights"))
        try container.encode(minimumSide.rawValue, forKey: JSONKey("minimum_side"))
    }
}
