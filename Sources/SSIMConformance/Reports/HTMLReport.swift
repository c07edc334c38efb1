import FoundationEssentials
import SSIMAdapterProtocol
import SSIMVectors

/// A run's reports as one standalone web page, `report.html`: inline CSS and script, pictures as PNG data URIs,
/// nothing fetched, so it can be mailed or archived as it is.
///
/// A header says when the run began, the command that made it, the suite's schema, protocol and vector versions,
/// how long it took and on what machine. For each implementation it shows the run (implementation, version, vector
/// files, requirement, level, coverage, verdict counts, warnings), the reason of every crash and timeout in full, every
/// warning in full (``ImpossibleAnswer``, marked beside its case's verdict too), the verdict
/// counts per family with every case of a family in a collapsed `<details>`, the worst errors in units of their
/// bounds and in absolute terms, and the failing cases grouped by explanation with their count (the first
/// ``shownPerGroup`` of a group open, the rest collapsed), each with its detail and, when it has ``CasePictures``,
/// three pictures of its worst plane side by side: expected and received on one sequential scale (viridis), and
/// received − expected on a diverging scale symmetric around 0 (cool–warm), each with a legend stating its range.
/// A filter by family and verdict hides the other cases (a few lines of inline script; without script everything
/// shows). Every text taken from a report (implementation names, case ids, details, the command line) is escaped:
/// it comes from the implementation under test or its user.
public enum HTMLReport {
    /// The failing cases of an explanation shown open; the rest of the group is collapsed.
    static let shownPerGroup = 3

    /// - Parameters:
    ///   - commandLine: the command that made the run, as its arguments.
    ///   - machine: the machine it ran on, in words (``machineDescription()`` by default).
    public static func render(
        _ reports: [ConformanceReport], commandLine: [String] = CommandLine.arguments,
        machine: String = machineDescription()
    ) -> String {
        let title = "SSIM conformance: " + reports.map { "\($0.implementation) \($0.implementationVersion)" }.joined(separator: ", ")
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>\(stylesheet)</style>
            </head>
            <body>
            <h1>SSIM conformance report</h1>
            \(header(reports, commandLine: commandLine, machine: machine))
            """
        for (index, report) in reports.enumerated() {
            html += section(report, anchor: "r\(index)")
        }
        return html + "<script>\(script)</script>\n</body>\n</html>\n"
    }

    /// The host, its cores, memory and operating system, as this process sees them.
    public static func machineDescription() -> String {
        let info = ProcessInfo.processInfo
        let memory = Double(info.physicalMemory) / Double(1 << 30)
        return "\(info.hostName): \(info.activeProcessorCount) cores, \(NumberText.fixed(memory, decimals: 0)) GiB, \(info.operatingSystemVersionString)"
    }

    /// When, what command, which suite and vectors, how long, on what machine.
    private static func header(_ reports: [ConformanceReport], commandLine: [String], machine: String) -> String {
        let commits = reports.compactMap(\.vectorsCommit).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let rows = [
            ("when", reports.first.map { "\($0.started) (UTC)" } ?? "no implementation was certified"),
            ("command", ShellWords.quoted(commandLine)),
            ("suite", "report schema \(reports.first?.schema ?? ""), adapter protocol \(AdapterProtocol.version), convention \(Set(reports.map(\.convention)).sorted().joined(separator: ", "))"),
            ("vectors", "\(VectorProvenance.schema), generator \(VectorProvenance.generatorVersion), commit \(commits.isEmpty ? "unknown" : commits.joined(separator: ", "))"),
            ("how long", reports.map { "\($0.implementation): \(NumberText.fixed($0.seconds, decimals: 1)) s" }.joined(separator: "; ")),
            ("machine", machine),
        ]
        return "<table class=\"meta run\">\n" + rows.map { "<tr><th>\($0.0)</th><td>\(escape($0.1))</td></tr>\n" }.joined() + "</table>\n"
    }

    // MARK: - Sections

    private static func section(_ report: ConformanceReport, anchor: String) -> String {
        let summary = report.summary
        let failing = report.cases.filter { $0.verdict == .fail }
        var html = """
            <section class="implementation">
            <h2>\(escape(report.implementation)) <span class="version">\(escape(report.implementationVersion))</span> \
            <span class="level level-\(summary.level.rawValue)">\(summary.level.rawValue)</span></h2>
            <table class="meta">
            <tr><th>implementation</th><td>\(escape(report.implementation))</td></tr>
            <tr><th>version</th><td>\(escape(report.implementationVersion))</td></tr>
            <tr><th>vectors</th><td>\(report.vectors.map { escape(URL(fileURLWithPath: $0).lastPathComponent) }.joined(separator: ", "))</td></tr>
            <tr><th>required</th><td>\(report.requireNoWarnings ? "full support without warnings: a case or output not supported, or a warning, counts against conformance" : report.requireFull ? "full support: a case or output not supported counts against the level" : "conformance on the cases answered")</td></tr>
            <tr><th>level</th><td><span class="level level-\(summary.level.rawValue)">\(summary.level.rawValue)</span>\(report.isConformant ? " (conformant)" : " (not conformant)")</td></tr>
            <tr><th>coverage</th><td>\(NumberText.fixed(100 * summary.coverage, decimals: 1)) % of \(report.cases.count) cases passed with every requested output</td></tr>
            <tr><th>verdicts</th><td>\(verdictCounts(summary.counts))</td></tr>
            <tr><th>warnings</th><td>\(summary.warnings == 0 ? "none" : "<span class=\"warning\">\(summary.warnings) case\(summary.warnings == 1 ? "" : "s")</span> with answers no correct computation gives\(report.refusedForWarnings ? " (refused: not conformant)" : "")")</td></tr>
            \(report.diagnosis.map { "<tr><th>diagnosis</th><td>\(escape($0.summary))</td></tr>" } ?? "")
            \(report.propertySeed.map { "<tr><th>property seed</th><td>\($0)</td></tr>" } ?? "")
            </table>

            """
        html += filterBar(report)
        html += interruptions(report)
        html += warnings(report)
        html += families(report, anchor: anchor)
        html += worstErrors(summary, failing: Set(failing.map(\.id)), anchor: anchor)
        if !failing.isEmpty {
            html += "<h3>Failing cases (\(failing.count))</h3>\n"
            html += "<p class=\"note\">Grouped by the diagnosis's explanation, the largest group first. Each picture is the plane (batch sample, channel) holding the output's worst element in units of its bound, which is outlined. Expected and received share one scale; the difference is received − expected on a scale symmetric around 0. <span class=\"swatch nonfinite\"></span> marks NaN and ±∞.</p>\n"
            html += groupedFailures(failing, diagnosis: report.diagnosis, anchor: anchor)
        }
        return html + "</section>\n"
    }

    /// Selects that hide the cases of other families or verdicts (the script at the end of the page acts on them).
    private static func filterBar(_ report: ConformanceReport) -> String {
        func select(_ name: String, _ values: [String]) -> String {
            "<label>\(name) <select data-filter=\"\(name)\"><option value=\"\">all</option>"
                + values.map { "<option>\(escape($0))</option>" }.joined() + "</select></label>"
        }
        let families = Set(report.cases.map(\.family)).sorted()
        let verdicts = CaseVerdict.allCases.map(\.rawValue).filter { report.summary.counts[$0] != nil }
        return "<div class=\"filter\">Show only: \(select("family", families)) \(select("verdict", verdicts))</div>\n"
    }

    /// Every crash and timeout reason in full, each once with the cases it stopped: never folded away, since a run
    /// that did not finish explains every other number on the page.
    private static func interruptions(_ report: ConformanceReport) -> String {
        let stopped = report.cases.filter { $0.verdict == .crash || $0.verdict == .timeout }
        guard !stopped.isEmpty else { return "" }
        var html = "<h3>Crashes and timeouts (\(stopped.count))</h3>\n"
        for (reason, cases) in groups(stopped, by: { $0.detail ?? "no reason given" }) {
            let ids = cases.prefix(10).map { escape($0.id) }.joined(separator: ", ") + (cases.count > 10 ? ", …" : "")
            html += "<div class=\"stopped\"><p><span class=\"verdict v-\(cases[0].verdict.rawValue)\">\(cases[0].verdict.rawValue)</span> "
                + "\(cases.count) case\(cases.count == 1 ? "" : "s"): \(ids)</p>\n"
                + "<pre class=\"reason\">\(escape(reason))</pre></div>\n"
        }
        return html
    }

    /// Every warning in full, with its case and verdict: never folded away, since a not-computable case shows
    /// nothing else of its answer.
    private static func warnings(_ report: ConformanceReport) -> String {
        let warned = report.cases.filter { !$0.warnings.isEmpty }
        guard !warned.isEmpty else { return "" }
        var html = "<h3>Warnings (\(warned.count))</h3>\n<p class=\"note\">Answers no correct computation of the convention gives: not failures by themselves.</p>\n"
        for result in warned {
            html += "<div class=\"warned\" \(filterAttributes(result))><p>\(escape(result.id)) "
                + "<span class=\"verdict v-\(result.verdict.rawValue)\">\(result.verdict.rawValue)</span></p>\n"
                + result.warnings.map { "<p class=\"detail\">\(escape($0.reason))</p>\n" }.joined() + "</div>\n"
        }
        return html
    }

    /// The failing cases by explanation, the largest group first, each headed by its explanation and count; beyond
    /// the first ``shownPerGroup`` the group's cases are in a collapsed `<details>`. A case's explanation is its
    /// finding's in the diagnosis (which gathers cases whose own explanations differ only in their numbers), else
    /// its own.
    private static func groupedFailures(_ failing: [CaseResult], diagnosis: Diagnosis?, anchor: String) -> String {
        let findings = Dictionary(
            (diagnosis?.findings ?? []).flatMap { finding in finding.cases.map { ($0, finding.explanation) } },
            uniquingKeysWith: { first, _ in first })
        return groups(failing, by: { findings[$0.id] ?? $0.explanation ?? "not diagnosed (property checks, and cases without numeric outputs)" })
            .enumerated().sorted { ($0.element.1.count, -$0.offset) > ($1.element.1.count, -$1.offset) }
            .map { _, group in
                let (explanation, cases) = group
                var html = "<section class=\"group\">\n<h4 class=\"group\">\(escape(explanation)) "
                    + "<span class=\"count\">\(cases.count) case\(cases.count == 1 ? "" : "s")</span></h4>\n"
                html += cases.prefix(shownPerGroup).map { failure($0, anchor: anchor) }.joined()
                if cases.count > shownPerGroup {
                    html += "<details class=\"more\"><summary>\(cases.count - shownPerGroup) more with this explanation</summary>\n"
                        + cases.dropFirst(shownPerGroup).map { failure($0, anchor: anchor) }.joined() + "</details>\n"
                }
                return html + "</section>\n"
            }.joined()
    }

    /// `cases` grouped by `key`, the groups in the order of their first case.
    private static func groups(_ cases: [CaseResult], by key: (CaseResult) -> String) -> [(String, [CaseResult])] {
        var order: [String] = []
        var members: [String: [CaseResult]] = [:]
        for result in cases {
            let name = key(result)
            if members[name] == nil { order.append(name) }
            members[name, default: []].append(result)
        }
        return order.map { ($0, members[$0]!) }
    }

    private static func verdictCounts(_ counts: [String: Int]) -> String {
        CaseVerdict.allCases.compactMap { verdict in
            counts[verdict.rawValue].map { "<span class=\"verdict v-\(verdict.rawValue)\">\($0) \(verdict.rawValue)</span>" }
        }.joined(separator: " ")
    }

    /// Verdict counts per family, then each family's cases in a collapsed `<details>`.
    private static func families(_ report: ConformanceReport, anchor: String) -> String {
        let verdicts = CaseVerdict.allCases
        var html = "<h3>By family</h3>\n<table class=\"families\">\n<tr><th>family</th>"
            + verdicts.map { "<th>\($0.rawValue)</th>" }.joined() + "<th>cases</th></tr>\n"
        let byFamily = Dictionary(grouping: report.cases, by: \.family).sorted { $0.key < $1.key }
        for (family, cases) in byFamily {
            let counts = report.summary.byFamily[family] ?? [:]
            html += "<tr><td>\(escape(family))</td>" + verdicts.map { verdict in
                let count = counts[verdict.rawValue] ?? 0
                return count == 0 ? "<td class=\"zero\">0</td>" : "<td class=\"v-\(verdict.rawValue)\">\(count)</td>"
            }.joined() + "<td>\(cases.count)</td></tr>\n"
        }
        html += "</table>\n"
        for (family, cases) in byFamily {
            html += "<details data-family=\"\(escape(family))\"><summary>\(escape(family)): \(cases.count) cases, \(verdictCounts(report.summary.byFamily[family] ?? [:]))</summary>\n"
            html += "<table class=\"cases\">\n<tr><th>case</th><th>verdict</th><th>worst × bound</th><th>worst |Δ|</th><th>detail</th></tr>\n"
            for result in cases {
                let worstUnits = result.errors.values.map(\.maxInBoundUnits).max()
                let worstAbsolute = result.errors.values.map(\.maxAbsolute).max()
                var detail = result.detail ?? ""
                if !result.missingOutputs.isEmpty {
                    detail += (detail.isEmpty ? "" : "; ") + "not given: " + result.missingOutputs.joined(separator: ", ")
                }
                html += "<tr \(filterAttributes(result))><td>\(caseLink(result.id, failing: result.verdict == .fail, anchor: anchor))</td>"
                    + "<td><span class=\"verdict v-\(result.verdict.rawValue)\">\(result.verdict.rawValue)</span>"
                    + (result.warnings.isEmpty ? "" : " <span class=\"warning\">warning</span>") + "</td>"
                    + "<td class=\"number\">\(worstUnits.map(number) ?? "")</td><td class=\"number\">\(worstAbsolute.map(number) ?? "")</td>"
                    + "<td class=\"detail\">\(escape(detail))</td></tr>\n"
            }
            html += "</table>\n</details>\n"
        }
        return html
    }

    private static func worstErrors(_ summary: ConformanceReport.Summary, failing: Set<String>, anchor: String) -> String {
        func table(_ caption: String, _ outputs: [ConformanceReport.WorstOutput]) -> String {
            var html = "<table class=\"worst\">\n<caption>\(caption)</caption>\n<tr><th>case</th><th>output</th><th>× bound</th><th>|Δ|</th><th>outside</th></tr>\n"
            for worst in outputs {
                html += "<tr><td>\(caseLink(worst.caseID, failing: failing.contains(worst.caseID), anchor: anchor))</td>"
                    + "<td>\(escape(worst.output))</td><td class=\"number\">\(number(worst.error.maxInBoundUnits))</td>"
                    + "<td class=\"number\">\(number(worst.error.maxAbsolute))</td><td class=\"number\">\(worst.error.outside)</td></tr>\n"
            }
            return html + "</table>\n"
        }
        guard !summary.worstInBoundUnits.isEmpty else { return "" }
        return "<h3>Worst errors</h3>\n<div class=\"side-by-side\">\n"
            + table("in units of their bounds (above 1 is outside)", summary.worstInBoundUnits)
            + table("absolute", summary.worstAbsolute) + "</div>\n"
    }

    private static func failure(_ result: CaseResult, anchor: String) -> String {
        var html = "<article class=\"failure\" id=\"\(escape(caseAnchor(result.id, anchor)))\" \(filterAttributes(result))>\n<h4>\(escape(result.id))</h4>\n"
        html += "<p class=\"detail\">\(escape(result.detail ?? ""))</p>\n"
        if let explanation = result.explanation {
            html += "<p class=\"detail\"><strong>Diagnosis:</strong> \(escape(explanation))</p>\n"
        }
        html += result.warnings.map { "<p class=\"detail\"><span class=\"warning\">warning</span> \(escape($0.reason))</p>\n" }.joined()
        if let pictures = result.pictures, let figures = figures(pictures) {
            html += figures
        } else {
            html += "<p class=\"note\">No picture: no output is a map answered with the expected shape.</p>\n"
        }
        return html + "</article>\n"
    }

    // MARK: - Pictures

    /// The pixels a picture's side may take on the page, at most; planes are magnified by a whole factor.
    private static let displaySide = 192

    /// The three pictures of a failing case, or nil when the planes do not hold what they claim (a hand-edited
    /// report).
    private static func figures(_ pictures: CasePictures) -> String? {
        let (expected, received) = (pictures.expected, pictures.received)
        guard expected.height > 0, expected.width > 0, expected.height == received.height, expected.width == received.width,
            expected.values.count == expected.height * expected.width, received.values.count == expected.values.count,
            pictures.block > 0
        else { return nil }
        let difference = zip(received.values, expected.values).map { $0 == $1 ? 0 : $0 - $1 }
        let mapScale = PictureScale(.viridis, spanning: expected.values + received.values)
        let differenceScale = PictureScale(.coolWarm, symmetricAround0Spanning: difference)

        let magnification = max(1, displaySide / max(expected.height, expected.width))
        // The worst element's block, outlined on each picture.
        let mark = (
            left: pictures.worstColumn / pictures.block * magnification, top: pictures.worstRow / pictures.block * magnification,
            side: magnification)
        func figure(_ label: String, _ values: [Double], _ scale: PictureScale, middle: String) -> String {
            let pixels = values.map(scale.colour)
            let png = PNGEncoder.encode(width: expected.width, height: expected.height, pixels: pixels)
            return """
                <figure><div class="frame"><img src="data:image/png;base64,\(png.base64EncodedString())" \
                width="\(expected.width * magnification)" height="\(expected.height * magnification)" alt="\(label)">\
                <span class="mark" style="left:\(mark.left)px;top:\(mark.top)px;width:\(mark.side)px;height:\(mark.side)px"></span></div>
                <figcaption>\(label)</figcaption>
                <div class="legend"><span class="bar cmap-\(scale.colormap.name)"></span>\
                <span class="ticks">\(scale.labels(middle: middle, of: values).map { "<span>\($0)</span>" }.joined())</span>\
                \(values.contains { !$0.isFinite } ? "<span><span class=\"swatch nonfinite\"></span> NaN or ±∞</span>" : "")</div>
                </figure>
                """
        }
        let output = escape(pictures.output)
        let whole = pictures.shape.map(String.init).joined(separator: " × ")
        let resolution = pictures.block == 1
            ? "\(expected.height) × \(expected.width) elements"
            : "means of \(pictures.block) × \(pictures.block) blocks, \(expected.height) × \(expected.width) shown"
        return """
            <p class="plane">\(output) of shape \(whole): sample \(pictures.sample), channel \(pictures.channel), \
            \(resolution); worst element at row \(pictures.worstRow), column \(pictures.worstColumn)</p>
            <div class="pictures">
            \(figure("expected \(output)", expected.values, mapScale, middle: "shared scale"))
            \(figure("received \(output)", received.values, mapScale, middle: "shared scale"))
            \(figure("received − expected", difference, differenceScale, middle: "0"))
            </div>

            """
    }

    // MARK: - Text

    /// What the filter matches an element of a case by.
    private static func filterAttributes(_ result: CaseResult) -> String {
        "data-family=\"\(escape(result.family))\" data-verdict=\"\(result.verdict.rawValue)\""
    }

    /// A case id, linked to its entry under the failing cases when it has one.
    private static func caseLink(_ id: String, failing: Bool, anchor: String) -> String {
        failing ? "<a href=\"#\(escape(caseAnchor(id, anchor)))\">\(escape(id))</a>" : escape(id)
    }

    /// Fragment ids are per report, as several implementations share the page and the case ids.
    private static func caseAnchor(_ id: String, _ anchor: String) -> String {
        "\(anchor)-case-\(id)"
    }

    private static func number(_ value: Double) -> String {
        NumberText.significant(value)
    }

    private static func escape(_ text: String) -> String {
        ReportWriter.escape(text)
    }

    /// The filter, and the opening of collapsed sections holding a linked case. Hidden elements carry `hidden`, so
    /// without script the page shows everything.
    private static let script = """

        document.querySelectorAll(".filter").forEach(function (bar) {
          var section = bar.closest("section");
          bar.addEventListener("change", function () {
            var want = {};
            bar.querySelectorAll("select").forEach(function (s) { want[s.dataset.filter] = s.value; });
            section.querySelectorAll("[data-family]").forEach(function (e) {
              e.hidden = (want.family && e.dataset.family !== want.family)
                || (want.verdict && e.dataset.verdict && e.dataset.verdict !== want.verdict);
            });
          });
        });
        function openLinked() {
          var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
          for (var e = target; e; e = e.parentElement) { if (e.tagName === "DETAILS") { e.open = true; } }
        }
        window.addEventListener("hashchange", openLinked);
        openLinked();

        """

    private static let stylesheet = """

        :root { color-scheme: light; --pass: #1a7f37; --fail: #cf222e; --wrong: #bc4c00; --skip: #6e7781; --crash: #8250df; --timeout: #9a6700; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: #1f2328; background: #fff; max-width: 1320px; margin: 0 auto; padding: 16px 24px 48px; }
        h1 { font-size: 24px; margin: 8px 0 16px; }
        h2 { font-size: 20px; border-bottom: 2px solid #d0d7de; padding-bottom: 4px; margin-top: 28px; }
        h3 { font-size: 16px; margin: 24px 0 8px; }
        h4 { font: 600 14px ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", monospace; margin: 0 0 4px; overflow-wrap: anywhere; }
        .version { font-weight: normal; color: #57606a; }
        table { border-collapse: collapse; margin: 4px 0 12px; }
        th, td { padding: 3px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid #eaeef2; }
        th { background: #f6f8fa; font-weight: 600; }
        table.meta th { width: 130px; }
        table.families td:not(:first-child), table.families th:not(:first-child) { text-align: right; min-width: 56px; }
        td.zero { color: #afb8c1; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.cases { width: 100%; font-size: 13px; }
        table.cases td:first-child, table.worst td:first-child { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; white-space: nowrap; }
        td.detail, p.detail { white-space: pre-wrap; overflow-wrap: anywhere; }
        table.cases td.detail { font-size: 12px; color: #424a53; }
        caption { text-align: left; font-weight: 600; padding: 4px 0; }
        .side-by-side { display: flex; flex-wrap: wrap; gap: 8px 32px; }
        details { margin: 2px 0; }
        summary { cursor: pointer; padding: 3px 0; }
        .verdict { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; color: #fff; white-space: nowrap; }
        span.v-pass { background: var(--pass); } span.v-fail { background: var(--fail); } span.v-wrong_error { background: var(--wrong); }
        span.v-not_supported, span.v-not_computable { background: var(--skip); } span.v-crash { background: var(--crash); } span.v-timeout { background: var(--timeout); }
        td.v-pass { color: var(--pass); } td.v-fail { color: var(--fail); font-weight: 600; } td.v-wrong_error { color: var(--wrong); font-weight: 600; }
        td.v-not_supported, td.v-not_computable { color: var(--skip); } td.v-crash { color: var(--crash); font-weight: 600; } td.v-timeout { color: var(--timeout); font-weight: 600; }
        .level { display: inline-block; padding: 1px 10px; border-radius: 4px; color: #fff; font-size: 14px; vertical-align: middle; }
        .level-full { background: var(--pass); } .level-partial { background: var(--wrong); } .level-fail { background: var(--fail); }
        .note { color: #57606a; font-size: 13px; }
        article.failure { border: 1px solid #d0d7de; border-left: 4px solid var(--fail); border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
        p.detail { margin: 0 0 6px; font-size: 13px; }
        p.plane { margin: 0 0 8px; font-size: 13px; color: #424a53; }
        .pictures { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; }
        figure { margin: 0; width: 220px; }
        .frame { position: relative; display: inline-block; line-height: 0; outline: 1px solid #d0d7de; }
        .frame img { image-rendering: pixelated; display: block; }
        .mark { position: absolute; box-sizing: border-box; border: 1px solid #000; box-shadow: 0 0 0 1px #fff; pointer-events: none; }
        figcaption { font-weight: 600; font-size: 13px; margin: 4px 0 2px; }
        .legend { font-size: 12px; color: #424a53; }
        .legend .bar { display: block; height: 10px; width: 192px; border: 1px solid #d0d7de; }
        \([Colormap.viridis, .coolWarm].map { ".cmap-\($0.name) { background: \($0.cssGradient); }" }.joined(separator: "\n"))
        .ticks { display: flex; justify-content: space-between; width: 194px; font-variant-numeric: tabular-nums; }
        .ticks span:only-child { margin: 0 auto; }
        .swatch { display: inline-block; width: 10px; height: 10px; vertical-align: middle; border: 1px solid #d0d7de; }
        .nonfinite { background: rgb(\(Colormap.nonFinite.red),\(Colormap.nonFinite.green),\(Colormap.nonFinite.blue)); }
        a { color: #0969da; text-decoration: none; } a:hover { text-decoration: underline; }
        [hidden] { display: none !important; }
        table.run th { width: 90px; } table.run td { overflow-wrap: anywhere; }
        .filter { margin: 8px 0; font-size: 13px; } .filter select { margin: 0 12px 0 4px; }
        .stopped { border-left: 4px solid var(--crash); padding: 2px 12px; margin: 8px 0; }
        .warned { border-left: 4px solid var(--timeout); padding: 2px 12px; margin: 8px 0; } .warned p { margin: 4px 0; font-size: 13px; }
        span.warning { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; color: #fff; background: var(--timeout); white-space: nowrap; }
        .stopped p { margin: 4px 0; font-size: 13px; overflow-wrap: anywhere; }
        pre.reason { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; padding: 8px; margin: 4px 0 8px; font-size: 12px; max-height: 360px; overflow: auto; }
        h4.group { font: 600 14px/1.4 system-ui, sans-serif; margin: 18px 0 4px; overflow-wrap: anywhere; }
        h4.group .count { display: inline-block; margin-left: 6px; padding: 0 8px; border-radius: 10px; background: var(--fail); color: #fff; font-size: 12px; }
        details.more > summary { color: #0969da; }

        """
}
