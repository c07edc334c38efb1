/// Why an SSIM computation was refused. Each case names the offending value.
///
/// The ``category`` strings are the adapter protocol's error categories.
public enum SSIMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An image is not a rank-4 (B, C, H, W) tensor with positive dimensions, or its values do not fill its shape.
    case invalidShape(shape: [Int], reason: String)
    /// The two images have different shapes.
    case shapeMismatch(img1: [Int], img2: [Int])
    /// The window size is not odd and positive.
    case invalidWindowSize(Int)
    /// The padding is neither `same` nor `valid`.
    case invalidPadding(String)
    /// The reduction is none of `none`, `mean`, `sum`.
    case invalidReduction(String)
    /// The data range is not finite or not positive.
    case invalidMaxVal(Double)
    /// H or W is too small for the window under the padding.
    case imageTooSmall(height: Int, width: Int, windowSize: Int, padding: SSIMPadding)
    /// An axis of a volume (depth, height or width) is too small for the window under the padding: `reason` names
    /// the axis, its size and what it needs.
    case volumeTooSmall(shape: [Int], padding: SSIMPadding, reason: String)
    /// H or W is too small for a multi-scale metric: its coarsest scale (`coarsestHeight` × `coarsestWidth`, the
    /// last of `scales`) needs at least `neededAtCoarsest` pixels each way for its SSIM, which images of at least
    /// `neededImage` pixels each way give.
    case imageTooSmallForScales(
        height: Int, width: Int, scales: Int, coarsestHeight: Int, coarsestWidth: Int, neededAtCoarsest: Int,
        neededImage: Int)
    /// The images are valid but their working memory (`bytes`) exceeds what this machine has (`available`):
    /// refused up front rather than killed by the system midway. Its category is the protocol's `unsupported`, the
    /// answer for a valid case an implementation cannot handle.
    case tooLarge(shape: [Int], bytes: Double, available: Double)
    /// The case is valid but the convention computed cannot express it: a 'same' map where only the 'valid' region
    /// exists, say (``SSIMConvention/check(_:)``). Its category is the protocol's `unsupported`: not a wrong answer.
    case outsideConvention(convention: String, reason: String)

    /// The error's category, as the adapter protocol spells it.
    public var category: Category {
        switch self {
        case .invalidShape: .invalidShape
        case .shapeMismatch: .shapeMismatch
        case .invalidWindowSize: .invalidWindowSize
        case .invalidPadding: .invalidPadding
        case .invalidReduction: .invalidReduction
        case .invalidMaxVal: .invalidMaxVal
        case .imageTooSmall, .imageTooSmallForScales, .volumeTooSmall: .imageTooSmall
        case .tooLarge, .outsideConvention: .unsupported
        }
    }

    public var description: String {
        switch self {
        case .invalidShape(let shape, let reason):
            return "invalid_shape: image of shape \(shape): \(reason)"
        case .shapeMismatch(let img1, let img2):
            return "shape_mismatch: img1 has shape \(img1) but img2 has shape \(img2)"
        case .invalidWindowSize(let size):
            return "invalid_window_size: window size \(size) is not an odd positive integer"
        case .invalidPadding(let name):
            return "invalid_padding: padding \"\(name)\" is not \"same\" or \"valid\""
        case .invalidReduction(let name):
            return "invalid_reduction: reduction \"\(name)\" is not \"none\", \"mean\" or \"sum\""
        case .invalidMaxVal(let value):
            return "invalid_max_val: max_val \(value) is not a finite positive number"
        case .imageTooSmall(let height, let width, let windowSize, let padding):
            let need = padding == .same
                ? "H and W must exceed window_size // 2 = \(windowSize / 2)"
                : "H and W must be at least window_size = \(windowSize)"
            return "image_too_small: \(height)x\(width) image with window \(windowSize) and padding \"\(padding.rawValue)\": \(need)"
        case .volumeTooSmall(let shape, let padding, let reason):
            return "image_too_small: volume of shape \(shape) with padding \"\(padding.rawValue)\": \(reason)"
        case .imageTooSmallForScales(let height, let width, let scales, let coarsestHeight, let coarsestWidth, let needed, let image):
            return "image_too_small: \(height)x\(width) image is \(coarsestHeight)x\(coarsestWidth) at its coarsest scale (\(scales) of \(scales)), whose SSIM needs at least \(needed)x\(needed): images need at least \(image)x\(image)"
        case .tooLarge(let shape, let bytes, let available):
            return "unsupported: images of shape \(shape) need about \(bytes) bytes of working memory, more than the \(available) bytes of this machine"
        case .outsideConvention(let convention, let reason):
            return "unsupported: the convention `\(convention)` cannot express this case: \(reason)"
        }
    }

    /// The categories of ``SSIMError``, spelled as in the adapter protocol. All but `unsupported` reject an invalid
    /// input (``invalidInputCategories``).
    public enum Category: String, CaseIterable, Sendable {
        case invalidShape = "invalid_shape"
        case shapeMismatch = "shape_mismatch"
        case invalidWindowSize = "invalid_window_size"
        case invalidPadding = "invalid_padding"
        case invalidReduction = "invalid_reduction"
        case invalidMaxVal = "invalid_max_val"
        case imageTooSmall = "image_too_small"
        /// A valid input this implementation cannot handle (here: not enough memory).
        case unsupported

        /// The categories of invalid inputs, which the invalid vectors cover.
        public static var invalidInputCategories: [Category] { allCases.filter { $0 != .unsupported } }
    }
}
