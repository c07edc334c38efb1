import FoundationEssentials
import SSIM
import SSIMAdapterProtocol

/// Where the generator finds the inputs that are not pseudo-random.
public struct VectorSources: Sendable {
    /// The real-image pairs made by `tools/real-image-pairs` (committed as `tools/data/real-image-pairs.h5`).
    public var realImagePairs: String
    /// The MATLAB parity pairs (committed as `tools/data/matlab-parity/camera.h5`, with their README).
    public var matlabParity: String
    /// The real volume pairs made by `tools/real-volumes` (committed as `tools/data/real-volumes.h5`).
    public var realVolumes: String

    public init(realImagePairs: String, matlabParity: String, realVolumes: String) {
        self.realImagePairs = realImagePairs
        self.matlabParity = matlabParity
        self.realVolumes = realVolumes
    }

    /// The sources committed in the repository whose root folder is `root` (a relative root is taken from the
    /// working folder): the vectors need nothing outside the checkout.
    public static func inRepository(_ root: String = ".") -> VectorSources {
        let folder = URL(fileURLWithPath: root, isDirectory: true)
        return VectorSources(
            realImagePairs: folder.appendingPathComponent(realImagePairsPath).path,
            matlabParity: folder.appendingPathComponent(matlabParityPath).path,
            realVolumes: folder.appendingPathComponent(realVolumesPath).path)
    }

    /// Where the real-image pairs are committed, relative to the repository's root.
    public static let realImagePairsPath = "tools/data/real-image-pairs.h5"
    /// Where the MATLAB parity pairs are committed, relative to the repository's root.
    public static let matlabParityPath = "tools/data/matlab-parity/camera.h5"
    /// Where the real volume pairs are committed, relative to the repository's root.
    public static let realVolumesPath = "tools/data/real-volumes.h5"
}

/// Every golden case, family by family, in a fixed order: the same sources always give the same cases.
public enum VectorCatalog {
    public static func cases(_ family: VectorFamily, sources: VectorSources) throws -> [VectorCase] {
        switch family {
        case .core: core()
        case .borders: borders()
        case .conditioning: conditioning()
        case .realImages: try RealImageFamily.cases(from: sources.realImagePairs)
        case .matlabParity: try MatlabParityFamily.cases(from: sources.matlabParity)
        case .invalid: InvalidFamily.cases()
        case .nonFinite: nonFinite()
        case .msSSIM: try MSSSIMFamily.cases(cameraPairs: sources.matlabParity)
        case .msSSIML1: MSSSIML1Family.cases()
        case .volumes: try VolumeFamily.cases(realVolumes: sources.realVolumes)
        case .msSSIM3D: MSSSIM3DFamily.cases()
        }
    }

    /// The sweep: windows (11 the most), paddings, reductions, precisions, data ranges, eps and sizes varied
    /// together, each case at most 600 pixels; then the smallest legal size for every window and padding; then the
    /// same kind of sweep in float16 and bfloat16, at most 400 pixels, where data ranges above float16's reach
    /// (255, 4095) make cases float16 cannot compute.
    static func core() -> [VectorCase] {
        let windows = [11, 3, 11, 5, 11, 7, 11, 9, 11, 13, 11, 1]
        let maxVals = [1, 255, 1, 0.5, 1, 2, 255, 4095, 1]
        let contents: [VectorContent] = [.random, .noisyCopy(level: 0.1), .noisyCopy(level: 0.3)]
        var sizes = SplitMix64(seed: 2026)
        var cases: [VectorCase] = []
        for index in 0..<240 {
            let windowSize = windows[index % windows.count], radius = windowSize / 2
            let padding: SSIMPadding = (index / windows.count) % 2 == 0 ? .same : .valid
            let smallest = padding == .same ? radius + 1 : windowSize
            let height = smallest + Int(sizes.next() % 11)
            let width = index % 6 == 0 ? height : smallest + Int(sizes.next() % 11)
            let shape = fitted(
                [1 + (index / 5) % 4, 1 + (index / 20) % 4, height, width], smallestSide: smallest, pixels: 600)
            cases.append(pseudoRandomCase(
                family: .core, index: index, shape: shape, windowSize: windowSize,
                maxVal: maxVals[index % maxVals.count], eps: (index / 7) % 3 == 0 ? 0 : 1e-12, padding: padding,
                reduction: SSIMReduction.allCases[(index / 2) % 3], precision: (index / 3) % 2 == 0 ? .float64 : .float32,
                content: contents[index % contents.count], tags: ["sweep"], purpose: "parameter sweep"))
        }
        for windowSize in [1, 3, 5, 7, 9, 11, 13] {
            for padding in SSIMPadding.allCases {
                let side = padding == .same ? windowSize / 2 + 1 : windowSize
                let index = cases.count
                cases.append(pseudoRandomCase(
                    family: .core, index: index, shape: [2, 2, side, side], windowSize: windowSize, maxVal: 1,
                    padding: padding, reduction: SSIMReduction.allCases[index % 3],
                    precision: index % 4 == 0 ? .float32 : .float64, content: .noisyCopy(level: 0.3),
                    tags: ["smallest"], purpose: "smallest legal size"))
            }
        }
        let halfMaxVals = [1, 255, 0.5, 1, 2, 4095, 1, 8]
        for half in 0..<48 {
            let index = cases.count
            let windowSize = windows[half % windows.count], radius = windowSize / 2
            let padding: SSIMPadding = (half / 4) % 2 == 0 ? .same : .valid
            let smallest = padding == .same ? radius + 1 : windowSize
            let height = smallest + Int(sizes.next() % 9)
            let width = smallest + Int(sizes.next() % 9)
            let shape = fitted([1 + half % 2, 1 + (half / 3) % 3, height, width], smallestSide: smallest, pixels: 400)
            cases.append(pseudoRandomCase(
                family: .core, index: index, shape: shape, windowSize: windowSize,
                maxVal: halfMaxVals[half % halfMaxVals.count], eps: (half / 5) % 3 == 0 ? 0 : 1e-12, padding: padding,
                reduction: SSIMReduction.allCases[(half / 2) % 3], precision: half % 2 == 0 ? .float16 : .bfloat16,
                content: contents[half % contents.count], tags: ["sweep", "half"], purpose: "half-precision sweep"))
        }
        return cases
    }

    /// (B, C, H, W) made to hold at most `pixels` values: the longer side shortened first, down to `smallestSide`,
    /// then the channels, then the batch.
    static func fitted(_ shape: [Int], smallestSide: Int, pixels: Int) -> [Int] {
        var (batch, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
        while batch * channels * height * width > pixels {
            if height > smallestSide || width > smallestSide {
                if height >= width { height -= 1 } else { width -= 1 }
            } else if channels > 1 { channels -= 1 } else { batch -= 1 }
        }
        return [batch, channels, height, width]
    }

    /// Pairs equal everywhere but in a band at the edges (of 1, r and r + 1 pixels): any border convention other
    /// than torch's `reflect` changes their maps.
    static func borders() -> [VectorCase] {
        var cases: [VectorCase] = []
        for windowSize in [3, 5, 7, 9, 11, 13] {
            let radius = windowSize / 2
            for band in [1, radius, radius + 1] {
                for padding in SSIMPadding.allCases {
                    let index = cases.count
                    let side = 2 * radius + 4 + index % 5
                    let precision: Precision = index % 3 == 2 ? .float32 : .float64
                    cases.append(pseudoRandomCase(
                        family: .borders, index: index, shape: [1 + index % 2, 1 + (index / 2) % 2, side, side + index % 3],
                        windowSize: windowSize, maxVal: 1, padding: padding,
                        reduction: SSIMReduction.allCases[index % 3], precision: precision,
                        content: .borderOnly(band: band), tags: ["border"], purpose: "difference only in an edge band of \(band) px"))
                }
            }
        }
        return cases
    }

    /// Inputs where precision, eps and the constants decide the answer: each kind in float64 and float32, then
    /// float32 under an offset of 1000 data ranges, then each kind again in float16 and bfloat16 (where black images
    /// at small data ranges take C1·C2 below float16's normal range, and 8-bit data ranges overflow it).
    static func conditioning() -> [VectorCase] {
        var cases: [VectorCase] = []
        func add(
            _ content: VectorContent, _ tags: [String], _ purpose: String, windowSize: Int = 11, maxVal: Double = 1,
            eps: Double = 1e-12, padding: SSIMPadding = .same, reduction: SSIMReduction = .none,
            precision: Precision = .float64
        ) {
            cases.append(pseudoRandomCase(
                family: .conditioning, index: cases.count, shape: [1, 2, 14, 13], windowSize: windowSize, maxVal: maxVal,
                eps: eps, padding: padding, reduction: reduction, precision: precision, content: content,
                tags: tags + (precision.isHalf ? ["half"] : []), purpose: purpose))
        }
        func everyKind(in precision: Precision) {
            for maxVal in [1.0, 255] {
                for windowSize in [3, 11] {
                    for padding in SSIMPadding.allCases {
                        add(.identical, ["identity"], "identical images", windowSize: windowSize, maxVal: maxVal,
                            padding: padding, reduction: padding == .same ? .mean : .none, precision: precision)
                    }
                }
                add(.flat(a: 0.25, b: 0.75), ["flat"], "two different constant images", maxVal: maxVal, precision: precision)
                add(.flat(a: 0.5, b: 0.5), ["flat", "identity"], "one constant image twice", windowSize: 5, maxVal: maxVal,
                    reduction: .sum, precision: precision)
                add(.anticorrelated, ["anticorrelated"], "anti-correlated images", windowSize: 7, maxVal: maxVal,
                    reduction: .mean, precision: precision)
                add(.anticorrelated, ["anticorrelated"], "anti-correlated images", maxVal: maxVal, padding: .valid,
                    precision: precision)
                add(.impulse(p: 0.05), ["impulse"], "5 % salt-and-pepper noise", maxVal: maxVal, precision: precision)
                add(.impulse(p: 0.3), ["impulse"], "30 % salt-and-pepper noise", windowSize: 5, maxVal: maxVal,
                    reduction: .mean, precision: precision)
                add(.saturated, ["extreme"], "saturated black-and-white images", maxVal: maxVal, precision: precision)
                add(.nearBlack(scale: 1e-3), ["extreme", "eps"], "values within 0.1 % of black", windowSize: 7,
                    maxVal: maxVal, reduction: .mean, precision: precision)
                add(.offset(k: 20), ["cancellation"], "a constant offset of 20 data ranges", maxVal: maxVal,
                    precision: precision)
            }
            // Black images: SSIM = 1 − eps / (C1·C2 + eps), so eps shows at small data ranges.
            for maxVal in [1.0, 0.1, 0.01, 0.001] {
                for eps in [0, 1e-12] {
                    add(.flat(a: 0, b: 0), ["flat", "eps"], "two black images", windowSize: 5, maxVal: maxVal, eps: eps,
                        precision: precision)
                }
            }
        }
        everyKind(in: .float64)
        everyKind(in: .float32)
        // Float32 loses every digit of the variances under an offset of 1000 data ranges: the bounds must say so.
        for maxVal in [1.0, 255] {
            add(.offset(k: 1000), ["cancellation"], "a constant offset of 1000 data ranges", maxVal: maxVal, precision: .float32)
        }
        everyKind(in: .float16)
        everyKind(in: .bfloat16)
        return cases
    }

    /// Every non-finite value, single and as a 2 × 2 patch, at a corner, on an edge and inside, in img1 or in both,
    /// with the windows 1 to 13, both paddings, every reduction and both precisions varied across them.
    static func nonFinite() -> [VectorCase] {
        let windows = [1, 3, 5, 7, 9, 11, 13]
        var cases: [VectorCase] = []
        for value in NonFiniteValue.allCases {
            for place in ["corner", "edge", "inside"] {
                for inBoth in [false, true] {
                    for patch in [1, 2] {
                        let index = cases.count
                        let windowSize = windows[index % windows.count]
                        let (height, width) = (windowSize + 4, windowSize + 5)
                        let (row, column) = switch place {
                        case "corner": (0, 0)
                        case "edge": (0, width / 2)
                        default: (height / 2 - patch / 2, width / 2 - patch / 2)
                        }
                        let content = VectorContent.nonFinite(value, patch: patch, row: row, column: column, inBoth: inBoth)
                        cases.append(pseudoRandomCase(
                            family: .nonFinite, index: index, shape: [1 + index % 2, 1 + (index / 3) % 2, height, width],
                            windowSize: windowSize, maxVal: 1, padding: (index / windows.count) % 2 == 0 ? .same : .valid,
                            reduction: SSIMReduction.allCases[index % 3], precision: (index / 2) % 2 == 0 ? .float64 : .float32,
                            content: content, tags: ["non-finite", value.rawValue, place],
                            purpose: "\(value.literal) pixels (\(patch) × \(patch), \(place), in \(inBoth ? "both images" : "img1"))"))
                    }
                }
            }
        }
        return cases
    }
}
