import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import SSIMVectors
import Testing

/// Checks that every case of `request` but those of `skipping` is answered in `answers` with every output it asks
/// for, in its precision and the expected shape, each value within the bound the judge holds it to under
/// `conventions` (by default the vectors') in the case's precision.
func expectAnswersWithinBounds(
    _ request: AdapterRequest, _ answers: [String: AdapterAnswer], skipping: Set<String> = [],
    conventions: ConventionsByMetric = .vectors
) throws {
    for adapterCase in request.cases where !skipping.contains(adapterCase.id) {
        let precision = adapterCase.precision
        let expectation = try ReferenceExpectation(
            try ValidatedCase(adapterCase), outputs: adapterCase.outputs, precisions: [precision], conventions: conventions)
        guard case .outputs(let outputs)? = answers[adapterCase.id] else {
            Issue.record("\(adapterCase.id): \(String(describing: answers[adapterCase.id]))")
            continue
        }
        for output in adapterCase.outputs {
            let answer = try #require(outputs[output]), expected = try #require(expectation.outputs[output])
            let bounds = try #require(expectation.bounds[precision]?[output])
            #expect(answer.precision == precision && answer.shape == expected.shape, "\(adapterCase.id) \(output)")
            let outside = answer.values.indices.filter {
                !SSIMErrorBounds.accepts(answer.values[$0], expected: expected.values[$0], bound: bounds.values[$0])
            }
            #expect(outside.isEmpty, "\(adapterCase.id) \(output): \(outside.count) outside the bounds")
        }
    }
}
