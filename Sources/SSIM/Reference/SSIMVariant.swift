import Foundation

/// A deliberate departure from Kornia's convention, for explaining what another implementation computes.
///
/// Implementations of SSIM differ in a handful of choices; when one disagrees with the reference, the conformance
/// runner asks the reference for the same pair under these variants and names the one that reproduces the
/// implementation's answer. ``kornia`` (every property at its default) is the convention itself; the reference's
/// results, the golden vectors and their bounds are all computed with it. Gradients follow the variant too.
///
/// Only the reference computes variants
/// (``SSIMReference/evaluate(_:_:options:reduction:gradients:variant:)``): ``SSIMOptions`` holds what Kornia's API
/// holds, and ``FastSSIM`` computes Kornia's convention alone.
public struct SSIMVariant: Hashable, Sendable, CustomStringConvertible {
    /// How the blur reads pixels beyond the image's edge, for a row `a b c d`.
    public enum Border: String, Hashable, Sendable, CaseIterable {
        /// torch's `reflect`, mirrored without repeating the edge: `c b | a b c d | c b` (Kornia).
        case reflect
        /// Zeros: `0 0 | a b c d | 0 0` (a convolution with zero padding).
        case zero
        /// The edge pixel repeated: `a a | a b c d | d d`.
        case replicate
        /// Mirrored with the edge repeated: `b a | a b c d | d c` (MATLAB's `symmetric`, scipy's `reflect`).
        case symmetric
    }

    /// The shape of the window's weights (its number of taps is the options' window size).
    public enum Window: Hashable, Sendable {
        /// Sampled Gaussian weights of standard deviation `sigma`, normalised (Kornia: σ = 1.5).
        case gaussian(sigma: Double)
        /// Equal weights, 1/k each.
        case uniform
    }

    public var border: Border
    public var window: Window
    /// Variances and covariance scaled by N/(N − 1), N = windowSize² (scikit-image's `use_sample_covariance`).
    public var sampleCovariance: Bool
    /// Pixels cropped from each edge of a 'valid' map beyond the window's radius (fewer when negative).
    public var extraValidCrop: Int

    public init(border: Border = .reflect, window: Window = .gaussian(sigma: 1.5), sampleCovariance: Bool = false, extraValidCrop: Int = 0) {
        self.border = border
        self.window = window
        self.sampleCovariance = sampleCovariance
        self.extraValidCrop = extraValidCrop
    }

    /// Kornia 0.9.0's convention: reflect border, Gaussian σ = 1.5, population moments, 'valid' cropped by r.
    public static let kornia = SSIMVariant()

    /// The pixels a 'valid' map under `options` drops from each edge: r and the extra crop; 0 for 'same'.
    func crop(_ options: SSIMOptions) -> Int { options.crop(extra: extraValidCrop) }

    /// The normalised window of `options.windowSize` taps.
    func window(_ options: SSIMOptions) -> [Double] {
        switch window {
        case .gaussian(let sigma): SSIMOptions.gaussianWindow(size: options.windowSize, sigma: sigma)
        case .uniform: [Double](repeating: 1 / Double(options.windowSize), count: options.windowSize)
        }
    }

    /// What differs from Kornia's convention, in words ("Kornia's convention" when nothing does).
    public var description: String {
        var differences: [String] = []
        if border != .reflect { differences.append("borders use \(border.rawValue) padding") }
        switch window {
        case .gaussian(let sigma) where sigma != 1.5: differences.append("a Gaussian window of σ = \(sigma)")
        case .uniform: differences.append("a uniform window")
        default: break
        }
        if sampleCovariance { differences.append("sample covariance (N/(N − 1))") }
        if extraValidCrop != 0 { differences.append("'valid' cropped by \(extraValidCrop) pixel(s) more than the window's radius") }
        return differences.isEmpty ? "Kornia's convention" : differences.joined(separator: ", ")
    }
}
