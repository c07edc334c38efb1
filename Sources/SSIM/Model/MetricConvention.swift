import FoundationEssentials

/// What every metric's convention tells the judge: its name, whose answers a message speaks of, and the precision
/// whose bounds judge a case. ``SSIMConvention``, ``MSSSIMConvention``, ``MSSSIML1Convention``, ``SSIM3DConvention`` and
/// ``MSSSIM3DConvention`` are the metrics' conventions.
public protocol MetricConvention: Sendable {
    /// The metric's name, as the protocol's attribute `metric` and a convention file's key `metric` spell it.
    static var metricName: String { get }
    /// The convention's name ("custom" when it has none).
    var name: String { get }
    /// One line saying what it is.
    var summary: String { get }
    /// Whose answers a message speaks of: "Kornia 0.9.0" for Kornia's own SSIM, else "`name`".
    var answerer: String { get }
    /// The precision whose bounds judge a case asking to compute in `precision`: the case's, unless the convention
    /// computes in one precision whatever it is given.
    func judgingPrecision(for precision: Precision) -> Precision
    /// The convention as the JSON object a convention file holds, its keys sorted.
    func json() -> Data
}

extension SSIMConvention: MetricConvention {
    public static let metricName = "ssim"
}

extension MSSSIMConvention: MetricConvention {
    public static let metricName = "ms-ssim"
}
