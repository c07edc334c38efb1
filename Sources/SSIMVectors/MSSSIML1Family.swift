import SSIM
import SSIMAdapterProtocol

/// The `ms-ssim-l1` family: cases of the MS-SSIM + L1 loss of Zhao et al. 2017 (the metric `ms-ssim-l1`) whose
/// expected answers follow Kornia 0.9.0's `MS_SSIMLoss` (`kornia`, ``SSIM/ConventionsByMetric/vectors``). There is no
/// pyramid, so small images suffice, and the family stays small: pseudo-random pairs of 4 to 20 pixels a side (all
/// smaller than the 33-tap window, which the zero border allows), one to three channels, a batch of two, every
/// reduction, gradients, the four precisions, α and compensation of the case's own (Zhao's α = 0.84, a pure MS-SSIM
/// term α = 1), a data range of 255, flat, black, identical and anti-correlated images, a NaN pixel; and inputs
/// Kornia refuses (mismatched shapes, a rank of 3) and one it should (a data range of 0).
enum MSSSIML1Family {
    static let family = VectorFamily.msSSIML1

    static func cases() -> [VectorCase] {
        var cases: [VectorCase] = []
        let valid: [(shape: [Int], reduction: SSIMReduction, precision: Precision, content: VectorContent, maxVal: Double, mix: (alpha: Double, compensation: Double)?, tags: [String])] = [
            ([1, 1, 10, 10], .mean, .float64, .noisyCopy(level: 0.1), 255, nil, ["data-range", "gradients"]),
            ([2, 3, 5, 6], .none, .float64, .noisyCopy(level: 0.3), 1, nil, ["channels", "gradients"]),
            ([1, 3, 7, 6], .sum, .float64, .random, 1, nil, ["channels", "gradients"]),
            ([1, 1, 12, 10], .mean, .float32, .noisyCopy(level: 0.1), 1, nil, []),
            ([1, 1, 8, 8], .mean, .float16, .noisyCopy(level: 0.1), 1, nil, ["half", "gradients"]),
            ([1, 1, 8, 8], .mean, .bfloat16, .noisyCopy(level: 0.1), 1, nil, ["half", "gradients"]),
            ([1, 2, 8, 8], .mean, .float64, .noisyCopy(level: 0.3), 1, (0.84, 1), ["mix", "channels", "gradients"]),
            ([1, 1, 8, 8], .sum, .float64, .noisyCopy(level: 0.3), 1, (1, 1), ["mix"]),
            ([1, 1, 8, 8], .mean, .float64, .flat(a: 0.25, b: 0.75), 1, nil, ["flat", "gradients"]),
            ([1, 1, 8, 8], .mean, .float64, .flat(a: 0, b: 0), 1, nil, ["flat", "extreme", "gradients"]),
            ([1, 1, 8, 8], .mean, .float64, .identical, 1, nil, ["identity", "gradients"]),
            ([1, 1, 8, 8], .mean, .float64, .anticorrelated, 1, nil, ["anticorrelated", "gradients"]),
            ([1, 1, 5, 7], .none, .float64, .noisyCopy(level: 0.3), 1, nil, ["tiny", "gradients"]),
            // A NaN at (0, 0) reaches the loss within 16 pixels of it: rows 17–19 and columns 17–19 stay finite.
            ([1, 1, 20, 20], .none, .float32, .nonFinite(.nan, patch: 1, row: 0, column: 0, inBoth: false), 1, nil,
             ["nan-pixel"]),
        ]
        for entry in valid {
            cases.append(pseudoRandomCase(
                cases.count, shape: entry.shape, reduction: entry.reduction, precision: entry.precision,
                content: entry.content, maxVal: entry.maxVal, mix: entry.mix, tags: entry.tags))
        }
        // Kornia refuses the first two itself; it answers the data range of 0 (+∞), its bug.
        let invalid: [(shape: [Int], other: [Int]?, maxVal: Double, category: SSIMError.Category)] = [
            ([1, 1, 4, 4], [1, 1, 4, 3], 1, .shapeMismatch),
            ([1, 4, 4], nil, 1, .invalidShape),
            ([1, 1, 4, 4], nil, 0, .invalidMaxVal),
        ]
        for entry in invalid {
            var made = pseudoRandomCase(
                cases.count, shape: entry.shape, other: entry.other, reduction: .mean, precision: .float64,
                content: .noisyCopy(level: 0.1), maxVal: entry.maxVal, mix: nil, tags: ["invalid"])
            made.expect(entry.category)
            cases.append(made)
        }
        return cases
    }

    /// An MS-SSIM + L1 case whose images follow `content` from the family's seed for `index` (img2 of shape `other`,
    /// when given, made from a seed of its own), with the case's α and compensation where `mix` gives them. Float32
    /// cases ask for the loss alone, the NaN one too (its gradients' NaN region is the loss's, spread once more); the
    /// others for the gradients as well. `window_size` holds the convention's 33 taps, which the metric does not read.
    private static func pseudoRandomCase(
        _ index: Int, shape: [Int], other: [Int]? = nil, reduction: SSIMReduction, precision: Precision,
        content: VectorContent, maxVal: Double, mix: (alpha: Double, compensation: Double)?, tags: [String]
    ) -> VectorCase {
        let seed = UInt64(family.seedBase + index)
        let (x, y) = content.images(shape: shape, maxVal: maxVal, seed: seed)
        let y2 = other.map { content.images(shape: $0, maxVal: maxVal, seed: seed + 50_000).img2 } ?? y
        let metric = CaseMetric.msSSIML1(alpha: mix?.alpha, compensation: mix?.compensation)
        let id = [family.rawValue, threeDigits(index), reduction.rawValue, precision.caseIDName, content.name]
            .joined(separator: "-")
        let request = AdapterCase(
            id: id, img1: ProtocolArray(shape: shape, rounding: x, to: precision),
            img2: ProtocolArray(shape: other ?? shape, rounding: y2, to: precision),
            windowSize: Int64(MSSSIML1Convention.kornia.taps), maxVal: maxVal, eps: 0, padding: "",
            reduction: reduction.rawValue, outputs: tags.contains("gradients") ? metric.outputs : [.loss], metric: metric)
        let mixWords = mix.map { ", alpha \($0.alpha), compensation \($0.compensation)" } ?? ""
        return VectorCase(
            request: request, family: family.rawValue, tags: tags,
            description: "MS-SSIM + L1 on \(content.name) images of shape \(shape)\(other.map { " and \($0)" } ?? ""), \(reduction.rawValue), maxVal \(maxVal)\(mixWords), \(precision.rawValue)",
            provenance: [("rng", .string("splitmix64")), ("seed", .int(Int64(seed))), ("content", .string(content.recipe))])
    }
}
