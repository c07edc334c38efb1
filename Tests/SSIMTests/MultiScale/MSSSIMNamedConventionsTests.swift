@testable import SSIM
import Testing
import TestSupport

/// The named MS-SSIM conventions (``MSSSIMConvention/named``): found by name, computable on odd sizes with gradients
/// that match central differences, and told apart by their downsampling rules where the sizes are odd.
@Suite struct MSSSIMNamedConventionsTests {
    @Test func namesAreUniqueAndFoundAndEachCarriesItsProvenance() throws {
        let names = MSSSIMConvention.named.map(\.name)
        #expect(Set(names).count == names.count, "\(names)")
        #expect(names.first == "wang-msssim")
        for convention in MSSSIMConvention.named {
            #expect(MSSSIMConvention.named(convention.name) == convention, "\(convention.name)")
            #expect(!convention.summary.isEmpty, "\(convention.name)")
            let provenance = try #require(convention.provenance, "\(convention.name) has no provenance")
            #expect(!provenance.locations.isEmpty && !provenance.pin.isEmpty && !provenance.version.isEmpty, "\(convention.name)")
            #expect((try? convention.check()) != nil, "\(convention.name)")
        }
        #expect(MSSSIMConvention.named("torchmetrics") == nil)
        #expect(MSSSIMConvention.named("custom") == nil)
    }

    @Test(arguments: MSSSIMConvention.named.map(\.name))
    func computesAValueInTheUnitIntervalOnOddSizes(name: String) throws {
        let convention = try #require(MSSSIMConvention.named(name))
        let (img1, img2) = try MSSSIMReferenceTests.correlated([1, 3, 181, 193], seed: 30)
        let outputs = try MSSSIMReference.evaluate(
            img1, img2, maxVal: 1, convention: convention, reduction: .mean, gradients: false)
        #expect(outputs.msssim.count == 3)
        #expect(outputs.msssim.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, "\(name): \(outputs.msssim)")
        // Correlated images: every scale's mean is positive, and MS-SSIM well above 0.
        #expect(outputs.scaleMeans.allSatisfy { $0.allSatisfy { $0 > 0 } }, "\(name): \(outputs.scaleMeans)")
        #expect(outputs.msssim.allSatisfy { $0 > 0.1 }, "\(name): \(outputs.msssim)")
        #expect(outputs.scaleShapes.map(\.dimensions) == [
            [1, 3, 181, 193], [1, 3, 91, 97], [1, 3, 46, 49], [1, 3, 23, 25], [1, 3, 12, 13],
        ], "\(name)")
    }

    @Test(arguments: MSSSIMConvention.named.map(\.name))
    func gradientsMatchCentralDifferencesOnOddSizes(name: String) throws {
        // Both sides odd at the first halving; at 46 × 49 one side even, which piq's rule pads as well.
        let convention = try #require(MSSSIMConvention.named(name))
        let (img1, img2) = try MSSSIMReferenceTests.correlated([1, 1, 181, 193], seed: 31)
        try MSSSIMReferenceTests.expectGradientsMatch(img1, img2, convention: convention, reduction: .mean, name)
    }

    @Test func oddSizesTellTheDownsamplingRulesApartAndEvenOnesDoNot() throws {
        // On 192 × 192 every halving (192, 96, 48, 24 → 12) is of an even size: all four rules average the same
        // 2 × 2 blocks, the per-scale SSIM is the same ('valid', 11 taps σ 1.5, no eps), and relu leaves positive
        // means alone, so the named conventions compute the same numbers. On 181 × 193 the rules differ at the first
        // halving: msssim.m and TensorFlow repeat the last row/column, pytorch-msssim averages in a zero before the
        // first, piq repeats the first; scale 1 (before any halving) is the same for all.
        func evaluate(_ name: String, _ images: (ImageTensor<Double>, ImageTensor<Double>)) throws -> MSSSIMOutputs {
            try MSSSIMReference.evaluate(
                images.0, images.1, maxVal: 1, convention: #require(MSSSIMConvention.named(name)), reduction: .none,
                gradients: false)
        }
        let names = ["wang-msssim", "pytorch-msssim", "piq", "tensorflow"]
        #expect(Set(names) == Set(MSSSIMConvention.named.map(\.name)))

        let even = try MSSSIMReferenceTests.correlated([1, 2, 192, 192], seed: 32)
        let evenWang = try evaluate("wang-msssim", even)
        for name in names.dropFirst() {
            #expect(try evaluate(name, even) == evenWang, "\(name) on 192 × 192")
        }

        let odd = try MSSSIMReferenceTests.correlated([1, 2, 181, 193], seed: 33)
        let outputs = try Dictionary(uniqueKeysWithValues: names.map { ($0, try evaluate($0, odd)) })
        let wang = outputs["wang-msssim"]!, pytorch = outputs["pytorch-msssim"]!, piq = outputs["piq"]!
        #expect(outputs["tensorflow"]! == wang, "TensorFlow's rule is msssim.m's: the same in Double")
        for (a, b, label) in [(wang, pytorch, "wang/pytorch-msssim"), (wang, piq, "wang/piq"), (pytorch, piq, "pytorch-msssim/piq")] {
            #expect(a.scaleMeans[0] == b.scaleMeans[0], "\(label): scale 1")
            for j in 1..<5 {
                for (x, y) in zip(a.scaleMeans[j], b.scaleMeans[j]) {
                    #expect(abs(x - y) > 1e-9, "\(label): scale \(j + 1) \(x) vs \(y)")
                }
            }
            for (x, y) in zip(a.msssim, b.msssim) { #expect(abs(x - y) > 1e-9, "\(label): \(x) vs \(y)") }
        }
    }
}
