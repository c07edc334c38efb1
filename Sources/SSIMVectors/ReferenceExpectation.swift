import SSIM
import SSIMAdapterProtocol

/// What the reference expects of a valid case under a convention: its outputs, and the acceptance bounds each
/// precision an implementation may compute in is judged by. Vector files store Kornia's for SSIM cases and
/// `wang-msssim`'s for MS-SSIM cases (``VectorFileWriter``); `certify --convention` computes another convention's
/// from the stored inputs, the same way.
public struct ReferenceExpectation: Sendable {
    /// The requested outputs, in float64.
    public let outputs: [AdapterOutput: ProtocolArray]
    /// By precision and output, each element's bound rounded up to the next float32: as vector files store them
    /// (in float32, to halve their size), never shrunk.
    public let bounds: [Precision: [AdapterOutput: ProtocolArray]]
    /// Why the case cannot be computed meaningfully in the half precision among `precisions`, if it cannot
    /// (``SSIM/SSIMErrorBounds/notComputable(_:_:options:reduction:gradients:precision:convention:)``, and its
    /// MS-SSIM counterpart).
    public let notComputable: String?

    /// The expectation of an SSIM case under `convention`.
    ///
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
        self.init(judging.expected, judging.acceptance, judging.notComputable, requested: requested, precisions: precisions)
    }

    /// The expectation of an MS-SSIM case under `convention`, with the case's window size and weights
    /// (``SSIMAdapterProtocol/ValidatedCase/asked(_:)``).
    ///
    /// - Throws: the MS-SSIM reference's ``SSIM/SSIMError`` when it cannot compute the case under `convention`.
    public init(
        _ validated: ValidatedCase, outputs requested: [AdapterOutput], precisions: [Precision],
        msssim convention: MSSSIMConvention
    ) throws(SSIMError) {
        self.init(
            try MSSSIMErrorBounds.judging(
                validated.img1, validated.img2, maxVal: validated.options.maxVal, convention: validated.asked(convention),
                reduction: validated.reduction, gradients: validated.wantsGradients, precisions: precisions),
            requested: requested, precisions: precisions)
    }

    /// The expectation of an MS-SSIM + L1 case under `convention`, with the case's α and compensation where it gives
    /// them.
    ///
    /// - Throws: the MS-SSIM + L1 reference's ``SSIM/SSIMError`` when it cannot compute the case under `convention`.
    public init(
        _ validated: ValidatedCase, outputs requested: [AdapterOutput], precisions: [Precision],
        msssimL1 convention: MSSSIML1Convention
    ) throws(SSIMError) {
        var (alpha, compensation): (Double?, Double?) = (nil, nil)
        if case .msSSIML1(let caseAlpha, let caseCompensation) = validated.metric { (alpha, compensation) = (caseAlpha, caseCompensation) }
        self.init(
            try MSSSIML1ErrorBounds.judging(
                validated.img1, validated.img2, maxVal: validated.options.maxVal, alpha: alpha, compensation: compensation,
                convention: convention, reduction: validated.reduction, gradients: validated.wantsGradients,
                precisions: precisions),
            requested: requested, precisions: precisions)
    }

    /// The expectation of a 3-D SSIM case under `convention` (``SSIM/SSIM3DErrorBounds``), asking `requested`.
    ///
    /// - Throws: the 3-D reference's ``SSIM/SSIMError`` when it cannot compute the case under `convention`.
    public init(
        _ validated: ValidatedCase, outputs requested: [AdapterOutput], precisions: [Precision],
        ssim3D convention: SSIM3DConvention
    ) throws(SSIMError) {
        let volumes = try Self.volumes(of: validated)
        self.init(
            try SSIM3DErrorBounds.judging(
                volumes.img1, volumes.img2, options: validated.options, reduction: validated.reduction,
                gradients: validated.wantsGradients, precisions: precisions, convention: convention),
            requested: requested, precisions: precisions)
    }

    /// The expectation of a 3-D MS-SSIM case under `convention` (``SSIM/MSSSIM3DErrorBounds``), asking `requested`:
    /// the convention asked for the case's window size and weights.
    ///
    /// - Throws: the reference's ``SSIM/SSIMError`` when it cannot compute the case under `convention`.
    public init(
        _ validated: ValidatedCase, outputs requested: [AdapterOutput], precisions: [Precision],
        msssim3D convention: MSSSIM3DConvention
    ) throws(SSIMError) {
        let volumes = try Self.volumes(of: validated)
        self.init(
            try MSSSIM3DErrorBounds.judging(
                volumes.img1, volumes.img2, maxVal: validated.options.maxVal, convention: validated.asked(convention),
                reduction: validated.reduction, gradients: validated.wantsGradients, precisions: precisions),
            requested: requested, precisions: precisions)
    }

    /// The volumes of a case of a metric of volumes.
    ///
    /// - Throws: ``SSIM/SSIMError/invalidShape(shape:reason:)`` for a case of images.
    private static func volumes(
        of validated: ValidatedCase
    ) throws(SSIMError) -> (img1: VolumeTensor<Double>, img2: VolumeTensor<Double>) {
        guard let volumes = validated.volumes else { throw .invalidShape(shape: validated.img1.shape.dimensions, reason: "not a volume") }
        return volumes
    }

    /// The expectation of a case under the convention of its metric in `conventions`.
    ///
    /// - Throws: ``SSIM/SSIMError/outsideConvention(convention:reason:)`` when `conventions` have none of the case's
    ///   metric, or the reference's error when it cannot compute the case.
    public init(
        _ validated: ValidatedCase, outputs requested: [AdapterOutput], precisions: [Precision],
        conventions: ConventionsByMetric
    ) throws(SSIMError) {
        func held<Convention>(_ convention: Convention?) throws(SSIMError) -> Convention {
            guard let convention else { throw conventions.missing(validated.metric) }
            return convention
        }
        switch validated.metric {
        case .ssim: try self.init(validated, outputs: requested, precisions: precisions, convention: held(conventions.ssim))
        case .msSSIM: try self.init(validated, outputs: requested, precisions: precisions, msssim: held(conventions.msssim))
        case .msSSIML1: try self.init(validated, outputs: requested, precisions: precisions, msssimL1: held(conventions.msssimL1))
        case .ssim3D: try self.init(validated, outputs: requested, precisions: precisions, ssim3D: held(conventions.ssim3D))
        case .msSSIM3D: try self.init(validated, outputs: requested, precisions: precisions, msssim3D: held(conventions.msssim3D))
        }
    }

    /// The `requested` outputs of a multi-scale or 3-D metric's judging
    /// (``init(_:_:_:requested:precisions:)``).
    private init<Outputs: ProtocolOutputs>(_ judging: MetricJudging<Outputs>, requested: [AdapterOutput], precisions: [Precision]) {
        self.init(judging.expected, judging.acceptance, judging.notComputable, requested: requested, precisions: precisions)
    }

    /// The `requested` outputs of an error analysis's `expected` answers in float64, and of its `acceptance` bounds by
    /// precision, rounded up to float32.
    private init<Outputs: ProtocolOutputs>(
        _ expected: Outputs, _ acceptance: [Precision: Outputs], _ notComputable: [Precision: String],
        requested: [AdapterOutput], precisions: [Precision]
    ) {
        outputs = expected.protocolArrays(requested, precision: .float64)
        bounds = acceptance.mapValues { bounds in
            bounds.protocolArrays(requested, precision: .float64).mapValues { array in
                ProtocolArray(shape: array.shape, precision: .float32, values: array.values.map { Double(Self.roundedUp($0)) })
            }
        }
        self.notComputable = precisions.lazy.filter(\.isHalf).compactMap { notComputable[$0] }.first
    }

    /// The smallest float32 at or above `bound`.
    static func roundedUp(_ bound: Double) -> Float {
        let rounded = Float(bound)
        return Double(rounded) >= bound ? rounded : rounded.nextUp
    }
}
