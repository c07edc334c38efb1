import SSIM

/// A metric's convention with its named conventions (those `ssim-conform conventions` lists) and a test of whether two
/// compute alike: where an explanation search takes the bases of its explanations other than the certified convention
/// (``ExplanationSearching/others``).
public protocol NamedMetricConvention: MetricConvention {
    /// The named conventions.
    static var named: [Self] { get }
    /// Whether `other` computes as this convention does, whatever their names.
    func computesLike(_ other: Self) -> Bool
}

extension SSIMConvention: NamedMetricConvention {}
extension MSSSIMConvention: NamedMetricConvention {}
extension SSIM3DConvention: NamedMetricConvention {}
extension MSSSIM3DConvention: NamedMetricConvention {}
extension MSSSIML1Convention: NamedMetricConvention {}
