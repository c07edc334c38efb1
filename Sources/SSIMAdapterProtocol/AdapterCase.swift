import HDF5
import SSIM

/// One case of a request: two images, the metric to compute on them (SSIM unless ``metric`` says otherwise), and its
/// parameters.
///
/// The fields are carried as the file has them, unvalidated: an invalid-input case may hold any rank, mismatched
/// shapes, or an unknown padding, and the implementation's answer says how it rejects them. ``eps`` and ``padding``
/// are SSIM's: an MS-SSIM case's file holds neither, and it holds 0 and an empty padding here, which nothing reads.
public struct AdapterCase: Equatable, Sendable {
    public let id: String
    public let img1: ProtocolArray
    public let img2: ProtocolArray
    public let windowSize: Int64
    public let maxVal: Double
    public let eps: Double
    public let padding: String
    public let reduction: String
    /// The outputs asked for, in the protocol's order.
    public let outputs: [AdapterOutput]
    /// What to compute: SSIM, or MS-SSIM with its parameters.
    public let metric: CaseMetric

    public init(
        id: String, img1: ProtocolArray, img2: ProtocolArray, windowSize: Int64, maxVal: Double, eps: Double,
        padding: String, reduction: String, outputs: [AdapterOutput], metric: CaseMetric = .ssim
    ) {
        self.id = id
        self.img1 = img1
        self.img2 = img2
        self.windowSize = windowSize
        self.maxVal = maxVal
        self.eps = eps
        self.padding = padding
        self.reduction = reduction
        self.outputs = outputs.sorted()
        self.metric = metric
    }

    /// An MS-SSIM case (of volumes, `ms-ssim-3d`, where `volumes`): no `eps` or `padding`, which its convention fixes.
    public static func msSSIM(
        id: String, img1: ProtocolArray, img2: ProtocolArray, windowSize: Int64, maxVal: Double, weights: [Double]?,
        reduction: String, outputs: [AdapterOutput], volumes: Bool = false
    ) -> AdapterCase {
        AdapterCase(
            id: id, img1: img1, img2: img2, windowSize: windowSize, maxVal: maxVal, eps: 0, padding: "",
            reduction: reduction, outputs: outputs, metric: volumes ? .msSSIM3D(weights: weights) : .msSSIM(weights: weights))
    }

    /// The same case with other outputs asked for.
    public func asking(_ outputs: [AdapterOutput]) -> AdapterCase {
        AdapterCase(
            id: id, img1: img1, img2: img2, windowSize: windowSize, maxVal: maxVal, eps: eps, padding: padding,
            reduction: reduction, outputs: outputs, metric: metric)
    }

    /// The precision the implementation is asked to compute in: the images' when both have the same, float64
    /// otherwise (the protocol's rule).
    public var precision: Precision {
        img1.precision == img2.precision ? img1.precision : .float64
    }

    /// Whether an image is stored in float16 or bfloat16: only adapters declaring them are sent the case.
    public var holdsHalfPrecision: Bool { img1.precision.isHalf || img2.precision.isHalf }

    /// Reads the case stored in `group` under the id `id`.
    public static func read(id: String, from group: HDF5Group) throws -> AdapterCase {
        let metric = try CaseMetric.read(from: group)
        let names = try group.stringAttribute("outputs").split(separator: ",").map {
            $0.trimmingWhitespace(newlines: false)
        }
        let outputs = try names.map { name in
            guard let output = AdapterOutput(rawValue: name), metric.outputs.contains(output) else {
                throw AdapterFileError(
                    file: group.file, object: group.path,
                    detail: "unknown output \"\(name)\" in attribute \"outputs\"; expected a comma-separated subset of "
                        + metric.outputs.map(\.rawValue).joined(separator: ", ") + " for the metric \(metric.name)")
            }
            return output
        }
        return AdapterCase(
            id: id,
            img1: try ProtocolArray.read("img1", in: group),
            img2: try ProtocolArray.read("img2", in: group),
            windowSize: try group.intAttribute("window_size"),
            maxVal: try group.doubleAttribute("max_val"),
            eps: metric.hasEpsAndPadding ? try group.doubleAttribute("eps") : 0,
            padding: metric.hasEpsAndPadding ? try group.stringAttribute("padding") : "",
            reduction: try group.stringAttribute("reduction"),
            outputs: outputs, metric: metric)
    }

    /// Writes the case's datasets and attributes into `group`.
    public func write(to group: HDF5Group, archival: Bool = false) throws {
        try img1.write("img1", in: group, archival: archival)
        try img2.write("img2", in: group, archival: archival)
        try group.setAttribute("window_size", .int(windowSize))
        try group.setAttribute("max_val", .double(maxVal))
        if metric.hasEpsAndPadding {
            try group.setAttribute("eps", .double(eps))
            try group.setAttribute("padding", .string(padding))
        }
        try metric.write(to: group)
        try group.setAttribute("reduction", .string(reduction))
        try group.setAttribute("outputs", .string(outputs.map(\.rawValue).joined(separator: ",")))
    }
}
