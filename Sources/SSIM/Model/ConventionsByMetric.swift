import Foundation

/// The conventions cases are computed under, one per metric: what the stored vectors follow (Kornia's SSIM,
/// `wang-msssim` for MS-SSIM), or what a name given to `--convention` denotes. A library's name denotes its convention
/// of each metric it has one of (`torchmetrics`: its SSIM and its MS-SSIM); a metric without one (Kornia's MS-SSIM,
/// `wang-msssim`'s SSIM) is nil, and its cases are outside what is certified.
public struct ConventionsByMetric: Sendable {
    public var ssim: SSIMConvention?
    public var msssim: MSSSIMConvention?

    public init(ssim: SSIMConvention?, msssim: MSSSIMConvention?) {
        (self.ssim, self.msssim) = (ssim, msssim)
    }

    /// An SSIM convention alone: what certifying a library that has no MS-SSIM denotes.
    public init(_ ssim: SSIMConvention) {
        self.init(ssim: ssim, msssim: nil)
    }

    /// The stored vectors' conventions: Kornia's SSIM and `wang-msssim`.
    public static let vectors = ConventionsByMetric(ssim: .kornia, msssim: .wangMSSSIM)

    /// The conventions `text` denotes: the named SSIM and MS-SSIM conventions of that name, or those of the JSON file
    /// at that path (``decode(json:defaultName:)``).
    ///
    /// - Throws: ``SSIMConventionError`` when `text` names neither a named convention of any metric nor a valid file.
    public static func read(_ text: String) throws(SSIMConventionError) -> ConventionsByMetric {
        let named = ConventionsByMetric(ssim: SSIMConvention.named(text), msssim: MSSSIMConvention.named(text))
        if !named.all.isEmpty { return named }
        guard FileManager.default.fileExists(atPath: text) else {
            throw SSIMConventionError(.unknownName, "\(text): neither a named convention (\(names.joined(separator: ", "))) nor a file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: text))
        } catch {
            throw SSIMConventionError(.unreadableFile, "\(text): cannot be read: \(error.localizedDescription)")
        }
        do throws(SSIMConventionError) {
            return try decode(json: data, defaultName: text)
        } catch {
            throw SSIMConventionError(error.kind, "\(text): \(error.description)")
        }
    }

    /// The conventions a JSON text defines: one convention object (``SSIMConvention`` JSON, or ``MSSSIMConvention``
    /// JSON, whose `metric` is "ms-ssim"), or an array of them, at most one per metric. A missing `name` is
    /// `defaultName`.
    ///
    /// - Throws: ``SSIMConventionError`` naming the key and value at fault, or the metric given twice.
    public static func decode(json data: Data, defaultName: String = "custom") throws(SSIMConventionError) -> ConventionsByMetric {
        let top: Any
        do {
            top = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw SSIMConventionError(.notJSON, "not JSON: \(error.localizedDescription)")
        }
        let objects = top as? [Any] ?? [top]
        guard !objects.isEmpty else { throw SSIMConventionError(.notJSON, "an array of conventions holds at least one") }
        var conventions = ConventionsByMetric(ssim: nil, msssim: nil)
        for object in objects {
            guard let fields = object as? [String: Any] else {
                throw SSIMConventionError(.notJSON, "a convention is a JSON object, not another JSON value")
            }
            let metric = fields["metric"] as? String ?? SSIMConvention.metricName
            // Each object is decoded on its own, by its metric's decoder; values parsed from JSON are written back
            // as they were read (numbers keep their text), which cannot fail.
            let json = try! JSONSerialization.data(withJSONObject: fields)
            switch metric {
            case MSSSIMConvention.metricName where conventions.msssim == nil:
                conventions.msssim = try MSSSIMConvention.decode(json: json, defaultName: defaultName)
            case SSIMConvention.metricName where conventions.ssim == nil:
                conventions.ssim = try SSIMConvention.decode(json: json, defaultName: defaultName)
            case MSSSIMConvention.metricName, SSIMConvention.metricName:
                throw SSIMConventionError(.impossibleValue, "`metric` is \"\(metric)\" twice: a file holds one convention per metric")
            default:
                throw SSIMConventionError(
                    .impossibleValue, "`metric` is \"\(metric)\": expected \"\(SSIMConvention.metricName)\" or \"\(MSSSIMConvention.metricName)\"")
            }
        }
        return conventions
    }

    /// Every name a named convention of any metric has, each once, SSIM's first.
    public static var names: [String] {
        var names = SSIMConvention.named.map(\.name)
        names += MSSSIMConvention.named.map(\.name).filter { !names.contains($0) }
        return names
    }

    /// The conventions held, SSIM's first.
    public var all: [any MetricConvention] { [ssim as (any MetricConvention)?, msssim].compactMap { $0 } }

    /// The name the conventions go by: the SSIM convention's, else the MS-SSIM one's.
    public var name: String { ssim?.name ?? msssim?.name ?? "none" }
}
