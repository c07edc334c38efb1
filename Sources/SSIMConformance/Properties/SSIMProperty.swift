import Foundation
import SSIM
import SSIMAdapterProtocol

/// A property every implementation of the SSIM loss must have, checked on generated inputs: a relation between the
/// implementation's own answers to a few related requests.
///
/// Tolerances are not guesses: each answer may stray from the exact value by its acceptance bound (computed by
/// ``SSIM/SSIMErrorBounds`` for the request's precision), so two answers that must be equal may differ by the sum
/// of their bounds, and no more.
public enum SSIMProperty: String, CaseIterable, Sendable {
    /// SSIM(x, x) = 1 and the loss 0, with eps = 0.
    case identity
    /// SSIM(x, y) = SSIM(y, x).
    case symmetry
    /// −1 ≤ SSIM ≤ 1 and 0 ≤ loss ≤ 1.
    case bounds
    /// The 'valid' map is the 'same' map cropped by r = window_size // 2.
    case validIsCroppedSame = "valid-is-cropped-same"
    /// 'mean' and 'sum' are the mean and the sum of the 'none' loss map.
    case reductionConsistency = "reduction-consistency"
    /// Scaling both images and maxVal by 2 changes nothing (with eps = 0).
    case maxValScaling = "max-val-scaling"
    /// Each batch sample's map is the map of that sample alone.
    case batchIndependence = "batch-independence"
    /// Each channel's map is the map of that channel alone.
    case channelIndependence = "channel-independence"
    /// Flipping both images flips the map.
    case flipEquivariance = "flip-equivariance"
    /// Transposing both images transposes the map.
    case transposeEquivariance = "transpose-equivariance"
    /// The float32 answer is within bounds of the float64 answer on the same (float32) pixels.
    case float32WithinBound = "float32-within-bound"
    /// The gradient is the central difference of the implementation's own loss (for implementations that give it).
    case gradientIsCentralDifference = "gradient-is-central-difference"
    /// A NaN, +Inf or −Inf pixel makes non-finite exactly the map pixels whose window (mirrored at the border, as
    /// torch's `reflect`) reads it, and leaves every other one finite, as in Kornia.
    case nonFinitePropagation = "non-finite-propagation"
    /// The float16 and bfloat16 answers are within bounds of the float64 answer on the same pixels (bfloat16 values,
    /// in float16's normal range or 0); bfloat16 alone at a data range of 255, which float16's range cannot square.
    case halfPrecisionWithinBound = "half-precision-within-bound"

    /// The stream of the property's inputs under a seed (``PropertyRunner/seed``): its own, named here, never
    /// derived from its place among the properties, so that adding or reordering properties changes no other's
    /// inputs. A new property takes the next unused number (`PropertyRunnerTests` checks that they are distinct).
    var seedStream: UInt64 {
        switch self {
        case .identity: 0
        case .symmetry: 1
        case .bounds: 2
        case .validIsCroppedSame: 3
        case .reductionConsistency: 4
        case .maxValScaling: 5
        case .batchIndependence: 6
        case .channelIndependence: 7
        case .flipEquivariance: 8
        case .transposeEquivariance: 9
        case .float32WithinBound: 10
        case .gradientIsCentralDifference: 11
        case .nonFinitePropagation: 12
        case .halfPrecisionWithinBound: 13
        }
    }

    /// The smallest batch and channel counts the property needs.
    var minimum: (batch: Int, channels: Int) {
        switch self {
        case .batchIndependence: (2, 1)
        case .channelIndependence: (1, 2)
        default: (1, 1)
        }
    }

    /// The input with at least the batch and channels the property needs (samples and channels repeated, shifted).
    func prepared(_ input: PropertyInput) -> PropertyInput {
        var prepared = input
        let plane = input.shape.height * input.shape.width
        if input.shape.batch < minimum.batch {
            // A second sample: the first with its images swapped, so the two differ.
            prepared.shape.batch = 2
            (prepared.img1, prepared.img2) = (input.img1 + input.img2, input.img2 + input.img1)
        }
        if input.shape.channels < minimum.channels {
            prepared.shape.channels = 2
            func doubled(_ a: [Double], _ b: [Double]) -> [Double] {
                (0..<input.shape.batch).flatMap { s in Layout.plane(a, s, size: plane) + Layout.plane(b, s, size: plane) }
            }
            (prepared.img1, prepared.img2) = (doubled(input.img1, input.img2), doubled(input.img2, input.img1))
        }
        return prepared
    }

    /// The requests the property needs for `input`, ids prefixed by `prefix`.
    func requests(_ input: PropertyInput, prefix id: String) -> [AdapterCase] {
        let (shape, plane) = (input.shape, input.shape.height * input.shape.width)
        switch self {
        case .identity:
            return [input.request("\(id)-xx", img2: input.img1, eps: 0)]
        case .symmetry:
            return [input.request("\(id)-xy"), input.request("\(id)-yx", img1: input.img2, img2: input.img1)]
        case .bounds:
            return [input.request("\(id)-xy")]
        case .validIsCroppedSame:
            return [input.request("\(id)-same"), input.request("\(id)-valid", padding: "valid")]
        case .reductionConsistency:
            return ["none", "mean", "sum"].map { input.request("\(id)-\($0)", reduction: $0, outputs: [.loss]) }
        case .maxValScaling:
            return [
                input.request("\(id)-l", eps: 0),
                input.request("\(id)-2l", img1: input.img1.map { 2 * $0 }, img2: input.img2.map { 2 * $0 }, maxVal: 2 * input.maxVal, eps: 0),
            ]
        case .batchIndependence:
            let sample = shape.channels * plane
            return [input.request("\(id)-all")] + (0..<shape.batch).map { b in
                input.request(
                    "\(id)-sample\(b)", img1: Layout.plane(input.img1, b, size: sample),
                    img2: Layout.plane(input.img2, b, size: sample), shape: [1, shape.channels, shape.height, shape.width])
            }
        case .channelIndependence:
            return [input.request("\(id)-all")] + (0..<shape.channels).map { c in
                func channel(_ values: [Double]) -> [Double] { (0..<shape.batch).flatMap { b in Layout.plane(values, b * shape.channels + c, size: plane) } }
                return input.request("\(id)-channel\(c)", img1: channel(input.img1), img2: channel(input.img2), shape: [shape.batch, 1, shape.height, shape.width])
            }
        case .flipEquivariance:
            return [
                input.request("\(id)-xy"),
                input.request("\(id)-flipped", img1: Layout.flipped(input.img1, shape: shape), img2: Layout.flipped(input.img2, shape: shape)),
            ]
        case .transposeEquivariance:
            return [
                input.request("\(id)-xy"),
                input.request(
                    "\(id)-transposed", img1: Layout.transposed(input.img1, shape: shape),
                    img2: Layout.transposed(input.img2, shape: shape), shape: [shape.batch, shape.channels, shape.width, shape.height]),
            ]
        case .float32WithinBound:
            return [input.request("\(id)-f64"), input.request("\(id)-f32", precision: .float32)]
        case .halfPrecisionWithinBound:
            let (img1, img2) = (input.img1.map(Self.halfValue), input.img2.map(Self.halfValue))
            return [input.request("\(id)-h64", img1: img1, img2: img2)] + Self.halfPrecisions(input).map { precision in
                input.request("\(id)-\(precision.rawValue)", img1: img1, img2: img2, precision: precision)
            }
        case .nonFinitePropagation:
            let (image, pixel, value) = Self.nonFinitePixel(input)
            var (img1, img2) = (input.img1, input.img2)
            if image == 1 { img1[pixel] = value } else { img2[pixel] = value }
            return [input.request("\(id)-nonfinite", img1: img1, img2: img2, outputs: [.ssimMap])]
        case .gradientIsCentralDifference:
            let gradient = input.request("\(id)-grad", reduction: "sum", outputs: [.loss, .gradImg1, .gradImg2])
            return [gradient] + Self.probes(input).flatMap { probe in
                probe.steps.map { step in
                    var (img1, img2) = (input.img1, input.img2)
                    if probe.image == 1 { img1[probe.pixel] += step } else { img2[probe.pixel] += step }
                    return input.request("\(id)-\(probe.name)-\(Self.stepName(step, input))", img1: img1, img2: img2, reduction: "sum", outputs: [.loss])
                }
            }
        }
    }

    /// The half precisions asked for: both at a data range of 1, bfloat16 alone at 255 (float16 overflows there).
    static func halfPrecisions(_ input: PropertyInput) -> [Precision] {
        input.maxVal <= 1 ? [.float16, .bfloat16] : [.bfloat16]
    }

    /// A pixel both half precisions represent: the bfloat16 value of it, 0 below float16's normal range.
    static func halfValue(_ pixel: Double) -> Double {
        let value = Precision.bfloat16.rounded(pixel)
        return abs(value) < Precision.float16.smallestNormal ? 0 : value
    }

    /// The non-finite pixel of the input: which image, the flat index and the value, all following from the input
    /// (its shape and window vary with the seed, and so does the pixel).
    static func nonFinitePixel(_ input: PropertyInput) -> (image: Int, pixel: Int, value: Double) {
        let count = input.shape.count
        return (1 + count % 2, (count * 7 + input.windowSize) % count, [Double.nan, .infinity, -.infinity][count % 3])
    }

    /// The pixels the gradient is probed at: a corner of img1, the middle of img1, a border pixel of img2; each at
    /// ±h and ±2h with h = 10⁻⁴·maxVal.
    static func probes(_ input: PropertyInput) -> [(name: String, image: Int, pixel: Int, steps: [Double])] {
        let (height, width) = (input.shape.height, input.shape.width)
        let h = 1e-4 * input.maxVal
        let steps = [h, -h, 2 * h, -2 * h]
        return [
            ("img1-corner", 1, 0, steps),
            ("img1-middle", 1, height / 2 * width + width / 2, steps),
            ("img2-edge", 2, (height - 1) * width + width / 3, steps),
        ]
    }

    static func stepName(_ step: Double, _ input: PropertyInput) -> String {
        let multiple = Int((step / (1e-4 * input.maxVal)).rounded())
        return multiple < 0 ? "minus\(-multiple)h" : "plus\(multiple)h"
    }
}
