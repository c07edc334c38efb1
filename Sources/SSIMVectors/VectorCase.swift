import HDF5
import SSIM
import SSIMAdapterProtocol

/// One golden case: a protocol case, what it exercises, and where its inputs came from.
///
/// The expected outputs and acceptance bounds are not stored here: the writer computes them with the reference
/// (``SSIM/SSIMReference`` and ``SSIM/SSIMErrorBounds``) when it writes the case.
public struct VectorCase: Sendable {
    /// The case as an adapter sees it.
    public let request: AdapterCase
    /// A ``VectorFamily``'s name, or another for cases made outside the store (reproducers).
    public let family: String
    /// What the case exercises (`border`, `flat`, `eps`, `cancellation`, `identity`, `real-image`, …).
    public let tags: [String]
    /// A sentence saying what the case is.
    public let description: String
    /// Where the inputs came from: the RNG and seed and recipe, or the source image and its license.
    public let provenance: [(name: String, value: HDF5AttributeValue)]
    /// For an invalid-input case, the category the protocol assigns to it.
    public let expectedError: SSIMError.Category?
    /// For an invalid-input case that Kornia 0.9.0 computes rather than rejects, why an answer is acceptable too
    /// (Wycheproof's "acceptable" result); nil when the error is required.
    public let acceptableBecause: String?

    public init(
        request: AdapterCase, family: String, tags: [String], description: String,
        provenance: [(name: String, value: HDF5AttributeValue)], expectedError: SSIMError.Category? = nil,
        acceptableBecause: String? = nil
    ) {
        self.request = request
        self.family = family
        self.tags = tags
        self.description = description
        self.provenance = provenance
        self.expectedError = expectedError
        self.acceptableBecause = acceptableBecause
    }
}

extension VectorCase {
    /// The same case, expected to be rejected with `category`; or, where Kornia 0.9.0 computes it (`acceptableBecause`
    /// says how), rejected or answered as Kornia answers.
    mutating func expect(_ category: SSIMError.Category, acceptableBecause: String? = nil) {
        self = VectorCase(
            request: request, family: family, tags: tags, description: description + ": rejected, \(category.rawValue)",
            provenance: provenance, expectedError: category, acceptableBecause: acceptableBecause)
    }
}

/// The outputs a case asks for: everything in float64 and in the half precisions (mixed-precision training needs
/// its gradients), the forward outputs only in float32 (whose gradients would add size but no new judgement).
func outputs(for precision: Precision) -> [AdapterOutput] {
    precision == .float32 ? [.ssimMap, .loss] : CaseMetric.ssim.outputs
}

extension ProtocolArray {
    /// Values stored in `precision`: each value rounded to the nearest of that precision.
    init(shape: [Int], rounding values: [Double], to precision: Precision) {
        self.init(shape: shape, precision: precision, values: values.map(precision.rounded))
    }
}

extension Precision {
    /// The precision as case ids name it.
    var caseIDName: String {
        switch self {
        case .float32: "f32"
        case .float64: "f64"
        case .float16: "f16"
        case .bfloat16: "bf16"
        }
    }
}

/// An SSIM case (or, with `metric` `.ssim3D`, a 3-D SSIM case) whose images follow a ``VectorContent`` recipe from a
/// seed, for the data range `contentRange` (the case's `maxVal` unless given: an invalid data range draws the images
/// of a valid one); img2 of shape `other`, when given, made from a seed of its own.
func pseudoRandomCase(
    family: VectorFamily, index: Int, shape: [Int], other: [Int]? = nil, windowSize: Int, maxVal: Double,
    contentRange: Double? = nil, eps: Double = 1e-12, padding: SSIMPadding, reduction: SSIMReduction,
    precision: Precision, content: VectorContent, metric: CaseMetric = .ssim, tags: [String], purpose: String
) -> VectorCase {
    let seed = UInt64(family.seedBase + index), range = contentRange ?? maxVal
    let (x, y) = content.images(shape: shape, maxVal: range, seed: seed)
    let y2 = other.map { content.images(shape: $0, maxVal: range, seed: seed + 50_000).img2 } ?? y
    let id = [
        family.rawValue, threeDigits(index), "w\(windowSize)", padding.rawValue, reduction.rawValue,
        precision.caseIDName, content.name,
    ].joined(separator: "-")
    let request = AdapterCase(
        id: id, img1: ProtocolArray(shape: shape, rounding: x, to: precision),
        img2: ProtocolArray(shape: other ?? shape, rounding: y2, to: precision), windowSize: Int64(windowSize),
        maxVal: maxVal, eps: eps, padding: padding.rawValue, reduction: reduction.rawValue,
        outputs: outputs(for: precision), metric: metric)
    return VectorCase(
        request: request, family: family.rawValue, tags: tags,
        description: "\(purpose): \(content.name) \(metric == .ssim3D ? "volumes" : "images") of shape \(shape)\(other.map { " and \($0)" } ?? ""), window \(windowSize), \(padding.rawValue), \(reduction.rawValue), maxVal \(maxVal), eps \(eps), \(precision.rawValue)",
        provenance: [("rng", .string("splitmix64")), ("seed", .int(Int64(seed))), ("content", .string(content.recipe))])
}

extension VectorFamily {
    /// Seeds are `seedBase + index`, distinct across families. Each family's base is its own, named here, never
    /// derived from its place among the families: adding, removing or reordering families changes no other
    /// family's data. A new family takes the next unused multiple of 100 000 (`VectorStoreTests` checks that the
    /// bases are distinct).
    var seedBase: Int {
        switch self {
        case .core: 100_000
        case .borders: 200_000
        case .conditioning: 300_000
        case .realImages: 400_000
        case .matlabParity: 500_000
        case .invalid: 600_000
        case .nonFinite: 700_000
        case .msSSIM: 800_000
        case .msSSIML1: 900_000
        case .volumes: 1_000_000
        case .msSSIM3D: 1_100_000
        }
    }
}

/// Three digits, zero-padded: case ids (the vectors', the property checks') sort in generation order.
public func threeDigits(_ value: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
}
