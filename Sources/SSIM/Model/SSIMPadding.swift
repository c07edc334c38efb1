/// Which pixels the SSIM map covers.
public enum SSIMPadding: String, Sendable, CaseIterable {
    /// Every pixel; the window is completed at the borders by mirroring without repeating the edge (torch's
    /// `reflect`: `c b | a b c d | c b`). The map has the images' H × W.
    case same
    /// Only pixels whose window lies inside the image: the map is (H − 2r) × (W − 2r) with r = windowSize / 2, the
    /// 'same' map cropped by r. This is MATLAB's `filter2(..., 'valid')`, as in Wang's `ssim_index.m`.
    case valid

    /// Parses the protocol's spelling, `same` or `valid` (case-insensitive, as Kornia).
    public init(name: String) throws(SSIMError) {
        guard let padding = SSIMPadding(rawValue: name.lowercased()) else { throw .invalidPadding(name) }
        self = padding
    }
}
