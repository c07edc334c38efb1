import FoundationEssentials
import FileSystem
import SSIM

/// Writes a run's reports into a folder: `report.json` (the whole ``ConformanceReport``), `junit.xml`
/// (``JUnitReport``: a testcase per case, for CI systems), `summary.md` (for a pull request) and `report.html`
/// (``HTMLReport``: a standalone page with the pictures of the failing cases), and the convention of each
/// diagnosis finding that has one (``conventionFiles(_:)``), for `--convention FILE`. Each file is written as a
/// ``DurableFile``, so a reader sees a whole report or the previous one.
public enum ReportWriter {
    /// Writes the four reports of `reports` and their findings' conventions into `directory`, creating it.
    ///
    /// - Parameter commandLine: the command that made the run, as its arguments (`CommandLine.arguments`), which
    ///   `junit.xml` and `report.html` show.
    public static func write(
        _ reports: [ConformanceReport], to directory: String, commandLine: [String] = CommandLine.arguments
    ) throws {
        let folder = URL(fileURLWithPath: directory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        // Compact, not pretty-printed: the pictures' values, one per line indented, nearly doubled the file
        // (`jq .` shows it indented); sorted keys keep two runs' files comparable.
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try DurableFile.write(encoder.encode(reports), to: folder.appendingPathComponent("report.json").path, overwrite: true)
        let junit = JUnitReport.render(reports, commandLine: commandLine, hostname: ProcessInfo.processInfo.hostName)
        try DurableFile.write(Data(junit.utf8), to: folder.appendingPathComponent("junit.xml").path, overwrite: true)
        try DurableFile.write(Data(markdown(reports).utf8), to: folder.appendingPathComponent("summary.md").path, overwrite: true)
        try DurableFile.write(
            Data(HTMLReport.render(reports, commandLine: commandLine).utf8), to: folder.appendingPathComponent("report.html").path,
            overwrite: true)
        for file in conventionFiles(reports) {
            try DurableFile.write(file.convention.json(), to: folder.appendingPathComponent(file.name).path, overwrite: true)
        }
    }

    /// The file of each finding's explaining convention (``Diagnosis/Finding/explainingConvention``: the SSIM, the
    /// MS-SSIM or the 3-D SSIM convention it found), by report and finding:
    /// `explaining-convention-F.json` for finding F (from 1) of a single report, `explaining-convention-R-F.json`
    /// for report R of several.
    public static func conventionFiles(
        _ reports: [ConformanceReport]
    ) -> [(report: Int, finding: Diagnosis.Finding, name: String, convention: any MetricConvention)] {
        reports.enumerated().flatMap { reportIndex, report in
            (report.diagnosis?.findings ?? []).enumerated().compactMap { findingIndex, finding in
                finding.explainingConvention.map { convention in
                    let number = (reports.count == 1 ? [] : [reportIndex + 1]) + [findingIndex + 1]
                    return (reportIndex, finding, "explaining-convention-\(number.map(String.init).joined(separator: "-")).json", convention)
                }
            }
        }
    }

    static func markdown(_ reports: [ConformanceReport]) -> String {
        var text = "# SSIM conformance\n\n| implementation | version | level | coverage | " + CaseVerdict.allCases.map(\.rawValue).joined(separator: " | ")
            + " | warnings |\n|---|---|---|---|" + String(repeating: "---|", count: CaseVerdict.allCases.count + 1) + "\n"
        for report in reports {
            let counts = report.summary.counts
            let cells = CaseVerdict.allCases.map { String(counts[$0.rawValue] ?? 0) } + [String(report.summary.warnings)]
            text += "| \(report.implementation) | \(report.implementationVersion) | \(report.summary.level.rawValue) | \(NumberText.fixed(100 * report.summary.coverage, decimals: 1)) % | \(cells.joined(separator: " | ")) |\n"
        }
        for report in reports {
            text += "\n## \(report.implementation)\n\n| family | " + CaseVerdict.allCases.map(\.rawValue).joined(separator: " | ") + " |\n|---|" + String(repeating: "---|", count: CaseVerdict.allCases.count) + "\n"
            for (family, counts) in report.summary.byFamily.sorted(by: { $0.key < $1.key }) {
                text += "| \(family) | " + CaseVerdict.allCases.map { String(counts[$0.rawValue] ?? 0) }.joined(separator: " | ") + " |\n"
            }
            if let diagnosis = report.diagnosis {
                text += "\n**Diagnosis:** \(cell(diagnosis.summary))\n"
            }
            let warnings = report.cases.flatMap { result in result.warnings.map { (result, $0) } }
            if !warnings.isEmpty {
                text += "\n**Warnings** (\(report.summary.warnings) case(s)\(report.refusedForWarnings ? ", refused by --require full-without-warnings" : ""); answers no correct computation gives, not failures by themselves):\n\n"
                    + "| case | verdict | warning |\n|---|---|---|\n"
                for (result, warning) in warnings.prefix(50) {
                    text += "| \(result.id) | \(result.verdict.rawValue) | \(cell(warning.reason)) |\n"
                }
                if warnings.count > 50 { text += "\n… and \(warnings.count - 50) more in report.json\n" }
            }
            let problems = report.cases.filter { $0.verdict != .pass }
            if !problems.isEmpty {
                text += "\n| case | verdict | why | diagnosis |\n|---|---|---|---|\n"
                for result in problems.prefix(50) {
                    text += "| \(result.id) | \(result.verdict.rawValue) | \(cell(result.detail ?? "")) | \(cell(result.explanation ?? "")) |\n"
                }
                if problems.count > 50 { text += "\n… and \(problems.count - 50) more in report.json\n" }
            }
        }
        return text
    }

    /// Text made safe for a Markdown table cell.
    private static func cell(_ text: String) -> String {
        text.replacingScalars(["|": "\\|", "\n": " "])
    }

    /// `text` as XML or HTML character data or a double-quoted attribute value.
    static func escape(_ text: String) -> String {
        text.replacingScalars(["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "\n": "&#10;"])
    }
}
