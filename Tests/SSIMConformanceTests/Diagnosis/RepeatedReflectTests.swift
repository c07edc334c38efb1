import Foundation
import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import SSIMVectors
import Testing
import TestSupport

/// The border `reflect-101` (OpenCV's `BORDER_REFLECT_101`, numpy's `pad(mode='reflect')`) mirrors as often as the
/// window reaches. It equals torch's `reflect` wherever that one reaches, and so shows only where the window reaches
/// further than the image is long: Kornia's convention with the window fixed at 11 taps (as `cv2.GaussianBlur(img,
/// (11, 11), 1.5)` filters), on images of 3 to 5 pixels a side with a smaller window asked.
@Suite struct RepeatedReflectTests {
    /// Pseudo-random (B, C, H, W) images: the second a perturbed copy of the first.
    static func request(
        _ id: String, shape: [Int], windowSize: Int, padding: String, reduction: String, seed: UInt64
    ) -> AdapterCase {
        var generator = SplitMix64(seed: seed)
        func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        let count = shape.reduce(1, *)
        let first = (0..<count).map { _ in uniform() }
        let second = first.map { min(max($0 + 0.3 * (uniform() - 0.5), 0), 1) }
        return AdapterCase(
            id: id, img1: ProtocolArray(shape: shape, precision: .float64, values: first),
            img2: ProtocolArray(shape: shape, precision: .float64, values: second), windowSize: Int64(windowSize), maxVal: 1,
            eps: 1e-12, padding: padding, reduction: reduction, outputs: [.ssimMap, .loss])
    }

    /// Small images whose sides (3 to 5) the fixed window's reach of 5 exceeds, 'same', each reduction; and a 'valid'
    /// case of window 3 large enough for the fixed window's crop, which tells that crop from the one asked.
    static let cases: [StoredVectorCase] = {
        let requests = [
            request("small-3x4-w3-same-none", shape: [1, 1, 3, 4], windowSize: 3, padding: "same", reduction: "none", seed: 1),
            request("small-4x5-w5-same-mean", shape: [2, 1, 4, 5], windowSize: 5, padding: "same", reduction: "mean", seed: 2),
            request("small-5x5-w7-same-sum", shape: [1, 2, 5, 5], windowSize: 7, padding: "same", reduction: "sum", seed: 3),
            request("large-14x13-w3-valid-none", shape: [1, 1, 14, 13], windowSize: 3, padding: "valid", reduction: "none", seed: 4),
        ]
        return requests.map { request in
            let placeholder = StoredVectorCase(
                request: request, family: "test", tags: [],
                expectation: .valid(ExpectedOutputs(
                    values: [:], bounds: [:], convention: SSIMConvention.kornia, precision: .float64, notComputable: nil)))
            guard case .applicable(let stored) = placeholder.under(.kornia) else { preconditionFailure("\(request.id) not applicable") }
            return stored
        }
    }()

    static let planted = BrokenSSIM(defect: .inside(
        DiagnosisTests.defects { $0.border = .reflect101; $0.fixedWindowSize = 11 }, "reflect-101, window fixed at 11"))

    @Test func theBorderMirrorsAsOftenAsTheWindowReaches() {
        let border = SSIMConvention.Border.reflect101
        // a b c | a b c: index −4 … 6 of a line of three reads c b a b c b a b c b a.
        #expect((-4...6).map { border.source($0, in: 3)! } == [0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2])
        #expect((-3...4).map { border.source($0, in: 2)! } == [1, 0, 1, 0, 1, 0, 1, 0])
        #expect((-2...2).map { border.source($0, in: 1)! } == [0, 0, 0, 0, 0])
        // Torch's reflect wherever it reaches.
        for n in 2...6 {
            for j in (1 - n)...(2 * n - 2) {
                #expect(border.source(j, in: n) == SSIMConvention.Border.reflect.source(j, in: n), "\(j) of \(n)")
            }
        }
    }

    @Test func anImplementationMirroringAsOftenAsTheWindowReachesIsNamedExactly() throws {
        let report = ConformanceRunner.certify(Self.planted, cases: Self.cases, vectors: [], requireFull: false)
        #expect(report.summary.counts["fail"] == Self.cases.count, "\(report.cases.map { "\($0.id): \($0.verdict)" })")
        let diagnosis = try #require(report.diagnosis)
        #expect(diagnosis.findings.map(\.deviation) == ["border-reflect-101+window-fixed-11"], "\(diagnosis.summary)")
        #expect(diagnosis.summary.contains("as often as the window reaches (reflect-101)"), "\(diagnosis.summary)")
    }

    @Test func theWrittenConventionCertifiesItFull() throws {
        let report = ConformanceRunner.certify(Self.planted, cases: Self.cases, vectors: [], requireFull: false)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ReportWriter.write([report], to: folder.path)
        let file = folder.appendingPathComponent("explaining-convention-1.json")
        let convention = try SSIMConvention.read(file.path)
        #expect(convention.border == .reflect101)
        #expect(String(decoding: try Data(contentsOf: file), as: UTF8.self).contains("\"border\" : \"reflect-101\""))
        let under = ConformanceRunner.certify(Self.planted, cases: Self.cases, vectors: [], requireFull: true, conventions: ConventionsByMetric(convention))
        #expect(under.summary.counts == ["pass": Self.cases.count], "\(under.diagnosis?.summary ?? "")")
    }

    /// The fast implementation computes Kornia's convention alone: asked for this border, it declares every case
    /// unsupported rather than answer Kornia's.
    @Test func theFastImplementationDeclaresTheBorderUnsupported() {
        var convention = SSIMConvention.kornia
        (convention.name, convention.border) = ("kornia-reflect-101", .reflect101)
        let fast = FastImplementation(convention: convention)
        for stored in Self.cases {
            guard case .error(let category, _) = fast.evaluate(stored.request) else {
                Issue.record("\(stored.request.id) answered"); continue
            }
            #expect(category == "unsupported")
        }
    }
}
