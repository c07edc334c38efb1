@testable import SSIM
import Testing
import TestSupport

/// The reference MS-SSIM + L1 loss (``MSSSIML1Reference``, Kornia's `MS_SSIMLoss` convention): its gradients against
/// central differences, an independent implementation in `Double` and in `Float` (within the float32 bounds), its
/// identities and its errors.
@Suite struct MSSSIML1ReferenceTests {
    /// img1 in [0, 1) and img2 = img1 plus noise of 0.3, from SplitMix64 (``MSSSIMReferenceTests/correlated(_:seed:noise:)``).
    static func pair(_ shape: [Int], seed: UInt64) throws -> (ImageTensor<Double>, ImageTensor<Double>) {
        try MSSSIMReferenceTests.correlated(shape, seed: seed, noise: 0.3)
    }

    @Test(arguments: [
        ([1, 1, 6, 7], SSIMReduction.mean, nil as Double?, nil as Double?),
        ([2, 3, 5, 4], .sum, 0.84, 1.0),
        ([1, 2, 4, 6], .none, 0.4, 3.0),
    ])
    func gradientsMatchCentralDifferences(shape: [Int], reduction: SSIMReduction, alpha: Double?, compensation: Double?) throws {
        let (x, y) = try Self.pair(shape, seed: UInt64(shape.reduce(7, *)))
        let analytic = try MSSSIML1Reference.evaluate(
            x, y, maxVal: 1, alpha: alpha, compensation: compensation, reduction: reduction, gradients: true)
        let check = try CentralDifferences(
            x.values, y.values, gradX: analytic.gradImg1!.values, gradY: analytic.gradImg2!.values
        ) { a, b in
            let outputs = try MSSSIML1Reference.evaluate(
                try ImageTensor(shape: shape, values: a), try ImageTensor(shape: shape, values: b), maxVal: 1, alpha: alpha,
                compensation: compensation, reduction: reduction, gradients: false)
            return outputs.reducedLoss ?? outputs.loss.reduce(0, +)
        }
        #expect(check.scale > 0 && check.scale.isFinite)
        #expect(check.mismatches.isEmpty, "\(check.mismatches)")
    }

    /// The reference and ``AlternativeMSSSIML1`` in `Double` (a direct 2-D correlation, its own derivatives) agree to
    /// rounding, on one and three channels, every reduction, a non-default mix, a data range of 255, an image smaller
    /// than the 33-tap window.
    @Test(arguments: [
        ([1, 1, 9, 11], "mean", 1.0, nil as (Double, Double)?),
        ([2, 3, 6, 5], "none", 1.0, (0.84, 1.0)),
        ([1, 3, 7, 8], "sum", 255.0, nil),
    ])
    func anIndependentImplementationAgrees(shape: [Int], reduction: String, maxVal: Double, mix: (Double, Double)?) throws {
        var (x, y) = try Self.pair(shape, seed: 31 + UInt64(shape[1]))
        if maxVal != 1 {
            (x, y) = (try ImageTensor(shape: shape, values: x.values.map { $0 * maxVal }),
                      try ImageTensor(shape: shape, values: y.values.map { $0 * maxVal }))
        }
        let reference = try MSSSIML1Reference.evaluate(
            x, y, maxVal: maxVal, alpha: mix?.0, compensation: mix?.1, reduction: SSIMReduction(name: reduction),
            gradients: true)
        var alternative = AlternativeMSSSIML1<Double>(maxVal: maxVal)
        if let mix { (alternative.alpha, alternative.compensation) = (mix.0, mix.1) }
        let outputs = alternative.evaluate(x.values, y.values, shape: shape, reduction: reduction, gradients: true)
        let loss = reference.reducedLoss.map { [$0] } ?? reference.loss
        func close(_ a: [Double], _ b: [Double], _ what: String) {
            #expect(a.count == b.count, "\(what)")
            let scale = max(a.map(abs).max() ?? 0, 1e-300)
            for (u, v) in zip(a, b) { #expect(abs(u - v) <= 1e-11 * scale, "\(what): \(u) vs \(v)") }
        }
        close(loss, outputs.loss, "loss")
        close(reference.gradImg1!.values, outputs.gradImg1!, "grad_img1")
        close(reference.gradImg2!.values, outputs.gradImg2!, "grad_img2")
    }

    /// ``AlternativeMSSSIML1`` in `Float`, with float32 taps built as Kornia builds them and a 2-D correlation, lands
    /// within the float32 acceptance bounds of every element; and the float32 bounds are not vacuous (below 5 % of the
    /// loss: a worst case over sums of 33² products, where E[x²] − μ² cancels), and the half precisions' at least
    /// float32's.
    @Test func aFloat32ImplementationIsWithinTheFloat32Bounds() throws {
        let shape = [1, 2, 10, 9]
        let (x, y) = try Self.pair(shape, seed: 5)
        let (xf, yf) = (x.values.map { Double(Float($0)) }, y.values.map { Double(Float($0)) })
        let (img1, img2) = (try ImageTensor(shape: shape, values: xf), try ImageTensor(shape: shape, values: yf))
        let judging = try MSSSIML1ErrorBounds.judging(
            img1, img2, maxVal: 1, reduction: .none, gradients: true, precisions: [.float32, .float16, .bfloat16])
        let outputs = AlternativeMSSSIML1<Float>(maxVal: 1).evaluate(
            xf.map(Float.init), yf.map(Float.init), shape: shape, reduction: "none", gradients: true)
        let bounds = judging.acceptance[.float32]!
        for (i, value) in outputs.loss.enumerated() {
            #expect(abs(Double(value) - judging.expected.loss[i]) <= bounds.loss[i], "loss[\(i)]")
            #expect(bounds.loss[i] < 0.05 * abs(judging.expected.loss[i]), "loss bound[\(i)] \(bounds.loss[i])")
        }
        for (i, value) in outputs.gradImg1!.enumerated() {
            #expect(abs(Double(value) - judging.expected.gradImg1!.values[i]) <= bounds.gradImg1!.values[i], "grad_img1[\(i)]")
        }
        for precision in [Precision.float16, .bfloat16] {
            #expect(zip(judging.acceptance[precision]!.loss, bounds.loss).allSatisfy { $0 >= $1 }, "\(precision)")
            #expect(judging.notComputable[precision] == nil)
        }
    }

    /// Identical images have loss 0 and no gradient; the channels are averaged, so a three-channel image of one
    /// channel repeated gives the one-channel loss map; the loss is Kornia's mix of its own MS-SSIM and L1 maps.
    @Test func identitiesHold() throws {
        let (x, y) = try Self.pair([1, 1, 8, 9], seed: 3)
        let same = try MSSSIML1Reference.evaluate(x, x, maxVal: 1, reduction: .sum, gradients: true)
        #expect(abs(same.reducedLoss!) <= 1e-12)
        #expect(same.gradImg1!.values.allSatisfy { abs($0) <= 1e-12 })
        let repeated = { (image: ImageTensor<Double>) in
            try ImageTensor(shape: [1, 3, 8, 9], values: image.values + image.values + image.values)
        }
        let one = try MSSSIML1Reference.evaluate(x, y, maxVal: 1, reduction: .none, gradients: false)
        let three = try MSSSIML1Reference.evaluate(try repeated(x), try repeated(y), maxVal: 1, reduction: .none, gradients: false)
        #expect(three.mapShape == [1, 8, 9])
        for (a, b) in zip(one.loss, three.loss) { #expect(abs(a - b) <= 1e-12 * abs(a)) }
        // Kornia's mix: c·(α·(1 − MS-SSIM) + (1 − α)·L1 / L) of its own maps.
        for i in one.loss.indices {
            let mixed = 200 * (0.025 * (1 - one.msssim[i]) + 0.975 * one.l1[i])
            #expect(abs(one.loss[i] - mixed) <= 1e-12 * mixed)
        }
    }

    @Test func badInputsAreTypedErrors() throws {
        let (x, _) = try Self.pair([1, 1, 6, 6], seed: 1)
        let other = try ImageTensor(shape: [1, 1, 6, 5], values: [Double](repeating: 0, count: 30))
        #expect(throws: SSIMError.shapeMismatch(img1: [1, 1, 6, 6], img2: [1, 1, 6, 5])) {
            try MSSSIML1Reference.evaluate(x, other, maxVal: 1, reduction: .mean, gradients: false)
        }
        #expect(throws: SSIMError.invalidMaxVal(0)) {
            try MSSSIML1Reference.evaluate(x, x, maxVal: 0, reduction: .mean, gradients: false)
        }
        #expect(throws: SSIMError.outsideConvention(convention: "kornia", reason: "its alpha nan is not finite")) {
            try MSSSIML1Reference.evaluate(x, x, maxVal: 1, alpha: .nan, reduction: .mean, gradients: false)
        }
        // torch's reflect mirrors once: Kornia's 33 taps reach 16 pixels, more than a 6 × 6 image holds.
        var reflect = MSSSIML1Convention.kornia
        reflect.border = .reflect
        #expect(throws: SSIMError.imageTooSmall(height: 6, width: 6, windowSize: 33, padding: .same)) {
            try MSSSIML1Reference.evaluate(x, x, maxVal: 1, convention: reflect, reduction: .mean, gradients: false)
        }
        var noScale = MSSSIML1Convention.kornia
        noScale.sigmas = []
        #expect(throws: SSIMError.outsideConvention(convention: "kornia", reason: "it has no scale (sigmas [])")) {
            try MSSSIML1Reference.evaluate(x, x, maxVal: 1, convention: noScale, reduction: .mean, gradients: false)
        }
    }

    @Test func kornia() {
        let kornia = MSSSIML1Convention.named("kornia")
        #expect(kornia == .kornia)
        #expect(MSSSIML1Convention.kornia.taps == 33)
        #expect(MSSSIML1Convention.kornia.provenance?.version == "0.9.0")
        #expect(MSSSIML1Convention.kornia.description == "Kornia 0.9.0's MS_SSIMLoss")
        let conventions = ConventionsByMetric.vectors
        #expect(conventions.msssimL1 == .kornia)
        let named = try? ConventionsByMetric.read("kornia")
        #expect(named?.msssimL1 == .kornia && named?.ssim == .kornia && named?.msssim == nil)
    }
}
