import Foundation

/// The parameters of an SSIM map, validated once.
///
/// Convention (Kornia 0.9.0's `kornia.metrics.ssim`):
/// - Window: a sampled 1-D Gaussian with σ = 1.5 whatever `windowSize`, taps at n − windowSize/2 for
///   n = 0…windowSize−1, normalised to sum 1, applied separably (correlation along W, then along H), each channel
///   on its own. `windowSize` only sets the number of taps and must be odd and positive.
/// - Border: see ``SSIMPadding``. 'same' mirrors without repeating the edge; 'valid' is the 'same' map cropped by
///   r = windowSize / 2.
/// - Moments: μ = blur(x), σx² = blur(x²) − μx², σxy = blur(xy) − μxμy (population, not sample, covariance).
/// - Constants: C1 = (0.01·maxVal)², C2 = (0.03·maxVal)². Pixels are not rescaled: 8-bit images need
///   `maxVal: 255`.
/// - Ratio: SSIM = (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2) + eps). With the default
///   eps = 1e-12, two identical black images score 1 − eps / (C1·C2 + eps), about 0.99998889 at maxVal 1; pass
///   `eps: 0` to match MATLAB and other references.
/// - Stricter than Kornia: `maxVal` must be finite and positive (Kornia accepts any float), and the window size
///   must be odd (Kornia does not check).
/// - Variants: ``variant`` departs from this convention on purpose (another border, window or covariance), only to
///   explain what another implementation computes; it is ``SSIMVariant/kornia`` unless asked.
public struct SSIMOptions: Equatable, Sendable {
    /// The number of taps of the Gaussian window along each axis; odd and positive.
    public let windowSize: Int
    /// The data range L of the pixels (1 for images in [0, 1], 255 for 8-bit values).
    public let maxVal: Double
    /// Added to the denominator of the SSIM ratio.
    public let eps: Double
    /// Which pixels the map covers.
    public let padding: SSIMPadding
    /// The convention computed: Kornia's, or a variant of it.
    public let variant: SSIMVariant

    /// - Throws: ``SSIMError/invalidWindowSize(_:)`` unless `windowSize` is odd and positive;
    ///   ``SSIMError/invalidMaxVal(_:)`` unless `maxVal` is finite and positive.
    public init(
        windowSize: Int, maxVal: Double = 1, eps: Double = 1e-12, padding: SSIMPadding = .same,
        variant: SSIMVariant = .kornia
    ) throws(SSIMError) {
        guard windowSize > 0, windowSize % 2 == 1 else { throw .invalidWindowSize(windowSize) }
        guard maxVal.isFinite, maxVal > 0 else { throw .invalidMaxVal(maxVal) }
        self.windowSize = windowSize
        self.maxVal = maxVal
        self.eps = eps
        self.padding = padding
        self.variant = variant
    }

    /// r = windowSize / 2: the window's reach on each side of its centre.
    public var radius: Int { windowSize / 2 }
    /// (0.01·maxVal)².
    public var c1: Double { (0.01 * maxVal) * (0.01 * maxVal) }
    /// (0.03·maxVal)².
    public var c2: Double { (0.03 * maxVal) * (0.03 * maxVal) }

    /// The pixels a 'valid' map drops from each edge: r (and any extra crop of the variant); 0 for 'same'.
    public var crop: Int { padding == .valid ? radius + variant.extraValidCrop : 0 }

    /// The map's (H, W) for images of (H, W).
    public func mapSize(height: Int, width: Int) -> (height: Int, width: Int) {
        (height - 2 * crop, width - 2 * crop)
    }

    /// Checks that `img1` and `img2` can be compared under these options: same shape, and large enough.
    ///
    /// - Throws: ``SSIMError/shapeMismatch(img1:img2:)``, then ``SSIMError/imageTooSmall(height:width:windowSize:padding:)``
    ///   when H or W ≤ r for 'same' (the mirror would need more than the image) or < windowSize for 'valid'.
    public func validate(_ img1Shape: [Int], _ img2Shape: [Int]) throws(SSIMError) {
        guard img1Shape == img2Shape else { throw .shapeMismatch(img1: img1Shape, img2: img2Shape) }
        let height = img1Shape[2], width = img1Shape[3]
        // The blur mirrors once, so it needs more than r pixels, whatever a variant crops.
        let smallest = max(radius + 1, padding == .same ? 0 : 2 * crop + 1)
        guard height >= smallest, width >= smallest else {
            throw .imageTooSmall(height: height, width: width, windowSize: windowSize, padding: padding)
        }
        try Self.checkWorkingMemory(img1Shape)
    }

    /// Planes of B·C·H·W doubles an SSIM computation with gradients holds at once, at most: the images, their
    /// products, five moments, the map and its partial derivatives.
    public static let workingPlanes = 16

    /// Checks that `workingPlanes` planes of doubles of `shape` fit in this machine's physical memory.
    ///
    /// - Throws: ``SSIMError/tooLarge(shape:bytes:available:)`` naming the shape and both sizes.
    public static func checkWorkingMemory(_ shape: [Int]) throws(SSIMError) {
        // In Double: a hostile shape's product may overflow Int, and a rough size is all that is compared.
        let bytes = shape.reduce(Double(workingPlanes * MemoryLayout<Double>.size)) { $0 * Double($1) }
        let available = Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
        guard available <= 0 || bytes <= available else {
            throw .tooLarge(shape: shape, bytes: bytes, available: available)
        }
    }

    /// The normalised window: Gaussian, σ = 1.5 (or the variant's).
    public var window: [Double] {
        guard case .gaussian(let sigma) = variant.window else {
            return [Double](repeating: 1 / Double(windowSize), count: windowSize)
        }
        let weights = (0..<windowSize).map { n in
            let offset = Double(n - radius)
            return exp(-(offset * offset) / (2 * sigma * sigma))
        }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }
}
