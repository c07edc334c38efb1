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

/// A case whose images follow a ``VectorContent`` recipe from a seed.
func pseudoRandomCase(
    family: VectorFamily, index: Int, shape: [Int], windowSize: Int, maxVal: Double, eps: Double = 1e-12,
    padding: SSIMPadding, reduction: SSIMReduction, precision: Precision, content: VectorContent,
    tags: [String], purpose: String
) -> VectorCase {
    let seed = UInt64(family.seedBase + index)
    let (x, y) = content.images(shape: shape, maxVal: maxVal, seed: seed)
    let id = [
        family.rawValue, threeDigits(index), "w\(windowSize)", padding.rawValue, reduction.rawValue,
        precision.caseIDName, content.name,
    ].joined(separator: "-")
    let request = AdapterCase(
        id: id, img1: ProtocolArray(shape: shape, rounding: x, to: precision),
        img2: ProtocolArray(shape: shape, rounding: y, to: precision), windowSize: Int64(windowSize),
        maxVal: maxVal, eps: eps, padding: padding.rawValue, reduction: reduction.rawValue,
        outputs: outputs(for: precision))
    return VectorCase(
        request: request, family: family.rawValue, tags: tags,
        description: "\(purpose): \(content.name) images of shape \(shape), window \(windowSize), \(padding.rawValue), \(reduction.rawValue), maxVal \(maxVal), eps \(eps), \(precision.rawValue)",
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
        case .msSSIM3D: 1_100_000
        }
    }
}

/// Three digits, zero-padded: case ids (the vectors', the property checks') sort in generation order.
public func threeDigits(_ value: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
}
