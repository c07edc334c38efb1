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
        #expect(MSSSIMConvention.named("custom") == nil)
    }

    @Test(arguments: MSSSIMConvention.named.map(\.name))
    func computesAValueInTheUnitIntervalOnOddSizes(name: String) throws {
        let convention = try #require(MSSSIMConvention.named(name))
        let (img1, img2) = try MSSSIMReferenceTests.correlated([1, 3, 181, 193], seed: 30)
        let outputs = try MSSSIMReference.evaluate(
            img1, img2, maxVal: 1, convention: convention, reduction: .mean, gradients: false)
        #expect(outputs.msssim.count == (convention.channelPooling == .perChannel ? 3 : 1))
        #expect(outputs.msssim.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, "\(name): \(outputs.msssim)")
        // Correlated images: every scale's mean is positive, and MS-SSIM well above 0.
        #expect(outputs.scaleMeans.allSatisfy { $0.allSatisfy { $0 > 0 } }, "\(name): \(outputs.scaleMeans)")
        #expect(outputs.msssim.allSatisfy { $0 > 0.1 }, "\(name): \(outputs.msssim)")
        let sides = convention.downsampling == .floor
            ? [(181, 193), (90, 96), (45, 48), (22, 24), (11, 12)]
            : [(181, 193), (91, 97), (46, 49), (23, 25), (12, 13)]
        #expect(outputs.scaleShapes.map(\.dimensions) == sides.map { [1, 3, $0, $1] }, "\(name)")
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
        // torchmetrics (its own border, per-image pooling, float32 weights) differs even there: see below.
        let names = ["wang-msssim", "pytorch-msssim", "piq", "tensorflow"]
        let torchmetrics = [
            "torchmetrics", "torchmetrics-normalize-simple", "torchmetrics-normalize-none", "torchmetrics-data-range-none",
        ]
        #expect(Set(names + torchmetrics) == Set(MSSSIMConvention.named.map(\.name)))

        let even = try MSSSIMReferenceTests.correlated([1, 2, 192, 192], seed: 32)
        let evenWang = try evaluate("wang-msssim", even)
        for name in names.dropFirst() {
            #expect(try evaluate(name, even) == evenWang, "\(name) on 192 × 192")
        }
        let evenTorchmetrics = try evaluate("torchmetrics", even)
        #expect(evenTorchmetrics.msssim.count == 1 && abs(evenTorchmetrics.msssim[0] - evenWang.msssim[0]) > 1e-9)

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

    @Test func torchmetricsAveragesItsCsValidAndItsSSIMWhole() throws {
        // Its cs means (scales 1–4) are those of the same convention asked for 'valid' maps throughout; its SSIM
        // mean (scale 5) is that of the convention asked for 'same' maps throughout.
        let torchmetrics = try #require(MSSSIMConvention.named("torchmetrics"))
        #expect(torchmetrics.description.contains("cs padding valid"), "\(torchmetrics.description)")
        let (img1, img2) = try MSSSIMReferenceTests.correlated([2, 2, 181, 193], seed: 34)
        var valid = torchmetrics, same = torchmetrics
        (valid.padding, valid.csPadding, same.csPadding) = (.valid, nil, nil)
        func means(_ convention: MSSSIMConvention) throws -> [[Double]] {
            try MSSSIMReference.evaluate(img1, img2, maxVal: 1, convention: convention, reduction: .mean, gradients: false).scaleMeans
        }
        let (mixed, allValid, allSame) = (try means(torchmetrics), try means(valid), try means(same))
        #expect(Array(mixed[0..<4]) == Array(allValid[0..<4]))
        #expect(mixed[4] == allSame[4])
        #expect(mixed[4] != allValid[4] && mixed[0] != allSame[0])
        // Its weights are Wang's as float32 numbers: close, not equal.
        #expect(torchmetrics.weights != MSSSIMConvention.wangWeights)
        #expect(zip(torchmetrics.weights, MSSSIMConvention.wangWeights).allSatisfy { abs($0 - $1) < 1e-8 })
    }

    @Test func torchmetricsPyramidHoldsFrom96PixelsAndRefusesSmallerNamingThatSize() throws {
        // Floor halving: 96 → 48 → 24 → 12 → 6: the cs at 12 × 12 fits 'valid' 11 taps, the SSIM at 6 × 6 torch's
        // reflect pad of 5. At 95 the coarsest is 5 × 5, which reflect cannot pad by 5. (The named convention also
        // refuses what torchmetrics' message does: below.)
        var torchmetrics = try #require(MSSSIMConvention.named("torchmetrics"))
        torchmetrics.minimumSide = .pyramid
        let (least1, least2) = try MSSSIMReferenceTests.correlated([1, 1, 96, 96], seed: 35)
        let least = try MSSSIMReference.evaluate(least1, least2, maxVal: 1, convention: torchmetrics, reduction: .mean, gradients: false)
        #expect(least.scaleShapes.last!.dimensions == [1, 1, 6, 6] && least.msssim[0].isFinite)
        let (small1, small2) = try MSSSIMReferenceTests.correlated([1, 1, 95, 100], seed: 36)
        #expect(throws: SSIMError.imageTooSmallForScales(
            height: 95, width: 100, scales: 5, coarsestHeight: 5, coarsestWidth: 6, neededAtCoarsest: 6, neededImage: 96)
        ) { try MSSSIMReference.evaluate(small1, small2, maxVal: 1, convention: torchmetrics, reduction: .mean, gradients: false) }
    }

    /// What becomes of a caller's weights: used as given (Wang's), divided by their sum (piq's scale_weights), rounded
    /// to float32 (torchmetrics' betas); the window asked applies to every scale.
    @Test func aCallersWeightsAndWindowAreTakenAsEachLibraryTakesThem() {
        let given = [0.2, 0.3, 0.6]
        let wang = MSSSIMConvention.wangMSSSIM.asked(windowSize: 7, weights: given)
        #expect(wang.windowSize == 7 && wang.exponents == given)
        let piq = MSSSIMConvention.piq.asked(windowSize: 7, weights: given)
        #expect(piq.exponents == given.map { $0 / 1.1 })
        #expect(MSSSIMConvention.piq.asked(windowSize: 11, weights: nil).exponents == MSSSIMConvention.wangWeights)
        let torchmetrics = MSSSIMConvention.torchmetrics.asked(windowSize: 7, weights: given)
        #expect(torchmetrics.exponents == given.map { Double(Float($0)) } && torchmetrics.exponents != given)
    }

    /// torchmetrics refuses the sides its message names (not beyond (k − 1)·2^(M − 1): 160 for five scales of 11 taps)
    /// though its pyramid would compute them; Wang's refuses what its pyramid cannot hold.
    @Test func torchmetricsRefusesTheSidesItsMessageNames() throws {
        for (side, refused) in [(160, true), (161, false)] {
            let (img1, img2) = try MSSSIMReferenceTests.correlated([1, 1, side, side], seed: 31)
            let result = Result { () throws(SSIMError) in
                try MSSSIMReference.evaluate(img1, img2, maxVal: 1, convention: .torchmetrics, reduction: .mean, gradients: false)
            }
            guard case .failure(let error) = result else {
                #expect(!refused, "\(side) was computed")
                continue
            }
            #expect(refused && error.category == .imageTooSmall, "\(side): \(error)")
        }
        // Its pyramid alone (floor downsampling, reflect border) holds 100 pixels.
        var pyramidOnly = MSSSIMConvention.torchmetrics
        pyramidOnly.minimumSide = .pyramid
        let (img1, img2) = try MSSSIMReferenceTests.correlated([1, 1, 100, 100], seed: 32)
        #expect((try? MSSSIMReference.evaluate(img1, img2, maxVal: 1, convention: pyramidOnly, reduction: .mean, gradients: false)) != nil)
    }

    /// torchmetrics' `normalize` choices differ only where a mean is negative: anti-correlated images (y = 1 − x),
    /// whose cs is negative at every scale, give 0 under relu, NaN under None, and under 'simple' the product of the
    /// means mapped to (v + 1)/2, strictly between 0 and 1.
    @Test func torchmetricsNormalizeChoicesDifferOnlyOnNegativeMeans() throws {
        func evaluate(_ name: String, _ images: (ImageTensor<Double>, ImageTensor<Double>)) throws -> [Double] {
            try MSSSIMReference.evaluate(
                images.0, images.1, maxVal: 1, convention: #require(MSSSIMConvention.named(name)), reduction: .none,
                gradients: false).msssim
        }
        let (x, _) = try MSSSIMReferenceTests.correlated([1, 1, 176, 176], seed: 34)
        let anticorrelated = (x, try ImageTensor(shape: x.shape.dimensions, values: x.values.map { 1 - $0 }))
        #expect(try evaluate("torchmetrics", anticorrelated) == [0])
        #expect(try evaluate("torchmetrics-normalize-none", anticorrelated).allSatisfy(\.isNaN))
        let simple = try evaluate("torchmetrics-normalize-simple", anticorrelated)
        #expect(simple.count == 1 && simple[0] > 0 && simple[0] < 1, "\(simple)")

        let correlated = try MSSSIMReferenceTests.correlated([1, 1, 176, 176], seed: 35)
        let relu = try evaluate("torchmetrics", correlated)
        #expect(try evaluate("torchmetrics-normalize-none", correlated) == relu)
        #expect(try evaluate("torchmetrics-normalize-simple", correlated) != relu)
    }
}
