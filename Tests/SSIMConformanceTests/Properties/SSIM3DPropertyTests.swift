import SSIM
import SSIMAdapterProtocol
@testable import SSIMConformance
import Testing

/// The reference answering every metric, with one defect planted in its 3-D SSIM answers.
struct VolumeBreaker: SSIMImplementation {
    enum Defect: Sendable, CaseIterable {
        /// Identical volumes answered SSIM 1 − 10⁻³ (loss 10⁻³).
        case notIdentity
        /// Each unit's map moved by 10⁻³·(Σimg1 − Σimg2)/(N·maxVal) over that unit (sample, channel): not symmetric.
        case asymmetric
        /// The map of differing volumes doubled: beyond 1 wherever SSIM passes 1/2.
        case outOfBounds
        /// The 'valid' map moved by 10⁻³.
        case validShifted
        /// The 'mean' loss scaled by 1 + 10⁻³.
        case meanScaled
        /// Each sample after the first carries 10⁻³ of the first sample's map (the samples the property adds are the
        /// first with its volumes swapped: the same map).
        case batchLeak
        /// Each channel after the first carries 10⁻³ of the first channel's map.
        case channelLeak
        /// The map moved by 10⁻³·d·(SSIM − 1) at depth d: it depends on its place along the depth.
        case depthDrift
        /// The depth padded with zeros where Kornia mirrors it.
        case depthZeros
        /// The gradients' signs flipped.
        case gradientSign
        /// NaN and ±Inf voxels read as 0.
        case scrubsNonFinite
    }

    let defect: Defect
    var name: String { "volume breaker (\(defect))" }
    let version = "test"
    let metrics = Set(CaseMetric.names)

    func evaluate(_ request: AdapterCase) -> AdapterAnswer {
        var depthZeros = SSIM3DConvention.kornia
        depthZeros.depthBorder = .zero
        let reference = ReferenceImplementation(ssim3DConvention: defect == .depthZeros ? depthZeros : .kornia)
        guard request.metric == .ssim3D else { return reference.evaluate(request) }
        let scrubbed = { (array: ProtocolArray) in
            ProtocolArray(shape: array.shape, precision: array.precision, values: array.values.map { $0.isFinite ? $0 : 0 })
        }
        let asked = defect == .scrubsNonFinite
            ? AdapterCase(
                id: request.id, img1: scrubbed(request.img1), img2: scrubbed(request.img2), windowSize: request.windowSize,
                maxVal: request.maxVal, eps: request.eps, padding: request.padding, reduction: request.reduction,
                outputs: request.outputs, metric: request.metric)
            : request
        guard case .outputs(var outputs) = reference.evaluate(asked) else { return reference.evaluate(asked) }
        let shape = request.img1.shape
        let units = shape[0] * shape[1]
        /// The map (and the 'none' loss made from it) changed by `change`, given the element's index, its unit, its
        /// depth and the map.
        func maps(_ change: (_ index: Int, _ unit: Int, _ depth: Int, _ map: [Double]) -> Double) {
            guard let map = outputs[.ssimMap]?.values ?? (request.reduction == "none" ? outputs[.loss].map { $0.values.map { 1 - 2 * $0 } } : nil)
            else { return }
            let perUnit = map.count / units, depth = (outputs[.ssimMap]?.shape ?? outputs[.loss]!.shape)[2]
            let changed = map.indices.map { change($0, $0 / perUnit, $0 % perUnit / (perUnit / depth), map) }
            if let array = outputs[.ssimMap] { outputs[.ssimMap] = ProtocolArray(shape: array.shape, precision: array.precision, values: changed) }
            if request.reduction == "none", let array = outputs[.loss] {
                outputs[.loss] = ProtocolArray(shape: array.shape, precision: array.precision, values: changed.map { (1 - $0) / 2 })
            }
        }
        let perUnit = request.img1.values.count / units
        func sum(_ values: [Double], _ unit: Int) -> Double { values[(unit * perUnit)..<((unit + 1) * perUnit)].reduce(0, +) }
        switch defect {
        case .notIdentity where request.img1.values == request.img2.values:
            maps { _, _, _, _ in 1 - 1e-3 }
            if let loss = outputs[.loss], request.reduction != "none" {
                outputs[.loss] = ProtocolArray(shape: loss.shape, precision: loss.precision, values: [request.reduction == "mean" ? 5e-4 : 5e-4 * Double(perUnit * units)])
            }
        case .asymmetric:
            maps { index, unit, _, map in
                map[index] + 1e-3 * (sum(request.img1.values, unit) - sum(request.img2.values, unit)) / (Double(perUnit) * request.maxVal)
            }
        case .outOfBounds where request.img1.values != request.img2.values:
            maps { index, _, _, map in 2 * map[index] }
        case .validShifted where request.padding == "valid":
            maps { index, _, _, map in map[index] + 1e-3 }
        case .meanScaled where request.reduction == "mean":
            if let loss = outputs[.loss] {
                outputs[.loss] = ProtocolArray(shape: loss.shape, precision: loss.precision, values: loss.values.map { $0 * (1 + 1e-3) })
            }
        case .batchLeak, .channelLeak:
            let stride = defect == .batchLeak ? shape[1] : 1
            maps { index, unit, _, map in
                let first = defect == .batchLeak ? unit % stride : unit - unit % shape[1]
                let perMap = map.count / units
                return unit == first ? map[index] : map[index] + 1e-3 * map[first * perMap + index % perMap]
            }
        case .depthDrift:
            maps { index, _, depth, map in map[index] + 1e-3 * Double(depth) * (map[index] - 1) }
        case .gradientSign:
            for output in [AdapterOutput.gradImg1, .gradImg2] {
                guard let array = outputs[output] else { continue }
                outputs[output] = ProtocolArray(shape: array.shape, precision: array.precision, values: array.values.map { -$0 })
            }
        default:
            break
        }
        return .outputs(outputs)
    }
}

@Suite struct SSIM3DPropertyTests {
    static let volumeProperties = SSIMProperty.allCases.filter(\.isVolume)
    static let runner = PropertyRunner(seed: 20261206, inputsPerProperty: 3, reproducerFolder: nil)

    static func failures(_ results: [CaseResult]) -> [String] {
        results.filter { $0.verdict != .pass }.map { "\($0.id): \($0.verdict.rawValue) \($0.detail ?? "")" }
    }

    @Test func theReferenceHasEveryVolumePropertyUnderKornia() {
        let results = Self.runner.run(ReferenceImplementation(), properties: Self.volumeProperties)
        #expect(results.count == 3 * Self.volumeProperties.count)
        #expect(results.allSatisfy { $0.verdict == .pass && $0.tags.contains("ssim-3d") }, "\(Self.failures(results))")
    }

    /// Under each named 3-D convention, the reference computing it (and the library's SSIM) has every volume
    /// property, or, where the convention cannot give what a check needs, has it not supported: pytorch-msssim's
    /// means alone compare no slices with one another.
    @Test(arguments: ["torchmetrics", "pytorch-msssim", "matlab-ssim"])
    func theReferenceHasEveryVolumePropertyUnderEachNamedConvention(_ name: String) throws {
        let ssim3D = try #require(SSIM3DConvention.named(name))
        let ssim = SSIMConvention.named(name)
        let results = PropertyRunner(seed: 20261207, inputsPerProperty: 2, reproducerFolder: nil).run(
            ReferenceImplementation(convention: ssim, ssim3DConvention: ssim3D), properties: Self.volumeProperties,
            convention: ssim, ssim3DConvention: ssim3D)
        #expect(results.count == 2 * Self.volumeProperties.count)
        #expect(results.allSatisfy { $0.verdict == .pass || $0.verdict == .notSupported }, "\(Self.failures(results))")
        #expect(results.count { $0.verdict == .pass } >= results.count / 2, "\(Self.failures(results))")
    }

    /// Each planted defect fails its property.
    @Test(arguments: [
        (VolumeBreaker.Defect.notIdentity, SSIMProperty.volumeIdentity),
        (.asymmetric, .volumeSymmetry),
        (.outOfBounds, .volumeBounds),
        (.validShifted, .volumeValidIsCroppedSame),
        (.meanScaled, .volumeReductionConsistency),
        (.batchLeak, .volumeBatchIndependence),
        (.channelLeak, .volumeChannelIndependence),
        (.depthDrift, .volumeFlipEquivariance),
        (.depthZeros, .sliceConsistency),
        (.gradientSign, .volumeGradient),
        (.scrubsNonFinite, .volumeNonFinitePropagation),
    ])
    func aPlantedDefectFailsItsProperty(_ defect: VolumeBreaker.Defect, _ property: SSIMProperty) {
        let results = Self.runner.run(VolumeBreaker(defect: defect), properties: Self.volumeProperties)
        let failing = Set(results.filter { $0.verdict == .fail }.map { $0.tags.last! })
        #expect(failing.contains(property.rawValue), "\(Self.failures(results))")
        #expect(results.allSatisfy { $0.verdict == .pass || $0.verdict == .fail }, "\(Self.failures(results))")
    }

    /// The 3-D properties are asked only of an implementation declaring 3-D SSIM.
    @Test func anImplementationWithoutVolumesIsNotAskedThem() {
        #expect(Self.runner.run(PropertyBreaker(defect: .asymmetric), properties: Self.volumeProperties).isEmpty)
        let both = Self.runner.run(PropertyBreaker(defect: .asymmetric), properties: [.identity, .volumeIdentity])
        #expect(both.map(\.id) == (0..<3).map { "property-identity-00\($0)" })
    }

    /// The slice consistency asks for the 2-D SSIM where the plane is the certified SSIM's: Kornia's; not where W is
    /// padded by window_size's reach (torchmetrics'), nor with float32 taps (pytorch-msssim's), nor without an SSIM
    /// convention certified.
    @Test func theSliceConsistencyAsksForThe2DAnswerOnlyWhereItMustAgree() {
        #expect(PropertyRunner.asksPlane(.kornia, certified: .kornia))
        #expect(!PropertyRunner.asksPlane(.kornia, certified: nil))
        #expect(!PropertyRunner.asksPlane(.torchmetrics, certified: .torchmetrics))
        #expect(!PropertyRunner.asksPlane(.pytorchMSSSIM, certified: .pytorchMSSSIM))
        let check = PropertyRunner(seed: 3, inputsPerProperty: 1, reproducerFolder: nil).checks(
            [.sliceConsistency], patterns: [], convention: .kornia, msssimConvention: nil, ssim3DConvention: .kornia)[0]
        #expect(check.requests.map(\.metric) == [.ssim3D, .ssim])
        let depth = check.input.depth!
        let slices = check.requests[0].img1.values, plane = check.requests[1].img1.values
        let slice = plane.count / (check.input.shape.batch * check.input.shape.channels)
        #expect(slices.count == depth * plane.count)
        #expect(Array(slices[slice..<(2 * slice)]) == Array(slices[0..<slice]))
    }

    /// The volumes stay small: the 3-D properties must keep the suite fast.
    @Test func theVolumesAreSmall() {
        let checks = PropertyRunner(seed: 11, inputsPerProperty: 20, reproducerFolder: nil).checks(
            Self.volumeProperties, patterns: [], convention: .kornia, msssimConvention: nil, ssim3DConvention: .kornia)
        #expect(checks.allSatisfy { $0.input.img1.count <= 4 * 10 * 10 * 10 && $0.input.depth != nil })
        #expect(checks.allSatisfy { $0.requests.allSatisfy { $0.metric == .ssim3D || $0.id.hasSuffix("-plane") } })
    }
}
