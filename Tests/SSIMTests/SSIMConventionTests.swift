@testable import SSIM
import Testing
import TestSupport

/// The reference under the choices other conventions make (``SSIMConvention``): each against an independent
/// implementation making the same choice (TestSupport's ``AlternativeSSIM``), within the convention's own acceptance
/// bounds, and its gradients against central differences.
@Suite struct SSIMConventionTests {
    /// A convention, the alternative's matching defects, and a name for messages.
    struct Choice: Sendable, CustomTestStringConvertible {
        let name: String
        let convention: SSIMConvention
        let defects: AlternativeSSIMDefects
        var testDescription: String { name }
    }

    static let choices: [Choice] = {
        func choice(_ name: String, _ convention: SSIMConvention, _ change: (inout AlternativeSSIMDefects) -> Void) -> Choice {
            var defects = AlternativeSSIMDefects()
            change(&defects)
            return Choice(name: name, convention: convention, defects: defects)
        }
        return [
            choice("circular border", SSIMConvention(border: .circular)) { $0.border = .circular },
            choice("K1 0.02, K2 0.05", SSIMConvention(k1: 0.02, k2: 0.05)) { ($0.k1, $0.k2) = (0.02, 0.05) },
            choice("no eps", SSIMConvention(includesEps: false)) { $0.ignoresEps = true },
            choice("1 - SSIM", SSIMConvention(loss: .oneMinusSSIM)) { $0.loss = .oneMinusSSIM },
            choice("clamped then halved", SSIMConvention(loss: .clampedThenHalved)) { $0.loss = .clampedThenHalved },
            choice("taps in float32", SSIMConvention(tapsPrecision: .float32)) { $0.tapsInFloat32 = true },
            // scikit-image's rule: σ 1.5 truncated at 3.5σ gives 11 taps whatever is asked, 'valid' cropped as asked.
            choice("taps truncated at 3.5σ", SSIMConvention(taps: .truncated(3.5), cropsByTaps: false)) {
                ($0.fixedWindowSize, $0.cropsAsAsked) = (11, true)
            },
            choice("7 taps, cropped by them", SSIMConvention(taps: .fixed(7))) { $0.fixedWindowSize = 7 },
            // Named conventions with a border, several choices at once.
            choice("scikit-image", .scikitImage) {
                ($0.border, $0.fixedWindowSize, $0.cropsAsAsked, $0.ignoresEps) = (.symmetric, 11, true, true)
            },
            choice("torchmetrics", .torchmetrics) { ($0.fixedWindowSize, $0.cropsAsAsked, $0.ignoresEps) = (11, true, true) },
            choice("matlab-ssim", .matlabSSIM) { ($0.border, $0.fixedWindowSize, $0.ignoresEps) = (.replicate, 11, true) },
        ]
    }()

    static let pairs = [
        ImagePair(batch: 1, channels: 2, height: 15, width: 17, windowSize: 5, noise: 0.4, seed: 11),
        ImagePair(batch: 2, channels: 1, height: 13, width: 12, windowSize: 11, noise: 0.2, seed: 12),
        ImagePair(batch: 1, channels: 1, height: 14, width: 16, windowSize: 3, noise: 0.7, seed: 13),
    ]

    @Test(arguments: choices)
    func matchesAnIndependentImplementationOfTheSameChoice(choice: Choice) throws {
        for pair in Self.pairs {
            for padding in SSIMPadding.allCases {
                let options = try SSIMOptions(windowSize: pair.windowSize, eps: 1e-12, padding: padding)
                let (img1, img2) = pair.images
                let reference = try SSIMReference.evaluate(
                    img1, img2, options: options, reduction: .none, gradients: false, convention: choice.convention)
                let bounds = try SSIMErrorBounds.acceptance(
                    img1, img2, options: options, reduction: .none, gradients: false, precision: .float64,
                    convention: choice.convention)
                let alternative = AlternativeSSIM<Double>(
                    windowSize: pair.windowSize, maxVal: 1, eps: 1e-12, valid: padding == .valid, defects: choice.defects
                ).maps(img1.values, img2.values, shape: img1.shape.dimensions)
                for (name, mine, theirs, bound) in [
                    ("ssim_map", reference.ssimMap!.values, alternative.ssim, bounds.ssimMap!.values),
                    ("loss", reference.lossMap!.values, alternative.loss, bounds.lossMap!.values),
                ] {
                    #expect(mine.count == theirs.count, "\(choice.name) \(pair) \(padding) \(name)")
                    guard mine.count == theirs.count else { continue }
                    let outside = mine.indices.filter {
                        !SSIMErrorBounds.accepts(theirs[$0], expected: mine[$0], bound: bound[$0])
                    }
                    #expect(outside.isEmpty, "\(choice.name) \(pair) \(padding) \(name): \(outside.count) outside")
                }
            }
        }
    }

    /// A symmetric border mirrors as often as the window reaches (scipy's `reflect`, MATLAB's `symmetric`): under
    /// scikit-image's 11 taps an image of 3 × 4 pixels is compared, not refused, and matches the alternative's
    /// repeated mirroring, in 'same' and in 'valid' cropped by the 3 asked, gradients included.
    @Test func symmetricBorderMirrorsAsOftenAsTheWindowReaches() throws {
        let pair = ImagePair(batch: 1, channels: 1, height: 3, width: 4, windowSize: 3, noise: 0.5, seed: 14)
        let (img1, img2) = pair.images
        var defects = AlternativeSSIMDefects()
        (defects.border, defects.fixedWindowSize, defects.cropsAsAsked, defects.ignoresEps) = (.symmetric, 11, true, true)
        for padding in SSIMPadding.allCases {
            let options = try SSIMOptions(windowSize: pair.windowSize, eps: 1e-12, padding: padding)
            let reference = try SSIMReference.evaluate(
                img1, img2, options: options, reduction: .sum, gradients: true, convention: .scikitImage)
            let bounds = try SSIMErrorBounds.acceptance(
                img1, img2, options: options, reduction: .none, gradients: false, precision: .float64, convention: .scikitImage)
            let alternative = AlternativeSSIM<Double>(
                windowSize: pair.windowSize, maxVal: 1, eps: 1e-12, valid: padding == .valid, defects: defects
            ).maps(img1.values, img2.values, shape: img1.shape.dimensions)
            let map = reference.ssimMap!.values
            #expect(map.count == (padding == .same ? 12 : 2))
            #expect(map.count == alternative.ssim.count)
            for i in map.indices where i < alternative.ssim.count {
                #expect(SSIMErrorBounds.accepts(alternative.ssim[i], expected: map[i], bound: bounds.ssimMap!.values[i]), "\(padding) element \(i)")
            }
            let h = 1e-6
            for index in [0, 5, 11] {
                func loss(_ shift: Double) throws -> Double {
                    var values = img1.values
                    values[index] += shift
                    return try SSIMReference.evaluate(
                        ImageTensor(shape: img1.shape.dimensions, values: values), img2, options: options, reduction: .sum,
                        gradients: false, convention: .scikitImage
                    ).reducedLoss!
                }
                let numeric = (try loss(h) - loss(-h)) / (2 * h)
                #expect(abs(numeric - reference.gradImg1!.values[index]) <= 1e-6, "\(padding) pixel \(index)")
            }
        }
    }

    /// The analytic gradients follow each choice: central differences of the reference's own loss under it.
    @Test(arguments: choices)
    func gradientsMatchCentralDifferences(choice: Choice) throws {
        let pair = Self.pairs[0]
        let (img1, img2) = pair.images
        for padding in SSIMPadding.allCases {
            let options = try SSIMOptions(windowSize: pair.windowSize, eps: 0, padding: padding)
            func loss(_ x: ImageTensor<Double>) throws -> Double {
                try SSIMReference.evaluate(x, img2, options: options, reduction: .sum, gradients: false, convention: choice.convention)
                    .reducedLoss!
            }
            let analytic = try SSIMReference.evaluate(
                img1, img2, options: options, reduction: .sum, gradients: true, convention: choice.convention).gradImg1!
            let scale = analytic.values.map(abs).max()!
            for index in [0, pair.width - 1, 3 * pair.width + 4, img1.values.count - 1] {
                let h = 1e-6
                var (plus, minus) = (img1.values, img1.values)
                plus[index] += h
                minus[index] -= h
                let numeric = (try loss(ImageTensor(shape: img1.shape.dimensions, values: plus))
                    - loss(ImageTensor(shape: img1.shape.dimensions, values: minus))) / (2 * h)
                #expect(abs(numeric - analytic.values[index]) <= 1e-6 * scale + 1e-9, "\(choice.name) \(padding) pixel \(index)")
            }
        }
    }

    /// Without a border only the 'valid' region exists: 'same' is outside the convention, and 'valid' is exactly
    /// what a border would give there (its windows never reach beyond the image), gradients included.
    @Test func withoutABorderOnlyTheValidRegionExists() throws {
        let pair = Self.pairs[0]
        let (img1, img2) = pair.images
        let none = SSIMConvention(name: "no-border", border: .none)
        let same = try SSIMOptions(windowSize: pair.windowSize, padding: .same)
        #expect(throws: SSIMError.self) {
            try SSIMReference.evaluate(img1, img2, options: same, reduction: .mean, gradients: false, convention: none)
        }
        do {
            _ = try SSIMErrorBounds.acceptance(
                img1, img2, options: same, reduction: .mean, gradients: false, precision: .float64, convention: none)
            Issue.record("'same' was bounded without a border")
        } catch {
            #expect(error.category == .unsupported && "\(error)".contains("`no-border`"), "\(error)")
        }
        let valid = try SSIMOptions(windowSize: pair.windowSize, padding: .valid)
        let without = try SSIMReference.evaluate(img1, img2, options: valid, reduction: .mean, gradients: true, convention: none)
        let reflected = try SSIMReference.evaluate(img1, img2, options: valid, reduction: .mean, gradients: true)
        #expect(without.ssimMap?.values == reflected.ssimMap?.values)
        #expect(without.gradImg1?.values == reflected.gradImg1?.values)
        #expect(without.gradImg2?.values == reflected.gradImg2?.values)
        // 11 taps cropped by the radius of the 5 asked would read 3 pixels beyond the image.
        let wide = SSIMConvention(name: "wide", border: .none, taps: .fixed(11), cropsByTaps: false)
        #expect(throws: SSIMError.outsideConvention(
            convention: "wide", reason: "its 'valid' map cropped by 2 pixels would read 3 beyond the image, which it does not pad (border none)")
        ) {
            try SSIMReference.evaluate(img1, img2, options: valid, reduction: .mean, gradients: false, convention: wide)
        }
    }
}
