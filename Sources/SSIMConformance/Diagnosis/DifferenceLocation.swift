import FoundationEssentials
import SSIM
import SSIMAdapterProtocol

/// Where a failing output differs from the reference, when no explanation reproduces it: the elements outside
/// their bounds, placed in one batch sample, one channel, a band along one side ("the last 3 columns") or around
/// the edges (as wide as it is), flat regions, or everywhere; NaN or ±Inf where a finite value is expected said so.
struct DifferenceLocation {
    /// Where, as a phrase: "only in batch sample 1", "only in the last 3 columns", "only in flat regions", "everywhere".
    let region: String
    /// How much, as a phrase naming the output: "12 of 256 elements of ssim_map, by up to 0.012 (3.1e+09 × the bound)".
    let magnitude: String
    let worstInBoundUnits: Double

    /// - Parameter certified: the convention the answers were judged by, whose 'valid' crop places a map's elements
    ///   in the image and whose window's reach decides what is flat around a pixel.
    init(_ failure: Judgement, certified: SSIMConvention) {
        let request = failure.stored.request
        // The SSIM map places a difference best; then the loss, which drives the gradients: a failing loss is named
        // before them, since it explains them. Within a rank, the worst.
        func rank(_ comparison: OutputComparison) -> Int {
            switch comparison.output {
            case .ssimMap: 0
            case .loss: 1
            default: 2
            }
        }
        let worst = failure.comparisons.filter(\.fails).min { lhs, rhs in
            rank(lhs) != rank(rhs) ? rank(lhs) < rank(rhs) : lhs.error.maxInBoundUnits > rhs.error.maxInBoundUnits
        }
        guard let worst else {
            region = "in the shape or number of its outputs"
            magnitude = failure.detail ?? "no numeric difference"
            worstInBoundUnits = .infinity
            return
        }
        let error = worst.error
        worstInBoundUnits = error.maxInBoundUnits
        // A volume's map or gradients (B, C, D, H, W): not placed within the volume (the bands and channels below are
        // an image's), but named as what they are.
        if worst.expected.shape.count == 5 {
            region = "in the volumes' \(worst.output.rawValue)"
            magnitude = "\(worst.outside.count) of \(worst.expected.values.count) elements, by up to \(Judge.formatted(error.maxAbsolute)) (\(Judge.formatted(error.maxInBoundUnits)) × the bound)"
            return
        }
        guard let shape = Shape(worst.expected.shape) else {
            let gradients = failure.comparisons.filter { $0.fails && rank($0) == 2 }.map(\.output.rawValue)
            region = "in the reduced loss"
            magnitude = "by \(Judge.formatted(error.maxAbsolute)) (\(Judge.formatted(error.maxInBoundUnits)) × its bound)"
                + (gradients.isEmpty ? "" : "; the gradients it drives (\(gradients.joined(separator: ", "))) fail too")
            return
        }
        if let region = Self.nonFiniteRegion(worst) {
            self.region = region
            magnitude = "\(worst.outside.count) of \(worst.expected.values.count) elements of \(worst.output.rawValue); first at index \(worst.outside[0]): \(worst.disagreement(at: worst.outside[0]))"
            return
        }
        let nan = worst.outside.count { worst.received.values[$0].isNaN && worst.expected.values[$0].isFinite }
        magnitude = "\(worst.outside.count) of \(worst.expected.values.count) elements of \(worst.output.rawValue), by up to \(Judge.formatted(error.maxAbsolute)) (\(Judge.formatted(error.maxInBoundUnits)) × the bound)"
            + (nan == 0 ? "" : "; \(nan) of them NaN where a finite value is expected")
        // A map starts as many pixels in as the convention crops it by; gradients have the images' shape. The request
        // validates: only a valid input's outputs are compared.
        let options = try? ValidatedCase(request).options
        let isGradient = worst.output == .gradImg1 || worst.output == .gradImg2
        region = Self.region(
            of: worst.outside, shape: shape, request: request,
            offset: isGradient ? 0 : options.map { certified.crop(for: $0) } ?? 0,
            reach: options.map { certified.reach(windowSize: $0.windowSize) } ?? 0)
    }

    /// Where every element outside its bound is a non-finite disagreement of one kind, that kind: the answer is
    /// finite where Kornia's is NaN or ±Inf (non-finite pixels scrubbed), or NaN (or ±Inf) where it is finite.
    private static func nonFiniteRegion(_ comparison: OutputComparison) -> String? {
        let outside = comparison.outside
        let (received, expected) = (comparison.received.values, comparison.expected.values)
        if outside.allSatisfy({ received[$0].isFinite && !expected[$0].isFinite }) {
            return "only where \(comparison.expectedBy) answers NaN or ±Inf, with finite values (non-finite pixels scrubbed or replaced)"
        }
        if outside.allSatisfy({ received[$0].isNaN && expected[$0].isFinite }) {
            return "only by answering NaN where a finite value is expected"
        }
        if outside.allSatisfy({ !received[$0].isFinite && expected[$0].isFinite }) {
            return "only by answering NaN or ±Inf where a finite value is expected"
        }
        return nil
    }

    /// The narrowest description that holds for every element in `outside` of an array of `shape`, whose (0, 0)
    /// is image pixel (offset, offset).
    private static func region(of outside: [Int], shape: Shape, request: AdapterCase, offset: Int, reach: Int) -> String {
        let (batch, channels, height, width) = (shape.batch, shape.channels, shape.height, shape.width)
        let (imageHeight, imageWidth) = (request.img1.shape[2], request.img1.shape[3])
        let flat = flatness(request, radius: reach)
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
        if let band = band(of: outside, height: height, width: width) { return "only in \(band)" }
        if only({ sample, channel, row, column in flat[((sample * channels + channel) * imageHeight + row) * imageWidth + column] }) {
            return "only in flat regions"
        }
        return outside.count * 10 >= all.count * 9 ? "everywhere" : "in scattered places"
    }

    /// The narrowest band holding every element of `outside` in planes of `height` × `width` that leaves part of the
    /// plane out: along one side, at most half of the plane across ("the last 3 columns"), or around every edge ("the
    /// border band 2 pixels wide"); nil when none holds.
    static func band(of outside: [Int], height: Int, width: Int) -> String? {
        let rows = outside.map { $0 / width % height }, columns = outside.map { $0 % width }
        func plural(_ count: Int, _ noun: String) -> String { count == 1 ? noun : "\(count) \(noun)s" }
        let sides: [(width: Int, across: Int, words: (Int) -> String)] = [
            (width - columns.min()!, width, { "the last \(plural($0, "column"))" }),
            (columns.max()! + 1, width, { "the first \(plural($0, "column"))" }),
            (height - rows.min()!, height, { "the last \(plural($0, "row"))" }),
            (rows.max()! + 1, height, { "the first \(plural($0, "row"))" }),
        ]
        let edges = zip(rows, columns).map { row, column in min(row, column, height - 1 - row, width - 1 - column) }.max()! + 1
        let narrowest = sides.filter { 2 * $0.width <= $0.across }.min { $0.width * $1.across < $1.width * $0.across }
        if let narrowest, narrowest.width <= edges { return narrowest.words(narrowest.width) }
        return 2 * edges < min(height, width) ? "the border band \(edges == 1 ? "1 pixel" : "\(edges) pixels") wide" : nil
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
