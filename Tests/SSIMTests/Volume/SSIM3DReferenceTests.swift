import Foundation
@testable import SSIM
import Testing
import TestSupport

/// The reference 3-D SSIM (``SSIM3DReference``): a volume of identical slices gives the 2-D answer, a direct cubic
/// correlation written here agrees with it (in `Double`, and in `Float` within the float32 bounds), its gradients are
/// central differences, and its errors name the axis at fault.
@Suite struct SSIM3DReferenceTests {
    /// x in [0, 1) and y = x plus noise of 0.3, from SplitMix64.
    static func pair(_ shape: [Int], seed: UInt64) throws -> (VolumeTensor<Double>, VolumeTensor<Double>) {
        var random = SplitMix64(seed: seed)
        let x = (0..<shape.reduce(1, *)).map { _ in random.unit() }
        let y = x.map { $0 + 0.3 * (random.unit() - 0.5) }
        return (try VolumeTensor(shape: shape, values: x), try VolumeTensor(shape: shape, values: y))
    }

    /// The volume of `depth` copies of each (H, W) plane of `image`: (B, C, depth, H, W).
    static func stacked(_ image: ImageTensor<Double>, depth: Int) throws -> VolumeTensor<Double> {
        try VolumeTensor(shape: [image.batch, image.channels, depth, image.height, image.width]) { b, c, _, h, w in
            image[b, c, h, w]
        }
    }

    @Test(arguments: [
        (SSIMConvention.Border.reflect, SSIMPadding.same, 7), (.replicate, .same, 3), (.symmetric, .same, 2),
        (.reflect, .valid, 9), (.replicate, .valid, 5), (.reflect101, .same, 4),
    ])
    func identicalSlicesGiveThe2DAnswer(depthBorder: SSIMConvention.Border, padding: SSIMPadding, depth: Int) throws {
        let (x, y) = try Self.pair([2, 2, 1, 9, 8], seed: 11)
        let image1 = try ImageTensor(shape: [2, 2, 9, 8], values: x.values)
        let image2 = try ImageTensor(shape: [2, 2, 9, 8], values: y.values)
        let windowSize = padding == .valid ? 5 : 3
        let options = try SSIMOptions(windowSize: windowSize, padding: padding)
        let convention = SSIM3DConvention(depthBorder: depthBorder)
        let planar = try SSIMReference.evaluate(image1, image2, options: options, reduction: .mean, gradients: true)
        let volumetric = try SSIM3DReference.evaluate(
            try Self.stacked(image1, depth: depth), try Self.stacked(image2, depth: depth), options: options,
            reduction: .mean, gradients: true, convention: convention)
        let map = planar.ssimMap!
        let mapDepth = padding == .valid ? depth - 2 * (windowSize / 2) : depth
        #expect(volumetric.ssimMap.shape == [2, 2, mapDepth, map.height, map.width])
        for b in 0..<2 {
            for c in 0..<2 {
                for d in 0..<mapDepth {
                    for h in 0..<map.height {
                        for w in 0..<map.width {
                            let (u, v) = (volumetric.ssimMap[b, c, d, h, w], map[b, c, h, w])
                            // The depth's pass (weights summing to 1 in floating point) is the only difference.
                            #expect(abs(u - v) <= 1e-13, "(\(b), \(c), \(d), \(h), \(w)): \(u) vs \(v)")
                        }
                    }
                }
            }
        }
        #expect(abs(volumetric.reducedLoss! - planar.reducedLoss!) <= 1e-14)
        // Moving a whole column of identical voxels moves the 2-D pixel: the depth's gradients sum to the 2-D one.
        let grad = volumetric.gradImg1!, grad2D = planar.gradImg1!
        for b in 0..<2 {
            for c in 0..<2 {
                for h in 0..<9 {
                    for w in 0..<8 {
                        let column = (0..<depth).reduce(0.0) { $0 + grad[b, c, $1, h, w] }
                        #expect(abs(column - grad2D[b, c, h, w]) <= 1e-13, "(\(b), \(c), \(h), \(w))")
                    }
                }
            }
        }
    }

    @Test(arguments: [
        ([1, 1, 5, 6, 7], 3, SSIMPadding.same, SSIMReduction.mean, SSIM3DConvention.kornia),
        ([1, 2, 5, 5, 6], 3, .valid, .sum, .kornia),
        ([2, 1, 3, 4, 5], 3, .same, .none, SSIM3DConvention(depthBorder: .replicate, depthTaps: 5, convolution: .separable)),
        ([1, 1, 6, 6, 7], 9, .same, .mean, .torchmetrics),
        ([1, 1, 2, 5, 6], 3, .valid, .mean, .pytorchMSSSIM),
    ])
    func gradientsMatchCentralDifferences(
        shape: [Int], windowSize: Int, padding: SSIMPadding, reduction: SSIMReduction, convention: SSIM3DConvention
    ) throws {
        let (x, y) = try Self.pair(shape, seed: UInt64(shape.reduce(3, *)))
        let options = try SSIMOptions(windowSize: windowSize, padding: padding)
        let analytic = try SSIM3DReference.evaluate(
            x, y, options: options, reduction: reduction, gradients: true, convention: convention)
        let check = try CentralDifferences(
            x.values, y.values, gradX: analytic.gradImg1!.values, gradY: analytic.gradImg2!.values
        ) { a, b in
            let outputs = try SSIM3DReference.evaluate(
                try VolumeTensor(shape: x.shape, values: a), try VolumeTensor(shape: y.shape, values: b), options: options,
                reduction: reduction, gradients: false, convention: convention)
            return outputs.reducedLoss ?? outputs.lossMap.values.reduce(0, +)
        }
        #expect(check.scale > 0 && check.scale.isFinite)
        #expect(check.mismatches.isEmpty, "\(check.mismatches)")
    }

    /// Kornia's `ssim3d` written directly: each map voxel one sum of k³ products of the outer-product window with
    /// torch's reflect at every face, the ratio with eps, in `Number`; 'valid' crops k/2 from every face.
    static func directCubic<Number: BinaryFloatingPoint>(
        _ x: [Number], _ y: [Number], shape: [Int], windowSize k: Int, padding: SSIMPadding, eps: Number
    ) -> [Number] {
        let r = k / 2
        let g = (0..<k).map { exp(-Double(($0 - r) * ($0 - r)) / (2 * 1.5 * 1.5)) }
        let taps1D = g.map { Number($0 / g.reduce(0, +)) }
        func reflect(_ j: Int, _ n: Int) -> Int { j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j }
        let (depth, height, width) = (shape[2], shape[3], shape[4])
        let crop = padding == .valid ? r : 0
        let (c1, c2) = (Number(0.0001), Number(0.0009))
        var map: [Number] = []
        for volume in 0..<(shape[0] * shape[1]) {
            let base = volume * depth * height * width
            for d in crop..<(depth - crop) {
                for h in crop..<(height - crop) {
                    for w in crop..<(width - crop) {
                        var (mx, my, xx, yy, xy) = (Number(0), Number(0), Number(0), Number(0), Number(0))
                        for a in 0..<k {
                            for b in 0..<k {
                                for c in 0..<k {
                                    let weight = taps1D[a] * taps1D[b] * taps1D[c]
                                    let i = base + (reflect(d + a - r, depth) * height + reflect(h + b - r, height)) * width
                                        + reflect(w + c - r, width)
                                    mx += weight * x[i]
                                    my += weight * y[i]
                                    xx += weight * x[i] * x[i]
                                    yy += weight * y[i] * y[i]
                                    xy += weight * x[i] * y[i]
                                }
                            }
                        }
                        let numerator = (2 * mx * my + c1) * (2 * (xy - mx * my) + c2)
                        let denominator = (mx * mx + my * my + c1) * ((xx - mx * mx) + (yy - my * my) + c2)
                        map.append(numerator / (denominator + eps))
                    }
                }
            }
        }
        return map
    }

    @Test(arguments: [([1, 2, 4, 5, 6], 3, SSIMPadding.same), ([2, 1, 6, 7, 5], 5, .valid), ([1, 1, 3, 3, 4], 5, .same)])
    func aDirectCubicCorrelationAgrees(shape: [Int], windowSize: Int, padding: SSIMPadding) throws {
        let (x, y) = try Self.pair(shape, seed: 19)
        let options = try SSIMOptions(windowSize: windowSize, padding: padding)
        let reference = try SSIM3DReference.evaluate(x, y, options: options, reduction: .none, gradients: false)
        let direct = Self.directCubic(
            x.values, y.values, shape: shape, windowSize: windowSize, padding: padding, eps: 1e-12)
        #expect(reference.ssimMap.values.count == direct.count)
        for (u, v) in zip(reference.ssimMap.values, direct) { #expect(abs(u - v) <= 1e-13, "\(u) vs \(v)") }
    }

    /// The direct cubic correlation in `Float` (float32 taps, one sum of k³ products) is within the float32 bounds of
    /// every map element, and those bounds are not vacuous; float16 under Kornia's convention is float32's rounded.
    @Test func aFloat32ImplementationIsWithinTheFloat32Bounds() throws {
        let shape = [1, 2, 6, 7, 8]
        let (x, y) = try Self.pair(shape, seed: 23)
        let (xf, yf) = (x.values.map { Float($0) }, y.values.map { Float($0) })
        let (img1, img2) = (
            try VolumeTensor(shape: shape, values: xf.map(Double.init)), try VolumeTensor(shape: shape, values: yf.map(Double.init))
        )
        let options = try SSIMOptions(windowSize: 5)
        let judging = try SSIM3DErrorBounds.judging(
            img1, img2, options: options, reduction: .none, gradients: true,
            precisions: [.float64, .float32, .float16, .bfloat16])
        let answer = Self.directCubic(xf, yf, shape: shape, windowSize: 5, padding: .same, eps: 1e-12)
        let bounds = judging.acceptance[.float32]!.ssimMap.values
        var largest = 0.0
        for (index, value) in answer.enumerated() {
            let expected = judging.expected.ssimMap.values[index]
            #expect(SSIMErrorBounds.accepts(Double(value), expected: expected, bound: bounds[index]), "\(index)")
            largest = max(largest, bounds[index])
        }
        #expect(largest < 1e-3)
        let half = judging.acceptance[.float16]!.ssimMap.values
        #expect(zip(half, bounds).allSatisfy { $0 >= $1 })
        #expect(judging.acceptance[.float64]!.ssimMap.values.max()! < 1e-11)
        #expect(judging.notComputable.isEmpty)
    }

    @Test func aCubicConvolutionIsBoundedMoreWidelyThanPasses() throws {
        let (x, y) = try Self.pair([1, 1, 5, 5, 5], seed: 29)
        let options = try SSIMOptions(windowSize: 5)
        func bounds(_ convolution: SSIM3DConvention.Convolution) throws -> [Double] {
            try SSIM3DErrorBounds.judging(
                x, y, options: options, reduction: .none, gradients: false, precisions: [.float32],
                convention: SSIM3DConvention(convolution: convolution)
            ).acceptance[.float32]!.ssimMap.values
        }
        let (cubic, separable) = (try bounds(.cubic), try bounds(.separable))
        #expect(zip(cubic, separable).allSatisfy { $0 > $1 })
    }

    @Test func torchmetricsPadsTheWidthByTheWindowSizeAsked() throws {
        let (x, y) = try Self.pair([1, 1, 12, 12, 14], seed: 3)
        let options = try SSIMOptions(windowSize: 7)
        let outputs = try SSIM3DReference.evaluate(
            x, y, options: options, reduction: .mean, gradients: false, convention: .torchmetrics)
        // 11 taps from σ 1.5 reach 5; W is padded by window_size 7's reach 3: two voxels short at each end.
        #expect(outputs.ssimMap.shape == [1, 1, 12, 12, 10])
        #expect(throws: SSIMError.self) {
            try SSIM3DReference.evaluate(
                x, y, options: try SSIMOptions(windowSize: 13), reduction: .mean, gradients: false, convention: .torchmetrics)
        }
    }

    @Test func pytorchMSSSIMLeavesAShortDepthUnblurred() throws {
        let (x, y) = try Self.pair([1, 1, 3, 12, 13], seed: 5)
        let options = try SSIMOptions(windowSize: 11, padding: .valid)
        let volume = try SSIM3DReference.evaluate(
            x, y, options: options, reduction: .mean, gradients: false, convention: .pytorchMSSSIM)
        #expect(volume.ssimMap.shape == [1, 1, 3, 2, 3])
        // Unblurred along D, each slice's map is that slice's 2-D map under pytorch-msssim's 2-D convention.
        let slice = 12 * 13
        for d in 0..<3 {
            let planar = try SSIMReference.evaluate(
                try ImageTensor(shape: [1, 1, 12, 13], values: Array(x.values[(d * slice)..<((d + 1) * slice)])),
                try ImageTensor(shape: [1, 1, 12, 13], values: Array(y.values[(d * slice)..<((d + 1) * slice)])),
                options: options, reduction: .mean, gradients: false, convention: .pytorchMSSSIM)
            for (u, v) in zip(volume.ssimMap.values[(d * 6)..<((d + 1) * 6)], planar.ssimMap!.values) {
                #expect(abs(u - v) <= 1e-14)
            }
        }
        #expect(throws: SSIMError.self) {
            try SSIM3DReference.evaluate(
                x, y, options: try SSIMOptions(windowSize: 11, padding: .same), reduction: .mean, gradients: false,
                convention: .pytorchMSSSIM)
        }
    }

    @Test(arguments: [
        ([1, 1, 2, 12, 12], 11, SSIMPadding.same, "depth 2 is not larger than the window's reach of 5 (11 taps)"),
        ([1, 1, 12, 5, 12], 11, .same, "height 5 is not larger than the window's reach of 5"),
        ([1, 1, 9, 12, 12], 11, .valid, "depth 9 is smaller than the window's 11 taps"),
        ([1, 1, 12, 12, 10], 11, .valid, "width 10 is smaller than the window's 11 taps"),
    ])
    func aVolumeTooSmallNamesTheAxis(shape: [Int], windowSize: Int, padding: SSIMPadding, message: String) throws {
        let (x, y) = try Self.pair(shape, seed: 1)
        let options = try SSIMOptions(windowSize: windowSize, padding: padding)
        do {
            _ = try SSIM3DReference.evaluate(x, y, options: options, reduction: .mean, gradients: false)
            Issue.record("no error for \(shape)")
        } catch {
            #expect(error.category == .imageTooSmall)
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test func otherFaultsHaveTheirCategories() throws {
        #expect(throws: SSIMError.invalidShape(shape: [1, 1, 4, 4], reason: "rank 4, expected 5 (B, C, D, H, W)")) {
            try VolumeTensor<Double>(shape: [1, 1, 4, 4], values: Array(repeating: 0, count: 16))
        }
        #expect(throws: SSIMError.invalidShape(shape: [1, 0, 4, 4, 4], reason: "every dimension must be at least 1")) {
            try VolumeTensor<Double>(shape: [1, 0, 4, 4, 4], values: [])
        }
        let (x, _) = try Self.pair([1, 1, 6, 6, 6], seed: 2)
        let (_, y) = try Self.pair([1, 1, 6, 6, 7], seed: 2)
        #expect(throws: SSIMError.shapeMismatch(img1: [1, 1, 6, 6, 6], img2: [1, 1, 6, 6, 7])) {
            try SSIM3DReference.evaluate(x, y, options: try SSIMOptions(windowSize: 3), reduction: .mean, gradients: false)
        }
        // Zero depth border: no minimum depth under 'same'.
        let thin = try Self.pair([1, 1, 1, 6, 6], seed: 4)
        let outputs = try SSIM3DReference.evaluate(
            thin.0, thin.1, options: try SSIMOptions(windowSize: 5), reduction: .mean, gradients: false,
            convention: SSIM3DConvention(depthBorder: .zero))
        #expect(outputs.ssimMap.shape == [1, 1, 1, 6, 6])
    }
}
