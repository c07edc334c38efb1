import FoundationEssentials
import Glibc

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
public struct SSIMOptions: Equatable, Sendable {
    /// The number of taps of the Gaussian window along each axis; odd and positive.
    public let windowSize: Int
    /// The data range L of the pixels (1 for images in [0, 1], 255 for 8-bit values).
    public let maxVal: Double
    /// Added to the denominator of the SSIM ratio.
    public let eps: Double
    /// Which pixels the map covers.
    public let padding: SSIMPadding

    /// - Throws: ``SSIMError/invalidWindowSize(_:)`` unless `windowSize` is odd and positive;
    ///   ``SSIMError/invalidMaxVal(_:)`` unless `maxVal` is finite and positive.
    public init(windowSize: Int, maxVal: Double = 1, eps: Double = 1e-12, padding: SSIMPadding = .same) throws(SSIMError) {
        guard windowSize > 0, windowSize % 2 == 1 else { throw .invalidWindowSize(windowSize) }
        guard maxVal.isFinite, maxVal > 0 else { throw .invalidMaxVal(maxVal) }
        self.windowSize = windowSize
        self.maxVal = maxVal
        self.eps = eps
        self.padding = padding
    }

    /// r = windowSize / 2: the window's reach on each side of its centre.
    public var radius: Int { windowSize / 2 }
    /// (0.01·maxVal)².
    public var c1: Double { (0.01 * maxVal) * (0.01 * maxVal) }
    /// (0.03·maxVal)².
    public var c2: Double { (0.03 * maxVal) * (0.03 * maxVal) }

    /// The pixels a 'valid' map drops from each edge: r; 0 for 'same'.
    public var crop: Int { padding == .valid ? radius : 0 }

    /// The map's shape for images of `shape`.
    public func mapShape(_ shape: Shape) -> Shape { shape.cropped(by: crop) }

    /// Checks that `img1` and `img2` can be compared under these options: same shape, and large enough.
    ///
    /// - Throws: ``SSIMError/shapeMismatch(img1:img2:)``, then ``SSIMError/imageTooSmall(height:width:windowSize:padding:)``
    ///   when H or W ≤ r for 'same' (the mirror would need more than the image) or < windowSize for 'valid'.
    public func validate(_ img1Shape: Shape, _ img2Shape: Shape) throws(SSIMError) {
        try validate(img1Shape, img2Shape, crop: crop, reach: radius)
    }

    /// ``validate(_:_:)`` for a map cropped by `crop` from each edge, by a blur whose border mirrors once to read
    /// `reach` pixels beyond the edge (torch's `reflect`; 0 for a border that extends any image).
    func validate(_ img1Shape: Shape, _ img2Shape: Shape, crop: Int, reach: Int) throws(SSIMError) {
        guard img1Shape == img2Shape else { throw .shapeMismatch(img1: img1Shape.dimensions, img2: img2Shape.dimensions) }
        let height = img1Shape.height, width = img1Shape.width
        // A single mirror needs more than the reach it reads, whatever the crop.
        let smallest = max(reach + 1, padding == .same ? 0 : 2 * crop + 1)
        guard height >= smallest, width >= smallest else {
            throw .imageTooSmall(height: height, width: width, windowSize: windowSize, padding: padding)
        }
    }

    /// The normalised window: Kornia's Gaussian of σ = 1.5.
    public var window: [Double] { Self.gaussianWindow(size: windowSize, sigma: 1.5) }

    /// `size` samples of a Gaussian of standard deviation `sigma` at n − size/2, n = 0…size−1, normalised to sum 1.
    static func gaussianWindow(size: Int, sigma: Double) -> [Double] {
        let weights = (0..<size).map { n in
            let offset = Double(n - size / 2)
            return exp(-(offset * offset) / (2 * sigma * sigma))
        }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }
}
