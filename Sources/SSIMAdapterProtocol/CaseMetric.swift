import HDF5
import SSIM

/// The operation a request case asks for (protocol version 3), with the parameters only that operation has.
///
/// A case without the attribute `metric` asks for SSIM, as every case of versions 1 and 2 does. The parameters the
/// metrics share stay on ``AdapterCase``: the images, `window_size` (for MS-SSIM, each scale's), `max_val` (the data
/// range L of the constants), `reduction` and `outputs`. SSIM alone has `eps` and `padding`; an MS-SSIM case holds
/// neither in its file, since its convention fixes each scale's border and eps.
public enum CaseMetric: Equatable, Sendable {
    /// SSIM and its loss, Kornia's `ssim` and `ssim_loss` under the default convention.
    case ssim
    /// MS-SSIM and its loss 1 − MS-SSIM. `weights`, one exponent per scale, finest first, are the case's when it
    /// gives them (the attribute `weights`, float64), the convention's otherwise (nil).
    case msSSIM(weights: [Double]?)

    /// The metric's name, as the attribute `metric` and the response attribute `metrics` spell it.
    public var name: String {
        switch self {
        case .ssim: CaseMetric.ssimName
        case .msSSIM: CaseMetric.msSSIMName
        }
    }

    public static let ssimName = SSIMConvention.metricName
    public static let msSSIMName = MSSSIMConvention.metricName
    /// Every metric's name, in the order documented.
    public static let names = [ssimName, msSSIMName]

    /// The outputs a case of this metric can ask for, in the protocol's order.
    public var outputs: [AdapterOutput] {
        switch self {
        case .ssim: [.ssimMap, .loss, .gradImg1, .gradImg2]
        case .msSSIM: [.msSSIM, .loss, .gradImg1, .gradImg2]
        }
    }

    /// The metric of the case stored in `group`.
    ///
    /// - Throws: ``AdapterFileError`` for an unknown metric or weights of the wrong type.
    static func read(from group: HDF5Group) throws -> CaseMetric {
        guard group.hasAttribute("metric") else { return .ssim }
        switch try group.stringAttribute("metric") {
        case ssimName: return .ssim
        case msSSIMName:
            guard group.hasAttribute("weights") else { return .msSSIM(weights: nil) }
            switch try group.attribute("weights") {
            case .doubles(let weights): return .msSSIM(weights: weights)
            case .double(let weight): return .msSSIM(weights: [weight])
            case let other:
                throw AdapterFileError(
                    file: group.file, object: "\(group.path) attribute \"weights\"",
                    detail: "is \(other), expected float64 numbers, one per scale")
            }
        case let unknown:
            throw AdapterFileError(
                file: group.file, object: "\(group.path) attribute \"metric\"",
                detail: "is \"\(unknown)\", expected one of \(names.joined(separator: ", "))")
        }
    }

    /// Writes the attributes of the metric into `group`: none for SSIM, so that an SSIM case reads as in version 1.
    func write(to group: HDF5Group) throws {
        guard case .msSSIM(let weights) = self else { return }
        try group.setAttribute("metric", .string(name))
        if let weights { try group.setAttribute("weights", .doubles(weights)) }
    }
}
