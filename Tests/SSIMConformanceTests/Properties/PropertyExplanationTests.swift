import SSIM
import SSIMAdapterProtocol
@testable import SSIMConformance
import Testing

/// A failing property check is explained, as the failing vector cases are, by the departure from the convention under
/// whose bounds the property holds on the same answers.
@Suite struct PropertyExplanationTests {
    static let runner = PropertyRunner(seed: 20261206, inputsPerProperty: 2, reproducerFolder: nil)

    @Test func float32ArithmeticExplainsThePropertiesItFails() throws {
        let results = Self.runner.run(BrokenSSIM(defect: .float32Arithmetic))
        let failing = results.filter { $0.verdict == .fail }
        #expect(!failing.isEmpty)
        for result in failing {
            #expect(result.explanation == KnownDeviation.float32Arithmetic.explanation, "\(result.id): \(result.detail ?? "")")
        }
    }

    /// An asymmetric map breaks symmetry under any convention: nothing explains it.
    @Test func aFailureNoDepartureMendsIsLeftUnexplained() throws {
        let results = Self.runner.run(PropertyBreaker(defect: .asymmetric), properties: [.symmetry])
        let failing = results.filter { $0.verdict == .fail }
        #expect(!failing.isEmpty)
        #expect(failing.allSatisfy { $0.explanation == nil }, "\(failing.map { $0.explanation ?? "" })")
    }
}
