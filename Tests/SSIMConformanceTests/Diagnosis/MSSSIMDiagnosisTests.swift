import Foundation
import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import SSIMVectors
import Testing
import TestSupport

/// Each MS-SSIM departure the model has, planted in ``AlternativeMSSSIM`` (code apart from the reference's) and
/// certified under `wang-msssim` on the `ms-ssim` vectors, is named by the diagnosis, alone and in pairs.
@Suite struct MSSSIMDiagnosisTests {
    /// The `ms-ssim` cases, the valid ones asking their forward outputs only (the planted departures do not reach
    /// the alternative's gradients).
    static let cases: [StoredVectorCase] = MSSSIMFamilyTests.loaded.cases.map { stored in
        guard case .valid = stored.expectation else { return stored }
        return StoredVectorCase(
            request: stored.request.asking(stored.request.outputs.filter { $0 == .msSSIM || $0 == .loss }), family: stored.family,
            tags: stored.tags, expectation: stored.expectation, source: stored.source)
    }

    typealias Plant = @Sendable (inout AlternativeMSSSIMOptions) -> Void

    static func diagnose(_ plant: Plant, inFloat32: Bool = false) -> ConformanceReport {
        var options = AlternativeMSSSIMOptions()
        plant(&options)
        return ConformanceRunner.certify(
            MSSSIMFamilyTests.Alternative(options: options, inFloat32: inFloat32), cases: cases, vectors: [], requireFull: false,
            conventions: .vectors)
    }

    @Test func theUnplantedAlternativeIsNotDiagnosed() {
        let report = Self.diagnose { _ in }
        #expect(report.cases.filter { $0.verdict.isFailure }.isEmpty, "\(report.cases.filter { $0.verdict.isFailure }.map(\.id))")
        #expect(report.diagnosis == nil)
    }

    /// Every MS-SSIM departure the model has from `wang-msssim`, planted, with the name the diagnosis must give it.
    static let planted: [(name: String, plant: Plant)] = [
        ("downsampling-zero-pad-both-sides", { $0.downsampling = .zeroBefore }),
        ("downsampling-replicate-top-left", { $0.downsampling = .replicateFirst }),
        ("downsampling-floor", { $0.downsampling = .dropLast }),
        ("negative-relu", { $0.relu = true }),
        ("negative-half-shifted", { $0.halfShifted = true }),
        ("channels-per-image", { $0.perImage = true }),
        ("ssim-map-whole", { $0.wholeSSIMMap = true }),
        ("maps-whole", { $0.wholeSSIMMap = true; $0.wholeCSMaps = true }),
        ("weights-normalised", { $0.normalisedWeights = true }),
        ("weights-float32", { $0.float32Weights = true }),
        ("ssim-at-every-scale", { $0.ssimAtEveryScale = true }),
        ("data-range-255.0", { $0.fixedRange = 255 }),
        ("data-range-estimated-per-scale", { $0.estimatedRange = true }),
        ("scale-taps-float32", { $0.float32Taps = true }),
        ("scale-sample-covariance", { $0.sampleMoments = true }),
        ("scale-uniform-window", { $0.uniformWindow = true }),
    ]

    @Test(arguments: planted.indices)
    func everyDepartureIsNamed(_ index: Int) throws {
        let (name, plant) = Self.planted[index]
        let diagnosis = try #require(Self.diagnose(plant).diagnosis, "\(name)")
        #expect(diagnosis.findings.map(\.deviation) == [name], "\(name): \(diagnosis.summary)")
        let words = try #require(MSSSIMDeviation.all.first { $0.name == name }?.explanation)
        #expect(diagnosis.summary == "matches wang-msssim except: it \(words)", "\(diagnosis.summary)")
    }

    /// Computing in float32 where float64 is asked: its answers are float32 numbers, which float32 taps do not
    /// make, but the bounds of float32 taps, through the scales, hold the rounding of the answers to float32: the
    /// two cannot be told apart on these cases, and the diagnosis says so.
    @Test func float32ArithmeticAtEveryScaleIsATie() throws {
        let diagnosis = try #require(Self.diagnose({ _ in }, inFloat32: true).diagnosis)
        #expect(diagnosis.findings.map(\.deviation) == ["scale-float32-arithmetic | scale-taps-float32"], "\(diagnosis.summary)")
        #expect(diagnosis.summary.contains("; or equally matches wang-msssim except: it at every scale builds the window's taps in float32"))
    }

    /// A window of 11 taps whatever is asked: every case asking another (7) is then too small for 11 taps at its
    /// coarsest scale, and refused (image_too_small where an answer is expected): no answer shows it, and the
    /// diagnosis, which explains answers, has nothing to explain. With L fixed at 255 beside it, only the range is
    /// named.
    @Test func aWindowFixedAt11IsUnseenOnTheVectors() throws {
        let report = Self.diagnose { $0.fixedTaps = 11 }
        #expect(report.cases.contains { $0.verdict == .wrongError })
        #expect(report.diagnosis == nil)
        let both = try #require(Self.diagnose { $0.fixedRange = 255; $0.fixedTaps = 11 }.diagnosis)
        #expect(both.findings.map(\.deviation) == ["data-range-255.0"], "\(both.summary)")
    }

    /// A data range no convention names is fitted.
    @Test func aFixedDataRangeIsFitted() throws {
        let diagnosis = try #require(Self.diagnose { $0.fixedRange = 3 }.diagnosis)
        #expect(diagnosis.findings.map(\.deviation) == ["data-range-3.0"], "\(diagnosis.summary)")
        #expect(diagnosis.summary == "matches wang-msssim except: it fixes the data range L at 3.0 whatever max_val is")
    }

    /// Pairs of departures, planted together and named together.
    static let pairs: [(name: String, plant: Plant)] = [
        ("downsampling-floor+channels-per-image", { $0.downsampling = .dropLast; $0.perImage = true }),
        ("downsampling-replicate-top-left+ssim-at-every-scale", { $0.downsampling = .replicateFirst; $0.ssimAtEveryScale = true }),
        ("negative-relu+weights-normalised", { $0.relu = true; $0.normalisedWeights = true }),
        ("negative-half-shifted+data-range-255.0", { $0.halfShifted = true; $0.fixedRange = 255 }),
        ("downsampling-zero-pad-both-sides+weights-float32", { $0.downsampling = .zeroBefore; $0.float32Weights = true }),
        ("channels-per-image+ssim-map-whole", { $0.perImage = true; $0.wholeSSIMMap = true }),
        ("scale-sample-covariance+scale-uniform-window", { $0.sampleMoments = true; $0.uniformWindow = true }),
        ("channels-per-image+scale-taps-float32", { $0.float32Taps = true; $0.perImage = true }),
    ]

    @Test(arguments: pairs.indices)
    func pairsOfDeparturesAreNamed(_ index: Int) throws {
        let (name, plant) = Self.pairs[index]
        let diagnosis = try #require(Self.diagnose(plant).diagnosis, "\(name)")
        #expect(diagnosis.findings.map(\.deviation) == [name], "\(name): \(diagnosis.summary)")
    }

    /// The convention the diagnosis found is written beside the report, and under it (`--convention FILE`) the
    /// implementation that made those departures fails nothing.
    @Test func theExplainingConventionIsWrittenAndCertifiesTheImplementation() throws {
        var options = AlternativeMSSSIMOptions()
        (options.downsampling, options.perImage) = (.dropLast, true)
        let planted = MSSSIMFamilyTests.Alternative(options: options)
        let report = ConformanceRunner.certify(planted, cases: Self.cases, vectors: [], requireFull: false, conventions: .vectors)
        let read = try writtenExplainingConvention(report)
        let convention = try #require(read.msssim)
        #expect(read.ssim == nil)
        #expect(convention.name == "wang-msssim+downsampling-floor+channels-per-image")
        #expect((convention.downsampling, convention.channelPooling) == (.floor, .perImage))
        let under = ConformanceRunner.certify(planted, cases: Self.cases, vectors: [], requireFull: false, conventions: read)
        #expect(under.cases.filter { $0.verdict == .fail }.isEmpty, "\(under.diagnosis?.summary ?? "")")
        #expect(under.summary.counts["pass", default: 0] > 0)
    }
}
