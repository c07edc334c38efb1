import PropertyBased
import SSIM
import TestSupport

/// Two random images and the window to compare them with: the input of the property tests.
///
/// Pixels come from SplitMix64 (the vectors' generator) seeded with `seed`, in [0, 1); img2 mixes img1 with independent noise by
/// `noise`, so pairs range from identical (0) to independent (1). Shrinking reduces the sizes and the seed.
struct ImagePair: Sendable, CustomStringConvertible {
    let batch: Int
    let channels: Int
    let height: Int
    let width: Int
    let windowSize: Int
    let noise: Double
    let seed: UInt64

    var img1: ImageTensor<Double> { images.0 }
    var img2: ImageTensor<Double> { images.1 }

    var images: (ImageTensor<Double>, ImageTensor<Double>) {
        var random = SplitMix64(seed: seed)
        let count = batch * channels * height * width
        let x = (0..<count).map { _ in random.unit() }
        let y = x.map { (1 - noise) * $0 + noise * random.unit() }
        let shape = [batch, channels, height, width]
        return (try! ImageTensor(shape: shape, values: x), try! ImageTensor(shape: shape, values: y))
    }

    var description: String {
        "ImagePair(B: \(batch), C: \(channels), H: \(height), W: \(width), window: \(windowSize), noise: \(noise), seed: \(seed))"
    }

    /// Pairs no smaller than the window needs under 'valid' padding, so both paddings apply.
    static let generator = zip(
        Gen.int(in: 1...2), Gen.int(in: 1...3), Gen.int(in: 0...9), Gen.int(in: 0...9), Gen.int(in: 0...3),
        Gen.double(in: 0...1), Gen.int(in: 0...Int(Int32.max))
    ).map { batch, channels, extraHeight, extraWidth, windowIndex, noise, seed in
        let windowSize = [1, 3, 5, 7][windowIndex]
        return ImagePair(
            batch: batch, channels: channels, height: windowSize + extraHeight, width: windowSize + extraWidth,
            windowSize: windowSize, noise: noise, seed: UInt64(seed))
    }
}
