import HDF5
import SSIM

/// The operation a request case asks for (protocol version 3), with the parameters only that operation has.
///
/// A case without the attribute `metric` asks for SSIM, as every case of versions 1 and 2 does. The parameters the
/// metrics share stay on ``AdapterCase``: the images, `window_size` (for MS-SSIM, each scale's; for 3-D SSIM, the taps
/// on every axis), `max_val` (the data range L of the constants), `reduction` and `outputs`. SSIM and 3-D SSIM alone
/// have `eps` and `padding` (``hasEpsAndPadding``); an MS-SSIM or MS-SSIM + L1 case holds neither in its file, since
/// its convention fixes each scale's border and eps.
public enum CaseMetric: Equatable, Sendable {
    /// SSIM and its loss, Kornia's `ssim` and `ssim_loss` under the default convention.
    case ssim
    /// MS-SSIM and its loss 1 − MS-SSIM. `weights`, one exponent per scale, finest first, are the case's when it
    /// gives them (the attribute `weights`, float64), the convention's otherwise (nil).
    case msSSIM(weights: [Double]?)
    /// The MS-SSIM + L1 loss of Zhao et al. 2017 (Kornia's `MS_SSIMLoss`): the weight α of its MS-SSIM term and the
    /// factor c of the whole loss are the case's when it gives them (the attributes `alpha` and `compensation`,
    /// float64), the convention's otherwise (nil). `max_val` is its data range L; `window_size` is not read (the
    /// convention's σ fix its window).
    case msSSIML1(alpha: Double?, compensation: Double?)
    /// SSIM on volumes and its loss, Kornia's `ssim3d` and `ssim3d_loss` under the default convention: the images are
    /// rank-5 (B, C, D, H, W) and so are the SSIM map and the gradients; the attributes are SSIM's.
    case ssim3D
    /// MS-SSIM on volumes and its loss 1 − MS-SSIM: the images are rank-5 (B, C, D, H, W), and so are the gradients;
    /// the attributes are MS-SSIM's (`weights`, as ``msSSIM(weights:)`` has them; `window_size` the taps of each
    /// scale on every axis).
    case msSSIM3D(weights: [Double]?)

    /// The metric's name, as the attribute `metric` and the response attribute `metrics` spell it.
    public var name: String {
        switch self {
        case .ssim: CaseMetric.ssimName
        case .msSSIM: CaseMetric.msSSIMName
        case .msSSIML1: CaseMetric.msSSIML1Name
        case .ssim3D: CaseMetric.ssim3DName
        case .msSSIM3D: CaseMetric.msSSIM3DName
        }
    }

    /// Whether a case of this metric has the attributes `eps` and `padding`: SSIM's and 3-D SSIM's.
    public var hasEpsAndPadding: Bool { self == .ssim || self == .ssim3D }

    public static let ssimName = SSIMConvention.metricName
    public static let msSSIMName = MSSSIMConvention.metricName
    public static let msSSIML1Name = MSSSIML1Convention.metricName
    public static let ssim3DName = SSIM3DConvention.metricName
    public static let msSSIM3DName = MSSSIM3DConvention.metricName
    /// Every metric's name, in the order documented.
    public static let names = [ssimName, msSSIMName, msSSIML1Name, ssim3DName, msSSIM3DName]

    /// Whether a case of this metric holds volumes (B, C, D, H, W) rather than images.
    public var hasVolumes: Bool {
        switch self {
        case .ssim3D, .msSSIM3D: true
        case .ssim, .msSSIM, .msSSIML1: false
        }
    }

    /// The outputs a case of this metric can ask for, in the protocol's order.
    public var outputs: [AdapterOutput] {
        switch self {
        case .ssim, .ssim3D: [.ssimMap, .loss, .gradImg1, .gradImg2]
        case .msSSIM, .msSSIM3D: [.msSSIM, .loss, .gradImg1, .gradImg2]
        case .msSSIML1: [.loss, .gradImg1, .gradImg2]
        }
    }

    /// The metric of the case stored in `group`.
    ///
    /// - Throws: ``AdapterFileError`` for an unknown metric or weights of the wrong type.
    static func read(from group: HDF5Group) throws -> CaseMetric {
        guard group.hasAttribute("metric") else { return .ssim }
        switch try group.stringAttribute("metric") {
        case ssimName: return .ssim
        case msSSIMName: return .msSSIM(weights: try weights(in: group))
        case msSSIML1Name:
            return .msSSIML1(alpha: try number("alpha", in: group), compensation: try number("compensation", in: group))
        case ssim3DName: return .ssim3D
        case msSSIM3DName: return .msSSIM3D(weights: try weights(in: group))
        case let unknown:
            throw AdapterFileError(
                file: group.file, object: "\(group.path) attribute \"metric\"",
                detail: "is \"\(unknown)\", expected one of \(names.joined(separator: ", "))")
        }
    }

    /// The attribute `weights` of `group` (float64 numbers, one per scale), or nil where it has none.
    ///
    /// - Throws: ``AdapterFileError`` for an attribute of another type.
    private static func weights(in group: HDF5Group) throws -> [Double]? {
        guard group.hasAttribute("weights") else { return nil }
        switch try group.attribute("weights") {
        case .doubles(let weights): return weights
        case .double(let weight): return [weight]
        case let other:
            throw AdapterFileError(
                file: group.file, object: "\(group.path) attribute \"weights\"",
                detail: "is \(other), expected float64 numbers, one per scale")
        }
    }

    /// The float64 attribute `name` of `group`, or nil where it has none.
    ///
    /// - Throws: ``AdapterFileError`` for an attribute of another type.
    private static func number(_ name: String, in group: HDF5Group) throws -> Double? {
        guard group.hasAttribute(name) else { return nil }
        guard case .double(let value) = try group.attribute(name) else {
            throw AdapterFileError(
                file: group.file, object: "\(group.path) attribute \"\(name)\"", detail: "is not a float64 number")
        }
        return value
    }

    /// Writes the attributes of the metric into `group`: none for SSIM, so that an SSIM case reads as in version 1.
    func write(to group: HDF5Group) throws {
        switch self {
        case .ssim: return
        case .msSSIM(let weights), .msSSIM3D(let weights):
            try group.setAttribute("metric", .string(name))
            if let weights { try group.setAttribute("weights", .doubles(weights)) }
        case .msSSIML1(let alpha, let compensation):
            try group.setAttribute("metric", .string(name))
            if let alpha { try group.setAttribute("alpha", .double(alpha)) }
            if let compensation { try group.setAttribute("compensation", .double(compensation)) }
        case .ssim3D:
            try group.setAttribute("metric", .string(name))
        }
    }
}
