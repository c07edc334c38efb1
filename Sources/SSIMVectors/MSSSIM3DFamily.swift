import SSIM
import SSIMAdapterProtocol

/// The `ms-ssim-3d` family: MS-SSIM on volumes, whose expected answers follow torchmetrics 1.9.0's 3-D MS-SSIM
/// (`torchmetrics`, ``SSIM/ConventionsByMetric/vectors``: Kornia has none, and torchmetrics' refuses a volume too small
/// for its scales where pytorch-msssim's computes it with its blur skipped). Its 11 taps from σ 1.5 on every axis,
/// whatever the window asked, need D and H of 12 for two scales (the coarsest scale's reflect pad needs 6), so the
/// cases are about 2 600 voxels, pseudo-random (``VectorContent``), window 3 (which sets only the padding of W) and
/// weights of our own ([0.3, 0.7]):
/// - every reduction, a batch and channel counts above 1, gradients, the four precisions;
/// - sizes odd along every axis (13 × 13 × 19), where the libraries' pooling rules differ (torchmetrics drops the last
///   voxel, pytorch-msssim counts a zero before the first);
/// - anti-correlated (relu'd to 0), flat and identical volumes, one scale alone (the mean 3-D SSIM);
/// - one volume sized for pytorch-msssim's own assert (H and W > 16·(window − 1)), which refuses the others;
/// - invalid: a depth too small for the scales (its error names the depth), mismatched shapes, images of rank 4.
enum MSSSIM3DFamily {
    static let family = VectorFamily.msSSIM3D
    /// The weights of the cases: two scales, so that volumes of a few thousand voxels have a pyramid.
    static let twoScales = [0.3, 0.7]

    static func cases() -> [VectorCase] {
        var cases: [VectorCase] = []
        let valid: [(shape: [Int], reduction: SSIMReduction, precision: Precision, content: VectorContent, weights: [Double], gradients: Bool, tags: [String])] = [
            ([1, 1, 12, 12, 18], .mean, .float64, .noisyCopy(level: 0.1), twoScales, true, ["weights", "gradients"]),
            ([2, 2, 12, 12, 18], .none, .float64, .noisyCopy(level: 0.3), twoScales, false, ["weights", "channels"]),
            ([1, 1, 13, 13, 19], .sum, .float64, .noisyCopy(level: 0.1), twoScales, true, ["weights", "odd-size", "gradients"]),
            ([1, 2, 12, 12, 18], .mean, .float32, .noisyCopy(level: 0.1), twoScales, false, ["weights", "channels"]),
            ([1, 1, 12, 12, 18], .mean, .float16, .noisyCopy(level: 0.1), twoScales, true, ["weights", "half"]),
            ([1, 1, 12, 12, 18], .mean, .bfloat16, .noisyCopy(level: 0.1), twoScales, true, ["weights", "half"]),
            ([1, 1, 12, 12, 18], .mean, .float64, .anticorrelated, twoScales, false, ["weights", "anticorrelated"]),
            ([1, 1, 12, 12, 18], .mean, .float64, .flat(a: 0.25, b: 0.75), twoScales, false, ["weights", "flat"]),
            ([1, 2, 12, 12, 18], .mean, .float64, .identical, twoScales, false, ["weights", "identity"]),
            ([1, 1, 11, 11, 13], .mean, .float64, .noisyCopy(level: 0.3), [1], false, ["single-scale"]),
            ([1, 1, 12, 33, 33], .mean, .float32, .noisyCopy(level: 0.1), twoScales, false, ["weights"]),
        ]
        for entry in valid {
            cases.append(MSSSIMFamily.pseudoRandomCase(
                cases.count, of: family, shape: entry.shape, windowSize: 3, weights: entry.weights,
                reduction: entry.reduction, precision: entry.precision, content: entry.content,
                gradients: entry.gradients, tags: entry.tags))
        }
        let invalid: [(shape: [Int], other: [Int]?, category: SSIMError.Category, tag: String)] = [
            // Depth 11 halves to 5 at the second scale, which torch's reflect cannot pad by the taps' reach of 5.
            ([1, 1, 11, 12, 18], nil, .imageTooSmall, "image_too_small"),
            ([1, 1, 12, 12, 18], [1, 1, 12, 12, 17], .shapeMismatch, "shape_mismatch"),
            ([1, 12, 12, 18], nil, .invalidShape, "invalid_shape"),
        ]
        for entry in invalid {
            var made = MSSSIMFamily.pseudoRandomCase(
                cases.count, of: family, shape: entry.shape, other: entry.other, windowSize: 3, weights: twoScales,
                reduction: .mean, precision: .float64, content: .noisyCopy(level: 0.1), gradients: false,
                tags: ["invalid", entry.tag])
            made.expect(entry.category)
            cases.append(made)
        }
        return cases
    }
}
