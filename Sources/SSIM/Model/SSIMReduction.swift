/// How the per-pixel loss map is reduced.
public enum SSIMReduction: String, Sendable, CaseIterable {
    /// The loss map itself, with the SSIM map's shape.
    case none
    /// The mean of every element of the loss map.
    case mean
    /// The sum of every element of the loss map.
    case sum

    /// Parses the protocol's spelling, `none`, `mean` or `sum` (exact, as Kornia).
    public init(name: String) throws(SSIMError) {
        guard let reduction = SSIMReduction(rawValue: name) else { throw .invalidReduction(name) }
        self = reduction
    }
}
