import Foundation

/// A deliberate departure from Kornia's convention, for explaining what another implementation computes, and the
/// choices a convention of SSIM makes besides what ``SSIMOptions`` holds.
///
/// Implementations of SSIM differ in a handful of choices; when one disagrees with the reference, the conformance
/// runner asks the reference for the same pair under these variants and names the one that reproduces the
/// implementation's answer. ``kornia`` (every property at its default) is the convention itself; the reference's
/// results, the golden vectors and their bounds are all computed with it. Gradients and the acceptance bounds
/// (``SSIMErrorBounds``) follow the variant too. `docs/conventions-provenance.md` says which library makes which
/// choice.
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
        /// Wrapped around: `c d | a b c d | a b` (a periodic image; torch's `circular`).
        case circular
    }

    /// The shape of the window's weights.
    public enum Window: Hashable, Sendable {
        /// Sampled Gaussian weights of standard deviation `sigma`, normalised (Kornia: σ = 1.5).
        case gaussian(sigma: Double)
        /// Equal weights, 1/k each.
        case uniform
    }

    /// How many taps the window has.
    public enum Taps: Hashable, Sendable {
        /// `window_size`, as asked (Kornia).
        case asked
        /// This many, whatever `window_size` asks (a library that ignores it).
        case fixed(Int)
        /// 2·⌊truncate·σ + 0.5⌋ + 1, from the Gaussian's σ, `window_size` ignored: scipy's `gaussian_filter` rule
        /// (scikit-image passes truncate 3.5, giving 11 taps at σ = 1.5).
        case truncated(Double)
    }

    /// How the loss is made from an SSIM value s.
    public enum Loss: String, Hashable, Sendable, CaseIterable {
        /// clamp((1 − s)/2, 0, 1): Kornia's.
        case halvedThenClamped = "halved-then-clamped"
        /// 1 − s, neither halved nor clamped (piq's).
        case oneMinusSSIM = "one-minus-ssim"
        /// clamp(1 − s, 0, 1)/2: halved after the clamp.
        case clampedThenHalved = "clamped-then-halved"
    }

    public var border: Border
    public var window: Window
    public var taps: Taps
    /// The precision the window's weights are computed and normalised in, then used in float64 (several libraries
    /// build their taps in float32 whatever the images' precision).
    public var tapsPrecision: Precision
    /// Variances and covariance scaled by N/(N − 1), N = taps² (scikit-image's `use_sample_covariance`).
    public var sampleCovariance: Bool
    /// Whether 'valid' crops by the radius of the taps used rather than of `window_size` asked (the same unless
    /// ``taps`` departs).
    public var cropsByTaps: Bool
    /// Pixels cropped from each edge of a 'valid' map beyond that radius (fewer when negative).
    public var extraValidCrop: Int
    /// C1 = (K1·L)², C2 = (K2·L)²: Kornia's K1 = 0.01, K2 = 0.03.
    public var k1: Double
    public var k2: Double
    /// Whether the options' eps is added to the denominator (Kornia's), or left out (most other libraries).
    public var includesEps: Bool
    public var loss: Loss

    public init(
        border: Border = .reflect, window: Window = .gaussian(sigma: 1.5), taps: Taps = .asked,
        tapsPrecision: Precision = .float64, sampleCovariance: Bool = false, cropsByTaps: Bool = true,
        extraValidCrop: Int = 0, k1: Double = 0.01, k2: Double = 0.03, includesEps: Bool = true,
        loss: Loss = .halvedThenClamped
    ) {
        self.border = border
        self.window = window
        self.taps = taps
        self.tapsPrecision = tapsPrecision
        self.sampleCovariance = sampleCovariance
        self.cropsByTaps = cropsByTaps
        self.extraValidCrop = extraValidCrop
        self.k1 = k1
        self.k2 = k2
        self.includesEps = includesEps
        self.loss = loss
    }

    /// Kornia 0.9.0's convention: reflect border, Gaussian σ = 1.5 of `window_size` taps in float64, population
    /// moments, 'valid' cropped by r, K1 = 0.01, K2 = 0.03, eps in the denominator, loss clamp((1 − s)/2, 0, 1).
    public static let kornia = SSIMVariant()

    /// The number of taps of the window under `options`.
    func tapCount(_ options: SSIMOptions) -> Int {
        switch (taps, window) {
        case (.asked, _): options.windowSize
        case (.fixed(let count), _): count
        case (.truncated(let truncate), .gaussian(let sigma)): 2 * Int(truncate * sigma + 0.5) + 1
        case (.truncated, .uniform): options.windowSize
        }
    }

    /// How far the window reaches on each side of its centre.
    func reach(_ options: SSIMOptions) -> Int { tapCount(options) / 2 }

    /// The pixels a 'valid' map under `options` drops from each edge: the radius and the extra crop; 0 for 'same'.
    func crop(_ options: SSIMOptions) -> Int {
        options.crop(extra: (cropsByTaps ? reach(options) - options.radius : 0) + extraValidCrop)
    }

    /// The normalised window, its weights computed in ``tapsPrecision`` (a half precision's in float32, then
    /// rounded to it).
    func window(_ options: SSIMOptions) -> [Double] {
        let count = tapCount(options)
        if tapsPrecision == .float64 {
            switch window {
            case .gaussian(let sigma): return SSIMOptions.gaussianWindow(size: count, sigma: sigma)
            case .uniform: return [Double](repeating: 1 / Double(count), count: count)
            }
        }
        let weights: [Float]
        switch window {
        case .gaussian(let sigma):
            let raw = (0..<count).map { n in
                let offset = Float(n - count / 2)
                return Foundation.exp(-(offset * offset) / (2 * Float(sigma) * Float(sigma)))
            }
            let total = raw.reduce(0, +)
            weights = raw.map { $0 / total }
        case .uniform: weights = [Float](repeating: 1 / Float(count), count: count)
        }
        return weights.map { tapsPrecision.rounded(Double($0)) }
    }

    /// (K1·L)² and (K2·L)².
    func constants(_ options: SSIMOptions) -> (c1: Double, c2: Double) {
        ((k1 * options.maxVal) * (k1 * options.maxVal), (k2 * options.maxVal) * (k2 * options.maxVal))
    }

    /// The eps added to the denominator.
    func eps(_ options: SSIMOptions) -> Double { includesEps ? options.eps : 0 }

    /// What differs from Kornia's convention, in words ("Kornia's convention" when nothing does).
    public var description: String {
        var differences: [String] = []
        if border != .reflect { differences.append("borders use \(border.rawValue) padding") }
        switch window {
        case .gaussian(let sigma) where sigma != 1.5: differences.append("a Gaussian window of σ = \(sigma)")
        case .uniform: differences.append("a uniform window")
        default: break
        }
        switch taps {
        case .asked: break
        case .fixed(let count): differences.append("\(count) taps whatever window_size asks")
        case .truncated(let truncate): differences.append("taps from σ truncated at \(truncate)σ, window_size ignored")
        }
        if tapsPrecision != .float64 { differences.append("taps computed in \(tapsPrecision.rawValue)") }
        if sampleCovariance { differences.append("sample covariance (N/(N − 1))") }
        if !cropsByTaps { differences.append("'valid' cropped by the radius of window_size, not of the taps") }
        if extraValidCrop != 0 { differences.append("'valid' cropped by \(extraValidCrop) pixel(s) more than the window's radius") }
        if k1 != 0.01 || k2 != 0.03 { differences.append("K1 = \(k1), K2 = \(k2)") }
        if !includesEps { differences.append("no eps in the denominator") }
        if loss != .halvedThenClamped { differences.append("loss \(loss.rawValue)") }
        return differences.isEmpty ? "Kornia's convention" : differences.joined(separator: ", ")
    }
}
