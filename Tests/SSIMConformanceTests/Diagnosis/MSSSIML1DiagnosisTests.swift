import SSIM
import SSIMAdapterProtocol
@testable import SSIMConformance
import SSIMVectors
import Testing

/// Each departure of Kornia's MS-SSIM + L1 convention's own fields, planted in the MS-SSIM + L1 reference (the
/// reference under a modified ``SSIM/MSSSIML1Convention`` plays the implementation) and certified on small images, is
/// named by the diagnosis, alone and in a pair; noise is located beside a departure named for its own cases; the
/// convention found is written beside the report and certifies the implementation. The taps' precision and the
/// arithmetic of halves change no value the reference computes in float64, only bounds: they cannot be planted so.
@Suite struct MSSSIML1DiagnosisTests {
    /// Small images (Kornia's 33 taps reach beyond every side), float64, the loss map or its mean: two cases giving
    /// neither α nor the compensation (where the convention's show), one giving α, one both.
    static let cases: [StoredVectorCase] = {
        let specs: [(shape: [Int], alpha: Double?, compensation: Double?, reduction: String)] = [
            ([1, 1, 12, 13], nil, nil, "none"),
            ([1, 2, 10, 11], 0.5, nil, "none"),
            ([2, 1, 9, 12], nil, nil, "mean"),
            ([1, 1, 11, 10], 0.1, 10, "none"),
        ]
        return specs.enumerated().compactMap { index, spec in
            let (img1, img2) = SSIM3DDiagnosisTests.volumes(spec.shape, seed: UInt64(index + 21))
            let request = AdapterCase(
                id: "loss-\(index)", img1: img1, img2: img2, windowSize: 11, maxVal: 1, eps: 0, padding: "same",
                reduction: spec.reduction, outputs: [.loss], metric: .msSSIML1(alpha: spec.alpha, compensation: spec.compensation))
            return SSIM3DDiagnosisTests.stored(
                request, certified: MSSSIML1Convention.kornia, conventions: conventions(.kornia), family: "ms-ssim-l1")
        }
    }()

    /// `certified` as the convention of MS-SSIM + L1 alone.
    static func conventions(_ certified: MSSSIML1Convention) -> ConventionsByMetric {
        ConventionsByMetric(ssim: nil, msssim: nil, msssimL1: certified)
    }

    /// The reference computing `planted` and nothing but MS-SSIM + L1.
    static func reference(_ planted: MSSSIML1Convention) -> ReferenceImplementation {
        ReferenceImplementation(
            convention: nil, msssimConvention: nil, msssimL1Convention: planted, ssim3DConvention: nil, msssim3DConvention: nil)
    }

    /// The report of `implementation` certified under Kornia's convention.
    static func diagnose(_ implementation: some SSIMImplementation) -> ConformanceReport {
        ConformanceRunner.certify(implementation, cases: cases, vectors: [], requireFull: false, conventions: conventions(.kornia))
    }

    static func planting(_ plant: (inout MSSSIML1Convention) -> Void) -> MSSSIML1Convention {
        var convention = MSSSIML1Convention.kornia
        plant(&convention)
        return convention
    }

    /// Departures planted from Kornia's convention, with the name the diagnosis must give them.
    static let planted: [(name: String, convention: MSSSIML1Convention)] = [
        ("border-replicate", planting { $0.border = .replicate }),
        ("border-circular", planting { $0.border = .circular }),
        ("reach-3.0-sigmas", planting { $0.reachInSigmas = 3 }),
        ("alpha-0.84", planting { $0.alpha = 0.84 }),
        ("compensation-1.0", planting { $0.compensation = 1 }),
    ]

    /// Named in the diagnosis and in each failing case's explanation.
    @Test(arguments: planted.indices)
    func everyDepartureIsNamed(_ index: Int) throws {
        let (name, convention) = Self.planted[index]
        let words = try #require(MSSSIML1Deviation.all.first { $0.name == name }?.explanation)
        try expectOneDepartureNamed(Self.diagnose(Self.reference(convention)), name, words: words, from: "kornia")
    }

    /// A border and Zhao et al.'s α, planted together and named together; the cases that give α fail by the border
    /// alone, and are explained by it.
    @Test func aPairOfDeparturesIsNamed() throws {
        let planted = Self.planting { $0.border = .replicate; $0.alpha = 0.84 }
        let diagnosis = try #require(Self.diagnose(Self.reference(planted)).diagnosis)
        #expect(diagnosis.findings.map(\.deviation) == ["border-replicate+alpha-0.84"], "\(diagnosis.summary)")
    }

    /// Noise on two cases (each loss 0.05 off, the signs alternating: 10⁻³ lies within the bounds of a loss scaled by
    /// 200 and built from float32 taps) is located, not explained, while the others' departure (a reach of 3σ) is
    /// named for them alone.
    @Test func noiseIsLocatedBesideADeparture() throws {
        let noisy = SSIM3DDiagnosisTests.Shifted(reference: Self.reference(.kornia), shifts: [.loss: 0.05], alternates: true)
        let implementation = MSSSIM3DDiagnosisTests.PartlyNoisy(
            planted: Self.reference(Self.planting { $0.reachInSigmas = 3 }), noisy: noisy, noisyCases: ["loss-1", "loss-2"])
        let diagnosis = try #require(Self.diagnose(implementation).diagnosis)
        let named = diagnosis.findings.filter { $0.deviation != nil }
        #expect(named.map(\.deviation) == ["reach-3.0-sigmas"], "\(diagnosis.summary)")
        #expect(named.flatMap(\.cases).sorted() == ["loss-0", "loss-3"], "\(diagnosis.summary)")
        let located = diagnosis.findings.filter { $0.deviation == nil }
        #expect(located.allSatisfy { $0.explanation.contains("which no known deviation explains") }, "\(diagnosis.summary)")
        #expect(located.flatMap(\.cases).sorted() == ["loss-1", "loss-2"], "\(diagnosis.summary)")
    }

    /// The convention the diagnosis found is written beside the report, and under it (`--convention FILE`) the
    /// implementation that made those departures fails nothing, as the unplanted reference fails nothing under
    /// Kornia's.
    @Test func theExplainingConventionIsWrittenAndCertifiesTheImplementation() throws {
        #expect(Self.cases.count == 4)
        let unplanted = Self.diagnose(Self.reference(.kornia))
        #expect(unplanted.cases.allSatisfy { $0.verdict == .pass }, "\(unplanted.cases.map { "\($0.id) \($0.verdict) \($0.detail ?? "")" })")
        #expect(unplanted.diagnosis == nil)
        let planted = Self.planting { $0.border = .circular; $0.compensation = 1 }
        let read = try writtenExplainingConvention(Self.diagnose(Self.reference(planted)))
        let convention = try #require(read.msssimL1)
        #expect(read.ssim == nil && read.msssim == nil && read.msssim3D == nil)
        #expect(convention.name == "kornia+border-circular+compensation-1.0")
        #expect(convention.computesLike(planted))
        let under = ConformanceRunner.certify(Self.reference(planted), cases: Self.cases, vectors: [], requireFull: false, conventions: read)
        #expect(under.cases.allSatisfy { $0.verdict == .pass }, "\(under.diagnosis?.summary ?? "")")
    }
}
