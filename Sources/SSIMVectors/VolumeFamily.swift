import HDF5
import SSIM
import SSIMAdapterProtocol

/// The `volumes` family: 3-D SSIM cases (the metric `ssim-3d`, volumes (B, C, D, H, W)) whose expected answers follow
/// Kornia 0.9.0's `ssim3d` (`kornia`, ``SSIM/ConventionsByMetric/vectors``). A volume's cost grows with the cube of
/// its side, so each case is as small as what it tests allows (most under 1 000 voxels):
/// - depths 1, 2, 3 and 20, at and around what Kornia's reflect border and 'valid' crop need;
/// - every axis in turn at and around the reach of a 5-tap window (3 and 5 voxels; 2 and 4, refused), the others
///   at 7: the cases that show which axis an implementation pads or crops otherwise;
/// - anisotropic shapes, a batch and channels above 1;
/// - volumes of identical slices, whose every slice's map is the 2-D map of that slice under Kornia's border
///   (`VolumeFamilyTests` checks it against the 2-D reference);
/// - pairs that differ only in their first and last slices (the depth border's cases);
/// - identical, flat, black and anti-correlated volumes; float16 and bfloat16 with gradients, at data range 1 and
///   255 (which float16 cannot square);
/// - NaN, +∞ and −∞ voxels at a corner, on a face and inside, in img1 or in both;
/// - real MRI volumes from `tools/data/real-volumes.h5` (made by `tools/real-volumes` from the nibabel wheel's test
///   data, MIT): two acquisitions of an EPI series 2 s apart, and a short functional series, each frame against the
///   next, as a video SSIM compares them; in float64 with gradients, float32, and float16 and bfloat16 divided by the
///   series' largest value;
/// - invalid inputs: a rank-4 image, mismatched shapes, an even window, a data range of 0, and the volumes too small
///   along one axis (the error names it).
enum VolumeFamily {
    static let family = VectorFamily.volumes

    /// One pseudo-random volume case: its shape, window, padding, reduction, precision, content and tags; a data
    /// range of 1 and eps 1e-12 unless given.
    private struct Entry {
        var shape: [Int], window: Int, padding: SSIMPadding, reduction: SSIMReduction, precision: Precision
        var content: VectorContent, tags: [String], maxVal: Double = 1, eps: Double = 1e-12, other: [Int]? = nil
        /// The data range the images are drawn for, where the case's is invalid.
        var contentRange: Double? = nil
        var rejected: SSIMError.Category? = nil
        /// What Kornia 0.9.0 does instead of rejecting it, where it computes (``KorniaLeniency``).
        var kornia: String? = nil
    }

    static func cases(realVolumes path: String) throws -> [VectorCase] {
        var cases: [VectorCase] = []
        for entry in depths() + reaches() + anisotropic() + identicalSlices() + depthBorders() + conditioning()
            + halves() + nonFinite() + invalid()
        {
            var made = pseudoRandomCase(
                family: family, index: cases.count, shape: entry.shape, other: entry.other, windowSize: entry.window,
                maxVal: entry.maxVal, contentRange: entry.contentRange, eps: entry.eps, padding: entry.padding, reduction: entry.reduction,
                precision: entry.precision, content: entry.content, metric: .ssim3D, tags: entry.tags,
                purpose: "3-D SSIM")
            if let category = entry.rejected { made.expect(category, acceptableBecause: entry.kornia.map { "Kornia 0.9.0 \($0)" }) }
            cases.append(made)
        }
        let pairs = try HDF5File.open(path).root.group("pairs")
        for real in realCases {
            cases.append(try realCase(cases.count, real, pairs: pairs))
        }
        return cases
    }

    /// What Kornia 0.9.0 answers to a volume shorter than the window along an axis under 'valid'.
    private static let emptyValidMap = "returns an empty map (a NaN mean)"

    /// Depths 1, 2, 3 and 20: a depth of 1 or 2 is too small for a 3-tap window under reflect or for its 'valid' crop.
    private static func depths() -> [Entry] {
        [
            Entry(shape: [1, 1, 1, 9, 10], window: 3, padding: .same, reduction: .mean, precision: .float64,
                  content: .noisyCopy(level: 0.1), tags: ["depth-1", "invalid"], rejected: .imageTooSmall),
            Entry(shape: [1, 1, 1, 9, 10], window: 1, padding: .same, reduction: .none, precision: .float64,
                  content: .noisyCopy(level: 0.3), tags: ["depth-1"]),
            Entry(shape: [1, 1, 2, 9, 10], window: 3, padding: .same, reduction: .none, precision: .float64,
                  content: .noisyCopy(level: 0.3), tags: ["depth-2"]),
            Entry(shape: [1, 2, 2, 8, 9], window: 3, padding: .same, reduction: .mean, precision: .float32,
                  content: .random, tags: ["depth-2", "channels"]),
            Entry(shape: [1, 1, 2, 9, 10], window: 3, padding: .valid, reduction: .mean, precision: .float64,
                  content: .noisyCopy(level: 0.1), tags: ["depth-2", "invalid", "acceptable"], rejected: .imageTooSmall,
                  kornia: emptyValidMap),
            Entry(shape: [1, 1, 3, 9, 10], window: 3, padding: .valid, reduction: .sum, precision: .float64,
                  content: .noisyCopy(level: 0.1), tags: ["depth-3"]),
            Entry(shape: [1, 1, 3, 10, 9], window: 5, padding: .same, reduction: .none, precision: .float64,
                  content: .noisyCopy(level: 0.1), tags: ["depth-3"]),
            Entry(shape: [1, 1, 20, 12, 13], window: 11, padding: .same, reduction: .mean, precision: .float32,
                  content: .noisyCopy(level: 0.1), tags: ["depth-20"]),
            Entry(shape: [1, 1, 20, 12, 11], window: 11, padding: .valid, reduction: .none, precision: .float64,
                  content: .noisyCopy(level: 0.3), tags: ["depth-20"]),
            Entry(shape: [2, 1, 20, 8, 8], window: 7, padding: .same, reduction: .sum, precision: .float64,
                  content: .random, tags: ["depth-20", "batch"]),
        ]
    }

    /// Each axis in turn at the reach of a 5-tap window and around it, the other two at 7 voxels: 3 voxels under
    /// 'same' (reflect needs more than the reach of 2) and 5 under 'valid' (the window), computed; 2 and 4, refused.
    private static func reaches() -> [Entry] {
        var entries: [Entry] = []
        for (axis, name) in ["depth", "height", "width"].enumerated() {
            for (length, padding, computed) in [(3, SSIMPadding.same, true), (5, .valid, true), (2, .same, false), (4, .valid, false)] {
                var shape = [1, 1, 7, 7, 7]
                shape[2 + axis] = length
                let index = entries.count
                entries.append(Entry(
                    shape: shape, window: 5, padding: padding, reduction: SSIMReduction.allCases[index % 3],
                    precision: index % 4 == 3 ? .float32 : .float64, content: .noisyCopy(level: 0.3),
                    tags: ["reach", name] + (computed ? [] : padding == .valid ? ["invalid", "acceptable"] : ["invalid"]),
                    rejected: computed ? nil : .imageTooSmall, kornia: computed || padding == .same ? nil : emptyValidMap))
            }
        }
        return entries
    }

    private static func anisotropic() -> [Entry] {
        [
            Entry(shape: [1, 1, 4, 20, 9], window: 3, padding: .same, reduction: .mean, precision: .float64,
                  content: .noisyCopy(level: 0.1), tags: ["anisotropic"]),
            Entry(shape: [1, 2, 16, 5, 12], window: 5, padding: .valid, reduction: .none, precision: .float32,
                  content: .noisyCopy(level: 0.3), tags: ["anisotropic", "channels"]),
            Entry(shape: [2, 1, 9, 7, 25], window: 7, padding: .same, reduction: .sum, precision: .float64,
                  content: .random, tags: ["anisotropic", "batch"]),
            Entry(shape: [1, 1, 6, 30, 5], window: 5, padding: .same, reduction: .none, precision: .float64,
                  content: .noisyCopy(level: 0.1), tags: ["anisotropic"]),
        ]
    }

    /// Volumes whose slices along the depth are all the same: each slice's map is the 2-D map of that slice.
    private static func identicalSlices() -> [Entry] {
        [
            Entry(shape: [1, 1, 5, 12, 11], window: 5, padding: .same, reduction: .none, precision: .float64,
                  content: .identicalSlices(of: .noisyCopy(level: 0.1)), tags: ["identical-slices"]),
            Entry(shape: [1, 2, 12, 9, 10], window: 11, padding: .same, reduction: .mean, precision: .float64,
                  content: .identicalSlices(of: .random), tags: ["identical-slices", "channels"]),
            Entry(shape: [1, 1, 7, 11, 12], window: 5, padding: .valid, reduction: .none, precision: .float32,
                  content: .identicalSlices(of: .noisyCopy(level: 0.3)), tags: ["identical-slices"]),
        ]
    }

    /// Pairs equal everywhere but in their first and last 1, r and r + 1 slices: a depth border other than torch's
    /// `reflect` changes their maps.
    private static func depthBorders() -> [Entry] {
        [
            Entry(shape: [1, 1, 9, 8, 8], window: 5, padding: .same, reduction: .none, precision: .float64,
                  content: .depthBand(band: 1), tags: ["depth-border"]),
            Entry(shape: [1, 1, 9, 8, 8], window: 5, padding: .same, reduction: .none, precision: .float64,
                  content: .depthBand(band: 2), tags: ["depth-border"]),
            Entry(shape: [1, 1, 11, 7, 7], window: 7, padding: .same, reduction: .mean, precision: .float64,
                  content: .depthBand(band: 4), tags: ["depth-border"]),
            Entry(shape: [1, 1, 10, 8, 8], window: 3, padding: .same, reduction: .none, precision: .float32,
                  content: .depthBand(band: 2), tags: ["depth-border"]),
        ]
    }

    /// The inputs where the constants and eps decide: identical, flat, black (at a small data range, where eps shows)
    /// and anti-correlated volumes.
    private static func conditioning() -> [Entry] {
        [
            Entry(shape: [1, 1, 6, 8, 9], window: 5, padding: .same, reduction: .mean, precision: .float64,
                  content: .identical, tags: ["identity"], eps: 0),
            Entry(shape: [1, 1, 6, 8, 9], window: 5, padding: .same, reduction: .none, precision: .float64,
                  content: .flat(a: 0.25, b: 0.75), tags: ["flat"]),
            Entry(shape: [1, 1, 6, 8, 9], window: 3, padding: .same, reduction: .mean, precision: .float64,
                  content: .flat(a: 0, b: 0), tags: ["flat", "eps"], maxVal: 0.01),
            Entry(shape: [1, 1, 6, 8, 9], window: 3, padding: .same, reduction: .mean, precision: .float64,
                  content: .anticorrelated, tags: ["anticorrelated"]),
        ]
    }

    /// float16 and bfloat16, with gradients, at data range 1 and at 255 (whose squares float16 cannot hold).
    private static func halves() -> [Entry] {
        [Precision.float16, .bfloat16].flatMap { precision in
            [
                Entry(shape: [1, 1, 5, 8, 8], window: 3, padding: .same, reduction: .mean, precision: precision,
                      content: .noisyCopy(level: 0.1), tags: ["half"]),
                Entry(shape: [1, 1, 6, 9, 9], window: 5, padding: .valid, reduction: .none, precision: precision,
                      content: .random, tags: ["half"]),
                Entry(shape: [1, 1, 5, 8, 8], window: 3, padding: .same, reduction: .mean, precision: precision,
                      content: .noisyCopy(level: 0.1), tags: ["half", "data-range"], maxVal: 255),
            ]
        }
    }

    /// NaN, +∞ and −∞ voxels at a corner, in the middle of the first slice (a face) and inside, in img1 or in both.
    private static func nonFinite() -> [Entry] {
        var entries: [Entry] = []
        for value in NonFiniteValue.allCases {
            for (place, slice, row, column) in [("corner", 0, 0, 0), ("face", 0, 4, 4), ("inside", 3, 4, 4)] {
                let index = entries.count
                entries.append(Entry(
                    shape: [1, 1, 7, 8, 9], window: [3, 5, 7][index % 3], padding: index % 2 == 0 ? .same : .valid,
                    reduction: SSIMReduction.allCases[index % 3], precision: (index / 2) % 2 == 0 ? .float64 : .float32,
                    content: .nonFiniteVoxel(value, slice: slice, row: row, column: column, inBoth: index % 2 == 1),
                    tags: ["non-finite", value.rawValue, place]))
            }
        }
        return entries
    }

    private static func invalid() -> [Entry] {
        [
            Entry(shape: [1, 1, 8, 8], window: 3, padding: .same, reduction: .mean, precision: .float64,
                  content: .noisyCopy(level: 0.1), tags: ["invalid"], rejected: .invalidShape),
            Entry(shape: [1, 1, 6, 8, 9], window: 3, padding: .same, reduction: .mean, precision: .float64,
                  content: .noisyCopy(level: 0.1), tags: ["invalid"], other: [1, 1, 5, 8, 9], rejected: .shapeMismatch),
            Entry(shape: [1, 1, 6, 8, 9], window: 4, padding: .same, reduction: .mean, precision: .float64,
                  content: .noisyCopy(level: 0.1), tags: ["invalid"], rejected: .invalidWindowSize),
            // Window 11, whose reach torchmetrics pads by on every axis: its answer has Kornia's shape. The images
            // are drawn for a data range of 255 (for 0, they would be black), where Kornia's eps moves nothing.
            Entry(shape: [1, 1, 6, 8, 9], window: 11, padding: .same, reduction: .mean, precision: .float64,
                  content: .noisyCopy(level: 0.1), tags: ["invalid", "acceptable"], maxVal: 0, contentRange: 255, rejected: .invalidMaxVal,
                  kornia: "computes with C1 = C2 = 0"),
        ]
    }

    /// A case of a real pair: its sub-volume (slices, rows and columns from `origin`, of `size`), scaled so that
    /// `maxVal` is its data range (the pair's largest value when 1, the values as they are otherwise).
    private struct RealEntry {
        var pair: String, origin: [Int], size: [Int], window: Int, padding: SSIMPadding, reduction: SSIMReduction
        var precision: Precision, normalised: Bool
    }

    private static let realCases: [RealEntry] = [
        RealEntry(pair: "example4d-t0-t1", origin: [0, 0, 0], size: [20, 32, 32], window: 11, padding: .same,
                  reduction: .mean, precision: .float32, normalised: false),
        RealEntry(pair: "example4d-t0-t1", origin: [4, 4, 4], size: [12, 24, 24], window: 7, padding: .valid,
                  reduction: .none, precision: .float64, normalised: false),
        RealEntry(pair: "example4d-t0-t1", origin: [4, 4, 4], size: [12, 24, 24], window: 11, padding: .same,
                  reduction: .mean, precision: .float16, normalised: true),
        RealEntry(pair: "example4d-t0-t1", origin: [4, 4, 4], size: [12, 24, 24], window: 11, padding: .same,
                  reduction: .mean, precision: .bfloat16, normalised: true),
        RealEntry(pair: "functional-frames", origin: [0, 0, 0], size: [19, 21, 17], window: 7, padding: .same,
                  reduction: .mean, precision: .float64, normalised: false),
        RealEntry(pair: "functional-frames", origin: [0, 0, 0], size: [19, 21, 17], window: 11, padding: .valid,
                  reduction: .none, precision: .float32, normalised: false),
    ]

    private static func realCase(_ index: Int, _ entry: RealEntry, pairs: HDF5Group) throws -> VectorCase {
        let pair = try pairs.group(entry.pair)
        let dataMax = try pair.doubleAttribute("data_max")
        let maxVal = entry.normalised ? 1 : dataMax
        func crop(_ name: String) throws -> ProtocolArray {
            let dataset = try pair.dataset(name)
            let all = try dataset.read(as: Double.self), (height, width) = (dataset.shape[1], dataset.shape[2])
            let (slice0, row0, column0) = (entry.origin[0], entry.origin[1], entry.origin[2])
            let values = (slice0..<(slice0 + entry.size[0])).flatMap { slice in
                (row0..<(row0 + entry.size[1])).flatMap { row in
                    (column0..<(column0 + entry.size[2])).map { column in
                        all[(slice * height + row) * width + column] * maxVal / dataMax
                    }
                }
            }
            return ProtocolArray(shape: [1, 1] + entry.size, rounding: values, to: entry.precision)
        }
        let id = [family.rawValue, threeDigits(index), entry.pair, "w\(entry.window)", entry.padding.rawValue,
                  entry.reduction.rawValue, entry.precision.caseIDName].joined(separator: "-")
        let request = AdapterCase(
            id: id, img1: try crop("img1"), img2: try crop("img2"), windowSize: Int64(entry.window), maxVal: maxVal,
            eps: 1e-12, padding: entry.padding.rawValue, reduction: entry.reduction.rawValue,
            outputs: outputs(for: entry.precision), metric: .ssim3D)
        let scaling = entry.normalised ? "divided by the series' largest value \(dataMax), maxVal 1" : "maxVal \(dataMax), the series' largest value"
        return VectorCase(
            request: request, family: family.rawValue, tags: ["real-volume"] + (entry.precision.isHalf ? ["half"] : []),
            description: "3-D SSIM on the real volumes \(entry.pair), \(entry.size[0])x\(entry.size[1])x\(entry.size[2]) from slice, row and column \(entry.origin), \(scaling), window \(entry.window), \(entry.padding.rawValue), \(entry.reduction.rawValue), \(entry.precision.rawValue)",
            provenance: [
                ("source", .string("\(VectorSources.realVolumesPath):/pairs/\(entry.pair) (\(try pair.stringAttribute("source")))")),
                ("license", .string(try pair.stringAttribute("license"))),
                ("crop", .string(try pair.stringAttribute("crop"))),
                ("sub-volume", .ints((entry.origin + entry.size).map(Int64.init))),
            ])
    }
}
