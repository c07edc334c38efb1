import Foundation
@testable import SSIM
import Testing
import TestSupport

/// The reference MS-SSIM on volumes (``MSSSIM3DReference``): a volume of identical slices gives the 2-D MS-SSIM of a
/// slice (where the depth's blur and pooling keep the slices identical), one scale is the mean 3-D SSIM, its gradients
/// are central differences under every downsampling rule and odd sizes on every axis, the 2 × 2 × 2 pooling is the
/// mean of eight voxels with an adjoint, and its errors have the 2-D categories, a too-small volume naming its axis.
@Suite struct MSSSIM3DReferenceTests {
    static let twoScales = [0.3, 0.7]
    static let threeScales = [0.2, 0.3, 0.5]

    /// `convention` asked for `windowSize` and `weights`.
    static func asked(_ convention: MSSSIM3DConvention, window: Int, weights: [Double]?) -> MSSSIM3DConvention {
        convention.asked(windowSize: window, weights: weights)
    }

    /// MS-SSIM of a 2-D pair of `shape` (B, C, H, W) under pytorch-msssim's convention (window 3, three scales), and
    /// 3-D MS-SSIM of the volumes of `depth` copies of each of its planes.
    static func planarAndStacked(
        _ shape: [Int], depth: Int, gradients: Bool
    ) throws -> (planar: MSSSIMOutputs, volumetric: MSSSIM3DOutputs) {
        let (x, y) = try SSIM3DReferenceTests.pair([shape[0], shape[1], 1, shape[2], shape[3]], seed: 31)
        let image1 = try ImageTensor(shape: shape, values: x.values), image2 = try ImageTensor(shape: shape, values: y.values)
        let convention = asked(.pytorchMSSSIM, window: 3, weights: threeScales)
        let planar = try MSSSIMReference.evaluate(
            image1, image2, maxVal: 1, convention: convention.multiScale, reduction: .mean, gradients: gradients)
        let volumetric = try MSSSIM3DReference.evaluate(
            try SSIM3DReferenceTests.stacked(image1, depth: depth), try SSIM3DReferenceTests.stacked(image2, depth: depth),
            maxVal: 1, convention: convention, reduction: .mean, gradients: gradients)
        return (planar, volumetric)
    }

    /// Identical slices: each scale's SSIM and cs maps are the 2-D ones on every slice (pytorch-msssim leaves a depth
    /// shorter than the window unblurred, and a 'valid' depth pass of identical slices changes no value but the
    /// rounding), and the pooling of an even depth averages identical slices; so the per-scale means, MS-SSIM and the
    /// loss are the 2-D ones, and the gradient of a pixel is the sum of its column's over the depth. With a depth of 4
    /// the depth is never odd before a pooling (4, 2, 1); with 12 and window 3, it is blurred at the first scales.
    @Test(arguments: [4, 12])
    func identicalSlicesGiveThe2DMSSSIM(depth: Int) throws {
        let (planar, volumetric) = try Self.planarAndStacked([2, 2, 21, 18], depth: depth, gradients: true)
        #expect(volumetric.scaleShapes.map { Array($0[3...]) } == planar.scaleShapes.map { [$0.height, $0.width] })
        for (u, v) in zip(volumetric.scaleMeans.flatMap { $0 }, planar.scaleMeans.flatMap { $0 }) {
            #expect(abs(u - v) <= 1e-13, "scale means \(u) vs \(v)")
        }
        for (u, v) in zip(volumetric.msssim, planar.msssim) { #expect(abs(u - v) <= 1e-13, "MS-SSIM \(u) vs \(v)") }
        #expect(abs(volumetric.reducedLoss! - planar.reducedLoss!) <= 1e-13)
        let grad = try #require(volumetric.gradImg1), grad2D = try #require(planar.gradImg1)
        let scale = grad2D.values.map(abs).max()!
        for b in 0..<2 {
            for c in 0..<2 {
                for h in 0..<21 {
                    for w in 0..<18 {
                        let column = (0..<depth).map { grad[b, c, $0, h, w] }.reduce(0, +)
                        #expect(abs(column - grad2D[b, c, h, w]) <= 1e-10 * scale, "(\(b), \(c), \(h), \(w))")
                    }
                }
            }
        }
    }

    /// Identical slices pooled by a zero before an odd depth (pytorch-msssim's avg_pool3d) are no longer identical: a
    /// depth of 5 does not give the 2-D answer, which is what makes the depth's downsampling rule matter.
    @Test func anOddDepthPooledWithAZeroIsNotThe2DAnswer() throws {
        let (planar, volumetric) = try Self.planarAndStacked([1, 1, 21, 18], depth: 5, gradients: false)
        #expect(abs(volumetric.msssim[0] - planar.msssim[0]) > 1e-6)
    }

    /// One scale of weight 1: MS-SSIM is the mean of the 3-D SSIM map of the scale's padding, per unit (a (sample,
    /// channel) for pytorch-msssim; a sample, its channels pooled, for torchmetrics).
    @Test(arguments: ["pytorch-msssim", "torchmetrics"])
    func oneScaleIsTheMean3DSSIM(name: String) throws {
        let convention = Self.asked(try #require(MSSSIM3DConvention.named(name)), window: 11, weights: [1])
        let (x, y) = try SSIM3DReferenceTests.pair([2, 2, 12, 13, 14], seed: 5)
        let multiScale = try MSSSIM3DReference.evaluate(x, y, maxVal: 1, convention: convention, reduction: .none, gradients: false)
        let options = try SSIMOptions(windowSize: 11, maxVal: 1, eps: 0, padding: convention.multiScale.padding)
        let map = try SSIM3DReference.evaluate(x, y, options: options, reduction: .mean, gradients: false, convention: convention.volume).ssimMap
        let perUnit = convention.multiScale.channelPooling == .perChannel ? 4 : 2
        let size = map.values.count / perUnit
        #expect(multiScale.msssim.count == perUnit)
        for u in 0..<perUnit {
            let mean = map.values[(u * size)..<((u + 1) * size)].reduce(0, +) / Double(size)
            #expect(abs(multiScale.msssim[u] - mean) <= 1e-14, "unit \(u): \(multiScale.msssim[u]) vs \(mean)")
        }
    }

    /// Exact gradients = central differences, under each downsampling rule, a size odd along every axis (where the
    /// rules differ), each image's channels pooled or not, and the cubic 3-D convolution with a reflect depth.
    @Test(arguments: MSSSIMDownsampling.allCases)
    func gradientsAreCentralDifferences(rule: MSSSIMDownsampling) throws {
        var convention = Self.asked(.pytorchMSSSIM, window: 3, weights: Self.twoScales)
        convention.multiScale.downsampling = rule
        if rule == .floor || rule == .replicateTopLeft {
            convention.volume = SSIM3DConvention(plane: .kornia)
            convention.multiScale.channelPooling = .perImage
            convention.multiScale.negativeValues = .halfShifted
        }
        let (x, y) = try SSIM3DReferenceTests.pair([1, 2, 7, 7, 9], seed: 17)
        let outputs = try MSSSIM3DReference.evaluate(x, y, maxVal: 1, convention: convention, reduction: .sum, gradients: true)
        let check = try CentralDifferences(
            x.values, y.values, gradX: outputs.gradImg1!.values, gradY: outputs.gradImg2!.values,
            at: [0, 8, 62, 200, 441, 500, 881], relative: 1e-6
        ) { first, second in
            try MSSSIM3DReference.evaluate(
                try VolumeTensor(shape: x.shape, values: first), try VolumeTensor(shape: x.shape, values: second), maxVal: 1,
                convention: convention, reduction: .sum, gradients: false
            ).reducedLoss!
        }
        #expect(check.scale > 0)
        #expect(check.mismatches.isEmpty, "\(rule): \(check.mismatches)")
    }

    /// 2 × 2 × 2 pooling: each output of an even volume is the mean of its eight voxels, and the adjoint satisfies
    /// ⟨P x, y⟩ = ⟨x, Pᵀ y⟩ under every rule on odd and even axes.
    @Test func thePoolingOfVolumesAveragesEightVoxelsAndHasAnAdjoint() {
        var random = SplitMix64(seed: 3)
        let even = [1, 1, 2, 2, 4]
        let x = (0..<16).map { _ in random.unit() }
        for rule in MSSSIMDownsampling.allCases {
            let pooled = rule.apply(x, of: even)
            #expect(rule.downsampled(even) == [1, 1, 1, 1, 2])
            for (k, value) in pooled.enumerated() {
                let voxels = [0, 1, 4, 5, 8, 9, 12, 13].map { x[$0 + 2 * k] }
                #expect(abs(value - voxels.reduce(0, +) / 8) <= 1e-15, "\(rule)")
            }
            for dimensions in [[2, 1, 3, 5, 4], [1, 2, 4, 3, 3], [1, 1, 1, 2, 3]] {
                let count = dimensions.reduce(1, *), coarse = rule.downsampled(dimensions).reduce(1, *)
                let u = (0..<count).map { _ in random.unit() - 0.5 }, v = (0..<coarse).map { _ in random.unit() - 0.5 }
                let left = zip(rule.apply(u, of: dimensions), v).map(*).reduce(0, +)
                let right = zip(u, rule.adjoint(v, of: dimensions)).map(*).reduce(0, +)
                #expect(abs(left - right) <= 1e-14, "\(rule) \(dimensions)")
            }
        }
    }

    /// The 2-D errors with their categories; a volume too small for its scales names the scale, the axis and the size
    /// every scale fits from.
    @Test func errorsHaveThe2DCategoriesAndNameTheAxis() throws {
        let (x, y) = try SSIM3DReferenceTests.pair([1, 1, 12, 13, 14], seed: 8)
        let torchmetrics = Self.asked(.torchmetrics, window: 5, weights: Self.twoScales)
        // torchmetrics' 11 reflected taps at scale 2 need 6 voxels there: a depth of 11 halves to 5.
        let (shallow, _) = try SSIM3DReferenceTests.pair([1, 1, 11, 13, 14], seed: 8)
        #expect {
            try MSSSIM3DReference.evaluate(shallow, shallow, maxVal: 1, convention: torchmetrics, reduction: .mean, gradients: false)
        } throws: { error in
            guard let error = error as? SSIMError, case .volumeTooSmall(let shape, _, let reason) = error else { return false }
            return shape == [1, 1, 11, 13, 14] && error.category == .imageTooSmall && reason.contains("scale 2 of 2")
                && reason.contains("depth 5") && reason.contains("depth 11 < 12") && !reason.contains("height")
        }
        // torchmetrics' own rule on H and W (not on the depth).
        let (narrow, _) = try SSIM3DReferenceTests.pair([1, 1, 12, 12, 3], seed: 8)
        #expect(throws: SSIMError.self) {
            try MSSSIM3DReference.evaluate(narrow, narrow, maxVal: 1, convention: torchmetrics, reduction: .mean, gradients: false)
        }
        let (other, _) = try SSIM3DReferenceTests.pair([1, 1, 12, 13, 15], seed: 8)
        #expect(throws: SSIMError.shapeMismatch(img1: [1, 1, 12, 13, 14], img2: [1, 1, 12, 13, 15])) {
            try MSSSIM3DReference.evaluate(x, other, maxVal: 1, convention: torchmetrics, reduction: .mean, gradients: false)
        }
        #expect(throws: SSIMError.invalidWindowSize(4)) {
            try MSSSIM3DReference.evaluate(
                x, y, maxVal: 1, convention: Self.asked(.pytorchMSSSIM, window: 4, weights: nil), reduction: .mean, gradients: false)
        }
        #expect(throws: SSIMError.invalidMaxVal(0)) {
            try MSSSIM3DReference.evaluate(x, y, maxVal: 0, convention: torchmetrics, reduction: .mean, gradients: false)
        }
        #expect(throws: SSIMError.self) { try VolumeTensor(shape: [1, 12, 13, 14], values: Array(x.values[..<(12 * 13 * 14)])) }
        // pytorch-msssim leaves the short axes unblurred: the same volumes are computed, not refused.
        let answer = try MSSSIM3DReference.evaluate(
            shallow, shallow, maxVal: 1, convention: Self.asked(.pytorchMSSSIM, window: 11, weights: Self.threeScales),
            reduction: .mean, gradients: false)
        #expect(answer.msssim.count == 1 && abs(answer.msssim[0] - 1) <= 1e-15)
    }

    /// The bounds of every precision are those of the reference's own answer, and grow as the precision shrinks:
    /// float64's below float32's, below float16's, below bfloat16's (the half precisions' may leave no digit).
    @Test func boundsGrowAsThePrecisionShrinks() throws {
        let (x, y) = try SSIM3DReferenceTests.pair([1, 1, 6, 9, 10], seed: 21)
        let convention = Self.asked(.pytorchMSSSIM, window: 3, weights: Self.twoScales)
        let judging = try MSSSIM3DErrorBounds.judging(
            x, y, maxVal: 1, convention: convention, reduction: .mean, gradients: true, precisions: Precision.allCases)
        let reference = try MSSSIM3DReference.evaluate(x, y, maxVal: 1, convention: convention, reduction: .mean, gradients: true)
        #expect(judging.expected == reference)
        let bound = { (precision: Precision) in judging.acceptance[precision]!.reducedLoss! }
        #expect(bound(.float64) > 0 && bound(.float64) < bound(.float32) && bound(.float32) < bound(.float16))
        #expect(bound(.float16) < bound(.bfloat16) && bound(.float32) < 1e-3)
        #expect(judging.notComputable[.float64] == nil && judging.notComputable[.float32] == nil)
        #expect(judging.acceptance[.float32]!.gradImg1!.values.allSatisfy { $0.isFinite && $0 > 0 })
    }
}
