import Foundation
import SSIMAdapterProtocol
@testable import SSIMConformance
import SSIMVectors
import Testing
import TestSupport

/// `report.json` and `docs/report-schema.md` agree exactly: every key of a real report is documented and every
/// documented key is there, `null` only where the schema allows it; the implementation's messages reach the reports.
@Suite struct ReportSchemaTests {
    /// The message this implementation gives with every case it declares unsupported.
    static let unsupportedMessage = "float32 is not computed here <on purpose>"

    /// ``HTMLReportTests/BottomRowDefect`` (failing cases, pictures, a diagnosis) that declares float32 unsupported
    /// with a message, and rejects invalid inputs as the reference does, with the reference's message; a half
    /// precision it answers with an SSIM map of 1.3 (a warning).
    struct Declining: SSIMImplementation {
        let name = "declining", version = "1"

        func evaluate(_ adapterCase: AdapterCase) -> AdapterAnswer {
            if adapterCase.holdsHalfPrecision { return ImpossibleAnswerTests.SSIMMapSetTo().evaluate(adapterCase) }
            guard adapterCase.precision == .float64 else {
                return .error(category: AdapterProtocol.unsupported, message: ReportSchemaTests.unsupportedMessage)
            }
            return HTMLReportTests.BottomRowDefect().evaluate(adapterCase)
        }
    }

    static let cases = HTMLReportTests.cases
        + ConformanceRunnerTests.loaded.cases.filter { $0.family == "core" && $0.request.precision == .float32 }.prefix(1)
        + ImpossibleAnswerTests.notComputableMaps.prefix(1)

    /// The report's files, written once by the ``ReportWriter``.
    static let folder: URL = {
        let report = ConformanceRunner.certify(
            Declining(), cases: cases, vectors: ConformanceRunnerTests.loaded.files, requireFull: false)
        let folder = try! temporaryFolder()
        try! ReportWriter.write([report], to: folder.path)
        return folder
    }()

    /// The documented keys of each table of the schema, by the heading of its section; a row may name several keys
    /// (`` `sample`, `channel` ``). A key whose type says "or null" may be null.
    static let documented: [String: [String: Bool]] = {
        let text = try! String(contentsOf: packageRoot.appendingPathComponent("docs/report-schema.md"), encoding: .utf8)
        var tables: [String: [String: Bool]] = [:]
        var heading = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { heading = String(line.dropFirst(3)) }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard line.hasPrefix("| `"), cells.count >= 4 else { continue }
            for key in cells[1].matches(of: #/`([A-Za-z][A-Za-z0-9]*)`/#) {
                tables[heading, default: [:]][String(key.output.1)] = cells[2].hasSuffix("or null")
            }
        }
        return tables
    }()

    /// The JSON objects each section of the schema describes, found in a report.
    static func objects(_ reports: [[String: Any]]) -> [String: [[String: Any]]] {
        let cases = reports.flatMap { $0["cases"] as? [[String: Any]] ?? [] }
        let summaries = reports.compactMap { $0["summary"] as? [String: Any] }
        let worst = summaries.flatMap { summary in
            ["worstInBoundUnits", "worstAbsolute"].flatMap { summary[$0] as? [[String: Any]] ?? [] }
        }
        let pictures = cases.compactMap { $0["pictures"] as? [String: Any] }
        let diagnoses = reports.compactMap { $0["diagnosis"] as? [String: Any] }
        return [
            "One implementation's report": reports,
            "A case": cases,
            "A case's source": cases.compactMap { $0["source"] as? [String: Any] },
            "An output's error": cases.flatMap { ($0["errors"] as? [String: [String: Any]] ?? [:]).values }
                + worst.compactMap { $0["error"] as? [String: Any] },
            "The pictures": pictures,
            "A plane": pictures.flatMap { picture in ["expected", "received"].compactMap { picture[$0] as? [String: Any] } },
            "The summary": summaries,
            "A worst output": worst,
            "The diagnosis": diagnoses,
            "A finding": diagnoses.flatMap { $0["findings"] as? [[String: Any]] ?? [] },
            "A warning": cases.flatMap { $0["warnings"] as? [[String: Any]] ?? [] },
        ]
    }

    @Test func everyKeyOfARealReportIsDocumentedAndEveryDocumentedKeyIsThere() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("report.json"))
        let reports = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let found = Self.objects(reports)
        #expect(Set(found.keys) == Set(Self.documented.keys), "sections of the schema and of this test differ")
        for (section, keys) in Self.documented {
            let objects = found[section] ?? []
            #expect(!objects.isEmpty, "the report holds no \(section)")
            for object in objects {
                let missing = Set(keys.keys).subtracting(object.keys), undocumented = Set(object.keys).subtracting(keys.keys)
                #expect(missing.isEmpty, "\(section): documented but missing: \(missing.sorted())")
                #expect(undocumented.isEmpty, "\(section): present but undocumented: \(undocumented.sorted())")
                for (key, value) in object where value is NSNull {
                    #expect(keys[key] == true, "\(section): \(key) is null, which the schema does not allow")
                }
            }
        }
    }

    @Test func theImplementationsMessageReachesEveryReport() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("report.json"))
        let reports = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let cases = try #require(reports.first?["cases"] as? [[String: Any]])
        let declined = cases.filter { $0["verdict"] as? String == "not_supported" }
        #expect(!declined.isEmpty)
        for result in declined {
            #expect(result["message"] as? String == Self.unsupportedMessage)
            #expect((result["detail"] as? String)?.hasSuffix(Self.unsupportedMessage) == true)
        }
        let escaped = ReportWriter.escape(Self.unsupportedMessage)
        for file in ["junit.xml", "report.html"] {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
            #expect(text.contains(escaped), "\(file) lacks the message")
        }
        let markdown = try String(contentsOf: Self.folder.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(markdown.contains(Self.unsupportedMessage))
    }

    /// The warning of the half-precision case reaches every report: its value and why, and its count.
    @Test func theWarningReachesEveryReport() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("report.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]]).first
        let cases = try #require(report?["cases"] as? [[String: Any]])
        let warned = cases.filter { !($0["warnings"] as? [Any] ?? []).isEmpty }
        #expect(warned.map { $0["id"] as? String } == [ImpossibleAnswerTests.notComputableMaps.first?.request.id])
        #expect(warned.first?["verdict"] as? String == "not_computable")
        let warning = try #require((warned.first?["warnings"] as? [[String: Any]])?.first)
        #expect(warning["value"] as? Double == 1.3 && warning["output"] as? String == "ssim_map" && warning["kind"] as? String == "out_of_range")
        let reason = try #require(warning["reason"] as? String)
        #expect((report?["summary"] as? [String: Any])?["warnings"] as? Int == 1)
        #expect(report?["requireNoWarnings"] as? Bool == false)
        for file in ["junit.xml", "report.html"] {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
            #expect(text.contains(ReportWriter.escape(reason)), "\(file) lacks the warning")
        }
        let markdown = try String(contentsOf: Self.folder.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(markdown.contains(reason) && markdown.contains("| warnings |"))
    }
}
