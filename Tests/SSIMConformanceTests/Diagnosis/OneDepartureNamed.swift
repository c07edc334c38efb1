import SSIMConformance
import Testing

/// Expects the diagnosis of `report` to be one finding, the departure `name` from the convention called `certified`:
/// said as `words` in the summary and in the explanation of each failing case, of which there is at least one.
func expectOneDepartureNamed(
    _ report: ConformanceReport, _ name: String, words: String, from certified: String,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let diagnosis = try #require(report.diagnosis, "\(name)", sourceLocation: sourceLocation)
    #expect(diagnosis.findings.map(\.deviation) == [name], "\(name): \(diagnosis.summary)", sourceLocation: sourceLocation)
    #expect(diagnosis.summary == "matches \(certified) except: it \(words)", "\(diagnosis.summary)", sourceLocation: sourceLocation)
    let failing = report.cases.filter { $0.verdict == .fail }
    #expect(
        !failing.isEmpty && failing.allSatisfy { $0.explanation == words }, "\(failing.map(\.explanation))",
        sourceLocation: sourceLocation)
}
