import FoundationEssentials

/// A run's reports as `junit.xml`, in the JUnit XML format of Ant and Jenkins that CI systems read
/// (`tools/junit/junit.xsd` is the schema it is valid against; `tools/validate-junit` checks a file).
///
/// One `testsuite` per implementation, with its `timestamp`, `time`, `hostname` and `properties` (the seed of the
/// property checks, the convention, the vectors' commit, the command line); one `testcase` per case, whose
/// `classname` is the implementation and `name` the case id, so names are unique per implementation, each with its
/// `time`. A failing case (`fail`, `wrong_error`) has a `failure`, a crashed or timed-out one an `error`, one not
/// supported `skipped`; each carries the whole detail (and the diagnosis) as its body, since GitLab and CircleCI
/// show the body and not the `message` attribute, which holds the detail's first line. A warning
/// (``ImpossibleAnswer``) is not a failure: it is counted in the suite's property `warnings`, follows the detail in
/// its case's body, and is listed, one line each, in the suite's `system-out` (the schema has no place for output
/// or properties of a testcase).
enum JUnitReport {
    static func render(_ reports: [ConformanceReport], commandLine: [String], hostname: String) -> String {
        let counts = reports.map(Counts.init)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"ssim-conform certify\" tests=\"\(counts.map(\.tests).reduce(0, +))\""
            + " failures=\"\(counts.map(\.failures).reduce(0, +))\" errors=\"\(counts.map(\.errors).reduce(0, +))\""
            + " skipped=\"\(counts.map(\.skipped).reduce(0, +))\" time=\"\(seconds(reports.map(\.seconds).reduce(0, +)))\">\n"
        for (report, count) in zip(reports, counts) {
            xml += "  <testsuite name=\"\(escape(report.implementation)) \(escape(report.implementationVersion))\""
                + " timestamp=\"\(report.started)\" hostname=\"\(escape(hostname))\" tests=\"\(count.tests)\""
                + " failures=\"\(count.failures)\" errors=\"\(count.errors)\" skipped=\"\(count.skipped)\""
                + " time=\"\(seconds(report.seconds))\">\n    <properties>\n"
            let properties = [
                ("implementation_version", report.implementationVersion),
                ("seed", report.propertySeed.map(String.init) ?? "none: the property checks did not run"),
                ("convention", report.convention), ("vectors_commit", report.vectorsCommit ?? "unknown"),
                ("vectors", report.vectors.joined(separator: " ")), ("command_line", ShellWords.quoted(commandLine)),
                ("warnings", "\(report.summary.warnings)"),
            ]
            for (name, value) in properties {
                xml += "      <property name=\"\(name)\" value=\"\(escape(value))\"/>\n"
            }
            xml += "    </properties>\n"
            for result in report.cases {
                xml += "    <testcase classname=\"\(escape(report.implementation))\" name=\"\(escape(result.id))\" time=\"\(seconds(result.seconds))\""
                xml += outcome(result).map { ">\n      \($0)\n    </testcase>\n" } ?? "/>\n"
            }
            let warnings = report.cases.flatMap { result in
                result.warnings.map { "\(result.id) (\(result.verdict.rawValue)): warning: \($0.reason)" }
            }
            xml += (warnings.isEmpty ? "    <system-out/>\n" : "    <system-out>\(escape(warnings.joined(separator: "\n")))</system-out>\n")
                + "    <system-err/>\n  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    /// The element telling how a case went wrong, or nil for a pass.
    private static func outcome(_ result: CaseResult) -> String? {
        let detail = result.detail ?? result.verdict.rawValue
        let body = escape(
            detail + (result.explanation.map { "\nDiagnosis: \($0)" } ?? "") + result.warnings.map { "\nWarning: \($0.reason)" }.joined())
        let message = escape(String(detail.prefix { $0 != "\n" }))
        switch result.verdict {
        case .pass: return nil
        case .notSupported, .notComputable, .notApplicable: return "<skipped message=\"\(message)\">\(body)</skipped>"
        case .fail, .wrongError: return "<failure type=\"\(result.verdict.rawValue)\" message=\"\(message)\">\(body)</failure>"
        case .crash, .timeout: return "<error type=\"\(result.verdict.rawValue)\" message=\"\(message)\">\(body)</error>"
        }
    }

    /// The counts JUnit gives a suite: failures are wrong answers, errors the runs that did not finish.
    private struct Counts {
        let tests, failures, errors, skipped: Int

        init(_ report: ConformanceReport) {
            let counts = report.summary.counts
            tests = report.cases.count
            failures = (counts[CaseVerdict.fail.rawValue] ?? 0) + (counts[CaseVerdict.wrongError.rawValue] ?? 0)
            errors = (counts[CaseVerdict.crash.rawValue] ?? 0) + (counts[CaseVerdict.timeout.rawValue] ?? 0)
            skipped = (counts[CaseVerdict.notSupported.rawValue] ?? 0) + (counts[CaseVerdict.notComputable.rawValue] ?? 0)
                + (counts[CaseVerdict.notApplicable.rawValue] ?? 0)
        }
    }

    /// Seconds as JUnit writes them: a plain decimal, to the millisecond.
    private static func seconds(_ value: Double) -> String {
        NumberText.fixed(max(0, value), decimals: 3)
    }

    private static func escape(_ text: String) -> String {
        ReportWriter.escape(text)
    }
}
