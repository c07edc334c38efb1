import HDF5
import SSIM
import SSIMAdapterProtocol

/// The `ms-ssim` family: MS-SSIM cases whose expected answers follow `wang-msssim` (Wang's msssim.m, the meaning of
/// "MS-SSIM"; ``SSIM/ConventionsByMetric/vectors``), each small for what it tests, so that the store stays small:
/// - crops of the cameraman pairs of `tools/data/matlab-parity/camera.h5` (8-bit values, stored as float32, which
///   holds them exactly, or float64 where float32's bounds would hide what the case tells apart) with Wang's five scales, window 11 and data range 255, at and around the libraries'
///   minimum sizes (160 is too small for five scales of an 11-tap window, 161 the smallest that fits, 175 the
///   largest torchmetrics refuses, 176 msssim.m's own minimum) and at an odd size in both axes (203 × 241), where
///   the libraries' downsampling rules differ; and 176 × 176 crops in float16 and bfloat16 (at range 255, and divided
///   by 255 at range 1), ordinary photographs on which libraries computing in half precision answer above 1 or
///   collapse to 0;
/// - pseudo-random pairs (``VectorContent``) on three scales with weights of our own ([0.2, 0.3, 0.5]), window 7,
///   from 25 pixels: every reduction, batch and channel counts above 1, gradients, the four precisions, and the
///   inputs where MS-SSIM is delicate: anti-correlated images (a negative coarse-scale cs, raised as it is to its
///   fractional weight), flat and black images, identical ones, one scale alone, a NaN pixel;
/// - invalid inputs: too small for the scales, mismatched shapes, another rank, an even window, a data range of 0.
enum MSSSIMFamily {
    static let family = VectorFamily.msSSIM
    /// The weights of the small cases: three scales, so that images of a few dozen pixels have a pyramid.
    static let threeScales = [0.2, 0.3, 0.5]

    static func cases(cameraPairs path: String) throws -> [VectorCase] {
        var cases: [VectorCase] = []
        func add(_ make: (Int) throws -> VectorCase) rethrows { cases.append(try make(cases.count)) }
        let camera = try HDF5File.open(path).root
        for (pair, height, width, precision, tags) in [
            ("camera_blur", 176, 176, Precision.float32, ["real-image", "minimum-size", "blur"]),
            ("camera_jpeg10", 175, 175, .float32, ["real-image", "minimum-size", "jpeg"]),
            ("camera_noise10", 161, 161, .float32, ["real-image", "minimum-size", "noise"]),
            // float64: the downsampling rules of odd sizes move MS-SSIM by less than float32's bounds.
            ("camera_contrast", 203, 241, .float64, ["real-image", "odd-size", "contrast"]),
        ] {
            try add {
                try cameraCase($0, camera.group(pair), pair: pair, height: height, width: width, precision: precision, tags: tags)
            }
        }
        try add { index in
            var tooSmall = try cameraCase(
                index, camera.group("camera_impulse"), pair: "camera_impulse", height: 160, width: 160, precision: .float32,
                tags: ["real-image", "minimum-size", "impulse"])
            tooSmall.expect(.imageTooSmall)
            return tooSmall
        }
        let small: [(shape: [Int], reduction: SSIMReduction, precision: Precision, content: VectorContent, weights: [Double], window: Int, tags: [String])] = [
            ([2, 2, 25, 27], .none, .float64, .noisyCopy(level: 0.1), threeScales, 7, ["weights", "odd-size"]),
            ([1, 3, 26, 25], .sum, .float64, .noisyCopy(level: 0.3), threeScales, 7, ["weights", "odd-size"]),
            ([1, 1, 31, 33], .mean, .float32, .noisyCopy(level: 0.1), threeScales, 7, ["weights"]),
            ([1, 1, 25, 25], .mean, .float16, .noisyCopy(level: 0.1), threeScales, 7, ["weights", "half"]),
            ([1, 1, 25, 25], .mean, .bfloat16, .noisyCopy(level: 0.1), threeScales, 7, ["weights", "half"]),
            ([1, 1, 25, 25], .mean, .float64, .anticorrelated, threeScales, 7, ["weights", "anticorrelated"]),
            ([1, 1, 25, 25], .mean, .float64, .flat(a: 0.25, b: 0.75), threeScales, 7, ["weights", "flat"]),
            ([1, 1, 25, 25], .mean, .float64, .flat(a: 0, b: 0), threeScales, 7, ["weights", "flat", "extreme"]),
            ([1, 2, 25, 26], .mean, .float64, .identical, threeScales, 7, ["weights", "identity"]),
            ([1, 1, 16, 17], .mean, .float64, .noisyCopy(level: 0.3), [1], 11, ["single-scale"]),
            ([1, 1, 25, 25], .mean, .float64, .nonFinite(.nan, patch: 1, row: 5, column: 9, inBoth: false), threeScales, 7,
             ["weights", "nan-pixel"]),
        ]
        for entry in small {
            add {
                pseudoRandomCase(
                    $0, shape: entry.shape, windowSize: entry.window, weights: entry.weights, reduction: entry.reduction,
                    precision: entry.precision, content: entry.content, tags: entry.tags)
            }
        }
        let invalid: [(shape: [Int], other: [Int]?, window: Int, maxVal: Double, category: SSIMError.Category)] = [
            ([1, 1, 24, 24], nil, 11, 1, .imageTooSmall),
            ([1, 1, 25, 25], [1, 1, 25, 24], 7, 1, .shapeMismatch),
            ([1, 25, 25], nil, 7, 1, .invalidShape),
            ([1, 1, 25, 25], nil, 4, 1, .invalidWindowSize),
            ([1, 1, 25, 25], nil, 7, 0, .invalidMaxVal),
        ]
        for entry in invalid {
            add { index in
                var made = pseudoRandomCase(
                    index, shape: entry.shape, other: entry.other, windowSize: entry.window, maxVal: entry.maxVal,
                    weights: entry.window == 11 ? nil : threeScales, reduction: .mean, precision: .float64,
                    content: .noisyCopy(level: 0.1), tags: ["invalid"])
                made.expect(entry.category)
                return made
            }
        }
        // Last, so that the ids above stay: ordinary photographs in half precision, where libraries answer above 1
        // or collapse to 0 (measured at the pinned versions: pytorch-msssim 1.039 on camera_blur in bfloat16 at range
        // 255, 0 on camera_jpeg10 in float16 at range 1).
        for (pair, precision, maxVal) in [
            ("camera_blur", Precision.float16, 255.0), ("camera_blur", .bfloat16, 255),
            ("camera_jpeg10", .float16, 1), ("camera_jpeg10", .bfloat16, 1),
        ] {
            try add {
                try cameraCase(
                    $0, camera.group(pair), pair: pair, height: 176, width: 176, precision: precision, maxVal: maxVal,
                    tags: ["real-image", "half"])
            }
        }
        return cases
    }

    /// The top-left `height` × `width` crop of a cameraman pair in `precision`, with msssim.m's settings: five
    /// scales, Wang's weights (the convention's: none given), window 11, the mean loss; data range 255 on the 8-bit
    /// values (which every precision holds exactly), or 1 on the values divided by 255 and rounded to `precision`.
    private static func cameraCase(
        _ index: Int, _ group: HDF5Group, pair: String, height: Int, width: Int, precision: Precision, maxVal: Double = 255,
        tags: [String]
    ) throws -> VectorCase {
        func crop(_ name: String) throws -> ProtocolArray {
            let dataset = try group.dataset(name)
            let full = try dataset.read(as: Double.self), fullWidth = dataset.shape[1]
            let values = (0..<height).flatMap { row in full[(row * fullWidth)..<(row * fullWidth + width)] }
            return ProtocolArray(shape: [1, 1, height, width], rounding: values.map { $0 * maxVal / 255 }, to: precision)
        }
        let rescaled = maxVal != 255
        let request = AdapterCase.msSSIM(
            id: [family.rawValue, threeDigits(index), "\(height)x\(width)", precision.caseIDName, pair].joined(separator: "-")
                + (rescaled ? "-range\(Int(maxVal))" : ""),
            img1: try crop("img1"), img2: try crop("img2"), windowSize: 11, maxVal: maxVal, weights: nil, reduction: "mean",
            outputs: [.msSSIM, .loss])
        return VectorCase(
            request: request, family: family.rawValue, tags: tags,
            description: rescaled
                ? "MS-SSIM with msssim.m's settings (5 scales, window 11) but maxVal \(maxVal), on the top-left \(height)x\(width) crop of \(pair) divided by 255, \(precision.rawValue)"
                : "MS-SSIM with msssim.m's settings (5 scales, window 11, maxVal 255) on the top-left \(height)x\(width) crop of \(pair), \(precision.rawValue)",
            provenance: [
                ("source", .string("\(VectorSources.matlabParityPath):/\(pair) (scikit-image camera, CC0, photographer Lav Varshney)")),
                ("license", .string("CC0, photographer Lav Varshney")),
            ])
    }

    /// An MS-SSIM case whose images follow `content` from the family's seed for `index` (img2 of shape `other`, when
    /// given, made from a seed of its own): of `family` (``VectorFamily/msSSIM``, or ``VectorFamily/msSSIM3D``, whose
    /// images are volumes), asking for the gradients where `gradients` says, else in every precision but float32.
    static func pseudoRandomCase(
        _ index: Int, of family: VectorFamily = family, shape: [Int], other: [Int]? = nil, windowSize: Int,
        maxVal: Double = 1, weights: [Double]?, reduction: SSIMReduction, precision: Precision, content: VectorContent,
        gradients: Bool? = nil, tags: [String]
    ) -> VectorCase {
        let volumes = family == .msSSIM3D
        let seed = UInt64(family.seedBase + index)
        let (x, y) = content.images(shape: shape, maxVal: maxVal, seed: seed)
        let y2 = other.map { content.images(shape: $0, maxVal: maxVal, seed: seed + 50_000).img2 } ?? y
        let id = [
            family.rawValue, threeDigits(index), "w\(windowSize)", "s\(weights?.count ?? MSSSIMConvention.wangWeights.count)",
            reduction.rawValue, precision.caseIDName, content.name,
        ].joined(separator: "-")
        let request = AdapterCase.msSSIM(
            id: id, img1: ProtocolArray(shape: shape, rounding: x, to: precision),
            img2: ProtocolArray(shape: other ?? shape, rounding: y2, to: precision), windowSize: Int64(windowSize),
            maxVal: maxVal, weights: weights, reduction: reduction.rawValue,
            outputs: gradients ?? (precision != .float32) ? CaseMetric.msSSIM(weights: nil).outputs : [.msSSIM, .loss],
            volumes: volumes)
        return VectorCase(
            request: request, family: family.rawValue, tags: tags,
            description: "MS-SSIM on \(content.name) \(volumes ? "volumes" : "images") of shape \(shape)\(other.map { " and \($0)" } ?? ""), window \(windowSize), weights \(weights.map { "\($0)" } ?? "Wang's"), \(reduction.rawValue), maxVal \(maxVal), \(precision.rawValue)",
            provenance: [("rng", .string("splitmix64")), ("seed", .int(Int64(seed))), ("content", .string(content.recipe))])
    }
}
