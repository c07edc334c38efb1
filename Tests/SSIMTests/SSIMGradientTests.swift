import PropertyBased
@testable import SSIM
import TestSupport
import Testing

/// The analytic gradients against central differences of the reference's own loss, and the blur's adjoint.
@Suite struct SSIMGradientTests {
    /// Central difference (L(x + h e) − L(x − h e)) / 2h of the reduced loss (the sum for 'none').
    static func centralDifference(
        _ loss: SSIMLoss, _ img1: ImageTensor<Double>, _ img2: ImageTensor<Double>, wrtFirst: Bool, index: Int
    ) throws -> Double {
        let h = 1e-6
        func value(_ shift: Double) throws -> Double {
            var (x, y) = (img1, img2)
            if wrtFirst { x = try ImageTensor(shape: x.shape.dimensions, values: moved(x.values, index, shift)) }
            else { y = try ImageTensor(shape: y.shape.dimensions, values: moved(y.values, index, shift)) }
            return try loss(x, y).values.reduce(0, +)
        }
        return (try value(h) - value(-h)) / (2 * h)
    }

    static func moved(_ values: [Double], _ index: Int, _ shift: Double) -> [Double] {
        var values = values
        values[index] += shift
        return values
    }

    @Test func gradientsMatchCentralDifferences() async throws {
        await propertyCheck(
            count: 40, input: ImagePair.generator, Gen.element(of: SSIMPadding.allCases),
            Gen.element(of: SSIMReduction.allCases)
        ) { pair, padding, reduction in
            // Some noise keeps every pixel off the clamp's kink at SSIM = 1.
            let noisy = ImagePair(
                batch: pair.batch, channels: pair.channels, height: pair.height, width: pair.width,
                windowSize: pair.windowSize, noise: 0.2 + 0.8 * pair.noise, seed: pair.seed)
            let (img1, img2) = noisy.images
            let loss = try SSIMLoss(windowSize: pair.windowSize, eps: 0, reduction: reduction!, padding: padding!)
            let analytic = try loss.gradients(img1, img2)
            let scale = (analytic.gradImg1.values + analytic.gradImg2.values).map(abs).max()!
            // Corners, edge pixels inside the mirrored band, and the centre of the last plane.
            let (h, w) = (pair.height, pair.width)
            let last = (pair.batch * pair.channels - 1) * h * w
            let pixels = Set([0, w - 1, (h - 1) * w, h * w - 1, min(1, h - 1) * w + min(2, w - 1), last + (h / 2) * w + w / 2])
            for index in pixels {
                for wrtFirst in [true, false] {
                    let numeric = try Self.centralDifference(loss, img1, img2, wrtFirst: wrtFirst, index: index)
                    let exact = (wrtFirst ? analytic.gradImg1 : analytic.gradImg2).values[index]
                    #expect(abs(numeric - exact) <= 1e-6 * scale + 1e-9, "\(noisy) pixel \(index) img\(wrtFirst ? 1 : 2)")
                }
            }
        }
    }

    @Test func blurAdjointSatisfiesTheInnerProductIdentity() async throws {
        // ⟨blur(x), y⟩ = ⟨x, blurᵀ(y)⟩ for every x, y and border: the adjoint folds the border back correctly.
        await propertyCheck(input: ImagePair.generator) { pair in
            let options = try SSIMOptions(windowSize: pair.windowSize)
            let h = options.radius + 1 + pair.height % 5, w = options.radius + 1 + pair.width % 5
            var random = SplitMix64(seed: pair.seed)
            let x = (0..<(h * w)).map { _ in random.unit() - 0.5 }
            let y = (0..<(h * w)).map { _ in random.unit() - 0.5 }
            for border in SSIMConvention.Border.allCases {
                let blur = SeparableBlur(window: options.window, tapsPrecision: .float64, border: border, height: h, width: w)
                let left = zip(blur.apply(x), y).map(*).reduce(0, +)
                let right = zip(x, blur.adjoint(y)).map(*).reduce(0, +)
                #expect(abs(left - right) <= 1e-13, "\(h)x\(w) window \(pair.windowSize), \(border) border")
            }
        }
    }
}
