import SSIM
import SSIMAdapterProtocol
import SSIMVectors

/// What the HTML report pictures of a failing case: one (sample, channel) plane of one output, as expected and as
/// received, reduced by block means to at most ``maxSide`` × ``maxSide`` values so that report.json stays small.
///
/// The output is the first of `ssim_map`, `loss` (a map only for reduction 'none'), `grad_img1` and `grad_img2` that
/// has elements outside their bounds; when none has (the case failed on another output's shape), the first of them
/// that can be shown. An output can be shown when it is a rank-4 array answered with the expected shape, so a case
/// whose answers are all scalars or misshapen has no pictures. The plane is the one holding the output's worst
/// element in units of its bound (the ``Judge``'s ``OutputComparison``).
public struct CasePictures: Codable, Sendable, Equatable {
    /// A 2-D array of values in row-major order: `values.count == height * width`.
    public struct Plane: Codable, Sendable, Equatable {
        public let height: Int
        public let width: Int
        public let values: [Double]

        /// The means of the `block` × `block` blocks of a `height` × `width` plane; the blocks of the last row and
        /// column are cut short by the plane's edge. A block holding a NaN or an infinity has a non-finite mean.
        init(blockMeansOf plane: ArraySlice<Double>, height: Int, width: Int, block: Int) {
            precondition(block > 0 && plane.count == height * width)
            self.height = (height + block - 1) / block
            self.width = (width + block - 1) / block
            var means: [Double] = []
            means.reserveCapacity(self.height * self.width)
            for blockRow in 0..<self.height {
                let rows = blockRow * block..<min(height, (blockRow + 1) * block)
                for blockColumn in 0..<self.width {
                    let columns = blockColumn * block..<min(width, (blockColumn + 1) * block)
                    var sum = 0.0
                    for row in rows {
                        for column in columns { sum += plane[plane.startIndex + row * width + column] }
                    }
                    means.append(sum / Double(rows.count * columns.count))
                }
            }
            values = means
        }
    }

    /// The largest height or width of a picture's plane.
    public static let maxSide = 96

    /// The output pictured: `ssim_map`, `loss`, `grad_img1` or `grad_img2`.
    public let output: String
    /// The output's whole shape, (B, C, H, W).
    public let shape: [Int]
    /// The batch sample and the channel of the plane pictured.
    public let sample: Int
    public let channel: Int
    /// Where the output's worst element lies in the plane, at full resolution.
    public let worstRow: Int
    public let worstColumn: Int
    /// The side of the square blocks averaged into one value of ``expected`` and ``received``: 1 when the plane is
    /// kept whole.
    public let block: Int
    public let expected: Plane
    public let received: Plane

    /// The pictures of a judged case, or nil when there is nothing to picture (an error expected or given, or no
    /// output that can be shown).
    public init?(_ judgement: Judgement) {
        // The comparisons follow the request's order of outputs, which is the order of preference.
        let candidates = judgement.comparisons.compactMap { comparison in
            Shape(comparison.expected.shape).map { (comparison, $0) }
        }.filter { $0.1.count > 0 }
        guard let (shown, shape) = candidates.first(where: \.0.fails) ?? candidates.first else { return nil }

        let (height, width) = (shape.height, shape.width)
        let planeIndex = shown.error.worstIndex / shape.planeSize
        let planeElements = planeIndex * shape.planeSize..<(planeIndex + 1) * shape.planeSize
        let block = (max(height, width) + Self.maxSide - 1) / Self.maxSide
        output = shown.output.rawValue
        self.shape = shape.dimensions
        sample = planeIndex / shape.channels
        channel = planeIndex % shape.channels
        worstRow = shown.error.worstIndex % (height * width) / width
        worstColumn = shown.error.worstIndex % width
        self.block = block
        expected = Plane(blockMeansOf: shown.expected.values[planeElements], height: height, width: width, block: block)
        received = Plane(blockMeansOf: shown.received.values[planeElements], height: height, width: width, block: block)
    }
}
