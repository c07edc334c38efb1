import Foundation
import SSIM
import SSIMAdapterProtocol
import SSIMConformance
@testable import SSIMVectors
import Testing
import TestSupport

/// An implementation with one known mistake, made by ``AlternativeSSIM`` (code independent of the reference's
/// variants) or by mishandling the batch, the channels or the reduction around it. Gives the map and the loss.
struct BrokenSSIM: SSIMImplementation {
    enum Defect: Sendable, CustomStringConvertible {
        case inside(AlternativeSSIMDefects, String)
        case sumReportedAsMean, float32Arithmetic, channelsAveraged, firstSampleCopied
        /// Float32 arithmetic, or the 'sum' reported as the mean, with mistakes inside as well.
        case float32ArithmeticAnd(AlternativeSSIMDefects), sumReportedAsMeanAnd(AlternativeSSIMDefects)
        /// Noise of 1e-3 added to the map of one channel, one batch sample, the border band of width `band` of a
        /// 'same' map, or everywhere: no known mistake.
        case noiseInChannel(Int), noiseInSample(Int), noiseInBorderBand(Int), noiseEverywhere
        /// Noise of 1e-3 in the last `count` columns of the map; NaN for its first element.
        case noiseInLastColumns(Int), firstElementNaN
        /// The SSIM 1e-3 too high everywhere, and so the loss 5e-4 too low: no known mistake.
        case offsetEverywhere

        var description: String {
            switch self {
            case .inside(_, let name): name
            case .sumReportedAsMean: "sum reported as mean"
            case .float32Arithmetic: "float32 arithmetic"
            case .float32ArithmeticAnd: "float32 arithmetic and more"
            case .sumReportedAsMeanAnd: "sum reported as mean and more"
            case .channelsAveraged: "channels averaged"
            case .firstSampleCopied: "first sample copied"
            case .noiseInChannel(let channel): "noise in channel \(channel)"
            case .noiseInSample(let sample): "noise in batch sample \(sample)"
            case .noiseEverywhere: "noise everywhere"
            case .noiseInBorderBand(let band): "noise in the border band of width \(band)"
            case .noiseInLastColumns(let count): "noise in the last \(count) columns"
            case .firstElementNaN: "NaN first"
            case .offsetEverywhere: "offset everywhere"
            }
        }
    }

    let defect: Defect
    var name: String { "broken (\(defect))" }
    let version = "test"

    func evaluate(_ request: AdapterCase) -> AdapterAnswer {
        var shape = request.img1.shape
        var (x, y) = (request.img1.values, request.img2.values)
        if case .channelsAveraged = defect {
            (x, y) = (Self.channelsAveraged(x, shape: shape), Self.channelsAveraged(y, shape: shape))
            shape[1] = 1
        }
        if case .firstSampleCopied = defect {
            let sample = shape[1] * shape[2] * shape[3]
            (x, y) = (Array(x[..<sample]), Array(y[..<sample]))
            shape[0] = 1
        }
        var defects = AlternativeSSIMDefects()
        switch defect {
        case .inside(let inside, _), .float32ArithmeticAnd(let inside), .sumReportedAsMeanAnd(let inside): defects = inside
        default: break
        }
        // torch's reflect padding reaches one reflection (the other borders extend any image), and its crop must
        // leave a map.
        let side = Self.mapSide(request, defects)
        if let window = defects.fixedWindowSize, defects.border == .reflect, min(shape[2], shape[3]) <= window / 2 {
            return .error(category: "image_too_small", message: "\(shape) is too small for a window of \(window)")
        }
        if min(side.height, side.width) < 1 {
            return .error(category: "image_too_small", message: "\(shape) leaves no map")
        }
        let float32 = request.img1.precision == .float32
        let inFloat32 = float32 || {
            switch defect {
            case .float32Arithmetic, .float32ArithmeticAnd: true
            default: false
            }
        }()
        var (map, loss) = inFloat32
            ? Self.maps(Float.self, request, defects, x, y, shape)
            : Self.maps(Double.self, request, defects, x, y, shape)
        // Undo the shortcuts: the map of the shape asked for, each plane from the one computed.
        let mapPlane = map.count / (shape[0] * shape[1])
        let (batch, channels) = (request.img1.shape[0], request.img1.shape[1])
        func spread(_ values: [Double]) -> [Double] {
            (0..<(batch * channels)).flatMap { plane -> ArraySlice<Double> in
                let source = shape[1] == 1 && channels > 1 ? plane / channels : plane % (shape[0] * shape[1])
                return values[(source * mapPlane)..<((source + 1) * mapPlane)]
            }
        }
        (map, loss) = (spread(map), spread(loss))
        if case .noiseInChannel(let channel) = defect {
            for index in map.indices where index / mapPlane % channels == channel { map[index] += 1e-3 }
        }
        if case .noiseEverywhere = defect {
            for index in map.indices { map[index] += 1e-3 }
        }
        if case .noiseInSample(let sample) = defect {
            for index in map.indices where index / mapPlane / channels == sample { map[index] += 1e-3 }
        }
        if case .noiseInLastColumns(let count) = defect {
            for index in map.indices where index % side.width >= side.width - count { map[index] += 1e-3 }
        }
        if case .firstElementNaN = defect { map[0] = .nan }
        if case .offsetEverywhere = defect {
            map = map.map { $0 + 1e-3 }
            loss = loss.map { $0 - 5e-4 }
        }
        if case .noiseInBorderBand(let band) = defect, request.padding == "same" {
            let (height, width) = (request.img1.shape[2], request.img1.shape[3])
            for index in map.indices {
                let (row, column) = (index / width % height, index % width)
                if min(row, column, height - 1 - row, width - 1 - column) < band { map[index] += 1e-3 }
            }
        }
        let precision: Precision = float32 ? .float32 : .float64
        // The reduction in the working precision too.
        func working(_ value: Double) -> Double { inFloat32 ? Double(Float(value)) : value }
        let sum = working(AlternativeSSIM<Double>.pairwiseSum(loss[...]))
        let reduced: ProtocolArray = switch (request.reduction, defect) {
        case ("none", _): ProtocolArray(shape: [batch, channels, side.height, side.width], precision: precision, values: loss)
        case ("sum", .sumReportedAsMean), ("sum", .sumReportedAsMeanAnd), ("mean", _): ProtocolArray(shape: [], precision: precision, values: [working(sum / Double(loss.count))])
        default: ProtocolArray(shape: [], precision: precision, values: [sum])
        }
        return .outputs([
            .ssimMap: ProtocolArray(shape: [batch, channels, side.height, side.width], precision: precision, values: map),
            .loss: reduced,
        ])
    }

    static func mapSide(_ request: AdapterCase, _ defects: AlternativeSSIMDefects) -> (height: Int, width: Int) {
        let window = defects.cropsAsAsked ? Int(request.windowSize) : defects.fixedWindowSize ?? Int(request.windowSize)
        let crop = request.padding == "valid" ? window / 2 + defects.extraValidCrop : 0
        return (request.img1.shape[2] - 2 * crop, request.img1.shape[3] - 2 * crop)
    }

    static func maps<T: BinaryFloatingPoint>(
        _: T.Type, _ request: AdapterCase, _ defects: AlternativeSSIMDefects, _ x: [Double], _ y: [Double], _ shape: [Int]
    ) -> (ssim: [Double], loss: [Double]) {
        let implementation = AlternativeSSIM<T>(
            windowSize: Int(request.windowSize), maxVal: T(request.maxVal), eps: T(request.eps),
            valid: request.padding == "valid", defects: defects)
        let (ssim, loss) = implementation.maps(x.map { T($0) }, y.map { T($0) }, shape: shape)
        return (ssim.map { Double($0) }, loss.map { Double($0) })
    }

    static func channelsAveraged(_ values: [Double], shape: [Int]) -> [Double] {
        let (channels, plane) = (shape[1], shape[2] * shape[3])
        return (0..<(shape[0] * plane)).map { index in
            let (sample, pixel) = index.quotientAndRemainder(dividingBy: plane)
            return (0..<channels).map { values[(sample * channels + $0) * plane + pixel] }.reduce(0, +) / Double(channels)
        }
    }
}

/// Each known mistake, made by an implementation of our own, is failed and named by the diagnosis; differences no
/// mistake explains are placed.
@Suite struct DiagnosisTests {
    /// A few float64 cases between them exercising every deviation: 'same' and 'valid', window 11 and another, 'sum',
    /// several channels and samples, flat, near-black (where eps shows) and ordinary images.
    static let cases: [StoredVectorCase] = {
        let valid = ConformanceRunnerTests.loaded.cases.filter {
            if case .valid = $0.expectation { $0.request.img1.precision == .float64 && $0.family != "matlab-parity" } else { false }
        }
        let ordinary = valid.filter { $0.tags.contains("sweep") }
        let wanted: [(StoredVectorCase) -> Bool] = [
            { $0.request.padding == "same" && $0.request.windowSize != 11 },
            { $0.request.padding == "same" && $0.request.windowSize == 11 },
            { $0.request.padding == "valid" && $0.request.windowSize != 11 && $0.request.img1.shape[2...].allSatisfy { $0 > 11 } },
            { $0.request.padding == "valid" && $0.request.reduction == "mean" && $0.request.windowSize == 11 },
            { $0.request.img1.shape[0] > 1 && $0.request.img1.shape[1] > 1 && $0.request.reduction == "none" },
        ]
        let flat = valid.first { $0.tags.contains("flat") && $0.request.padding == "same" }!
        let sum = valid.first { $0.request.reduction == "sum" && !$0.tags.contains("flat") }!
        let nearBlack = valid.first { $0.tags.contains("eps") && $0.request.windowSize != 11 && $0.request.eps != 0 }!
        return wanted.map { predicate in ordinary.first(where: predicate)! } + [sum, flat, nearBlack]
    }()

    static func diagnose(_ defect: BrokenSSIM.Defect) -> ConformanceReport {
        ConformanceRunner.certify(BrokenSSIM(defect: defect), cases: cases, vectors: [], requireFull: false)
    }

    static func defects(_ change: (inout AlternativeSSIMDefects) -> Void) -> AlternativeSSIMDefects {
        var defects = AlternativeSSIMDefects()
        change(&defects)
        return defects
    }

    @Test func theUnbrokenAlternativePasses() {
        let report = Self.diagnose(.inside(AlternativeSSIMDefects(), "none"))
        #expect(report.summary.counts == ["pass": Self.cases.count], "\(report.cases.compactMap(\.detail))")
        #expect(report.diagnosis == nil)
    }

    static let named: [(BrokenSSIM.Defect, String)] = [
        (.inside(defects { $0.border = .zero }, "zero border"), "border-zero"),
        (.inside(defects { $0.border = .replicate }, "replicate border"), "border-replicate"),
        (.inside(defects { $0.border = .symmetric }, "symmetric border"), "border-symmetric"),
        (.inside(defects { $0.extraValidCrop = 1 }, "valid cropped once more"), "valid-cropped-one-more"),
        (.inside(defects { $0.sampleCovariance = true }, "sample covariance"), "sample-covariance"),
        (.inside(defects { $0.sigma = nil }, "uniform window"), "uniform-window"),
        (.inside(defects { $0.sigma = 1 }, "sigma 1"), "gaussian-sigma-1.0"),
        (.inside(defects { $0.fixedWindowSize = 11 }, "window fixed at 11"), "window-fixed-11"),
        (.inside(defects { $0.ignoresEps = true }, "no eps"), "no-eps"),
        (.inside(defects { $0.loss = .oneMinusSSIM }, "1 − SSIM"), "loss-one-minus-ssim"),
        (.inside(defects { $0.loss = .clampedThenHalved }, "halved after clamp"), "loss-halved-after-clamp"),
        (.sumReportedAsMean, "sum-reported-as-mean"),
        (.float32Arithmetic, "float32-arithmetic"),
        (.channelsAveraged, "channels-averaged"),
        (.firstSampleCopied, "first-sample-copied"),
    ]

    @Test(arguments: named.indices)
    func aKnownMistakeIsFailedAndNamed(_ index: Int) throws {
        let (defect, deviation) = Self.named[index]
        let report = Self.diagnose(defect)
        #expect(report.summary.level == .fail, "\(defect)")
        let diagnosis = try #require(report.diagnosis, "\(defect)")
        #expect(diagnosis.findings.map(\.deviation) == [deviation], "\(defect): \(diagnosis.summary)")
        #expect(!diagnosis.summary.contains("or equally"), "\(defect): \(diagnosis.summary)")
        let explanation = try #require(KnownDeviation.all.first { $0.name == deviation }?.explanation)
        #expect(diagnosis.summary == "matches kornia except: it \(explanation)")
        for result in report.cases where result.verdict == .fail {
            #expect(result.explanation == explanation, "\(result.id)")
        }
    }

    @Test func aWindowFixedAt11ButCroppedAsAskedIsToldApart() throws {
        let report = Self.diagnose(.inside(Self.defects { $0.fixedWindowSize = 11; $0.cropsAsAsked = true }, "window 11, crop as asked"))
        let diagnosis = try #require(report.diagnosis)
        // 'same' maps cannot tell the crop, 'valid' ones can: one explanation covers both.
        #expect(diagnosis.findings.map(\.deviation) == ["window-fixed-11-cropped-as-asked"], "\(diagnosis.findings)")
    }

    @Test func explanationsThatFitEquallyAreBothNamed() throws {
        // On 'same' maps alone a window fixed at 11 cannot be told from one fixed at 11 but cropped as asked.
        let same = Self.cases.filter { $0.request.padding == "same" }
        let report = ConformanceRunner.certify(
            BrokenSSIM(defect: .inside(Self.defects { $0.fixedWindowSize = 11 }, "window 11")), cases: same, vectors: [], requireFull: false)
        let diagnosis = try #require(report.diagnosis)
        #expect(diagnosis.findings.map(\.deviation) == ["window-fixed-11 | window-fixed-11-cropped-as-asked"], "\(diagnosis.findings)")
        #expect(diagnosis.summary.contains("; or equally matches kornia except: it filters with a window of 11"), "\(diagnosis.summary)")
    }

    @Test func aNamedConventionWithFewerDeparturesIsPreferred() throws {
        // A window of 11 whatever is asked, the crop as asked and no eps: torchmetrics' convention, one departure instead of two.
        let report = Self.diagnose(.inside(Self.defects { $0.fixedWindowSize = 11; $0.cropsAsAsked = true; $0.ignoresEps = true }, "torchmetrics"))
        let diagnosis = try #require(report.diagnosis)
        #expect(diagnosis.findings.map(\.deviation) == ["torchmetrics"], "\(diagnosis.findings)")
        #expect(diagnosis.summary == "matches torchmetrics", "\(diagnosis.summary)")
        #expect(diagnosis.findings.first?.convention?.computesLike(.torchmetrics) == true)
    }

    /// scikit-image's convention (11 taps whatever is asked, 'valid' cropped as asked, the edge repeated, no eps),
    /// alone and with a departure: three and four departures from Kornia's, one and two from scikit-image's.
    static let fromScikitImage: [(BrokenSSIM.Defect, String, String)] = [
        (.inside(defects { $0.fixedWindowSize = 11; $0.cropsAsAsked = true; $0.border = .symmetric; $0.ignoresEps = true }, "scikit-image"),
         "scikit-image", "matches scikit-image"),
        (.inside(defects { $0.fixedWindowSize = 11; $0.cropsAsAsked = true; $0.border = .symmetric; $0.ignoresEps = true; $0.sampleCovariance = true },
                 "scikit-image, sample covariance"),
         "scikit-image+sample-covariance", "matches scikit-image except: it uses sample covariance (N/(N − 1))"),
    ]

    @Test(arguments: fromScikitImage.indices)
    func anotherNamedConventionIsNamedWithItsDepartures(_ index: Int) throws {
        let (defect, deviation, summary) = Self.fromScikitImage[index]
        let report = Self.diagnose(defect)
        let diagnosis = try #require(report.diagnosis)
        #expect(diagnosis.findings.map(\.deviation) == [deviation], "\(diagnosis.summary)")
        #expect(diagnosis.summary == summary)
    }

    /// Answers the cases `rejected` (inputs the reference rejects) with a loss of its own, every other as `inner`.
    struct AnswersRejectedInputs: SSIMImplementation {
        let inner: any SSIMImplementation
        let rejected: Set<String>
        var name: String { inner.name }
        let version = "test"
        func evaluate(_ request: AdapterCase) -> AdapterAnswer {
            guard rejected.contains(request.id) else { return inner.evaluate(request) }
            return .outputs([.loss: ProtocolArray(shape: [], precision: .float64, values: [0.25])])
        }
    }

    /// An answer to an acceptable input is held to Kornia's only under a convention computing like Kornia's: where
    /// the implementation is found computing another, that explains it too; alone, it stays unexplained.
    @Test func anAcceptableInputAnsweredUnlikeKorniaIsExplainedByTheConventionComputed() throws {
        let acceptable = ConformanceRunnerTests.loaded.cases.filter {
            $0.request.metric == .ssim && $0.expectation.isAcceptable
                && $0.expectation.korniaAnswer?.outputs[.loss]?.values.first?.isNaN == true
        }
        #expect(acceptable.count == 5)
        let ids = Set(acceptable.map(\.request.id))
        let skimage = AnswersRejectedInputs(inner: ConventionCertificationTests.scikitImageAlike, rejected: ids)
        let report = ConformanceRunner.certify(skimage, cases: Self.cases + acceptable, vectors: [], requireFull: false)
        let diagnosis = try #require(report.diagnosis)
        #expect(diagnosis.summary == "matches scikit-image", "\(diagnosis.summary)")
        #expect(Set(try #require(diagnosis.findings.first).cases).isSuperset(of: acceptable.map(\.request.id)))
        let alone = ConformanceRunner.certify(
            AnswersRejectedInputs(inner: ReferenceImplementation(), rejected: ids), cases: Self.cases + acceptable, vectors: [], requireFull: false)
        #expect(alone.summary.counts["fail"] == acceptable.count)
        #expect(try #require(alone.diagnosis).findings.allSatisfy { $0.deviation == nil })
    }

    /// Where only gradients are asked (or only they fail), the explanation reproduces the gradients: the reference
    /// computing a replicate border, asked for gradients alone, is named so.
    @Test func aDepartureSeenOnlyInTheGradientsIsNamed() throws {
        let gradientsOnly = ConformanceRunnerTests.loaded.cases.filter {
            $0.family == "core" && $0.request.img1.precision == .float64 && $0.request.padding == "same"
                && $0.request.outputs.contains(.gradImg1)
        }.prefix(4).map { stored -> StoredVectorCase in
            let asked: [AdapterOutput] = [.gradImg1, .gradImg2]
            let request = stored.request
            guard let expected = stored.expectation.outputs else { preconditionFailure("a valid case") }
            return StoredVectorCase(
                request: AdapterCase(
                    id: request.id, img1: request.img1, img2: request.img2, windowSize: request.windowSize,
                    maxVal: request.maxVal, eps: request.eps, padding: request.padding, reduction: request.reduction,
                    outputs: asked),
                family: stored.family, tags: stored.tags,
                expectation: .valid(expected.keeping(asked)))
        }
        #expect(gradientsOnly.count == 4)
        let report = ConformanceRunner.certify(
            ReferenceImplementation(convention: SSIMConvention(name: "replicate", border: .replicate)), cases: gradientsOnly,
            vectors: [], requireFull: false)
        #expect(report.summary.counts["fail"] == 4)
        let diagnosis = try #require(report.diagnosis)
        let replicate: [String?] = ["border-replicate"]
        #expect(diagnosis.findings.map(\.deviation) == replicate, "\(diagnosis.summary)")
    }

    static let combined: [(BrokenSSIM.Defect, String)] = [
        (.float32ArithmeticAnd(defects { $0.loss = .oneMinusSSIM }), "loss-one-minus-ssim+float32-arithmetic"),
        (.inside(defects { $0.ignoresEps = true; $0.border = .symmetric; $0.sampleCovariance = true }, "no eps, symmetric, sample covariance"),
         "border-symmetric+sample-covariance+no-eps"),
        (.inside(defects { $0.border = .zero; $0.tapsInFloat32 = true }, "zero border, float32 taps"), "border-zero+taps-float32"),
        (.sumReportedAsMeanAnd(defects { $0.sigma = 2; $0.loss = .clampedThenHalved }),
         "gaussian-sigma-2.0+loss-halved-after-clamp+sum-reported-as-mean"),
        (.inside(defects { $0.border = .zero; $0.sigma = nil; $0.ignoresEps = true }, "zero border, uniform window, no eps"),
         "border-zero+uniform-window+no-eps"),
        (.float32ArithmeticAnd(defects { $0.extraValidCrop = 1; $0.sampleCovariance = true }),
         "valid-cropped-one-more+sample-covariance+float32-arithmetic"),
    ]

    @Test(arguments: combined.indices)
    func severalMistakesAtOnceAreNamedExactly(_ index: Int) throws {
        try Self.expectNamedFromKornia(Self.combined[index].0, Self.combined[index].1)
    }

    /// Expects the diagnosis of `defect` to name `deviation` alone, departing from Kornia's convention.
    static func expectNamedFromKornia(_ defect: BrokenSSIM.Defect, _ deviation: String) throws {
        let diagnosis = try #require(diagnose(defect).diagnosis, "\(defect)")
        #expect(diagnosis.findings.map(\.deviation) == [deviation], "\(defect): \(diagnosis.summary)")
        #expect(diagnosis.summary.hasPrefix("matches kornia except: it "), "\(diagnosis.summary)")
    }

    /// One departure of each choice ``AlternativeSSIM`` can make, with its name, in ``KnownDeviation/all``'s order.
    static let plantable: [(name: String, change: @Sendable (inout AlternativeSSIMDefects) -> Void)] = [
        ("border-zero", { $0.border = .zero }),
        ("valid-cropped-one-more", { $0.extraValidCrop = 1 }),
        ("sample-covariance", { $0.sampleCovariance = true }),
        ("uniform-window", { $0.sigma = nil }),
        ("window-fixed-11", { $0.fixedWindowSize = 11 }),
        ("no-eps", { $0.ignoresEps = true }),
        ("loss-one-minus-ssim", { $0.loss = .oneMinusSSIM }),
    ]

    /// Every pair of departures: two of ``plantable``, or one of them with float32 arithmetic or the 'sum' reported
    /// as the mean (the two mistakes that compose with the others), each planted and named exactly.
    static let pairs: [(BrokenSSIM.Defect, String)] = {
        var pairs: [(BrokenSSIM.Defect, String)] = []
        for (i, first) in plantable.enumerated() {
            for second in plantable[(i + 1)...] {
                let both = defects { first.change(&$0); second.change(&$0) }
                pairs.append((.inside(both, "\(first.name) and \(second.name)"), "\(first.name)+\(second.name)"))
            }
            pairs.append((.float32ArithmeticAnd(defects(first.change)), "\(first.name)+float32-arithmetic"))
            pairs.append((.sumReportedAsMeanAnd(defects(first.change)), "\(first.name)+sum-reported-as-mean"))
        }
        return pairs
    }()

    /// The pairs these cases cannot tell apart, and what the diagnosis says of them instead. A window fixed at 11
    /// refuses (image_too_small) the only 'valid' case of another window (12 × 12, cropped by 6, leaves no map) and
    /// the only 'sum' case (2 × 2): no failing case shows which crop goes with it, nor the 'sum' reported as the mean.
    static let unseen = [
        "valid-cropped-one-more+window-fixed-11":
            "valid-cropped-one-more+window-fixed-11 | valid-cropped-one-more+window-fixed-11-cropped-as-asked",
        "window-fixed-11+sum-reported-as-mean": "window-fixed-11",
    ]

    @Test(arguments: pairs.indices)
    func everyPairOfDeparturesIsNamedExactly(_ index: Int) throws {
        let (defect, deviation) = Self.pairs[index]
        let diagnosis = try #require(Self.diagnose(defect).diagnosis, "\(defect)")
        #expect(diagnosis.findings.map(\.deviation) == [Self.unseen[deviation] ?? deviation], "\(defect): \(diagnosis.summary)")
    }

    @Test func theExplainingConventionIsWrittenAndCertifiesTheImplementation() throws {
        let broken = BrokenSSIM(defect: Self.combined[1].0)
        let report = ConformanceRunner.certify(broken, cases: Self.cases, vectors: [], requireFull: false)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ReportWriter.write([report], to: folder.path)
        let files = ReportWriter.conventionFiles([report])
        #expect(files.map(\.name) == ["explaining-convention-1.json"])
        // What --convention FILE reads: under it, the implementation that made those mistakes computes it faithfully.
        let convention = try SSIMConvention.read(folder.appendingPathComponent("explaining-convention-1.json").path)
        #expect(convention.name == "kornia+border-symmetric+sample-covariance+no-eps")
        let under = ConformanceRunner.certify(broken, cases: Self.cases, vectors: [], requireFull: false, conventions: ConventionsByMetric(convention))
        #expect(under.summary.counts["fail"] == nil, "\(under.diagnosis?.summary ?? "")")
        #expect(under.summary.counts["pass", default: 0] > 0)
    }

    /// torchmetrics' convention on 'valid' maps, and torchmetrics' with a circular border on 'same' maps. Its
    /// window is fixed at 11 taps while 'valid' is cropped by the radius of the window asked, so the 'valid' map of a
    /// smaller window reads beyond the edge: the border matters there, and "torchmetrics + circular", which explains
    /// every 'same' case, is wrong for those 'valid' ones (a search judging the border's reach by the window asked
    /// reported it for every case).
    struct CircularOnlyWhenSame: SSIMImplementation {
        let name = "torchmetrics, circular on 'same' maps", version = "test"
        static let circular = { var convention = SSIMConvention.torchmetrics; convention.border = .circular; return convention }()

        func evaluate(_ request: AdapterCase) -> AdapterAnswer {
            ReferenceImplementation(convention: request.padding == "valid" ? .torchmetrics : Self.circular).evaluate(request)
        }
    }

    /// Every explanation the diagnosis reports reproduces each case it claims when its convention is computed
    /// afresh: certified under the written convention, the implementation passes every one of them.
    @Test func everyReportedExplanationReproducesItsCasesAfresh() throws {
        let implementation = CircularOnlyWhenSame()
        let cases = ConformanceRunnerTests.loaded.cases.filter { stored in
            guard case .valid = stored.expectation else { return false }
            return ["borders", "core"].contains(stored.family) && stored.request.precision == .float64
        }
        let report = ConformanceRunner.certify(implementation, cases: cases, vectors: [], requireFull: false)
        let diagnosis = try #require(report.diagnosis)
        let reachingValidBorders = Set(cases.filter { stored in
            guard let options = try? ValidatedCase(stored.request).options else { return false }
            return options.padding == .valid && SSIMConvention.torchmetrics.readsBeyondEdge(options)
        }.map(\.request.id))
        #expect(!reachingValidBorders.isEmpty)
        for finding in diagnosis.findings {
            if finding.deviation?.contains("border-circular") == true {
                #expect(reachingValidBorders.isDisjoint(with: finding.cases), "\(finding.explanation)")
            }
            guard let convention = finding.convention else { continue }
            let claimed = cases.filter { finding.cases.contains($0.request.id) }
            let under = ConformanceRunner.certify(implementation, cases: claimed, vectors: [], requireFull: false, conventions: ConventionsByMetric(convention))
            #expect(under.summary.counts["fail"] == nil, "\(finding.explanation): \(under.diagnosis?.summary ?? "")")
            #expect(under.summary.counts["pass", default: 0] == claimed.count, "\(finding.explanation)")
        }
        #expect(diagnosis.findings.contains { $0.deviation == "torchmetrics" && !reachingValidBorders.isDisjoint(with: $0.cases) },
                "\(diagnosis.summary)")
    }

    @Test func aDifferenceInOneChannelIsPlaced() throws {
        let report = Self.diagnose(.noiseInChannel(1))
        let diagnosis = try #require(report.diagnosis)
        #expect(diagnosis.findings.map(\.deviation) == [nil])
        #expect(diagnosis.summary.contains("only in channel 1"), "\(diagnosis.summary)")
    }

    @Test func aDifferenceInOneBatchSampleIsPlaced() throws {
        let report = Self.diagnose(.noiseInSample(1))
        let diagnosis = try #require(report.diagnosis)
        #expect(diagnosis.findings.map(\.deviation) == [nil], "\(diagnosis.summary)")
        #expect(diagnosis.summary.contains("only in batch sample 1"), "\(diagnosis.summary)")
    }

    @Test func aDifferenceEverywhereIsPlacedSo() throws {
        let report = Self.diagnose(.noiseEverywhere)
        let diagnosis = try #require(report.diagnosis)
        #expect(diagnosis.findings.map(\.deviation) == [nil])
        // Not "only in the border band" of a small image that is all band, nor "only in flat regions" of a flat one.
        for result in report.cases where result.verdict == .fail {
            let explanation = try #require(result.explanation)
            #expect(explanation.hasPrefix("differs everywhere"), "\(result.id): \(explanation)")
        }
    }

    @Test func aDifferenceInTheBorderBandIsPlaced() throws {
        let report = Self.diagnose(.noiseInBorderBand(2))
        let diagnosis = try #require(report.diagnosis)
        #expect(diagnosis.findings.allSatisfy { $0.deviation == nil })
        #expect(diagnosis.summary.contains("only in the border band"), "\(diagnosis.summary)")
    }

    /// A difference placed in the image under a convention that crops 'valid' by 3 pixels more than the window's
    /// radius: the map's (0, 0) is image pixel (6, 6) for a window of 7, not Kornia's (3, 3). The images are flat in
    /// a centred square and noisy around it, and the answer is off exactly where the window lies in the square; only
    /// with the convention's own crop are those elements the flat ones.
    @Test func aDifferenceIsPlacedInTheImageByTheCertifiedConventionsCrop() throws {
        let convention = SSIMConvention(name: "extra-band", extraValidCrop: 3)
        let (side, flat) = (40, 10..<30)
        func image(seed: UInt64) -> ProtocolArray {
            var generator = SplitMix64(seed: seed)
            let values = (0..<(side * side)).map { index in
                flat.contains(index / side) && flat.contains(index % side) ? 0.5 : Double(generator.next() >> 11) / Double(1 << 53)
            }
            return ProtocolArray(shape: [1, 1, side, side], precision: .float64, values: values)
        }
        let request = AdapterCase(
            id: "flat-square", img1: image(seed: 1), img2: image(seed: 2), windowSize: 7, maxVal: 1, eps: 0,
            padding: "valid", reduction: "none", outputs: [.ssimMap])
        let placeholder = StoredVectorCase(
            request: request, family: "test", tags: [],
            expectation: .valid(ExpectedOutputs(values: [:], bounds: [:], convention: SSIMConvention.kornia, precision: .float64, notComputable: nil)))
        guard case .applicable(let stored) = placeholder.under(convention) else { Issue.record("not applicable"); return }

        /// The reference under the convention, off by 0.05 where the window (radius 3) lies inside the flat square:
        /// map rows and columns 7 to 20 of 28, image pixels 13 to 26.
        struct OffOverTheFlatSquare: SSIMImplementation {
            let name = "off over the flat square", version = "test"
            let convention: SSIMConvention
            func evaluate(_ request: AdapterCase) -> AdapterAnswer {
                guard case .outputs(var outputs) = ReferenceImplementation(convention: convention).evaluate(request),
                    let map = outputs[.ssimMap]
                else { return .error(category: "unsupported", message: nil) }
                let width = map.shape[3]
                let values = map.values.enumerated().map { index, value in
                    (7...20).contains(index / width) && (7...20).contains(index % width) ? value + 0.05 : value
                }
                outputs[.ssimMap] = ProtocolArray(shape: map.shape, precision: .float64, values: values)
                return .outputs(outputs)
            }
        }
        let report = ConformanceRunner.certify(
            OffOverTheFlatSquare(convention: convention), cases: [stored], vectors: [], requireFull: false, conventions: ConventionsByMetric(convention))
        let diagnosis = try #require(report.diagnosis)
        #expect(diagnosis.summary.contains("differs only in flat regions"), "\(diagnosis.summary)")
    }

    @Test func aDifferenceAlongOneSideIsPlacedExactly() throws {
        // Maps at least 8 columns wide, so that 3 columns are a band along one side.
        let wide = Self.cases.filter { BrokenSSIM.mapSide($0.request, AlternativeSSIMDefects()).width >= 8 }
        let report = ConformanceRunner.certify(BrokenSSIM(defect: .noiseInLastColumns(3)), cases: wide, vectors: [], requireFull: false)
        let diagnosis = try #require(report.diagnosis)
        #expect(diagnosis.findings.map(\.deviation) == [nil], "\(diagnosis.summary)")
        for result in report.cases where result.verdict == .fail {
            #expect(result.explanation?.hasPrefix("differs only in the last 3 columns:") == true, "\(result.id): \(result.explanation ?? "")")
        }
    }

    /// An SSIM off by 1e-3 everywhere (no known mistake), on flat and offset images, MATLAB's 8-bit pairs and real
    /// images: under a convention that builds its taps in float32 (scikit-image's with float32 taps, pytorch-msssim's)
    /// their bounds are wide enough to hold the offset, and the certified answers lie within them too. Such an
    /// explanation, evidenced nowhere and covering only some failing cases, must not be taken
    /// (``ExplanationSearch/mayTake(_:covering:of:)``); it once "explained" 25 of 491 such cases.
    @Test func anOffsetEverywhereIsNotExplainedByWiderBoundsAlone() throws {
        let ids: Set = [
            "conditioning-004-w11-same-none-f64-flat0.25-0.75", "conditioning-005-w5-same-sum-f64-flat0.5-0.5",
            "conditioning-012-w11-same-none-f64-offset20", "matlab-parity-000-camera_blur",
            "matlab-parity-003-camera_impulse", "matlab-parity-006-camera_noise10",
            "real-images-002-astronaut-gray-impulse-f64", "real-images-012-brick-gray-contrast-f64",
        ]
        // With well-conditioned cases beside them, failing too, as in a real run.
        let others = Self.cases.filter { !ids.contains($0.request.id) }
        let chosen = ConformanceRunnerTests.loaded.cases.filter { ids.contains($0.request.id) } + others
        #expect(chosen.count == ids.count + others.count)
        let report = ConformanceRunner.certify(
            BrokenSSIM(defect: .offsetEverywhere), cases: chosen, vectors: [], requireFull: false)
        #expect(report.summary.counts["fail"] == chosen.count)
        let diagnosis = try #require(report.diagnosis)
        #expect(diagnosis.findings.allSatisfy { $0.deviation == nil }, "\(diagnosis.summary)")
    }

    @Test func nanWhereAFiniteValueIsExpectedIsSaidSo() throws {
        let report = Self.diagnose(.firstElementNaN)
        let diagnosis = try #require(report.diagnosis)
        #expect(diagnosis.findings.map(\.deviation) == [nil], "\(diagnosis.summary)")
        #expect(diagnosis.summary.contains("only by answering NaN where a finite value is expected"), "\(diagnosis.summary)")
    }
}
