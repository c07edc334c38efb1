/// The conventions cases are computed under, one per metric: what the stored vectors follow (Kornia's SSIM,
/// `wang-msssim` for MS-SSIM, Kornia's MS-SSIM + L1), or what a name given to `--convention` denotes. A library's name
/// denotes its convention of each metric it has one of (`torchmetrics`: its SSIM and its MS-SSIM; `kornia`: its SSIM
/// and its MS-SSIM + L1, `MS_SSIMLoss`); a metric without one (Kornia's MS-SSIM, `wang-msssim`'s SSIM) is nil, and its
/// cases are outside what is certified.
public struct ConventionsByMetric: Sendable {
    public var ssim: SSIMConvention?
    public var msssim: MSSSIMConvention?
    public var msssimL1: MSSSIML1Convention?

    public init(ssim: SSIMConvention?, msssim: MSSSIMConvention?, msssimL1: MSSSIML1Convention? = nil) {
        (self.ssim, self.msssim, self.msssimL1) = (ssim, msssim, msssimL1)
    }

    /// An SSIM convention alone: what certifying a library that has no MS-SSIM denotes.
    public init(_ ssim: SSIMConvention) {
        self.init(ssim: ssim, msssim: nil)
    }

    /// The stored vectors' conventions: Kornia's SSIM, `wang-msssim` and Kornia's MS-SSIM + L1.
    public static let vectors = ConventionsByMetric(ssim: .kornia, msssim: .wangMSSSIM, msssimL1: .kornia)

    /// The conventions `text` denotes: the named conventions of every metric of that name, or the SSIM convention of
    /// the JSON file at that path (``SSIMConvention/read(_:)``).
    ///
    /// - Throws: ``SSIMConventionError`` when `text` names neither a named convention of any metric nor a valid file.
    public static func read(_ text: String) throws(SSIMConventionError) -> ConventionsByMetric {
        let msssim = MSSSIMConvention.named(text), msssimL1 = MSSSIML1Convention.named(text)
        if (msssim != nil || msssimL1 != nil) && SSIMConvention.named(text) == nil {
            return ConventionsByMetric(ssim: nil, msssim: msssim, msssimL1: msssimL1)
        }
        return ConventionsByMetric(ssim: try SSIMConvention.read(text), msssim: msssim, msssimL1: msssimL1)
    }

    /// The name the conventions go by: the SSIM convention's, else the MS-SSIM one's, else the MS-SSIM + L1 one's.
    public var name: String { ssim?.name ?? msssim?.name ?? msssimL1?.name ?? "none" }
}
