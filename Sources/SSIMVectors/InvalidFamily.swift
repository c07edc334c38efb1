import SSIM
import SSIMAdapterProtocol

/// Invalid inputs, each with the one error category the protocol assigns to it.
///
/// Where the reference is stricter than Kornia 0.9.0 (`kornia:` says what Kornia does instead), rejecting with the
/// category and answering are both acceptable: the semantics are Kornia's, the strictness is ours.
enum InvalidFamily {
    static func cases() -> [VectorCase] {
        var cases: [VectorCase] = []
        func add(
            _ name: String, _ category: SSIMError.Category, shape1: [Int] = [1, 1, 16, 16], shape2: [Int]? = nil,
            windowSize: Int64 = 11, maxVal: Double = 1, padding: String = "same", reduction: String = "mean",
            kornia: String? = nil
        ) {
            let index = cases.count
            let seed = UInt64(VectorFamily.invalid.seedBase + index)
            var random = SplitMix64(seed: seed)
            func image(_ shape: [Int]) -> ProtocolArray {
                ProtocolArray(shape: shape, precision: .float64, values: (0..<shape.reduce(1, *)).map { _ in random.unit() })
            }
            let request = AdapterCase(
                id: "invalid-\(threeDigits(index))-\(name)", img1: image(shape1), img2: image(shape2 ?? shape1),
                windowSize: windowSize, maxVal: maxVal, eps: 1e-12, padding: padding, reduction: reduction,
                outputs: CaseMetric.ssim.outputs)
            cases.append(VectorCase(
                request: request, family: VectorFamily.invalid.rawValue, tags: ["invalid", category.rawValue] + (kornia == nil ? [] : ["acceptable"]),
                description: "\(category.rawValue): \(name)",
                provenance: [("rng", .string("splitmix64")), ("seed", .int(Int64(seed))), ("content", .string(VectorContent.random.recipe))],
                expectedError: category, acceptableBecause: kornia.map { "Kornia 0.9.0 \($0)" }))
        }
        add("rank3", .invalidShape, shape1: [1, 16, 16])
        add("rank5", .invalidShape, shape1: [1, 1, 1, 16, 16])
        add("rank0", .invalidShape, shape1: [])
        add("zero-channels", .invalidShape, shape1: [1, 0, 16, 16])
        add("zero-batch", .invalidShape, shape1: [0, 1, 16, 16], kornia: "returns an empty map (a NaN mean)")
        add("width-differs", .shapeMismatch, shape2: [1, 1, 16, 15])
        add("batch-differs", .shapeMismatch, shape2: [2, 1, 16, 16])
        add("channels-differ", .shapeMismatch, shape1: [1, 3, 16, 16], shape2: [1, 1, 16, 16])
        add("window-even", .invalidWindowSize, windowSize: 4)
        add("window-zero", .invalidWindowSize, windowSize: 0)
        add("window-negative", .invalidWindowSize, windowSize: -3)
        add("padding-full", .invalidPadding, padding: "full")
        add("padding-empty", .invalidPadding, padding: "")
        add("padding-reflect", .invalidPadding, padding: "reflect")
        add("reduction-median", .invalidReduction, reduction: "median")
        add("reduction-uppercase", .invalidReduction, reduction: "MEAN")
        add("reduction-empty", .invalidReduction, reduction: "")
        add("maxval-zero", .invalidMaxVal, maxVal: 0, kornia: "computes with C1 = C2 = 0")
        add("maxval-negative", .invalidMaxVal, maxVal: -1, kornia: "computes with the squared constants")
        add("maxval-infinite", .invalidMaxVal, maxVal: .infinity, kornia: "computes (NaN)")
        add("maxval-nan", .invalidMaxVal, maxVal: .nan, kornia: "computes (NaN)")
        add("too-small-same-height", .imageTooSmall, shape1: [1, 1, 5, 16])
        add("too-small-same-width", .imageTooSmall, shape1: [1, 1, 16, 2], windowSize: 5)
        add("too-small-valid", .imageTooSmall, shape1: [1, 1, 16, 10], padding: "valid", kornia: "returns an empty map (a NaN mean)")
        add("too-small-valid-w3", .imageTooSmall, shape1: [2, 1, 2, 8], windowSize: 3, padding: "valid", kornia: "returns an empty map (a NaN mean)")
        return cases
    }
}
