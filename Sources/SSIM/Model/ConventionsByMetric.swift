import FoundationEssentials

/// The conventions cases are computed under, one per metric: what the stored vectors follow (Kornia's SSIM,
/// `wang-msssim` for MS-SSIM, Kornia's MS-SSIM + L1), or what a name given to `--convention` denotes. A library's name
/// denotes its convention of each metric it has one of (`torchmetrics`: its SSIM and its MS-SSIM; `kornia`: its SSIM
/// and its MS-SSIM + L1, `MS_SSIMLoss`, and its `ssim3d`); a metric without one (Kornia's MS-SSIM, `wang-msssim`'s SSIM) is nil, and its
/// cases are outside what is certified.
public struct ConventionsByMetric: Sendable {
    public var ssim: SSIMConvention?
    public var msssim: MSSSIMConvention?
    public var msssimL1: MSSSIML1Convention?
    public var ssim3D: SSIM3DConvention?
    public var msssim3D: MSSSIM3DConvention?

    public init(
        ssim: SSIMConvention?, msssim: MSSSIMConvention?, msssimL1: MSSSIML1Convention? = nil,
        ssim3D: SSIM3DConvention? = nil, msssim3D: MSSSIM3DConvention? = nil
    ) {
        (self.ssim, self.msssim, self.msssimL1, self.ssim3D) = (ssim, msssim, msssimL1, ssim3D)
        self.msssim3D = msssim3D
    }

    /// An SSIM convention alone: what certifying a library that has no MS-SSIM denotes.
    public init(_ ssim: SSIMConvention) {
        self.init(ssim: ssim, msssim: nil)
    }

    /// The stored vectors' conventions: Kornia's SSIM, `wang-msssim`, Kornia's MS-SSIM + L1, Kornia's 3-D SSIM and
    /// torchmetrics' 3-D MS-SSIM (Kornia has none; of the two libraries that have one, torchmetrics' refuses a volume
    /// too small for its scales, which pytorch-msssim's computes with its blur skipped, so that its vectors can hold
    /// the error that names the axis; its torch reflect border is Kornia's `ssim3d`'s).
    public static let vectors = ConventionsByMetric(
        ssim: .kornia, msssim: .wangMSSSIM, msssimL1: .kornia, ssim3D: .kornia, msssim3D: .torchmetrics)

    /// The conventions `text` denotes: the named conventions of every metric of that name, or those of the JSON file
    /// at that path (``decode(json:defaultName:)``).
    ///
    /// - Throws: ``SSIMConventionError`` when `text` names neither a named convention of any metric nor a valid file.
    public static func read(_ text: String) throws(SSIMConventionError) -> ConventionsByMetric {
        let named = ConventionsByMetric(
            ssim: SSIMConvention.named(text), msssim: MSSSIMConvention.named(text), msssimL1: MSSSIML1Convention.named(text),
            ssim3D: SSIM3DConvention.named(text), msssim3D: MSSSIM3DConvention.named(text))
        if !named.all.isEmpty { return named }
        guard FileManager.default.fileExists(atPath: text) else {
            throw SSIMConventionError(.unknownName, "\(text): neither a named convention (\(names.joined(separator: ", "))) nor a file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: text))
        } catch {
            // As Foundation's NSError described FoundationEssentials' CocoaError, which has no description of its own.
            let code = (error as? CocoaError).map { "NSCocoaErrorDomain error \($0.code.rawValue)" } ?? "\(error)"
            throw SSIMConventionError(.unreadableFile, "\(text): cannot be read: The operation could not be completed. (\(code).)")
        }
        do throws(SSIMConventionError) {
            return try decode(json: data, defaultName: text)
        } catch {
            throw SSIMConventionError(error.kind, "\(text): \(error.description)")
        }
    }

    /// The conventions a JSON text defines: one convention object (``SSIMConvention`` JSON, ``MSSSIMConvention`` JSON,
    /// whose `metric` is "ms-ssim", ``MSSSIML1Convention`` JSON, "ms-ssim-l1", ``SSIM3DConvention`` JSON,
    /// "ssim-3d", or ``MSSSIM3DConvention`` JSON, "ms-ssim-3d"), or an array of them, at most one
    /// per metric. A missing `name` is `defaultName`.
    ///
    /// - Throws: ``SSIMConventionError`` naming the key and value at fault, or the metric given twice.
    public static func decode(json data: Data, defaultName: String = "custom") throws(SSIMConventionError) -> ConventionsByMetric {
        let decoder = JSONDecoder()
        decoder.userInfo[ConventionJSON.defaultNameKey] = defaultName
        decoder.userInfo[ConventionJSON.basesKey] = ConventionJSON.nestedBases
        do {
            return try decoder.decode(File.self, from: data).conventions
        } catch let error as SSIMConventionError {
            throw error
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw SSIMConventionError(.notJSON, "not JSON: The operation could not be completed. The data is not in the correct format.")
        } catch {
            throw SSIMConventionError(.notJSON, "not JSON: \(error)")
        }
    }

    /// A file of conventions: one object or an array of them, each decoded by its metric's decoder in turn, so that
    /// the first fault in the file's order is the one reported.
    private struct File: Decodable {
        var conventions = ConventionsByMetric(ssim: nil, msssim: nil)

        init(from decoder: any Decoder) throws {
            guard var array = try? decoder.unkeyedContainer() else {
                try add(decoder)
                return
            }
            guard !array.isAtEnd else { throw SSIMConventionError(.notJSON, "an array of conventions holds at least one") }
            while !array.isAtEnd { try add(try array.superDecoder()) }
        }

        private mutating func add(_ decoder: any Decoder) throws {
            guard let object = try? decoder.container(keyedBy: JSONKey.self) else {
                throw SSIMConventionError(.notJSON, "a convention is a JSON object, not another JSON value")
            }
            // A `metric` that is not a string is left to the SSIM decoder, which names it.
            let metric = (try? object.decodeIfPresent(String.self, forKey: JSONKey("metric")) ?? nil) ?? SSIMConvention.metricName
            guard conventions.all.allSatisfy({ type(of: $0).metricName != metric }) else {
                throw SSIMConventionError(.impossibleValue, "`metric` is \"\(metric)\" twice: a file holds one convention per metric")
            }
            switch metric {
            case SSIMConvention.metricName: conventions.ssim = try SSIMConvention(from: decoder)
            case MSSSIMConvention.metricName: conventions.msssim = try MSSSIMConvention(from: decoder)
            case MSSSIML1Convention.metricName: conventions.msssimL1 = try MSSSIML1Convention(from: decoder)
            case SSIM3DConvention.metricName: conventions.ssim3D = try SSIM3DConvention(from: decoder)
            case MSSSIM3DConvention.metricName: conventions.msssim3D = try MSSSIM3DConvention(from: decoder)
            default:
                let metrics = [
                    SSIMConvention.metricName, MSSSIMConvention.metricName, MSSSIML1Convention.metricName,
                    SSIM3DConvention.metricName, MSSSIM3DConvention.metricName,
                ]
                throw SSIMConventionError(
                    .impossibleValue, "`metric` is \"\(metric)\": expected one of \(metrics.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
        }
    }

    /// Every name a named convention of any metric has, each once, SSIM's first.
    public static var names: [String] {
        var names = SSIMConvention.named.map(\.name)
        for other in [
            MSSSIMConvention.named.map(\.name), MSSSIML1Convention.named.map(\.name), SSIM3DConvention.named.map(\.name),
            MSSSIM3DConvention.named.map(\.name),
        ] {
            names += other.filter { !names.contains($0) }
        }
        return names
    }

    /// The conventions held, SSIM's first.
    public var all: [any MetricConvention] {
        [ssim as (any MetricConvention)?, msssim, msssimL1, ssim3D, msssim3D].compactMap { $0 }
    }

    /// The name the conventions go by: the SSIM convention's, else the MS-SSIM one's, the MS-SSIM + L1 one's, the
    /// 3-D SSIM one's or the 3-D MS-SSIM one's.
    public var name: String { ssim?.name ?? msssim?.name ?? msssimL1?.name ?? ssim3D?.name ?? msssim3D?.name ?? "none" }
}
