import PropertyBased
@testable import SSIM
import Testing
import TestSupport

/// The chunks of depth planes the fast 3-D MS-SSIM's forward pass computes: every map plane of every scale summed by
/// exactly one chunk, every plane a chunk reads held by it, and what a worker holds bounded whatever the volume's
/// depth.
@Suite struct FastVolumeChunkPlanTests {
    /// The plan of Kornia's 3-D SSIM at every scale, by `rule`, on volumes of `depth` × `side` × `side`, cut into
    /// `segments` segments; every scale 'valid' (`padding` 0), the cs ones alone (1), or none (2).
    static func plan(
        depth: Int, side: Int, segments: Int, windowSize: Int, scales: Int, rule: MSSSIMDownsampling, padding: Int = 0
    ) throws -> (plan: FastChunkPlan, scales: [FastVolumeScale], dimensions: [[Int]], pooling: FastVolumePooling<Float>) {
        var multiScale = MSSSIMConvention.wangMSSSIM
        multiScale.downsampling = rule
        (multiScale.padding, multiScale.csPadding) = [(.valid, nil), (.same, .valid), (.same, nil)][padding]
        let convention = MSSSIM3DConvention(volume: .kornia, multiScale: multiScale)
            .asked(windowSize: windowSize, weights: Array(repeating: 1, count: scales))
        let shape = [1, 1, depth, side, side]
        let pyramid = try MSSSIMPyramid(volumes: shape, shape, maxVal: 1, convention: convention)
        var volumeScales: [FastVolumeScale] = []
        for (j, volume) in pyramid.planes.enumerated() {
            volumeScales.append(try FastVolumeScale(volume, scale: j, convention: convention.name))
        }
        let pooling = FastVolumePooling<Float>(dimensions: pyramid.dimensions, rule: rule, instructions: .baseline)
        let plan = FastChunkPlan(segments: segments, scales: volumeScales, dimensions: pyramid.dimensions, pooling: pooling)
        return (plan, volumeScales, pyramid.dimensions, pooling)
    }

    static let generator = zip(
        Gen.int(in: 0...100), Gen.int(in: 1...12), Gen.int(in: 0...2), Gen.int(in: 1...4), Gen.int(in: 0...3),
        Gen.int(in: 0...2))

    @Test func everyMapPlaneIsOwnedOnceAndEveryPlaneReadIsHeld() async {
        await propertyCheck(count: 60, input: Self.generator) { extra, segments, windowIndex, scaleCount, rule, padding in
            let windowSize = [3, 5, 11][windowIndex]
            let side = windowSize << (scaleCount - 1)
            let (plan, scales, dimensions, pooling) = try Self.plan(
                depth: side + extra * (1 + extra % 4), side: side, segments: segments, windowSize: windowSize,
                scales: scaleCount, rule: MSSSIMDownsampling.allCases[rule], padding: padding)
            // The planes the volume kernel blurs along W and H for a chunk's map planes: those within the window's
            // reach along D, reflected at the faces (torch's reflect), -1 where none is.
            FastChunkPlanTests.expectConsistent(
                plan, mapLines: zip(scales, dimensions).map { $0.depthCrop..<($1[2] - $0.depthCrop) },
                reads: { owned, j in
                    ((owned.lowerBound - scales[j].depthRadius)..<(owned.upperBound + scales[j].depthRadius)).map {
                        SSIMConvention.Border.reflect.source($0, in: dimensions[j][2]) ?? -1
                    }
                },
                sources: pooling.sources(ofPlanes:scale:))
        }
    }

    /// A worker holds a bounded number of depth planes of each scale: the same for a volume four times as deep.
    @Test func whatAWorkerHoldsDoesNotGrowWithTheDepth() throws {
        let shallow = try Self.plan(depth: 512, side: 80, segments: 1, windowSize: 5, scales: 5, rule: .repeatLastThenAverage)
        let deep = try Self.plan(depth: 2048, side: 80, segments: 1, windowSize: 5, scales: 5, rule: .repeatLastThenAverage)
        #expect(shallow.plan.capacity == deep.plan.capacity)
        #expect(deep.plan.chunks.count == 2048 / FastChunkPlan.maximumPlanes && deep.plan.segments == [0..<64])
        // Scale 1 holds half a chunk's planes, its window's reach and the planes its coarser scales are pooled from:
        // a small part of even the shallower volume's.
        #expect(deep.plan.capacity[1] < shallow.dimensions[1][2] / 4)
    }

    /// A volume deeper than a chunk, on one worker (chunks of at most ``FastChunkPlan/maximumPlanes`` planes) and on
    /// two: within the reference's bounds, and the forward outputs the same bits as with gradients (which read whole
    /// pyramids), whatever the number of workers.
    @Test func aDeepVolumeIsComputedChunkByChunk() throws {
        let convention = MSSSIM3DConvention.pytorchMSSSIM.asked(windowSize: 3, weights: [0.2, 0.3, 0.5])
        let volumes = FastSSIM3DTests.Case(
            shape: [1, 2, 3 * FastChunkPlan.maximumPlanes + 13, 14, 15], windowSize: 3, padding: .valid, reduction: .mean,
            noise: 0.3, seed: 11)
        let test = FastMSSSIM3DTests.Case(volumes: volumes, convention: convention)
        let (x, y) = volumes.volumes
        for instructions in FastSSIM.InstructionSet.supported {
            let one = FastSSIM(threads: 1, instructions: instructions)!, two = FastSSIM(threads: 2, instructions: instructions)!
            #expect(try FastMSSSIM3DTests.strays(Float.self, test, fast: one) == [], "\(instructions)")
            #expect(try FastMSSSIM3DTests.strays(Double.self, test, fast: two) == [], "\(instructions)")
            func check<Scalar: SSIMScalar>(_: Scalar.Type) throws {
                let (img1, img2) = (x.converted(to: Scalar.self), y.converted(to: Scalar.self))
                let whole = try one.evaluate(img1, img2, maxVal: 1, convention: convention, reduction: .mean, gradients: true)
                for fast in [one, two] {
                    let chunked = try fast.evaluate(img1, img2, maxVal: 1, convention: convention, reduction: .mean)
                    #expect(chunked.scaleMeans == whole.scaleMeans && chunked.msssim == whole.msssim
                        && chunked.loss == whole.loss && chunked.reducedLoss == whole.reducedLoss,
                            "\(Scalar.self) \(instructions), \(fast.threads) worker(s): not the whole pyramids' bits")
                }
            }
            try check(Float.self)
            try check(Double.self)
        }
    }
}
