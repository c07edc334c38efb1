import SSIM
import SSIMAdapterProtocol
@testable import SSIMConformance
import SSIMVectors
import Testing

/// Each 3-D departure the model has, planted in the 3-D reference (the reference under a modified
/// ``SSIM/SSIM3DConvention`` plays the implementation) and certified on small volume cases, is named by the diagnosis
/// per axis, alone and in pairs. The convolution (cubic or separable) and the arithmetic of halves change no value
/// the reference computes in float64, only bounds: they cannot be planted this way.
@Suite struct SSIM3DDiagnosisTests {
    /// Small volume cases: 'same' and 'valid', windows 5 and 7, eps 0 and 10⁻², one or two channels, a depth shorter
    /// than the window (5 voxels for 7 taps, which Kornia's reflect still mirrors), float64, every output forward;
    /// those `certified` computes (torchmetrics' 11 taps mirror no depth of 5).
    static func cases(certified: SSIM3DConvention) -> [StoredVectorCase] {
        let shapes: [(shape: [Int], window: Int, eps: Double, padding: String, reduction: String)] = [
            ([1, 1, 8, 9, 10], 5, 0, "same", "none"),
            ([1, 2, 7, 8, 9], 7, 1e-2, "same", "none"),
            ([1, 1, 9, 8, 8], 5, 1e-2, "valid", "none"),
            ([1, 1, 5, 9, 8], 7, 0, "same", "mean"),
        ]
        return shapes.enumerated().compactMap { index, spec in
            let (img1, img2) = volumes(spec.shape, seed: UInt64(index + 1))
            let request = AdapterCase(
                id: "volume-\(index)", img1: img1, img2: img2, windowSize: Int64(spec.window),
                maxVal: 1, eps: spec.eps, padding: spec.padding, reduction: spec.reduction,
                outputs: spec.reduction == "none" ? [.ssimMap, .loss] : [.loss], metric: .ssim3D)
            return stored(request, certified: certified, conventions: ConventionsByMetric(ssim: nil, msssim: nil, ssim3D: certified))
        }
    }

    /// Float64 volumes (or images) of `shape` whose elements are float32 numbers in [0, 1], the second the first moved
    /// by up to ±0.3 and clamped, drawn from `seed`.
    static func volumes(_ shape: [Int], seed: UInt64) -> (img1: ProtocolArray, img2: ProtocolArray) {
        var random = SplitMix64(seed: seed)
        let img1 = (0..<shape.reduce(1, *)).map { _ in Double(Float(random.unit())) }
        let img2 = img1.map { Double(Float(min(max($0 + 0.3 * (2 * random.unit() - 1), 0), 1))) }
        return (ProtocolArray(shape: shape, precision: .float64, values: img1), ProtocolArray(shape: shape, precision: .float64, values: img2))
    }

    /// `request` as a valid case of `family` expecting in float64 the answers of `certified`, its metric's convention
    /// in `conventions`; nil where the reference cannot compute it so.
    static func stored(
        _ request: AdapterCase, certified: some MetricConvention, conventions: ConventionsByMetric, family: String = "volumes"
    ) -> StoredVectorCase? {
        guard let validated = try? ValidatedCase(request),
            let expected = try? ReferenceExpectation(validated, outputs: request.outputs, precisions: [.float64], conventions: conventions)
        else { return nil }
        return StoredVectorCase(
            request: request, family: family, tags: [],
            expectation: .valid(ExpectedOutputs(
                values: expected.outputs, bounds: expected.bounds, convention: certified, precision: .float64, notComputable: nil)))
    }

    /// The report of the reference computing `planted`, certified under `certified`.
    static func diagnose(_ planted: SSIM3DConvention, certified: SSIM3DConvention = .kornia) -> ConformanceReport {
        ConformanceRunner.certify(
            ReferenceImplementation(convention: nil, msssimConvention: nil, msssimL1Convention: nil, ssim3DConvention: planted),
            cases: cases(certified: certified), vectors: [], requireFull: false,
            conventions: ConventionsByMetric(ssim: nil, msssim: nil, ssim3D: certified))
    }

    static func planting(_ base: SSIM3DConvention = .kornia, _ plant: (inout SSIM3DConvention) -> Void) -> SSIM3DConvention {
        var convention = base
        plant(&convention)
        return convention
    }

    @Test func theUnplantedReferenceIsNotDiagnosed() {
        #expect(Self.cases(certified: .kornia).count == 4)
        #expect(Self.cases(certified: .torchmetrics).count == 3)
        for certified in [SSIM3DConvention.kornia, .torchmetrics] {
            let report = Self.diagnose(certified, certified: certified)
            #expect(report.cases.allSatisfy { $0.verdict == .pass }, "\(report.cases.map { "\($0.id) \($0.verdict) \($0.detail ?? "")" })")
            #expect(report.diagnosis == nil)
        }
    }

    /// Every departure planted from Kornia's 3-D convention, with the name the diagnosis must give it.
    static let planted: [(name: String, convention: SSIM3DConvention)] = [
        ("depth-border-zero", planting { $0.depthBorder = .zero }),
        ("depth-border-replicate", planting { $0.depthBorder = .replicate }),
        ("height-width-border-symmetric", planting { ($0.plane.border, $0.depthBorder) = (.symmetric, .reflect) }),
        ("border-circular", planting { $0.plane.border = .circular }),
        ("depth-sigma-1.0", planting { $0.depthSigma = 1 }),
        ("depth-taps-3", planting { $0.depthTaps = 3 }),
        ("short-axes-unblurred", planting { $0.skipsShortAxes = true }),
        ("no-eps", planting { $0.plane.includesEps = false }),
        ("sample-covariance", planting { $0.plane.sampleCovariance = true }),
        ("uniform-window", planting { $0.plane.window = .uniform }),
        ("loss-one-minus-ssim", planting { $0.plane.loss = .oneMinusSSIM }),
    ]

    /// Named in the diagnosis and in each failing case's explanation.
    @Test(arguments: planted.indices)
    func everyDepartureIsNamed(_ index: Int) throws {
        let (name, convention) = Self.planted[index]
        let words = try #require(SSIM3DDeviation.all.first { $0.name == name }?.explanation)
        try expectOneDepartureNamed(Self.diagnose(convention), name, words: words, from: "kornia")
    }

    /// An answer no departure reproduces (every map element 10⁻³ too high) is located, not explained.
    @Test func aDifferenceNoDepartureReproducesIsLocated() throws {
        let report = ConformanceRunner.certify(
            Shifted(shifts: [.ssimMap: 1e-3, .loss: -5e-4]), cases: Self.cases(certified: .kornia), vectors: [], requireFull: false,
            conventions: ConventionsByMetric(ssim: nil, msssim: nil, ssim3D: .kornia))
        let diagnosis = try #require(report.diagnosis)
        #expect(diagnosis.findings.allSatisfy { $0.deviation == nil }, "\(diagnosis.summary)")
        #expect(diagnosis.findings.allSatisfy { $0.explanation.contains("which no known deviation explains") }, "\(diagnosis.summary)")
        #expect(diagnosis.findings.flatMap(\.cases).count == 4)
    }

    /// The reference's answers (by default its volumes' conventions, Kornia's 3-D SSIM and torchmetrics' 3-D
    /// MS-SSIM), each element of each output of `shifts` moved by as much, with alternating signs where `alternates`
    /// (noise rather than an offset): no departure's.
    struct Shifted: SSIMImplementation {
        let name = "shifted volumes", version = "test"
        let metrics = Set(CaseMetric.names)
        var reference = ReferenceImplementation()
        let shifts: [AdapterOutput: Double]
        var alternates = false

        func evaluate(_ request: AdapterCase) -> AdapterAnswer {
            guard case .outputs(var outputs) = reference.evaluate(request) else { return reference.evaluate(request) }
            for (output, shift) in shifts {
                guard let array = outputs[output] else { continue }
                let values = array.values.enumerated().map { $1 + (alternates && $0 % 2 == 1 ? -shift : shift) }
                outputs[output] = ProtocolArray(shape: array.shape, precision: array.precision, values: values)
            }
            return .outputs(outputs)
        }
    }

    /// The padding of an axis by window_size's reach, or by the taps', shows where the taps are not window_size:
    /// torchmetrics' 11 taps whatever is asked. Planted from torchmetrics' convention, certified under it.
    static let padded: [(name: String, convention: SSIM3DConvention)] = [
        ("width-padded-by-taps", planting(.torchmetrics) { $0.paddedByWindowSize = [] }),
        ("height-padded-by-window-size", planting(.torchmetrics) { $0.paddedByWindowSize = [.height, .width] }),
        ("depth-padded-by-window-size", planting(.torchmetrics) { $0.paddedByWindowSize = [.depth, .width] }),
    ]

    @Test(arguments: padded.indices)
    func aPaddingByWindowSizeIsNamedPerAxis(_ index: Int) throws {
        let (name, convention) = Self.padded[index]
        let diagnosis = try #require(Self.diagnose(convention, certified: .torchmetrics).diagnosis, "\(name)")
        #expect(diagnosis.findings.map(\.deviation) == [name], "\(name): \(diagnosis.summary)")
        #expect(diagnosis.summary.hasPrefix("matches torchmetrics except: it pads the"), "\(diagnosis.summary)")
    }

    /// Another named 3-D convention, wholly, is named as such.
    @Test func anotherNamedConventionIsNamed() throws {
        let diagnosis = try #require(Self.diagnose(.torchmetrics).diagnosis)
        #expect(diagnosis.findings.map(\.deviation) == ["torchmetrics"], "\(diagnosis.summary)")
        #expect(diagnosis.findings.first?.explanation == "computes torchmetrics's ssim-3d convention")
    }

    /// The convention the diagnosis found is written beside the report, and under it (`--convention FILE`) the
    /// implementation that made those departures fails nothing.
    @Test func theExplainingConventionIsWrittenAndCertifiesTheImplementation() throws {
        let planted = Self.planting { $0.depthBorder = .zero; $0.plane.includesEps = false }
        let report = Self.diagnose(planted)
        let read = try writtenExplainingConvention(report)
        let convention = try #require(read.ssim3D)
        #expect(read.ssim == nil && read.msssim == nil)
        #expect(convention.name == "kornia+depth-border-zero+no-eps")
        #expect(convention.computesLike(planted))
        let under = ConformanceRunner.certify(
            ReferenceImplementation(convention: nil, msssimConvention: nil, msssimL1Convention: nil, ssim3DConvention: planted),
            cases: Self.cases(certified: .kornia), vectors: [], requireFull: false, conventions: read)
        #expect(under.cases.allSatisfy { $0.verdict == .pass }, "\(under.diagnosis?.summary ?? "")")
    }

    /// Pairs of departures, planted together and named together.
    static let pairs: [(name: String, convention: SSIM3DConvention)] = [
        ("depth-border-zero+no-eps", planting { $0.depthBorder = .zero; $0.plane.includesEps = false }),
        ("height-width-border-replicate+depth-sigma-1.0", planting { ($0.plane.border, $0.depthBorder, $0.depthSigma) = (.replicate, .reflect, 1) }),
        ("depth-taps-3+sample-covariance", planting { $0.depthTaps = 3; $0.plane.sampleCovariance = true }),
    ]

    @Test(arguments: pairs.indices)
    func pairsOfDeparturesAreNamed(_ index: Int) throws {
        let (name, convention) = Self.pairs[index]
        let diagnosis = try #require(Self.diagnose(convention).diagnosis, "\(name)")
        #expect(diagnosis.findings.map(\.deviation) == [name], "\(name): \(diagnosis.summary)")
    }
}
