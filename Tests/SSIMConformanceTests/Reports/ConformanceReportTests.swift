@testable import SSIMConformance
import Testing

/// The summary of a report is the same for the same results: its lists of the worst outputs break ties by the
/// cases' order and the outputs' names, not by the order a dictionary of errors happens to hand them in.
@Suite struct ConformanceReportTests {
    @Test func equalErrorsAreListedInTheCasesOrderAndByOutputName() {
        let error = OutputError(maxAbsolute: 0.5, maxInBoundUnits: 2, worstIndex: 0, boundAtWorst: 0.25, outside: 1)
        let outputs = ["grad_img1", "grad_img2", "loss", "ssim_map"]
        let results = ["b-case", "a-case"].map { id in
            CaseResult(
                id: id, family: "core", tags: [], verdict: .fail, source: CaseSource(nil), detail: nil,
                errors: Dictionary(uniqueKeysWithValues: outputs.map { ($0, error) }), missingOutputs: [])
        }
        let summary = ConformanceReport(implementation: "equal", version: "1", vectors: [], requireFull: false, cases: results).summary
        let expected = ["b-case", "a-case"].flatMap { id in outputs.map { "\(id) \($0)" } }
        #expect(summary.worstInBoundUnits.map { "\($0.caseID) \($0.output)" } == expected)
        #expect(summary.worstAbsolute.map { "\($0.caseID) \($0.output)" } == expected)
    }
}
