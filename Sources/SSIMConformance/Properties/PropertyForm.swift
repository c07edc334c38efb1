import SSIM
import SSIMAdapterProtocol

/// The form a property check's requests take: what they ask an implementation to give.
///
/// Implementations answer different parts of the protocol: Kornia every map, a valid-only library ('valid' only),
/// a library of per-image means only the mean loss. A check is asked in the first form; a check the implementation
/// declines (answers `unsupported`, or leaves out an output it needs) is asked again in the next form, and so on, so
/// that every implementation gets the property checks it can answer, gradients included. A property is asked in its
/// metric's forms alone (``metrics``).
public enum PropertyForm: String, CaseIterable, Sendable {
    /// 'same' padding, reduction 'none': the SSIM map and the loss map (every property applies).
    case sameMaps = "same maps"
    /// 'valid' padding, reduction 'none': the cropped maps.
    case validMaps = "valid maps"
    /// 'valid' padding, reduction 'mean': the mean loss alone.
    case validMeans = "valid mean losses"
    /// 'same' padding, reduction 'mean': the mean loss alone.
    case sameMeans = "same mean losses"
    /// MS-SSIM, reduction 'none': each unit's MS-SSIM and loss.
    case msssimUnits = "MS-SSIM of each unit"
    /// MS-SSIM, reduction 'mean': the mean loss alone.
    case msssimMean = "MS-SSIM mean losses"
    /// MS-SSIM + L1, reduction 'none': the loss map (it has no MS-SSIM output).
    case msssimL1Maps = "MS-SSIM + L1 loss maps"
    /// MS-SSIM + L1, reduction 'mean': the mean loss.
    case msssimL1Mean = "MS-SSIM + L1 mean losses"

    /// The padding of an SSIM form; an MS-SSIM case has none (its convention fixes each scale's).
    var padding: String { self == .sameMaps || self == .sameMeans ? "same" : "valid" }

    /// The metrics whose properties are asked in the form (``SSIMAdapterProtocol/CaseMetric/names``): volumes in
    /// the forms of images, whose outputs they share.
    var metrics: [String] {
        switch self {
        case .sameMaps, .validMaps, .validMeans, .sameMeans: [CaseMetric.ssimName, CaseMetric.ssim3DName]
        case .msssimUnits, .msssimMean: [CaseMetric.msSSIMName, CaseMetric.msSSIM3DName]
        case .msssimL1Maps, .msssimL1Mean: [CaseMetric.msSSIML1Name]
        }
    }

    /// Whether the requests ask for every element (reduction 'none': the maps, or each unit's MS-SSIM), rather than
    /// the mean loss alone.
    var asksMaps: Bool { self == .sameMaps || self == .validMaps || self == .msssimUnits || self == .msssimL1Maps }

    var reduction: String { asksMaps ? "none" : "mean" }

    /// The output of the metric's value the form asks for before the loss (the SSIM map, each unit's MS-SSIM); nil
    /// where it asks the loss alone.
    var valueOutput: AdapterOutput? {
        switch self {
        case .sameMaps, .validMaps: .ssimMap
        case .msssimUnits: .msSSIM
        case .validMeans, .sameMeans, .msssimMean, .msssimL1Maps, .msssimL1Mean: nil
        }
    }

    var outputs: [AdapterOutput] { (valueOutput.map { [$0] } ?? []) + [.loss] }

    /// What the form adds to a check's request ids, so that the forms of one check never share an id.
    var idSuffix: String {
        switch self {
        case .sameMaps: ""
        case .validMaps: "-valid"
        case .validMeans: "-validmean"
        case .sameMeans: "-samemean"
        case .msssimUnits: ""
        case .msssimMean: "-mean"
        case .msssimL1Maps: ""
        case .msssimL1Mean: "-mean"
        }
    }

    /// The shape of the maps of images of `shape` with a window of `windowSize` asked: for 'valid', cropped as
    /// `convention` crops.
    func mapShape(_ shape: Shape, windowSize: Int, convention: SSIMConvention) -> Shape {
        padding == "valid" ? shape.cropped(by: convention.validCrop(windowSize: windowSize)) : shape
    }
}
