import Foundation

/// A 3-D SSIM convention as JSON: what `ssim-conform conventions --json` prints for one and `--convention FILE` reads.
///
/// An object whose `metric` is "ssim-3d", with these keys, each other one optional: a missing key takes Kornia's
/// value (``SSIM3DConvention/kornia``), a missing `name` the name the reader gives (the file's path):
///
/// ```json
/// {
///   "metric": "ssim-3d",
///   "name": "my-ssim3d", "summary": "one line",
///   "plane": { an SSIM convention (conventions --json), its missing keys taking Kornia's },
///   "depth": {"border": "reflect | …", "sigma": 1.5, "taps": 11}, each key only where the depth differs,
///   "convolution": "cubic | separable",
///   "padded_by_window_size": ["depth", "height", "width"],
///   "skips_short_axes": false,
///   "computes_half_in_float32": true,
///   "provenance": { as an SSIM convention's }
/// }
/// ```
///
/// Read strictly: an unknown key, a value of the wrong type or an impossible one (a depth σ not positive, a depth tap
/// count even or not positive, an unknown axis or one given twice) is an ``SSIMConventionError`` naming the key by its
/// path ("depth.taps", "plane.k1").
extension SSIM3DConvention: Codable {
    /// The keys of the JSON object, in the order they are documented.
    static let keys = [
        "metric", "name", "summary", "plane", "depth", "convolution", "padded_by_window_size", "skips_short_axes",
        "computes_half_in_float32", "provenance",
    ]

    public init(from decoder: any Decoder) throws {
        let object = try JSONObject(decoder, path: "", keys: Self.keys)
        self = .kornia
        (name, summary, provenance) = try object.identity(metric: Self.metricName, decoder, summary: summary)
        plane = try object.value("plane", SSIMConvention.self) ?? plane
        if let depth = try object.object("depth", keys: ["border", "sigma", "taps"]) {
            depthBorder = try depth.choice("border", SSIMConvention.Border.allCases.map { ($0.rawValue, $0) })
            depthSigma = try depth.value("sigma", Double.self)
            if let sigma = depthSigma, !(sigma.isFinite && sigma > 0 && sigma <= 1e6) {
                throw depth.impossible("sigma", "\(sigma)", "σ is a positive number, at most 10⁶")
            }
            depthTaps = try depth.value("taps", Int.self)
            if let taps = depthTaps, !(taps > 0 && taps % 2 == 1) {
                throw depth.impossible("taps", "\(taps)", "a tap count is odd and positive")
            }
        }
        convolution = try object.choice("convolution", Convolution.allCases.map { ($0.rawValue, $0) }) ?? convolution
        if let axes = try object.value("padded_by_window_size", [String].self) {
            var chosen: [Axis] = []
            for text in axes {
                guard let axis = Axis(rawValue: text), !chosen.contains(axis) else {
                    throw object.impossible(
                        "padded_by_window_size", "\(axes)", "each of \"depth\", \"height\", \"width\" at most once")
                }
                chosen.append(axis)
            }
            paddedByWindowSize = chosen.sorted()
        }
        skipsShortAxes = try object.value("skips_short_axes", Bool.self) ?? skipsShortAxes
        computesHalfInFloat32 = try object.value("computes_half_in_float32", Bool.self) ?? computesHalfInFloat32
    }

    public func encode(to encoder: any Encoder) throws {
        var container = try identityContainer(encoder, provenance: provenance)
        try container.encode(plane, forKey: JSONKey("plane"))
        if depthBorder != nil || depthSigma != nil || depthTaps != nil {
            var depth = container.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("depth"))
            try depth.encodeIfPresent(depthBorder?.rawValue, forKey: JSONKey("border"))
            try depth.encodeIfPresent(depthSigma, forKey: JSONKey("sigma"))
            try depth.encodeIfPresent(depthTaps, forKey: JSONKey("taps"))
        }
        try container.encode(convolution.rawValue, forKey: JSONKey("convolution"))
        try container.encode(paddedByWindowSize.map(\.rawValue), forKey: JSONKey("padded_by_window_size"))
        try container.encode(skipsShortAxes, forKey: JSONKey("skips_short_axes"))
        try container.encode(computesHalfInFloat32, forKey: JSONKey("computes_half_in_float32"))
    }
}
