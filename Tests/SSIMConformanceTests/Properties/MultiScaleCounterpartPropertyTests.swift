import SSIM
import SSIMAdapterProtocol
@testable import SSIMConformance
import Testing
import TestSupport

/// The reference answering every metric, with one defect planted in its answers of one metric: 3-D MS-SSIM or
/// MS-SSIM + L1.
struct MultiScaleCounterpartBreaker: SSIMImplementation {
    /// Large enough to exceed MS-SSIM + L1's bounds, about 10⁻³ of its loss (its float32 taps, its compensation 200).
    enum Defect: Sendable, CaseIterable {
        /// Identical images answered MS-SSIM 0.9 and every loss element 0.1.
        case notIdentity
        /// Every MS-SSIM and loss element moved up by 0.1 when Σimg1 > Σimg2, down when Σimg1 < Σimg2: not symmetric
        /// (and the same shift in a probe's losses as in its neighbours', which leaves their differences alone).
        case asymmetric
        /// The gradients' signs flipped.
        case gradientSign
        /// Every unit's MS-SSIM and loss answered as the first unit's: the batch's units mixed up.
        case firstUnitEverywhere
        /// Every MS-SSIM and loss element moved up by 0.1 when the first channel of img1 + img2 (over the batch) sums
        /// to more than the last, down when to less, where the images differ: the answer hangs on the channels' order.
        case channelOrderDependent
        /// The gradients those of the convention's own MS-SSIM + L1 α and compensation, whatever the case asks.
        case gradientOfTheConventionsMix
    }

    /// The metric whose answers are broken (``SSIMAdapterProtocol/CaseMetric/name``).
    let metric: String
    let defect: Defect
    var name: String { "\(metric) breaker (\(defect))" }
    let version = "test"
    let metrics = Set(CaseMetric.names)

    func evaluate(_ request: AdapterCase) -> AdapterAnswer {
        let answer = ReferenceImplementation().evaluate(request)
        guard request.metric.name == metric, case .outputs(var outputs) = answer else { return answer }
        func changed(_ output: AdapterOutput, _ change: (Double) -> Double) {
            guard let array = outputs[output] else { return }
            outputs[output] = ProtocolArray(
                shape: array.shape, precision: array.precision, values: array.values.map(change))
        }
        let (x, y) = (request.img1.values, request.img2.values)
        switch defect {
        case .notIdentity where x == y:
            changed(.msSSIM) { _ in 0.9 }
            changed(.loss) { _ in 0.1 }
        case .asymmetric:
            let (sum1, sum2) = (x.reduce(0, +), y.reduce(0, +))
            let shift = sum1 > sum2 ? 0.1 : sum1 < sum2 ? -0.1 : 0
            changed(.msSSIM) { $0 + shift }
            changed(.loss) { $0 + shift }
        case .gradientSign:
            changed(.gradImg1) { -$0 }
            changed(.gradImg2) { -$0 }
        case .firstUnitEverywhere:
            for output in [AdapterOutput.msSSIM, .loss] {
                guard let first = outputs[output]?.values.first else { continue }
                changed(output) { _ in first }
            }
        case .gradientOfTheConventionsMix:
            guard case .msSSIML1 = request.metric, outputs[.gradImg1] != nil else { break }
            let asConvention = AdapterCase(
                id: request.id, img1: request.img1, img2: request.img2, windowSize: request.windowSize,
                maxVal: request.maxVal, eps: request.eps, padding: request.padding, reduction: request.reduction,
                outputs: request.outputs, metric: .msSSIML1(alpha: nil, compensation: nil))
            guard case .outputs(let conventions) = ReferenceImplementation().evaluate(asConvention) else { break }
            (outputs[.gradImg1], outputs[.gradImg2]) = (conventions[.gradImg1], conventions[.gradImg2])
        case .channelOrderDependent where x != y:
            let shape = request.img1.shape, channels = shape[1], size = shape[2...].reduce(1, *)
            func channelSum(_ c: Int) -> Double {
                var sum = 0.0
                for b in 0..<shape[0] {
                    let start = (b * channels + c) * size
                    for i in start..<(start + size) { sum += x[i] + y[i] }
                }
                return sum
            }
            let (first, last) = (channelSum(0), channelSum(channels - 1))
            let shift = first > last ? 0.1 : first < last ? -0.1 : 0
            changed(.msSSIM) { $0 + shift }
            changed(.loss) { $0 + shift }
        default:
            break
        }
        return .outputs(outputs)
    }
}

/// The 3-D MS-SSIM and MS-SSIM + L1 properties (``SSIMProperty/multiScaleCounterpart``).
@Suite struct MultiScaleCounterpartPropertyTests {
    static let counterpartProperties = SSIMProperty.allCases.filter { $0.multiScaleCounterpart != nil }
    static let runner = PropertyRunner(seed: 20261207, inputsPerProperty: 3, reproducerFolder: nil)

    static func failures(_ results: [CaseResult]) -> [String] {
        results.filter { $0.verdict != .pass }.map { "\($0.id): \($0.verdict.rawValue) \($0.detail ?? "")" }
    }

    @Test func everyPropertyOfTheTwoMetricsHasACounterpartTaggedWithItsMetric() {
        let names = Set(Self.counterpartProperties.map(\.rawValue))
        #expect(names == [
            "ms-ssim-3d-identity", "ms-ssim-3d-symmetry", "ms-ssim-3d-gradient-is-central-difference",
            "ms-ssim-3d-batch-order", "ms-ssim-3d-channel-order", "ms-ssim-l1-identity", "ms-ssim-l1-symmetry",
            "ms-ssim-l1-gradient-is-central-difference",
        ])
        for property in Self.counterpartProperties {
            let metric = property.rawValue.hasPrefix("ms-ssim-3d-") ? CaseMetric.msSSIM3DName : CaseMetric.msSSIML1Name
            #expect(property.metric == metric && property.tags == ["property", metric, property.rawValue])
            #expect(!property.isMultiScale && !property.isVolume, "\(property)")
        }
        #expect(SSIMProperty.msssimSymmetry.metric == CaseMetric.msSSIMName)
        #expect(SSIMProperty.volumeSymmetry.metric == CaseMetric.ssim3DName)
        #expect(SSIMProperty.symmetry.metric == CaseMetric.ssimName)
    }

    /// Each request is of the property's own metric: volumes for 3-D MS-SSIM, and no weights for MS-SSIM + L1.
    @Test(arguments: counterpartProperties)
    func theRequestsAreOfThePropertysMetric(_ property: SSIMProperty) throws {
        let check = try #require(Self.runner.checks(
            [property], patterns: [], convention: .kornia, msssimConvention: .wangMSSSIM,
            msssim3DConvention: .torchmetrics, msssimL1Convention: .kornia
        ).first)
        #expect(!check.requests.isEmpty)
        for request in check.requests {
            #expect(request.metric.name == property.metric, "\(request.id)")
            #expect(request.img1.shape.count == (property.metric == CaseMetric.msSSIM3DName ? 5 : 4), "\(request.id)")
        }
    }

    /// Probed by at most 2h, an MS-SSIM + L1 pixel never crosses img2's, where |x − y| has no derivative, nor
    /// leaves [0, L].
    @Test func theMSSSIML1InputsKeepTheirProbedPixelsApart() {
        let checks = PropertyRunner(seed: 3, inputsPerProperty: 20, reproducerFolder: nil).checks(
            [.msssimL1Gradient], patterns: [], convention: nil, msssimConvention: nil, msssimL1Convention: .kornia)
        #expect(checks.count == 20)
        for check in checks {
            let (input, reach) = (check.input, 2 * check.input.probeStep)
            #expect(input.probeStep == 5e-2 * input.maxVal)
            for probe in SSIMProperty.probes(input) {
                #expect(abs(input.img1[probe.pixel] - input.img2[probe.pixel]) > reach, "\(input), \(probe.name)")
            }
            #expect((input.img1 + input.img2).allSatisfy { $0 >= reach && $0 <= input.maxVal - reach }, "\(input)")
        }
    }

    /// Half the MS-SSIM + L1 pairs are asked with an α and compensation of their own, which their requests carry.
    @Test func theMSSSIML1InputsAskOtherMixesToo() {
        let checks = PropertyRunner(seed: 5, inputsPerProperty: 24, reproducerFolder: nil).checks(
            [.msssimL1Symmetry], patterns: [], convention: nil, msssimConvention: nil, msssimL1Convention: .kornia)
        let mixes = checks.map { [$0.input.l1Alpha, $0.input.l1Compensation] }
        #expect(mixes.contains([nil, nil]) && mixes.contains { $0 != [nil, nil] })
        for check in checks {
            let (alpha, compensation) = (check.input.l1Alpha, check.input.l1Compensation)
            #expect((alpha == nil) == (compensation == nil))
            #expect(alpha.map { [0.025, 0.5, 0.84, 1].contains($0) } ?? true && compensation.map { [1, 200].contains($0) } ?? true)
            for request in check.requests {
                guard case .msSSIML1(let asked, let askedCompensation) = request.metric else {
                    Issue.record("\(request.id) is not an MS-SSIM + L1 case")
                    continue
                }
                #expect(asked == alpha && askedCompensation == compensation, "\(request.id)")
            }
        }
    }

    /// Gradients of the convention's mix where the case asks another fail the gradient property alone.
    @Test func aGradientThatIgnoresTheCasesMixFailsTheGradientPropertyAlone() {
        let properties = Self.counterpartProperties.filter { $0.metric == CaseMetric.msSSIML1Name }
        let breaker = MultiScaleCounterpartBreaker(metric: CaseMetric.msSSIML1Name, defect: .gradientOfTheConventionsMix)
        let results = PropertyRunner(seed: 20261207, inputsPerProperty: 6, reproducerFolder: nil)
            .run(breaker, properties: properties)
        let failing = results.filter { $0.verdict == .fail }
        #expect(!failing.isEmpty && Set(failing.map { $0.tags.last! }) == [SSIMProperty.msssimL1Gradient.rawValue],
                "\(Self.failures(results))")
    }

    @Test func theReferenceHasEveryProperty() {
        let results = Self.runner.run(ReferenceImplementation(), properties: Self.counterpartProperties)
        #expect(results.count == 3 * Self.counterpartProperties.count)
        #expect(results.allSatisfy(Self.passedOnMaps), "\(Self.failures(results))")
    }

    @Test func theFastImplementationHasEveryProperty() {
        let results = Self.runner.run(FastImplementation(), properties: Self.counterpartProperties)
        #expect(results.count == 3 * Self.counterpartProperties.count)
        #expect(results.allSatisfy(Self.passedOnMaps), "\(Self.failures(results))")
    }

    /// Whether the check passed in its metric's first form, which asks for every element.
    static func passedOnMaps(_ result: CaseResult) -> Bool {
        let form = result.tags.contains(CaseMetric.msSSIML1Name) ? PropertyForm.msssimL1Maps : .msssimUnits
        return result.verdict == .pass && result.detail == "checked on \(form.rawValue)"
    }

    /// The reference computing pytorch-msssim's 3-D MS-SSIM has its properties under that convention.
    @Test func theReferenceHasTheMSSSIM3DPropertiesUnderPytorchMSSSIM() {
        let convention = MSSSIM3DConvention.pytorchMSSSIM
        let properties = Self.counterpartProperties.filter { $0.metric == CaseMetric.msSSIM3DName }
        let results = PropertyRunner(seed: 20261208, inputsPerProperty: 2, reproducerFolder: nil).run(
            ReferenceImplementation(msssim3DConvention: convention), properties: properties,
            msssim3DConvention: convention)
        #expect(results.count == 2 * properties.count)
        #expect(results.allSatisfy { $0.verdict == .pass }, "\(Self.failures(results))")
    }

    /// Each planted defect fails its property, and only it among its metric's.
    @Test(arguments: [
        (CaseMetric.msSSIM3DName, MultiScaleCounterpartBreaker.Defect.notIdentity, SSIMProperty.msssim3DIdentity),
        (CaseMetric.msSSIM3DName, .asymmetric, .msssim3DSymmetry),
        (CaseMetric.msSSIM3DName, .gradientSign, .msssim3DGradient),
        (CaseMetric.msSSIM3DName, .firstUnitEverywhere, .msssim3DBatchOrder),
        (CaseMetric.msSSIM3DName, .channelOrderDependent, .msssim3DChannelOrder),
        (CaseMetric.msSSIML1Name, .notIdentity, .msssimL1Identity),
        (CaseMetric.msSSIML1Name, .asymmetric, .msssimL1Symmetry),
        (CaseMetric.msSSIML1Name, .gradientSign, .msssimL1Gradient),
    ])
    func aPlantedDefectFailsItsPropertyAlone(
        _ metric: String, _ defect: MultiScaleCounterpartBreaker.Defect, _ property: SSIMProperty
    ) {
        let properties = Self.counterpartProperties.filter { $0.metric == metric }
        let breaker = MultiScaleCounterpartBreaker(metric: metric, defect: defect)
        let results = Self.runner.run(breaker, properties: properties)
        #expect(results.count == 3 * properties.count)
        let failing = Set(results.filter { $0.verdict == .fail }.map { $0.tags.last! })
        #expect(failing == [property.rawValue], "\(Self.failures(results))")
        #expect(results.allSatisfy { $0.verdict == .pass || $0.verdict == .fail }, "\(Self.failures(results))")
    }

    /// A failing check's reproducer is written (its file notes its metric's tag: MS-SSIM's too, whose reproducers
    /// went unwritten for want of that note) and fails under `certify` again, where the reference passes it.
    @Test(arguments: [
        (CaseMetric.msSSIM3DName, SSIMProperty.msssim3DSymmetry), (CaseMetric.msSSIML1Name, .msssimL1Symmetry),
        (CaseMetric.msSSIMName, .msssimSymmetry),
    ])
    func aFailingCheckWritesAReproducerThatFailsAgain(_ metric: String, _ property: SSIMProperty) throws {
        let broken = MultiScaleCounterpartBreaker(metric: metric, defect: .asymmetric)
        let results = PropertyRunner(seed: 11, inputsPerProperty: 2, reproducerFolder: try temporaryFolder().path)
            .run(broken, properties: [property])
        let detail = try #require(results.first { $0.verdict == .fail }?.detail)
        let path = try #require(detail.range(of: "reproducer: ").map { String(detail[$0.upperBound...]) }, "\(detail)")
        let reproducer = try ConformanceRunner.loadCases(from: path)
        #expect(reproducer.cases.count == 2 && reproducer.cases.allSatisfy { $0.request.metric.name == metric })
        let rerun = ConformanceRunner.certify(broken, cases: reproducer.cases, vectors: reproducer.files, requireFull: false)
        #expect(rerun.summary.level == .fail)
        let reference = ConformanceRunner.certify(
            ReferenceImplementation(), cases: reproducer.cases, vectors: reproducer.files, requireFull: true)
        #expect(reference.summary.level == .full)
    }

    /// An implementation that does not declare a metric is not asked its properties (SSIM's alone here).
    @Test func anImplementationWithoutTheMetricsIsNotAskedTheirProperties() {
        let results = Self.runner.run(PropertyBreaker(defect: .asymmetric), properties: Self.counterpartProperties)
        #expect(results.isEmpty, "\(results.map(\.id))")
    }

    /// Without a convention of a metric no property of it is checked, by the runner nor chosen by `certify`.
    @Test func eachMetricsPropertiesRunOnlyUnderAConventionOfIt() {
        let runner = PropertyRunner(seed: 1, inputsPerProperty: 1, reproducerFolder: nil)
        let without3D = runner.run(
            ReferenceImplementation(), properties: [.msssim3DSymmetry, .msssimL1Symmetry], msssim3DConvention: nil)
        #expect(without3D.map(\.id) == ["property-ms-ssim-l1-symmetry-000"])
        let withoutL1 = runner.run(
            ReferenceImplementation(), properties: [.msssim3DSymmetry, .msssimL1Symmetry], msssimL1Convention: nil)
        #expect(withoutL1.map(\.id) == ["property-ms-ssim-3d-symmetry-000"])
        let ssimAlone = ConventionsByMetric(.kornia)
        #expect(!SSIMProperty.msssim3DSymmetry.isCertified(under: ssimAlone))
        #expect(!SSIMProperty.msssimL1Symmetry.isCertified(under: ssimAlone))
        #expect(SSIMProperty.symmetry.isCertified(under: ssimAlone))
        #expect(Self.counterpartProperties.allSatisfy { $0.isCertified(under: .vectors) })
    }

    /// A check the implementation answers only as a mean loss falls back to its metric's mean form.
    @Test func aMeanOnlyImplementationIsCheckedOnMeanLosses() {
        let results = PropertyRunner(seed: 5, inputsPerProperty: 1, reproducerFolder: nil)
            .run(MeanOnlyMSSSIM(), properties: [.msssim3DSymmetry, .msssimL1Symmetry])
        #expect(results.map(\.detail) == ["checked on MS-SSIM mean losses", "checked on MS-SSIM + L1 mean losses"])
        #expect(results.allSatisfy { $0.verdict == .pass }, "\(Self.failures(results))")
    }

    /// Through the adapter protocol: the fast implementation as an external command has every property.
    @Test func theFastImplementationThroughTheProtocolHasEveryProperty() {
        let command = "\(SSIMConformExecutable.url.path) eval --implementation fast"
        let results = PropertyRunner(seed: 20261209, inputsPerProperty: 1, reproducerFolder: nil).run(
            ExternalImplementation(command: command, timeout: 120), properties: Self.counterpartProperties)
        #expect(results.count == Self.counterpartProperties.count)
        #expect(results.allSatisfy { $0.verdict == .pass }, "\(Self.failures(results))")
    }
}
