import Foundation
import SSIMAdapterProtocol
@testable import SSIMConformance
import SSIMVectors
import Testing
import TestSupport

/// report.html on a run of a deliberately broken implementation, and its pictures decoded back pixel by pixel.
@Suite struct HTMLReportTests {
    /// The reference with a border defect: its SSIM map is ``defect`` too high along the bottom row of the last plane
    /// (last sample, last channel); everything else it answers is the reference's. Its name and version hold markup.
    struct BottomRowDefect: SSIMImplementation {
        static let defect = 1e-3
        let name = "bottom-row <script>alert(1)</script>"
        let version = "0.1 \"&\" <b>bold</b>"

        func evaluate(_ adapterCase: AdapterCase) -> AdapterAnswer {
            let answer = ReferenceImplementation().evaluate(adapterCase)
            guard case .outputs(var outputs) = answer, let map = outputs[.ssimMap] else { return answer }
            var values = map.values
            // The last W elements of a (B, C, H, W) array are the bottom row of its last plane.
            for index in values.count - map.shape[3]..<values.count { values[index] += Self.defect }
            outputs[.ssimMap] = ProtocolArray(shape: map.shape, precision: map.precision, values: values)
            return .outputs(outputs)
        }
    }

    /// Three sweep cases of several samples and channels, each plane at least 4 × 4, and one invalid case.
    static let cases: [StoredVectorCase] = {
        let all = ConformanceRunnerTests.loaded.cases
        let planes = all.filter { stored in
            guard stored.family == "core", let shape = mapShape(stored) else { return false }
            return shape[0] >= 2 && shape[1] >= 2 && shape[2] >= 4 && shape[3] >= 4
        }
        return Array(planes.prefix(3)) + all.filter { $0.family == "invalid" }.prefix(1)
    }()

    static let report = ConformanceRunner.certify(
        BottomRowDefect(), cases: cases, vectors: ConformanceRunnerTests.loaded.files, requireFull: true)

    static func mapShape(_ stored: StoredVectorCase) -> [Int]? {
        guard let expected = stored.expectation.outputs?.values else { return nil }
        return expected[.ssimMap]?.shape
    }

    @Test func theFailingCasesArePicturedWhereTheDefectIs() throws {
        let failing = Self.report.cases.filter { $0.verdict == .fail }
        #expect(failing.count == 3)
        #expect(Self.report.cases.filter { $0.verdict != .fail }.map(\.verdict) == [.pass])
        #expect(Self.report.cases.allSatisfy { ($0.pictures == nil) == ($0.verdict != .fail) })
        for result in failing {
            let shape = try #require(Self.cases.first { $0.request.id == result.id }.flatMap(Self.mapShape))
            let pictures = try #require(result.pictures)
            #expect(result.errors["loss"]?.outside == 0, "only the map is broken")
            #expect(pictures.output == "ssim_map")
            #expect(pictures.shape == shape)
            #expect(pictures.sample == shape[0] - 1 && pictures.channel == shape[1] - 1, "the defective plane")
            #expect(pictures.worstRow == shape[2] - 1)
            #expect(pictures.block == 1)
            #expect(pictures.expected.height == shape[2] && pictures.expected.width == shape[3])
            let difference = zip(pictures.received.values, pictures.expected.values).map { $0 - $1 }
            let expectedDifference = difference.indices.map { $0 / shape[3] == shape[2] - 1 ? BottomRowDefect.defect : 0 }
            #expect(zip(difference, expectedDifference).allSatisfy { abs($0 - $1) < 1e-12 }, "\(difference)")
        }
    }

    @Test func theReportsHoldThePictures() throws {
        let folder = try temporaryFolder()
        try ReportWriter.write([Self.report], to: folder.path)

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json"))) as? [[String: Any]]
        let cases = try #require(json?.first?["cases"] as? [[String: Any]])
        #expect(cases.map { $0["pictures"] is [String: Any] } == Self.report.cases.map { $0.verdict == .fail })

        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for result in Self.report.cases { #expect(html.contains(result.id)) }
        #expect(html.matches(of: #/<img /#).count == 9)
        for result in Self.report.cases where result.verdict == .fail {
            let start = try #require(html.range(of: "<article class=\"failure\" id=\"r0-case-\(result.id)\" "))
            let end = try #require(html[start.upperBound...].range(of: "</article>"))
            let article = html[start.lowerBound..<end.upperBound]
            let images = try article.matches(of: #/<img src="([^"]*)"/#).map { try DecodedPNG(dataURI: $0.output.1) }
            #expect(images.count == 3)
            let pictures = try #require(result.pictures)
            for image in images {
                #expect(image.width == pictures.expected.width && image.height == pictures.expected.height)
            }
            // The difference: the diverging scale's warm end on the defective bottom row, its neutral middle elsewhere.
            let difference = try #require(images.last)
            for row in 0..<difference.height {
                for column in 0..<difference.width {
                    let colour = difference.pixel(row: row, column: column)
                    #expect(colour == (row == difference.height - 1 ? [180, 4, 38] : [221, 220, 220]), "row \(row), column \(column)")
                }
            }
        }
        // Standalone: nothing to fetch.
        #expect(html.matches(of: #/src="(?!data:)/#).isEmpty)
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("url("))
    }

    @Test func textFromTheReportIsEscaped() {
        let html = HTMLReport.render([Self.report])
        #expect(html.matches(of: #/<script/#).count == 1, "only the page's own filter script")
        #expect(!html.contains("<b>"))
        #expect(html.contains("bottom-row &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("0.1 &quot;&amp;&quot; &lt;b&gt;bold&lt;/b&gt;"))
    }

    /// The pictures of a 2 × 2 map plane whose values, as report.json writes them, are given.
    static func tinyPictures(expected: String, received: String) throws -> CasePictures {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(CasePictures.self, from: Data("""
            {"output": "ssim_map", "shape": [1, 1, 2, 2], "sample": 0, "channel": 0, "worstRow": 1, "worstColumn": 1,
             "block": 1, "expected": {"height": 2, "width": 2, "values": \(expected)},
             "received": {"height": 2, "width": 2, "values": \(received)}}
            """.utf8))
    }

    /// A 2 × 2 plane read back from JSON, as report.json holds it, drawn in exactly the colours of its scales.
    @Test func aTinyPlaneIsDrawnInItsScalesColours() throws {
        let pictures = try Self.tinyPictures(expected: "[0, 0.5, 1, 1]", received: "[0.25, 0.5, 0.75, \"nan\"]")
        let result = CaseResult(
            id: "tiny", family: "core", tags: [], verdict: .fail, source: CaseSource(nil), detail: "made up", errors: [:], missingOutputs: [],
            pictures: pictures)
        let html = HTMLReport.render([ConformanceReport(implementation: "tiny", version: "1", vectors: [], requireFull: false, cases: [result])])
        let images = try html.matches(of: #/<img src="([^"]*)"/#).map { try DecodedPNG(dataURI: $0.output.1) }
        try #require(images.count == 3)
        let magenta: [UInt8] = [255, 0, 255]
        // Viridis at 0, 0.5, 1 and 0.25, 0.75 on the shared range [0, 1]; NaN in magenta.
        #expect(images[0].pixels == [[68, 1, 84], [33, 145, 140], [253, 231, 37], [253, 231, 37]])
        #expect(images[1].pixels == [[59, 82, 139], [33, 145, 140], [94, 201, 98], magenta])
        // received − expected = 0.25, 0, −0.25, NaN on the symmetric range [−0.25, 0.25]: cool–warm's ends and middle.
        #expect(images[2].pixels == [[180, 4, 38], [221, 220, 220], [59, 76, 192], magenta])
        #expect(html.contains("<span>-0.25</span><span>0</span><span>0.25</span>"))
        #expect(html.contains("NaN or ±∞"))
    }

    @Test func legendsTellTheEndsOfTheirRangeApart() {
        /// The legend of a picture of `values` on a scale spanning them.
        func legend(_ values: [Double], symmetric: Bool = false) -> [String] {
            let scale = symmetric ? PictureScale(.coolWarm, symmetricAround0Spanning: values) : PictureScale(.viridis, spanning: values)
            return scale.labels(middle: symmetric ? "0" : "m", of: values)
        }
        #expect(legend([0.99998889, 1.004, .nan]) == ["1", "m", "1.004"])
        #expect(legend([0.99998889, 0.99999]) == ["0.999989", "m", "0.99999"])
        #expect(legend([-1e-3, 0], symmetric: true) == ["-0.001", "0", "0.001"])
        #expect(legend([0, 0], symmetric: true) == ["every finite value is 0"])
        #expect(legend([.nan, .infinity]) == ["no finite value"])
        // A picture whose values are all NaN, on a scale it shares with finite ones, has no finite value either.
        #expect(PictureScale(.viridis, spanning: [1, 1, .nan]).labels(middle: "m", of: [.nan, .nan]) == ["no finite value"])
    }

    /// The header says when, what, which, how long and where; crash reasons show in full, outside any collapsed
    /// section; failing cases are grouped by explanation with their count, the first three of a group open; a
    /// filter selects by family and verdict.
    @Test func theRunIsDescribedAndFailuresAreGrouped() throws {
        let pictures = try Self.tinyPictures(expected: "[1, 1, 1, 1]", received: "[\"nan\", \"nan\", \"nan\", \"nan\"]")
        func result(_ id: String, _ verdict: CaseVerdict, _ detail: String?, explanation: String? = nil) -> CaseResult {
            CaseResult(
                id: id, family: verdict == .fail ? "borders" : "core", tags: [], verdict: verdict, source: CaseSource(nil), detail: detail,
                errors: [:], missingOutputs: [], explanation: explanation, pictures: verdict == .fail ? pictures : nil)
        }
        let zeros = "it pads the borders with zeros"
        // Each case's own explanation has its numbers; the diagnosis's finding gathers them.
        let cases = (1...5).map { result("zero-\($0)", .fail, "off", explanation: "\(zeros), by up to \($0)e-3") }
            + [result("odd", .fail, "off"), result("pass", .pass, nil)]
            + (1...2).map { result("crashed-\($0)", .crash, "exit status 139\nSegmentation fault <core>") }
        let report = ConformanceReport(
            implementation: "grouped", version: "1", vectors: [], requireFull: false, cases: cases,
            diagnosis: Diagnosis(summary: zeros, findings: [
                Diagnosis.Finding(deviation: "border-zero", explanation: zeros, cases: (1...5).map { "zero-\($0)" }),
            ]), started: Date(timeIntervalSince1970: 0), seconds: 12.5, vectorsCommit: "abc123")
        let html = HTMLReport.render(
            [report], commandLine: ["ssim-conform", "certify", "--adapter", "python3 a.py"], machine: "host: 2 cores")

        for fact in ["1970-01-01T00:00:00Z", "ssim-conform certify --adapter 'python3 a.py'", "12.5 s", "abc123",
                     "host: 2 cores", AdapterProtocol.version, VectorProvenance.schema] {
            #expect(html.contains(fact), "the header lacks \(fact)")
        }
        let reason = try #require(html.range(of: "<pre class=\"reason\">exit status 139&#10;Segmentation fault &lt;core&gt;</pre>"))
        let before = html[..<reason.lowerBound]
        #expect(before.matches(of: #/<details/#).count == before.matches(of: #/</details>/#).count, "the reason is folded away")
        #expect(html.matches(of: #/<pre class="reason">/#).count == 1, "one reason for the two crashes")

        let group = try #require(html.range(of: "\(zeros) <span class=\"count\">5 cases</span>"))
        let more = try #require(html[group.upperBound...].range(of: "<details class=\"more\"><summary>2 more with this explanation"))
        #expect(html[group.upperBound..<more.lowerBound].matches(of: #/<article /#).count == HTMLReport.shownPerGroup)
        #expect(html.range(of: "1 case</span>")!.lowerBound > group.lowerBound, "the largest group first")

        #expect(html.contains("<select data-filter=\"family\"><option value=\"\">all</option><option>borders</option><option>core</option></select>"))
        #expect(html.contains("<select data-filter=\"verdict\"><option value=\"\">all</option><option>pass</option><option>fail</option><option>crash</option></select>"))
        #expect(html.contains("<article class=\"failure\" id=\"r0-case-zero-1\" data-family=\"borders\" data-verdict=\"fail\">"))

        // The received plane is all NaN: its legend says so, not "every finite value is 1" (the expected plane's).
        #expect(html.contains("<figcaption>received ssim_map</figcaption>\n<div class=\"legend\"><span class=\"bar cmap-viridis\"></span><span class=\"ticks\"><span>no finite value</span>"))
        #expect(html.contains("<figcaption>expected ssim_map</figcaption>\n<div class=\"legend\"><span class=\"bar cmap-viridis\"></span><span class=\"ticks\"><span>every finite value is 1</span>"))
    }

    @Test func largeImagesAreCompressedAndDecodeToTheirPixels() throws {
        let pixels = (0..<24_000).map { (n: Int) in Colormap.RGB(UInt8(n % 251), UInt8(n % 256), UInt8(n / 256)) }
        let image = try DecodedPNG(PNGEncoder.encode(width: 200, height: 120, pixels: pixels))
        #expect(image.width == 200 && image.height == 120)
        #expect(image.pixels == pixels.map { [$0.red, $0.green, $0.blue] })
        // A picture as the report makes them, a smooth field on viridis, is deflated, not kept in stored blocks.
        let field = (0..<24_000).map { (n: Int) in Colormap.viridis.colour(at: Double(n / 200 + n % 200) / 319) }
        let smooth = try DecodedPNG(PNGEncoder.encode(width: 200, height: 120, pixels: field))
        #expect(smooth.pixels == field.map { [$0.red, $0.green, $0.blue] })
        #expect(smooth.firstBlockType != 0)
        #expect(smooth.compressedSize < 120 * (1 + 3 * 200) / 4)
    }
}
