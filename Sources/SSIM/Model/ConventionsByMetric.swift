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

    /// The conventions `text` denotes: the named SSIM and MS-SSIM conventions of that name, or the SSIM convention of
    /// the JSON file at that path (``SSIMConvention/read(_:)``).
    ///
    /// - Throws: ``SSIMConventionError`` when `text` names neither a named convention of any metric nor a valid file.
    public static func read(_ text: String) throws(SSIMConventionError) -> ConventionsByMetric {
        let msssim = MSSSIMConvention.named(text)
        if msssim != nil && SSIMConvention.named(text) == nil { return ConventionsByMetric(ssim: nil, msssim: msssim) }
        return ConventionsByMetric(ssim: try SSIMConvention.read(text), msssim: msssim)
    }

    /// The name the conventions go by: the SSIM convention's, else the MS-SSIM one's.
    public var name: String { ssim?.name ?? msssim?.name ?? "none" }
}
