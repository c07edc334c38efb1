import PropertyBased
@testable import SSIM
import Testing
import TestSupport

/// The chunks of rows the fast MS-SSIM's forward pass computes: every map row of every scale summed by exactly one
/// chunk, every row a chunk reads held by it, and what a worker holds bounded whatever the image's height.
@Suite struct FastChunkPlanTests {
    /// The plan of a convention's scales on images of `height` × `width`, cut into `segments` segments.
    static func plan(
        height: Int, width: Int, segments: Int, windowSize: Int, scales: Int, rule: MSSSIMDownsampling
    ) throws -> (plan: FastChunkPlan, geometries: [FastGeometry], pooling: FastPooling<Float>) {
        var convention = MSSSIMConvention.wangMSSSIM.asked(windowSize: windowSize, weights: Array(repeating: 1, count: scales))
        convention.downsampling = rule
        let pyramid = try MSSSIMPyramid(
            Shape(batch: 1, channels: 1, height: height, width: width), Shape(batch: 1, channels: 1, height: height, width: width),
            maxVal: 1, convention: convention)
        let geometries = pyramid.shapes.indices.map { j in
            let options = pyramid.options[j], shape = pyramid.shapes[j], map = options.mapShape(shape)
            return FastGeometry(
                height: shape.height, width: shape.width, radius: options.radius, crop: options.crop,
                mapHeight: map.height, mapWidth: map.width, lanes: 16)
        }
        let pooling = FastPooling<Float>(shapes: pyramid.shapes, rule: rule, instructions: .baseline)
        return (FastChunkPlan(segments: segments, geometries: geometries, pooling: pooling), geometries, pooling)
    }

    static let generator = zip(
        Gen.int(in: 0...300), Gen.int(in: 1...12), Gen.int(in: 0...2), Gen.int(in: 1...4), Gen.int(in: 0...3))

    @Test func everyMapRowIsOwnedOnceAndEveryRowReadIsHeld() async {
        await propertyCheck(count: 60, input: Self.generator) { extra, segments, windowIndex, scales, rule in
            let windowSize = [3, 5, 11][windowIndex]
            let height = (windowSize << (scales - 1)) + extra * (1 + extra % 4)
            let (plan, geometries, pooling) = try Self.plan(
                height: height, width: 40 << (scales - 1), segments: segments, windowSize: windowSize, scales: scales,
                rule: MSSSIMDownsampling.allCases[rule])
            Self.expectConsistent(
                plan, mapLines: geometries.map { $0.crop..<($0.height - $0.crop) },
                reads: { owned, j in Array((owned.lowerBound - geometries[j].radius)..<(owned.upperBound + geometries[j].radius)) },
                sources: pooling.sources(ofRows:scale:))
        }
    }

    /// Expects of `plan` that its segments take every chunk once in order, that each of scale j's map lines
    /// `mapLines[j]` is owned by one chunk, that the lines a chunk's map lines `owned` read, `reads(owned, j)`, are
    /// held by it, that the lines of scale j ≥ 1 it holds are pooled (`sources`) from lines it holds of scale j − 1,
    /// and that its capacity is the most lines a chunk holds.
    static func expectConsistent(
        _ plan: FastChunkPlan, mapLines: [Range<Int>], reads: (_ owned: Range<Int>, _ scale: Int) -> [Int],
        sources: (_ lines: Range<Int>, _ scale: Int) -> Range<Int>
    ) {
        #expect(plan.segments.flatMap { Array($0) } == Array(plan.chunks.indices))
        for (j, lines) in mapLines.enumerated() {
            let owners = plan.chunks.flatMap { Array($0.owned[j]) }
            #expect(owners == Array(lines), "scale \(j): map lines owned \(owners)")
            for chunk in plan.chunks where !chunk.owned[j].isEmpty {
                let read = reads(chunk.owned[j], j)
                #expect(read.allSatisfy(chunk.held[j].contains), "scale \(j): reads \(read), holds \(chunk.held[j])")
            }
            #expect(plan.capacity[j] == plan.chunks.map { $0.held[j].count }.max())
            guard j > 0 else { continue }
            for chunk in plan.chunks where !chunk.held[j].isEmpty {
                let pooledFrom = sources(chunk.held[j], j)
                #expect(pooledFrom.isEmpty || (chunk.held[j - 1].lowerBound <= pooledFrom.lowerBound
                    && pooledFrom.upperBound <= chunk.held[j - 1].upperBound),
                        "scale \(j) pools from \(pooledFrom), scale \(j - 1) holds \(chunk.held[j - 1])")
            }
        }
    }

    /// A worker holds a bounded number of rows of each scale: the same for an image four times as tall.
    @Test func whatAWorkerHoldsDoesNotGrowWithTheHeight() throws {
        let short = try Self.plan(height: 2048, width: 176, segments: 1, windowSize: 11, scales: 5, rule: .repeatLastThenAverage)
        let tall = try Self.plan(height: 8192, width: 176, segments: 1, windowSize: 11, scales: 5, rule: .repeatLastThenAverage)
        #expect(short.plan.capacity == tall.plan.capacity)
        #expect(tall.plan.chunks.count == 8192 / FastChunkPlan.maximumRows && tall.plan.segments == [0..<32])
        // Scale 1 holds half a chunk's rows, its window's reach and the rows its coarser scales are pooled from.
        #expect(tall.plan.capacity[1] < FastChunkPlan.maximumRows)
    }

    /// An image taller than a chunk, on one worker (chunks of at most ``FastChunkPlan/maximumRows`` rows) and on
    /// two: within the reference's bounds, the forward outputs the same with gradients (which read whole pyramids),
    /// and the same results whatever the number of workers.
    @Test func aTallImageIsComputedChunkByChunk() throws {
        let convention = MSSSIMConvention.wangMSSSIM.asked(windowSize: 5, weights: [0.2, 0.3, 0.5])
        let pair = ImagePair(batch: 1, channels: 2, height: 3 * FastChunkPlan.maximumRows + 37, width: 45, windowSize: 5, noise: 0.3, seed: 9)
        let test = FastMSSSIMTests.Case(pair: pair, convention: convention, reduction: .mean)
        let (x, y) = (pair.img1.converted(to: Float.self), pair.img2.converted(to: Float.self))
        for instructions in FastSSIM.InstructionSet.supported {
            let one = FastSSIM(threads: 1, instructions: instructions)!, two = FastSSIM(threads: 2, instructions: instructions)!
            #expect(try FastMSSSIMTests.strays(Float.self, test, fast: one) == [], "\(instructions)")
            #expect(try FastMSSSIMTests.strays(Double.self, test, fast: two) == [], "\(instructions)")
            #expect(try one.evaluate(x, y, maxVal: 1, convention: convention, reduction: .mean)
                == two.evaluate(x, y, maxVal: 1, convention: convention, reduction: .mean), "\(instructions)")
        }
    }
}
