import FoundationEssentials

/// An MS-SSIM + L1 convention as JSON: what `ssim-conform conventions --json` prints for one and `--convention FILE`
/// reads.
///
/// An object whose `metric` is "ms-ssim-l1", with these keys, each other one optional: a missing key takes Kornia's
/// value (``MSSSIML1Convention/kornia``), a missing `name` the name the reader gives (the file's path):
///
/// ```json
/// {
///   "metric": "ms-ssim-l1",
///   "name": "my-loss", "summary": "one line",
///   "sigmas": [0.5, 1, 2, 4, 8], "reach_in_sigmas": 2,
///   "border": "zero | reflect | reflect-101 | symmetric | replicate | circular",
///   "taps_precision": "float32 | float64", "k1": 0.01, "k2": 0.03, "alpha": 0.025, "compensation": 200,
///   "computes_half_in_float32": true,
///   "provenance": { as an SSIM convention's }
/// }
/// ```
///
/// Read strictly: an unknown key, a value of the wrong type or an impossible one (no σ, a σ not positive or the σ
/// not increasing, a reach not positive, K1 or K2 negative, α outside [0, 1], a compensation not finite, the border
/// `none`) is an ``SSIMConventionError`` naming the key.
extension MSSSIML1Convention: Codable {
    /// The keys of the JSON object, in the order they are documented.
    static let keys = [
        "metric", "name", "summary", "sigmas", "reach_in_sigmas", "border", "taps_precision", "k1", "k2", "alpha",
        "compensation", "computes_half_in_float32", "provenance",
    ]

    public init(from decoder: any Decoder) throws {
        let object = try JSONObject(decoder, path: "", keys: Self.keys)
        self = .kornia
        (name, summary, provenance) = try object.identity(metric: Self.metricName, decoder, summary: summary)
        if let sigmas = try object.value("sigmas", [Double].self) {
            guard !sigmas.isEmpty, sigmas.allSatisfy({ $0.isFinite && $0 > 0 && $0 <= 1e6 }),
                  zip(sigmas, sigmas.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw object.impossible("sigmas", "\(sigmas)", "at least one σ, each positive (at most 10⁶), increasing")
            }
            self.sigmas = sigmas
        }
        if let reach = try object.value("reach_in_sigmas", Double.self) {
            guard reach.isFinite, reach > 0, reach <= 1000 else {
                throw object.impossible("reach_in_sigmas", "\(reach)", "a reach is a positive number of σ, at most 1000")
            }
            reachInSigmas = reach
        }
        let borders = SSIMConvention.Border.allCases.filter { $0 != .none }.map { ($0.rawValue, $0) }
        border = try object.choice("border", borders) ?? border
        tapsPrecision = try object.choice("taps_precision", Precision.allCases.map { ($0.rawValue, $0) }) ?? tapsPrecision
        for (key, value) in [("k1", \MSSSIML1Convention.k1), ("k2", \MSSSIML1Convention.k2)] {
            guard let given = try object.value(key, Double.self) else { continue }
            guard given.isFinite, given >= 0 else { throw object.impossible(key, "\(given)", "K1 and K2 are finite and not negative") }
            self[keyPath: value] = given
        }
        if let alpha = try object.value("alpha", Double.self) {
            guard alpha >= 0, alpha <= 1 else { throw object.impossible("alpha", "\(alpha)", "α lies in [0, 1]") }
            self.alpha = alpha
        }
        if let compensation = try object.value("compensation", Double.self) {
            guard compensation.isFinite else {
                throw object.impossible("compensation", "\(compensation)", "the compensation is finite")
            }
            self.compensation = compensation
        }
        computesHalfInFloat32 = try object.value("computes_half_in_float32", Bool.self) ?? computesHalfInFloat32
    }

    public func encode(to encoder: any Encoder) throws {
        var container = try identityContainer(encoder, provenance: provenance)
        try container.encode(sigmas, forKey: JSONKey("sigmas"))
        for (key, number) in [("reach_in_sigmas", reachInSigmas), ("k1", k1), ("k2", k2), ("alpha", alpha), ("compensation", compensation)] {
            try container.encode(number, forKey: JSONKey(key))
        }
        for (key, text) in [("border", border.rawValue), ("taps_precision", tapsPrecision.rawValue)] {
            try container.encode(text, forKey: JSONKey(key))
        }
        try container.encode(computesHalfInFloat32, forKey: JSONKey("computes_half_in_float32"))
    }
}
