import SSIM
import SSIMAdapterProtocol
@testable import SSIMConformance
import Testing

/// The reference answering SSIM and MS-SSIM, with one defect planted in its MS-SSIM answers.
struct MSSSIMBreaker: SSIMImplementation {
    enum Defect: Sendable, CaseIterable {
        /// Each unit's MS-SSIM (and 'none' loss) moved by 10⁻³·(Σimg1 − Σimg2)/(N·maxVal) when it has more than one
        /// scale: a defect of the coarser scales, not symmetric.
        case asymmetric
        /// Identical images answered MS-SSIM 1 − 10⁻³ (loss 10⁻³).
        case notIdentity
        /// The gradients' signs flipped.
        case gradientSign
        /// Each sample after the first carries 10⁻³ of the first sample's MS-SSIM: its answer depends on its place.
        case batchLeak
        /// MS-SSIM computed over the reflected border ('same', Kornia's per-scale SSIM) while its SSIM is judged
        /// 'valid': one scale of it is not its own SSIM.
        case borderedScales
    }

    let defect: Defect
    var name: String { "ms-ssim breaker (\(defect))" }
    let version = "test"
    let metrics = Set(CaseMetric.names)

    /// `wang-msssim` with Kornia's SSIM (reflected border) at each scale, 'same'.
    static let bordered: MSSSIMConvention = {
        var convention = MSSSIMConvention.wangMSSSIM
        (convention.scale, convention.padding) = (.kornia, .same)
        return convention
    }()

    func evaluate(_ request: AdapterCase) -> AdapterAnswer {
        let reference = ReferenceImplementation(msssimConvention: defect == .borderedScales ? Self.bordered : .wangMSSSIM)
        guard case .msSSIM(let weights) = request.metric, case .outputs(var outputs) = reference.evaluate(request) else {
            return reference.evaluate(request)
        }
        /// The units' MS-SSIM and 'none' loss, each changed by `change` (given the unit's index and its MS-SSIM).
        func units(_ change: (Int, Double) -> Double) {
            guard let msssim = outputs[.msSSIM]?.values ?? outputs[.loss].map({ $0.values.map { 1 - $0 } }),
                request.reduction == "none"
            else { return }
            let changed = msssim.indices.map { change($0, msssim[$0]) }
            for (output, values) in [(AdapterOutput.msSSIM, changed), (.loss, changed.map { 1 - $0 })] {
                guard let array = outputs[output] else { continue }
                outputs[output] = ProtocolArray(shape: array.shape, precision: array.precision, values: values)
            }
        }
        switch defect {
        case .asymmetric where weights?.count != 1:
            let count = Double(request.img1.values.count)
            let shift = 1e-3 * (request.img1.values.reduce(0, +) - request.img2.values.reduce(0, +)) / (count * request.maxVal)
            units { $1 + shift }
        case .notIdentity where request.img1.values == request.img2.values:
            for output in [AdapterOutput.msSSIM, .loss] {
                guard let array = outputs[output] else { continue }
                let value = output == .msSSIM ? 1 - 1e-3 : 1e-3
                outputs[output] = ProtocolArray(shape: array.shape, precision: array.precision, values: array.values.map { _ in value })
            }
        case .gradientSign:
            for output in [AdapterOutput.gradImg1, .gradImg2] {
                guard let array = outputs[output] else { continue }
                outputs[output] = ProtocolArray(shape: array.shape, precision: array.precision, values: array.values.map { -$0 })
            }
        case .batchLeak:
            // Units of a sample: its channels (wang-msssim pools each channel alone).
            let perSample = request.img1.shape[1]
            guard let first = outputs[.msSSIM]?.values else { break }
            units { unit, value in unit < perSample ? value : value + 1e-3 * (first[unit % perSample] - value) }
        default:
            break
        }
        return .outputs(outputs)
    }
}

@Suite struct MSSSIMPropertyTests {
    static let msssimProperties = SSIMProperty.allCases.filter(\.isMultiScale)
    static let runner = PropertyRunner(seed: 20261206, inputsPerProperty: 3, reproducerFolder: nil)

    static func failures(_ results: [CaseResult]) -> [String] {
        results.filter { $0.verdict != .pass }.map { "\($0.id): \($0.verdict.rawValue) \($0.detail ?? "")" }
    }

    @Test func theReferenceHasEveryMSSSIMPropertyUnderWang() {
        let results = Self.runner.run(ReferenceImplementation(), properties: Self.msssimProperties)
        #expect(results.count == 3 * Self.msssimProperties.count)
        #expect(results.allSatisfy { $0.verdict == .pass && $0.tags.contains("ms-ssim") }, "\(Self.failures(results))")
    }

    /// Under each library's MS-SSIM convention, the reference computing it (and that library's SSIM, whose mean a
    /// single scale is) has every property: relu on the means, per-image pooling, 'same' SSIM maps and float32
    /// weights included; the bounds are checked where the value range claims one.
    @Test(arguments: ["pytorch-msssim", "piq", "torchmetrics", "tensorflow"])
    func theReferenceHasEveryMSSSIMPropertyUnderEachLibrarysConvention(_ name: String) throws {
        let msssim = try #require(MSSSIMConvention.named(name))
        let ssim = try #require(SSIMConvention.named(name))
        let results = PropertyRunner(seed: 20261207, inputsPerProperty: 2, reproducerFolder: nil).run(
            ReferenceImplementation(convention: ssim, msssimConvention: msssim), properties: Self.msssimProperties,
            convention: ssim, msssimConvention: msssim)
        #expect(results.count == 2 * Self.msssimProperties.count)
        // The value range claims nothing where the taps are built in float32 (pytorch-msssim's, TensorFlow's).
        let rangeless = ssim.tapsPrecision == .float32
        for result in results {
            if rangeless && result.tags.contains(SSIMProperty.msssimBounds.rawValue) {
                #expect(result.verdict == .notSupported && result.detail?.contains("promises no range") == true, "\(result.detail ?? "")")
            } else {
                #expect(result.verdict == .pass, "\(result.id): \(result.detail ?? "")")
            }
        }
    }

    /// Each planted defect fails its property, and only it.
    @Test(arguments: [
        (MSSSIMBreaker.Defect.asymmetric, SSIMProperty.msssimSymmetry),
        (.notIdentity, .msssimIdentity),
        (.gradientSign, .msssimGradient),
        (.batchLeak, .msssimBatchOrder),
        (.borderedScales, .msssimSingleScale),
    ])
    func aPlantedDefectFailsItsPropertyAlone(_ defect: MSSSIMBreaker.Defect, _ property: SSIMProperty) {
        let results = Self.runner.run(MSSSIMBreaker(defect: defect), properties: Self.msssimProperties)
        let failing = Set(results.filter { $0.verdict == .fail }.map { $0.tags.last! })
        #expect(failing == [property.rawValue], "\(Self.failures(results))")
        #expect(results.allSatisfy { $0.verdict == .pass || $0.verdict == .fail }, "\(Self.failures(results))")
    }

    @Test func anImplementationWithoutMSSSIMHasItsPropertiesNotSupported() {
        let results = Self.runner.run(PropertyBreaker(defect: .asymmetric), properties: Self.msssimProperties)
        #expect(results.count == 3 * Self.msssimProperties.count)
        #expect(results.allSatisfy { $0.verdict == .notSupported && $0.detail?.contains("declared unsupported") == true }, "\(results.map(\.detail))")
    }

    /// Without an MS-SSIM convention (a library certified for its SSIM alone) no MS-SSIM property is checked; without
    /// an SSIM one, only MS-SSIM's are.
    @Test func eachMetricsPropertiesRunOnlyUnderAConventionOfIt() {
        let runner = PropertyRunner(seed: 1, inputsPerProperty: 1, reproducerFolder: nil)
        let ssimOnly = runner.run(ReferenceImplementation(), properties: [.symmetry, .msssimSymmetry], msssimConvention: nil)
        #expect(ssimOnly.map(\.id) == ["property-symmetry-000"])
        let msssimOnly = runner.run(ReferenceImplementation(), properties: [.symmetry, .msssimSymmetry], convention: nil)
        #expect(msssimOnly.map(\.id) == ["property-ms-ssim-symmetry-000"])
        #expect(msssimOnly.first?.verdict == .pass)
    }

    /// A check the implementation answers only as a mean loss falls back to the MS-SSIM mean form.
    @Test func aMeanOnlyImplementationIsCheckedOnMeanLosses() {
        let results = PropertyRunner(seed: 5, inputsPerProperty: 1, reproducerFolder: nil)
            .run(MeanOnlyMSSSIM(), properties: [.msssimSymmetry, .msssimBatchOrder, .msssimSingleScale])
        #expect(results.allSatisfy { $0.verdict == .pass && $0.detail == "checked on MS-SSIM mean losses" }, "\(Self.failures(results))")
    }
}

/// The reference answering MS-SSIM's mean loss alone (and SSIM's), as a library of losses does.
struct MeanOnlyMSSSIM: SSIMImplementation {
    let name = "mean-only ms-ssim", version = "test"
    let metrics = Set(CaseMetric.names)

    func evaluate(_ request: AdapterCase) -> AdapterAnswer {
        guard request.metric == .ssim || request.reduction != "none" else {
            return .error(category: AdapterProtocol.unsupported, message: "mean losses only")
        }
        return ReferenceImplementation().evaluate(request)
    }
}
