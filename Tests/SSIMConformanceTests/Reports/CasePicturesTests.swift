import SSIM
import SSIMAdapterProtocol
@testable import SSIMConformance
@testable import SSIMVectors
import Testing

/// Which output and plane a failing case is pictured by, and how a large plane is reduced.
@Suite struct CasePicturesTests {
    /// A made-up float64 case whose expected outputs are `expected` and every bound is `bound`.
    static func stored(_ expected: [AdapterOutput: ProtocolArray], bound: Double = 1e-6) -> StoredVectorCase {
        let image = ProtocolArray(shape: [1, 1, 8, 8], precision: .float64, values: Array(repeating: 0.5, count: 64))
        let request = AdapterCase(
            id: "made-up", img1: image, img2: image, windowSize: 3, maxVal: 1, eps: 1e-12, padding: "same",
            reduction: "none", outputs: Array(expected.keys))
        let bounds = expected.mapValues {
            ProtocolArray(shape: $0.shape, precision: .float32, values: Array(repeating: bound, count: $0.values.count))
        }
        return StoredVectorCase(
            request: request, family: "made-up", tags: [],
            expectation: .valid(ExpectedOutputs(
                values: expected, bounds: [.float32: bounds, .float64: bounds], convention: SSIMConvention.kornia, precision: .float64,
                notComputable: nil)))
    }

    static func array(_ shape: [Int], _ value: (Int) -> Double) -> ProtocolArray {
        ProtocolArray(shape: shape, precision: .float64, values: (0..<shape.reduce(1, *)).map(value))
    }

    static func plus(_ array: ProtocolArray, _ delta: Double, at index: Int) -> ProtocolArray {
        var values = array.values
        values[index] += delta
        return ProtocolArray(shape: array.shape, precision: array.precision, values: values)
    }

    /// A 200 × 150 plane is shown as 67 × 50 means of 3 × 3 blocks, the last row of blocks cut to 2 rows and the
    /// last column to 3 columns of the plane (150 = 50 × 3).
    @Test func aLargePlaneIsReducedByBlockMeans() throws {
        let shape = [1, 2, 200, 150]
        let map = Self.array(shape) { Double($0 % 30_000) / 30_000 }
        let worst = 30_000 + 199 * 150 + 149  // channel 1, the bottom-right element
        let pictures = try #require(CasePictures(Judge.judge(Self.stored([.ssimMap: map]), answer: .outputs([.ssimMap: Self.plus(map, 0.6, at: worst)]))))
        #expect(pictures.block == 3)
        #expect([pictures.sample, pictures.channel, pictures.worstRow, pictures.worstColumn] == [0, 1, 199, 149])
        #expect(pictures.expected.height == 67 && pictures.expected.width == 50)
        let plane = Array(map.values[30_000..<60_000])
        let lastBlock = [198, 199].flatMap { row in [147, 148, 149].map { plane[row * 150 + $0] } }
        #expect(abs(pictures.expected.values[66 * 50 + 49] - lastBlock.reduce(0, +) / 6) < 1e-15)
        let firstBlock = [0, 1, 2].flatMap { row in [0, 1, 2].map { plane[row * 150 + $0] } }
        #expect(abs(pictures.expected.values[0] - firstBlock.reduce(0, +) / 9) < 1e-15)
        let difference = zip(pictures.received.values, pictures.expected.values).map { $0 - $1 }
        #expect(abs(difference[66 * 50 + 49] - 0.1) < 1e-12)
        #expect(difference.dropLast().allSatisfy { $0 == 0 })
    }

    @Test func theFirstOutputOutsideItsBoundsIsShown() throws {
        let map = Self.array([1, 1, 4, 4]) { _ in 0.9 }
        let gradient = Self.array([1, 1, 4, 4]) { Double($0) * 1e-3 }
        let stored = Self.stored([.ssimMap: map, .gradImg1: gradient])
        let answer = AdapterAnswer.outputs([.ssimMap: map, .gradImg1: Self.plus(gradient, 1e-3, at: 5)])
        let pictures = try #require(CasePictures(Judge.judge(stored, answer: answer)))
        #expect(pictures.output == "grad_img1")
        #expect([pictures.worstRow, pictures.worstColumn] == [1, 1])
    }

    /// A case failed on another output's shape: the first output that can be shown, within its bounds.
    @Test func withoutAnOutputOutsideItsBoundsTheFirstThatCanBeShown() throws {
        let map = Self.array([1, 1, 4, 4]) { _ in 0.9 }
        let loss = Self.array([1, 1, 4, 4]) { _ in 0.05 }
        let stored = Self.stored([.ssimMap: map, .loss: loss])
        let misshapen = ProtocolArray(shape: [1, 1, 16], precision: .float64, values: map.values)
        #expect(CasePictures(Judge.judge(stored, answer: .outputs([.ssimMap: misshapen, .loss: loss])))?.output == "loss")
        #expect(CasePictures(Judge.judge(stored, answer: .outputs([.ssimMap: misshapen]))) == nil)
    }

    @Test func scalarsAndErrorsHaveNoPictures() {
        let loss = ProtocolArray(shape: [], precision: .float64, values: [0.1])
        #expect(CasePictures(Judge.judge(Self.stored([.loss: loss]), answer: .outputs([.loss: Self.plus(loss, 1, at: 0)]))) == nil)
        let map = Self.array([1, 1, 4, 4]) { _ in 0.9 }
        #expect(CasePictures(Judge.judge(Self.stored([.ssimMap: map]), answer: .error(category: "invalid_shape", message: nil))) == nil)
        #expect(CasePictures(Judge.judge(Self.stored([.ssimMap: map]), answer: nil)) == nil)
    }
}
