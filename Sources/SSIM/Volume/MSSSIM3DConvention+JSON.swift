import FoundationEssentials

/// A 3-D MS-SSIM convention as JSON: what `ssim-conform conventions --json` prints for one and `--convention FILE`
/// reads.
///
/// An object whose `metric` is "ms-ssim-3d", with these keys, each other one optional: a missing `volume` or
/// `multi_scale` is `torchmetrics`' (``MSSSIM3DConvention/torchmetrics``, the vectors' convention), a missing
/// `name` the name the reader gives (the file's path):
///
/// ```json
/// {
///   "metric": "ms-ssim-3d",
///   "name": "my-msssim3d", "summary": "one line",
///   "volume": { a 3-D SSIM convention ("metric": "ssim-3d"), its missing keys taking Kornia's ssim3d values },
///   "multi_scale": { an MS-SSIM convention ("metric": "ms-ssim"), its missing keys taking wang-msssim's },
///   "provenance": { as an SSIM convention's }
/// }
/// ```
///
/// Each scale's SSIM along H and W is `volume`'s `plane`: the `scale` of `multi_scale` is not read (it is written as
/// `volume`'s plane). Read strictly, as its parts are: an unknown key, a value of the wrong type or an impossible one
/// is an ``SSIMConventionError`` naming the key.
extension MSSSIM3DConvention: Codable {
    /// The keys of the JSON object, in the order they are documented.
    static let keys = ["metric", "name", "summary", "volume", "multi_scale", "provenance"]

    public init(from decoder: any Decoder) throws {
        let object = try JSONObject(decoder, path: "", keys: Self.keys)
        self = .torchmetrics
        (name, summary, provenance) = try object.identity(metric: Self.metricName, decoder, summary: summary)
        let volume = try object.value("volume", SSIM3DConvention.self) ?? volume
        var multiScale = try object.value("multi_scale", MSSSIMConvention.self) ?? multiScale
        // Each scale's plane is the volume's (property observers do not run in an initialiser).
        multiScale.scale = volume.plane
        (self.volume, self.multiScale) = (volume, multiScale)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = try identityContainer(encoder, provenance: provenance)
        try container.encode(volume, forKey: JSONKey("volume"))
        try container.encode(multiScale, forKey: JSONKey("multi_scale"))
    }
}
