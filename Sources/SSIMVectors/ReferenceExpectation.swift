import SSIM
import SSIMAdapterProtocol

/// What the reference expects of a valid case under a convention: its outputs, and the acceptance bounds each
/// precision an implementation may compute in is judged by. Vector files store Kornia's (``VectorFileWriter``);
/// `certify --convention` computes another convention's from the stored inputs, the same way.
public struct ReferenceExpectation: Sendable {
    /// The requested outputs, in float64.
    public let outputs: [AdapterOutput: ProtocolArray]
    /// By precision and output, each element's bound rounded up to the next float32: as vector files store them
    /// (in float32, to halve their size), never shrunk.
    public let bounds: [Precision: [AdapterOutput: ProtocolArray]]
    /// Why the case cannot be computed meaningfully in the half precision among `precisions`, if it cannot
    /// (``SSIM/SSIMErrorBounds/notComputable(_:_:options:reduction:gradients:precision:convention:)``).
    public let notComputable: String?

    /// - Parameters:
    ///   - requested: the outputs to compute.
    ///   - precisions: the precisions whose bounds are wanted.
    /// - Throws: the reference's ``SSIM/SSIMError`` when it cannot compute the case under `convention`.
    public init(
        _ validated: ValidatedCase, outputs requested: [AdapterOutput], precisions: [Precision],
        convention: SSIMConvention = .kornia
    ) throws(SSIMError) {
        let judging = try SSIMErrorBounds.judging(
            validated.img1, validated.img2, options: validated.options, reduction: validated.reduction,
            gradients: validated.wantsGradients, precisions: precisions, convention: convention)
        outputs = judging.expected.protocolArrays(requested, precision: .float64)
        bounds = judging.acceptance.mapValues { acceptance in
            acceptance.protocolArrays(requested, precision: .float64).mapValues { array in
                ProtocolArray(shape: array.shape, precision: .float32, values: array.values.map { Double(Self.roundedUp($0)) })
            }
        }
        notComputable = precisions.lazy.filter(\.isHalf).compactMap { judging.notComputable[$0] }.first
    }

    /// The smallest float32 at or above `bound`.
    static func roundedUp(_ bound: Double) -> Float {
        let rounded = Float(bound)
        return Double(rounded) >= bound ? rounded : rounded.nextUp
    }
}
