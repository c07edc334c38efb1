import SSIM
import SSIMAdapterProtocol

/// What Kornia 0.9.0 answers to the inputs the reference rejects but Kornia computes (the `acceptable` cases), with
/// the bounds an answer is judged by, so that answering such an input passes only when the answer is Kornia's.
///
/// Each answer is computed through an input the reference accepts and Kornia computes identically, or follows from
/// the shapes alone; `tools/crosscheck` checks every one against Kornia itself:
/// - a data range L < 0: Kornia squares it in C1 = (0.01·L)², C2 = (0.03·L)², so the answer is that of −L;
/// - L = 0: C1 = C2 = 0, the reference's convention with K1 = K2 = 0 at L = 1;
/// - L = ±∞ or NaN: the constants are not finite, and every output element is NaN;
/// - no batch sample: every output empty, the mean loss NaN (a mean of nothing), the sum 0;
/// - a 'valid' map with no element (an image smaller than the window): the map and a 'none' loss empty, the mean
///   NaN, the sum 0, and the gradients 0 everywhere (no map element depends on any pixel).
///
/// Kornia's `ssim3d` is as lenient, with the same answers, for the same data ranges and for a volume shorter than
/// the window along an axis under 'valid' (its map is then empty along that axis).
public enum KorniaLeniency {
    /// Kornia's outputs for `request`, which the reference rejects with `error`, and their float64 bounds; nil when
    /// Kornia rejects the input too (or its answer is not known here).
    public static func answer(
        to request: AdapterCase, rejectedWith error: SSIMError
    ) throws(SSIMError) -> KorniaAnswer? {
        let shape = request.img1.shape
        guard shape.count == (request.metric == .ssim3D ? 5 : 4), shape == request.img2.shape,
            let padding = try? SSIMPadding(name: request.padding), let reduction = try? SSIMReduction(name: request.reduction)
        else { return nil }
        // Kornia's own window: its 'valid' crop and its reach are the radius of the window asked.
        let crop = SSIMConvention.kornia.validCrop(windowSize: Int(request.windowSize))
        let reach = SSIMConvention.kornia.reach(windowSize: Int(request.windowSize))
        let spatial = shape.dropFirst(2)
        switch error {
        case .invalidMaxVal(let maxVal) where maxVal.isFinite && maxVal < 0:
            return try expectation(request, maxVal: -maxVal)
        case .invalidMaxVal(let maxVal) where maxVal == 0:
            let withoutConstants = SSIMConvention(k1: 0, k2: 0)
            return try expectation(
                request, maxVal: 1,
                conventions: ConventionsByMetric(ssim: withoutConstants, msssim: nil, ssim3D: SSIM3DConvention(plane: withoutConstants)))
        case .invalidMaxVal:
            guard let finite = try expectation(request, maxVal: 1) else { return nil }
            return KorniaAnswer(outputs: finite.outputs.mapValues { filled($0, with: .nan) }, bounds: finite.bounds.mapValues { filled($0, with: 0) })
        case .invalidShape where shape[0] == 0 && !shape.dropFirst().contains(0),
            // torch's reflect padding needs each side longer than the radius; Kornia rejects the image otherwise.
            .imageTooSmall where padding == .valid && reach < spatial.min()!,
            .volumeTooSmall where padding == .valid && reach < spatial.min()!:
            let mapShape = padding == .valid ? Array(shape.prefix(2)) + spatial.map { max($0 - 2 * crop, 0) } : shape
            var outputs: [AdapterOutput: ProtocolArray] = [:]
            for output in request.outputs {
                switch output {
                case .ssimMap: outputs[output] = empty(mapShape)
                case .loss:
                    switch reduction {
                    case .none: outputs[output] = empty(mapShape)
                    case .mean: outputs[output] = ProtocolArray(shape: [], precision: .float64, values: [.nan])
                    case .sum: outputs[output] = ProtocolArray(shape: [], precision: .float64, values: [0])
                    }
                case .gradImg1, .gradImg2:
                    outputs[output] = ProtocolArray(
                        shape: shape, precision: .float64, values: [Double](repeating: 0, count: shape.reduce(1, *)))
                case .msSSIM:
                    // Kornia's leniency is its SSIM's: an SSIM case asks no MS-SSIM.
                    break
                }
            }
            return KorniaAnswer(outputs: outputs, bounds: outputs.mapValues { filled($0, with: 0) })
        default:
            return nil
        }
    }

    /// The reference's outputs and float64 bounds for `request` with another data range and conventions.
    private static func expectation(
        _ request: AdapterCase, maxVal: Double, conventions: ConventionsByMetric = .vectors
    ) throws(SSIMError) -> KorniaAnswer? {
        let equivalent = AdapterCase(
            id: request.id, img1: request.img1, img2: request.img2, windowSize: request.windowSize, maxVal: maxVal,
            eps: request.eps, padding: request.padding, reduction: request.reduction, outputs: request.outputs,
            metric: request.metric)
        let expectation = try ReferenceExpectation(
            try ValidatedCase(equivalent), outputs: request.outputs, precisions: [.float64], conventions: conventions)
        return KorniaAnswer(outputs: expectation.outputs, bounds: expectation.bounds[.float64] ?? [:])
    }

    private static func empty(_ shape: [Int]) -> ProtocolArray {
        ProtocolArray(shape: shape, precision: .float64, values: [])
    }

    private static func filled(_ array: ProtocolArray, with value: Double) -> ProtocolArray {
        ProtocolArray(shape: array.shape, precision: array.precision, values: [Double](repeating: value, count: array.values.count))
    }
}
