import PropertyBased
@testable import SSIM
import Testing

/// The elements of output `name` that stray outside their acceptance bounds (``SSIMErrorBounds/accepts(_:expected:bound:)``),
/// as one line naming how many and the first; a line too where one side is missing or of another size; none where
/// both are missing.
func boundStrays<Scalar: SSIMScalar>(_ name: String, _ actual: [Scalar]?, _ expected: [Double]?, _ bound: [Double]?) -> [String] {
    guard let actual, let expected, let bound, actual.count == expected.count else {
        return actual == nil && expected == nil ? [] : ["\(name): missing or of another size"]
    }
    let outside = actual.indices.filter {
        !SSIMErrorBounds.accepts(Double(actual[$0]), expected: expected[$0], bound: bound[$0])
    }
    return outside.first.map { ["\(name): \(outside.count) outside, first at \($0): |\(actual[$0]) − \(expected[$0])| > \(bound[$0])"] } ?? []
}

/// Checks `count` cases of `generator`: `strays(case, precision)` (the outputs outside the bounds of `precision`,
/// nil where the case is not computable in it) finds none in any case, in `Float` for float32 and in `Double`
/// otherwise; and at least `minimum` cases are judged, so that the check judges something.
func expectWithinBounds<Case, Input>(
    count: Int, minimum: Int, _ generator: Generator<Case, some Sequence<Input>>, precision: Precision, label: String,
    strays: (Case, Precision) throws -> [String]?
) async {
    let judged = Counter()
    await propertyCheck(count: count, input: generator) { test in
        if let found = try strays(test, precision) {
            judged.add()
            #expect(found.isEmpty, "\(label) \(test): \(found)")
        }
    }
    #expect(judged.value >= minimum, "\(judged.value) of \(count) cases judged")
}
