import FoundationEssentials

/// A convention as JSON: what `ssim-conform conventions --json` prints and `--convention FILE` reads.
///
/// An object with these keys, each optional: a missing key takes Kornia's value (``SSIMConvention/kornia``), and a
/// missing `name` the name the reader gives (the file's path):
///
/// ```json
/// {
///   "metric": "ssim",
///   "name": "my-ssim", "summary": "one line",
///   "border": "reflect | zero | replicate | symmetric | circular | none",
///   "window": {"shape": "gaussian", "sigma": 1.5} or {"shape": "gaussian", "sigma_rule": "opencv"}
///             or {"shape": "gaussian", "sigma_rule": "taps-over", "taps_over": 6} or {"shape": "uniform"},
///   "taps": {"rule": "asked"} or {"rule": "fixed", "count": 11} or {"rule": "truncated", "truncate": 3.5},
///   "taps_precision": "float64 | float32",
///   "sample_covariance": false,
///   "valid_crop": {"radius_of": "taps | window-size", "extra": 0},
///   "k1": 0.01, "k2": 0.03, "includes_eps": true,
///   "loss": "halved-then-clamped | one-minus-ssim | clamped-then-halved",
///   "outputs": "map | image-means",
///   "arithmetic": "as-asked | float32 | float64",
///   "data_range": "given",
///   "provenance": {"source": …, "version": …, "pin": …, "locations": [{"file": …, "lines": …, "choices": …}],
///                  "adapter": …, "verified": true, "notes": […]}
/// }
/// ```
///
/// `metric` is what tells the conventions of a file holding one per metric apart (``ConventionsByMetric/read(_:)``):
/// it is not written, and a convention without it is an SSIM one. Within an MS-SSIM convention, the per-scale
/// convention (its `scale`) starts from `wang-msssim`'s rather than Kornia's.
///
/// Read strictly: an unknown key, a value of the wrong type or an impossible value (an even or non-positive tap count,
/// σ or truncate not positive, K1 or K2 negative, an unknown border) is an ``SSIMConventionError`` naming the key and
/// the value. Limits that keep the arithmetic finite: σ ≤ 10⁶, truncate ≤ 1000, |extra| ≤ 10⁶. A σ rule
/// (``SSIMConvention/Sigma``: `fixed`, the default, with `sigma`; `opencv`; `taps-over` with `taps_over`, σ = k/taps_over)
/// gives σ from the taps, which therefore cannot follow from σ (`truncated` taps).
extension SSIMConvention: Codable {
    /// The keys of the JSON object, in the order they are documented.
    static let keys = [
        "metric", "name", "summary", "border", "window", "taps", "taps_precision", "sample_covariance", "valid_crop", "k1", "k2",
        "includes_eps", "loss", "outputs", "arithmetic", "data_range", "provenance",
    ]

    /// The SSIM convention `text` names: a named convention (``named``), else the one of the JSON file at that path
    /// (``ConventionsByMetric/read(_:)``).
    ///
    /// - Throws: ``SSIMConventionError`` naming the file (or saying no convention has that name) and what is wrong,
    ///   or saying that `text` has an MS-SSIM convention only.
    public static func read(_ text: String) throws(SSIMConventionError) -> SSIMConvention {
        guard let convention = try ConventionsByMetric.read(text).ssim else {
            throw SSIMConventionError(.missingValue, "\(text): has no SSIM convention, only an MS-SSIM one")
        }
        return convention
    }

    public init(from decoder: any Decoder) throws {
        // Within an MS-SSIM convention, errors name the key by its whole path ("scale.k1"); the index of a
        // convention in a file's array of them is not a key.
        let path = decoder.codingPath.filter { $0.intValue == nil }.map { $0.stringValue + "." }.joined()
        let object = try JSONObject(decoder, path: path, keys: Self.keys)
        _ = try object.choice("metric", [(Self.metricName, ())])
        // One nested in another metric's convention starts from that metric's base, named as that base is.
        let bases = decoder.userInfo[ConventionJSON.basesKey] as? [String: SSIMConvention]
        let base = path.isEmpty ? nil : decoder.codingPath.last.flatMap { bases?[$0.stringValue] }
        self = base ?? SSIMConvention(name: decoder.userInfo[ConventionJSON.defaultNameKey] as? String ?? "custom")
        if let name = try object.value("name", String.self) {
            guard !name.isEmpty else { throw object.impossible("name", "\"\"", "a convention's name is not empty") }
            self.name = name
        }
        summary = try object.value("summary", String.self) ?? summary
        provenance = try object.value("provenance", Provenance.self)
        border = try object.choice("border", Border.allCases.map { ($0.rawValue, $0) }) ?? border
        if let window = try object.object("window", keys: ["shape", "sigma", "sigma_rule", "taps_over"]) {
            let sigma = try window.value("sigma", Double.self), ratio = try window.value("taps_over", Double.self)
            switch try window.choice("shape", [("gaussian", "gaussian"), ("uniform", "uniform")]) ?? "gaussian" {
            case "uniform":
                let rule = try window.value("sigma_rule", String.self)
                for (key, given) in [("sigma", sigma != nil), ("sigma_rule", rule != nil), ("taps_over", ratio != nil)] where given {
                    throw window.impossible(key, "given", "a uniform window has no σ")
                }
                self.window = .uniform
            default:
                let rule = try window.choice("sigma_rule", [("fixed", "fixed"), ("opencv", "opencv"), ("taps-over", "taps-over")]) ?? "fixed"
                if rule != "fixed", let sigma { throw window.impossible("sigma", "\(sigma)", "σ follows from the taps by the `sigma_rule`") }
                if rule != "taps-over", let ratio { throw window.impossible("taps_over", "\(ratio)", "only the rule taps-over has a ratio") }
                switch rule {
                case "opencv":
                    self.window = .gaussian(sigma: .opencv)
                case "taps-over":
                    guard let ratio else { throw window.missing("taps_over", "σ = k/taps_over needs the ratio") }
                    guard ratio.isFinite, ratio > 0, ratio <= 1e6 else {
                        throw window.impossible("taps_over", "\(ratio)", "the ratio is a positive number, at most 10⁶")
                    }
                    self.window = .gaussian(sigma: .tapsOver(ratio))
                default:
                    let sigma = sigma ?? 1.5
                    guard sigma.isFinite, sigma > 0, sigma <= 1e6 else {
                        throw window.impossible("sigma", "\(sigma)", "σ is a positive number, at most 10⁶")
                    }
                    self.window = .gaussian(sigma: .fixed(sigma))
                }
            }
        }
        if let taps = try object.object("taps", keys: ["rule", "count", "truncate"]) {
            let rule = try taps.choice("rule", [("asked", "asked"), ("fixed", "fixed"), ("truncated", "truncated")]) ?? "asked"
            let count = try taps.value("count", Int.self), truncate = try taps.value("truncate", Double.self)
            if rule != "fixed", count != nil { throw taps.impossible("count", "\(count!)", "only fixed taps have a count") }
            if rule != "truncated", truncate != nil {
                throw taps.impossible("truncate", "\(truncate!)", "only truncated taps have a truncation")
            }
            switch rule {
            case "fixed":
                guard let count else { throw taps.missing("count", "fixed taps need their count") }
                guard count > 0, count % 2 == 1 else { throw taps.impossible("count", "\(count)", "a tap count is odd and positive") }
                self.taps = .fixed(count)
            case "truncated":
                guard let truncate else { throw taps.missing("truncate", "truncated taps need their truncation, in σ") }
                guard truncate.isFinite, truncate > 0, truncate <= 1000 else {
                    throw taps.impossible("truncate", "\(truncate)", "a truncation is a positive number of σ, at most 1000")
                }
                guard case .gaussian(.fixed) = window else {
                    throw taps.impossible("rule", "\"truncated\"", "only the taps of a Gaussian window of a given σ follow from a truncation")
                }
                self.taps = .truncated(truncate)
            default:
                self.taps = .asked
            }
        }
        tapsPrecision = try object.choice("taps_precision", Precision.allCases.map { ($0.rawValue, $0) }) ?? tapsPrecision
        sampleCovariance = try object.value("sample_covariance", Bool.self) ?? sampleCovariance
        if let crop = try object.object("valid_crop", keys: ["radius_of", "extra"]) {
            cropsByTaps = try crop.choice("radius_of", [("taps", true), ("window-size", false)]) ?? cropsByTaps
            extraValidCrop = try crop.value("extra", Int.self) ?? extraValidCrop
            guard abs(extraValidCrop) <= 1_000_000 else {
                throw crop.impossible("extra", "\(extraValidCrop)", "an extra crop is at most 10⁶ pixels either way")
            }
        }
        for (key, value) in [("k1", \SSIMConvention.k1), ("k2", \SSIMConvention.k2)] {
            guard let given = try object.value(key, Double.self) else { continue }
            guard given.isFinite, given >= 0 else { throw object.impossible(key, "\(given)", "K1 and K2 are finite and not negative") }
            self[keyPath: value] = given
        }
        includesEps = try object.value("includes_eps", Bool.self) ?? includesEps
        loss = try object.choice("loss", Loss.allCases.map { ($0.rawValue, $0) }) ?? loss
        outputs = try object.choice("outputs", Outputs.allCases.map { ($0.rawValue, $0) }) ?? outputs
        arithmetic = try object.choice(
            "arithmetic", [("as-asked", Precision?.none)] + Precision.allCases.map { ($0.rawValue, Optional($0)) }) ?? arithmetic
        dataRange = try object.choice("data_range", DataRange.allCases.map { ($0.rawValue, $0) }) ?? dataRange
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        try container.encode(name, forKey: JSONKey("name"))
        try container.encode(summary, forKey: JSONKey("summary"))
        try container.encodeIfPresent(provenance, forKey: JSONKey("provenance"))
        try container.encode(border.rawValue, forKey: JSONKey("border"))
        var window = container.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("window"))
        switch self.window {
        case .gaussian(let sigma):
            try window.encode("gaussian", forKey: JSONKey("shape"))
            switch sigma {
            case .fixed(let sigma): try window.encode(sigma, forKey: JSONKey("sigma"))
            case .opencv: try window.encode("opencv", forKey: JSONKey("sigma_rule"))
            case .tapsOver(let ratio):
                try window.encode("taps-over", forKey: JSONKey("sigma_rule"))
                try window.encode(ratio, forKey: JSONKey("taps_over"))
            }
        case .uniform:
            try window.encode("uniform", forKey: JSONKey("shape"))
        }
        var taps = container.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("taps"))
        switch self.taps {
        case .asked:
            try taps.encode("asked", forKey: JSONKey("rule"))
        case .fixed(let count):
            try taps.encode("fixed", forKey: JSONKey("rule"))
            try taps.encode(count, forKey: JSONKey("count"))
        case .truncated(let truncate):
            try taps.encode("truncated", forKey: JSONKey("rule"))
            try taps.encode(truncate, forKey: JSONKey("truncate"))
        }
        try container.encode(tapsPrecision.rawValue, forKey: JSONKey("taps_precision"))
        try container.encode(sampleCovariance, forKey: JSONKey("sample_covariance"))
        var crop = container.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("valid_crop"))
        try crop.encode(cropsByTaps ? "taps" : "window-size", forKey: JSONKey("radius_of"))
        try crop.encode(extraValidCrop, forKey: JSONKey("extra"))
        try container.encode(k1, forKey: JSONKey("k1"))
        try container.encode(k2, forKey: JSONKey("k2"))
        try container.encode(includesEps, forKey: JSONKey("includes_eps"))
        try container.encode(loss.rawValue, forKey: JSONKey("loss"))
        try container.encode(outputs.rawValue, forKey: JSONKey("outputs"))
        try container.encode(arithmetic?.rawValue ?? "as-asked", forKey: JSONKey("arithmetic"))
        try container.encode(dataRange.rawValue, forKey: JSONKey("data_range"))
    }
}

extension SSIMConvention.Provenance {
    public init(from decoder: any Decoder) throws {
        let object = try JSONObject(decoder, path: "provenance.", keys: ["source", "version", "pin", "locations", "adapter", "verified", "notes"])
        self.init(
            source: try object.required("source", String.self), version: try object.required("version", String.self),
            pin: try object.required("pin", String.self),
            locations: try object.value("locations", [Location].self) ?? [],
            adapter: try object.value("adapter", String.self), verified: try object.value("verified", Bool.self) ?? true,
            notes: try object.value("notes", [String].self) ?? [])
    }
}

extension SSIMConvention.Provenance.Location {
    public init(from decoder: any Decoder) throws {
        let object = try JSONObject(decoder, path: "provenance.locations[].", keys: ["file", "lines", "choices"])
        self.init(
            file: try object.required("file", String.self), lines: try object.required("lines", String.self),
            choices: try object.required("choices", String.self))
    }
}
