import SSIM
import SSIMAdapterProtocol
@testable import SSIMConformance
import SSIMVectors
import Testing

/// Each kind of 3-D MS-SSIM departure, planted in the 3-D MS-SSIM reference (the reference under a modified
/// ``SSIM/MSSSIM3DConvention`` plays the implementation) and certified on small volume cases, is named by the
/// diagnosis: the pyramid's (MS-SSIM's), every scale's 3-D SSIM's, a pair of them, and another named convention; a
/// difference no departure reproduces is located instead; and an explanation holds when computed afresh.
@Suite struct MSSSIM3DDiagnosisTests {
    /// Two scales, so that small volumes fit every convention's pyramid.
    static let weights = [0.4, 0.6]

    /// Small volume cases of two scales: windows 3 and 5, odd and even axes, a depth shorter than the window (which
    /// pytorch-msssim leaves unblurred), four (sample, channel) units, float64, MS-SSIM and its loss forward; those
    /// `certified` computes. Each answers four MS-SSIMs: one or two numbers are matched by chance by one of the
    /// thousands of pairs of departures (one MS-SSIM 10⁻³ off was "the last SSIM map whole, and a circular border";
    /// two, 10⁻³ off either way, "a depth σ of 0.5 and 3 taps along it").
    static func cases(certified: MSSSIM3DConvention) -> [StoredVectorCase] {
        let shapes: [(shape: [Int], window: Int, reduction: String)] = [
            ([2, 2, 7, 12, 13], 3, "none"),
            ([1, 4, 6, 11, 10], 3, "none"),
            ([2, 2, 9, 10, 12], 5, "mean"),
            ([4, 1, 4, 12, 11], 5, "none"),
        ]
        return shapes.enumerated().compactMap { index, spec in
            volumeCase("volume-\(index)", spec.shape, window: spec.window, reduction: spec.reduction, seed: UInt64(index + 1), certified: certified)
        }
    }

    /// A case of volumes of `shape` drawn from `seed`, stored with the answers of `certified`; nil where it cannot
    /// compute them.
    static func volumeCase(
        _ id: String, _ shape: [Int], window: Int, reduction: String, seed: UInt64, certified: MSSSIM3DConvention
    ) -> StoredVectorCase? {
        let (img1, img2) = SSIM3DDiagnosisTests.volumes(shape, seed: seed)
        let request = AdapterCase.msSSIM(
            id: id, img1: img1, img2: img2, windowSize: Int64(window), maxVal: 1, weights: weights, reduction: reduction,
            outputs: [.msSSIM, .loss], volumes: true)
        return SSIM3DDiagnosisTests.stored(request, certified: certified, conventions: conventions(certified))
    }

    /// `certified` as the convention of 3-D MS-SSIM alone.
    static func conventions(_ certified: MSSSIM3DConvention) -> ConventionsByMetric {
        ConventionsByMetric(ssim: nil, msssim: nil, msssim3D: certified)
    }

    /// The reference computing `planted` and nothing but 3-D MS-SSIM.
    static func reference(_ planted: MSSSIM3DConvention) -> ReferenceImplementation {
        ReferenceImplementation(convention: nil, msssimConvention: nil, msssimL1Convention: nil, ssim3DConvention: nil, msssim3DConvention: planted)
    }

    /// The report of the reference computing `planted` on `cases`, certified under `certified`.
    static func diagnose(
        _ planted: MSSSIM3DConvention, certified: MSSSIM3DConvention = .pytorchMSSSIM, cases: [StoredVectorCase]? = nil
    ) -> ConformanceReport {
        ConformanceRunner.certify(
            reference(planted), cases: cases ?? Self.cases(certified: certified), vectors: [], requireFull: false,
            conventions: conventions(certified))
    }

    static func planting(_ base: MSSSIM3DConvention = .pytorchMSSSIM, _ plant: (inout MSSSIM3DConvention) -> Void) -> MSSSIM3DConvention {
        var convention = base
        plant(&convention)
        return convention
    }

    /// Departures planted from pytorch-msssim's 3-D convention, of the pyramid and of every scale's 3-D SSIM, with the
    /// name the diagnosis must give them.
    static let planted: [(name: String, convention: MSSSIM3DConvention)] = [
        ("downsampling-floor", planting { $0.multiScale.downsampling = .floor }),
        ("ssim-at-every-scale", planting { $0.multiScale.terms = .ssimAtEveryScale }),
        ("channels-per-image", planting { $0.multiScale.channelPooling = .perImage }),
        ("data-range-255.0", planting { $0.multiScale.dataRange = .fixed(255) }),
        ("scale-uniform-window", planting { $0.volume.plane.window = .uniform }),
        ("scale-depth-sigma-1.0", planting { $0.volume.depthSigma = 1 }),
        ("scale-depth-taps-3", planting { $0.volume.depthTaps = 3 }),
    ]

    /// Named in the diagnosis and in each failing case's explanation.
    @Test(arguments: planted.indices)
    func everyDepartureIsNamed(_ index: Int) throws {
        let (name, convention) = Self.planted[index]
        let words = try #require(MSSSIM3DDeviation.all.first { $0.name == name }?.explanation)
        try expectOneDepartureNamed(Self.diagnose(convention), name, words: words, from: "pytorch-msssim")
    }

    /// A departure of the pyramid and one of the scales, planted together and named together.
    @Test func aPairOfDeparturesIsNamed() throws {
        let planted = Self.planting { $0.multiScale.downsampling = .floor; $0.volume.depthSigma = 1 }
        let diagnosis = try #require(Self.diagnose(planted).diagnosis)
        #expect(diagnosis.findings.map(\.deviation) == ["downsampling-floor+scale-depth-sigma-1.0"], "\(diagnosis.summary)")
    }

    /// pytorch-msssim's answers judged under torchmetrics' convention are said to be pytorch-msssim's, on volumes
    /// large enough for torchmetrics' 11 taps at both scales.
    @Test func anotherNamedConventionIsNamed() throws {
        let cases = [([1, 1, 23, 22, 24], 7, "none"), ([1, 2, 22, 23, 22], 5, "mean")].enumerated().compactMap { index, spec in
            Self.volumeCase(
                "large-\(index)", spec.0, window: spec.1, reduction: spec.2, seed: UInt64(index + 11), certified: .torchmetrics)
        }
        #expect(cases.count == 2)
        let diagnosis = try #require(Self.diagnose(.pytorchMSSSIM, certified: .torchmetrics, cases: cases).diagnosis)
        #expect(diagnosis.findings.map(\.deviation) == ["pytorch-msssim"], "\(diagnosis.summary)")
        #expect(diagnosis.findings.first?.explanation == "computes pytorch-msssim's ms-ssim-3d convention")
    }

    /// Answers that are noise (each MS-SSIM 10⁻³ off, the signs alternating, and each loss as much the other way) are
    /// located, not explained, while the other cases' departure (the floor of odd sizes) is named for them alone. (An
    /// offset of every MS-SSIM alike is not noise to this search: on two MS-SSIMs of like volumes, 10⁻³ too high, it
    /// is matched by a depth σ of 3, which raises both.)
    @Test func noiseIsLocatedBesideADeparture() throws {
        let noisy = SSIM3DDiagnosisTests.Shifted(
            reference: Self.reference(.pytorchMSSSIM), shifts: [.msSSIM: 1e-3, .loss: -1e-3], alternates: true)
        let implementation = PartlyNoisy(
            planted: Self.reference(Self.planting { $0.multiScale.downsampling = .floor }), noisy: noisy,
            noisyCases: ["volume-2", "volume-3"])
        let report = ConformanceRunner.certify(
            implementation, cases: Self.cases(certified: .pytorchMSSSIM), vectors: [], requireFull: false,
            conventions: Self.conventions(.pytorchMSSSIM))
        let diagnosis = try #require(report.diagnosis)
        let named = diagnosis.findings.filter { $0.deviation != nil }
        #expect(named.map(\.deviation) == ["downsampling-floor"], "\(diagnosis.summary)")
        #expect(named.flatMap(\.cases).sorted() == ["volume-0", "volume-1"], "\(diagnosis.summary)")
        let located = diagnosis.findings.filter { $0.deviation == nil }
        #expect(located.allSatisfy { $0.explanation.contains("which no known deviation explains") }, "\(diagnosis.summary)")
        #expect(located.flatMap(\.cases).sorted() == Array(implementation.noisyCases).sorted(), "\(diagnosis.summary)")
    }

    /// The answers of `noisy` to the cases of `noisyCases`, of `planted` to the others.
    struct PartlyNoisy: SSIMImplementation {
        let name = "partly noisy volumes", version = "test"
        let metrics = Set(CaseMetric.names)
        let planted: ReferenceImplementation
        let noisy: SSIM3DDiagnosisTests.Shifted
        let noisyCases: Set<String>

        func evaluate(_ request: AdapterCase) -> AdapterAnswer {
            noisyCases.contains(request.id) ? noisy.evaluate(request) : planted.evaluate(request)
        }
    }

    /// The planted convention's explanation reproduces every failing case computed afresh; another departure does
    /// not.
    @Test func anExplanationIsVerifiedAfresh() throws {
        let failures = Self.judgements(of: Self.planting { $0.multiScale.channelPooling = .perImage }).filter { $0.verdict == .fail }
        let search = MSSSIM3DExplanationSearch(failures.compactMap(FailingMSSSIM3DCase.init), certified: .pytorchMSSSIM)
        #expect(!failures.isEmpty && search.cases.count == failures.count)
        let right = try #require(MSSSIM3DExplanation(base: .pytorchMSSSIM, fromCertified: true, deviations: [.pyramid(.channelPooling(.perImage))]))
        let wrong = try #require(MSSSIM3DExplanation(base: .pytorchMSSSIM, fromCertified: true, deviations: [.pyramid(.downsampling(.floor))]))
        #expect(search.cases.indices.allSatisfy { search.verifiedAfresh(right, $0) })
        #expect(!search.cases.indices.contains { search.verifiedAfresh(wrong, $0) })
    }

    /// The judgements of the reference computing `planted` on the cases certified under pytorch-msssim's convention.
    static func judgements(of planted: MSSSIM3DConvention) -> [Judgement] {
        let implementation = reference(planted)
        return cases(certified: .pytorchMSSSIM).map { Judge.judge($0, answer: implementation.evaluate($0.request)) }
    }

    /// The convention the diagnosis found is written beside the report, and under it (`--convention FILE`) the
    /// implementation that made those departures fails nothing, as the unplanted reference fails nothing under the
    /// certified convention.
    @Test func theExplainingConventionIsWrittenAndCertifiesTheImplementation() throws {
        #expect(Self.cases(certified: .pytorchMSSSIM).count == 4)
        let unplanted = Self.diagnose(.pytorchMSSSIM)
        #expect(unplanted.cases.allSatisfy { $0.verdict == .pass }, "\(unplanted.cases.map { "\($0.id) \($0.verdict) \($0.detail ?? "")" })")
        #expect(unplanted.diagnosis == nil)
        let planted = Self.planting { $0.multiScale.downsampling = .floor; $0.volume.depthSigma = 1 }
        let read = try writtenExplainingConvention(Self.diagnose(planted))
        let convention = try #require(read.msssim3D)
        #expect(read.ssim == nil && read.msssim == nil && read.ssim3D == nil)
        #expect(convention.name == "pytorch-msssim+downsampling-floor+scale-depth-sigma-1.0")
        #expect(convention.computesLike(planted))
        let under = ConformanceRunner.certify(
            Self.reference(planted), cases: Self.cases(certified: .pytorchMSSSIM), vectors: [], requireFull: false, conventions: read)
        #expect(under.cases.allSatisfy { $0.verdict == .pass }, "\(under.diagnosis?.summary ?? "")")
    }
}
