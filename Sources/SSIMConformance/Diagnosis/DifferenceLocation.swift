import Foundation
import SSIM
import SSIMAdapterProtocol

/// Where a failing output differs from the reference, when no known deviation explains it: the elements outside
/// their bounds, placed in one batch sample, one channel, the border band, flat regions, or everywhere.
struct DifferenceLocation {
    /// Where, as a phrase: "only in batch sample 1", "only in flat regions", "everywhere".
    let region: String
    /// How much, as a phrase naming the output: "12 of 256 elements of ssim_map, by up to 0.012 (3.1e+09 × the bound)".
    let magnitude: String
    let worstInBoundUnits: Double

    init(_ failure: Judgement) {
        let request = failure.stored.request
        // A failing map places the difference better than the scalar loss reduced from it: maps first, then the worst.
        func isMap(_ comparison: OutputComparison) -> Bool { comparison.received.shape.count == 4 }
        let worst = failure.comparisons.filter(\.fails).max { lhs, rhs in
            isMap(lhs) != isMap(rhs) ? isMap(rhs) : lhs.error.maxInBoundUnits < rhs.error.maxInBoundUnits
        }
        guard let worst else {
            region = "in the shape or number of its outputs"
            magnitude = failure.detail ?? "no numeric difference"
            worstInBoundUnits = .infinity
            return
        }
        let error = worst.error
        worstInBoundUnits = error.maxInBoundUnits
        guard let shape = Shape(worst.expected.shape) else {
            region = "in the reduced loss"
            magnitude = "by \(Judge.formatted(error.maxAbsolute)) (\(Judge.formatted(error.maxInBoundUnits)) × its bound)"
            return
        }
        if let region = Self.nonFiniteRegion(worst) {
            self.region = region
            magnitude = "\(worst.outside.count) of \(worst.expected.values.count) elements of \(worst.output.rawValue); first at index \(worst.outside[0]): \(worst.disagreement(at: worst.outside[0]))"
            return
        }
        magnitude = "\(worst.outside.count) of \(worst.expected.values.count) elements of \(worst.output.rawValue), by up to \(Judge.formatted(error.maxAbsolute)) (\(Judge.formatted(error.maxInBoundUnits)) × the bound)"
        region = Self.region(
            of: worst.outside, shape: shape, request: request,
            // Gradients have the images' shape; a 'valid' map starts r pixels in.
            offset: worst.output == .gradImg1 || worst.output == .gradImg2 || request.padding.lowercased() != "valid" ? 0 : Int(request.windowSize) / 2)
    }

    /// Where every element outside its bound is a non-finite disagreement of one kind, that kind: the answer is
    /// finite where Kornia's is NaN or ±Inf (non-finite pixels scrubbed), or the reverse.
    private static func nonFiniteRegion(_ comparison: OutputComparison) -> String? {
        let outside = comparison.outside
        let (received, expected) = (comparison.received.values, comparison.expected.values)
        if outside.allSatisfy({ received[$0].isFinite && !expected[$0].isFinite }) {
            return "only where Kornia 0.9.0 answers NaN or ±Inf, with finite values (non-finite pixels scrubbed or replaced)"
        }
        if outside.allSatisfy({ !received[$0].isFinite && expected[$0].isFinite }) {
            return "only by answering NaN or ±Inf where Kornia 0.9.0 answers finite values"
        }
        return nil
    }

    /// The narrowest description that holds for every element in `outside` of an array of `shape`, whose (0, 0)
    /// is image pixel (offset, offset).
    private static func region(of outside: [Int], shape: Shape, request: AdapterCase, offset: Int) -> String {
        let (batch, channels, height, width) = (shape.batch, shape.channels, shape.height, shape.width)
        let (imageHeight, imageWidth) = (request.img1.shape[2], request.img1.shape[3])
        let radius = Int(request.windowSize) / 2
        let flat = flatness(request, radius: radius)
        let all = 0..<shape.count
        /// Whether every element outside its bound has the quality, and some element of the output lacks it: a region
        /// that covers the whole output does not place anything.
        func only(_ quality: (_ sample: Int, _ channel: Int, _ row: Int, _ column: Int) -> Bool) -> Bool {
            func has(_ index: Int) -> Bool {
                quality(index / (channels * height * width), index / (height * width) % channels,
                        index / width % height + offset, index % width + offset)
            }
            return outside.allSatisfy(has) && !all.allSatisfy(has)
        }
        guard let first = outside.first else { return "nowhere" }
        let (firstSample, firstChannel) = (first / (channels * height * width), first / (height * width) % channels)
        if batch > 1, only({ sample, _, _, _ in sample == firstSample }) { return "only in batch sample \(firstSample)" }
        if channels > 1, only({ _, channel, _, _ in channel == firstChannel }) { return "only in channel \(firstChannel)" }
        if only({ _, _, row, column in min(row, column, imageHeight - 1 - row, imageWidth - 1 - column) < radius }) {
            return "only in the border band (within r = window_size // 2 of an edge)"
        }
        if only({ sample, channel, row, column in flat[((sample * channels + channel) * imageHeight + row) * imageWidth + column] }) {
            return "only in flat regions"
        }
        return outside.count * 10 >= all.count * 9 ? "everywhere" : "in scattered places"
    }

    /// Per pixel, whether both images are flat around it: the variance of each over the window's square
    /// (clipped at the edges) is at most (10⁻³·L)².
    private static func flatness(_ request: AdapterCase, radius: Int) -> [Bool] {
        let shape = request.img1.shape
        let (planes, height, width) = (shape[0] * shape[1], shape[2], shape[3])
        let limit = (1e-3 * request.maxVal) * (1e-3 * request.maxVal)
        func variance(_ values: [Double], _ plane: Int, _ row: Int, _ column: Int) -> Double {
            var (sum, squares, count) = (0.0, 0.0, 0.0)
            for r in max(0, row - radius)...min(height - 1, row + radius) {
                for c in max(0, column - radius)...min(width - 1, column + radius) {
                    let value = values[(plane * height + r) * width + c]
                    (sum, squares, count) = (sum + value, squares + value * value, count + 1)
                }
            }
            return max(0, squares / count - (sum / count) * (sum / count))
        }
        return (0..<(planes * height * width)).map { index in
            let (plane, pixel) = index.quotientAndRemainder(dividingBy: height * width)
            let (row, column) = pixel.quotientAndRemainder(dividingBy: width)
            return variance(request.img1.values, plane, row, column) <= limit
                && variance(request.img2.values, plane, row, column) <= limit
        }
    }
}
