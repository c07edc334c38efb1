import SSIM

/// One way an implementation can depart from a convention of one metric, which the reference can reproduce: SSIM's
/// (``KnownDeviation``), MS-SSIM's (``MSSSIMDeviation``), 3-D SSIM's (``SSIM3DDeviation``), 3-D MS-SSIM's
/// (``MSSSIM3DDeviation``) or MS-SSIM + L1's (``MSSSIML1Deviation``). An ``Explanation`` is a few of them from a convention.
public protocol ConventionDeviation: Hashable, Sendable {
    /// The convention the deviation departs from.
    associatedtype Convention: NamedMetricConvention & Hashable
    /// A stable identifier, for reports and filters.
    var name: String { get }
    /// What the implementation does, in words, after "it".
    var explanation: String { get }
    /// Whether this is a mistake rather than a convention's choice: no convention can say it.
    var isMistake: Bool { get }
    /// The choice this deviation makes: two deviations making the same choice never combine.
    var choice: Int { get }
    /// `convention` with this deviation's choice made, or nil when it already makes it (or cannot). A mistake
    /// leaves the convention as it is.
    func applied(to convention: Convention) -> Convention?
    /// Every deviation of this kind, in the order searches try them.
    static var all: [Self] { get }
}
