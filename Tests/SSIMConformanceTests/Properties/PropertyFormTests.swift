import SSIMAdapterProtocol
@testable import SSIMConformance
import Testing

/// The reference restricted to part of the protocol, as many libraries are: the rest is answered `unsupported`.
struct PartialReference: SSIMImplementation {
    enum Answers: Sendable {
        /// 'valid' maps only (pytorch-msssim, piq and TensorFlow have no 'same').
        case validOnly
        /// The mean or sum loss only, no map (libraries of per-image means).
        case reducedOnly
        /// The mean or sum loss only, the sum 1 % larger than N times the mean.
        case reducedOnlyWithWrongSum
    }

    let answers: Answers
    var name: String { "partial reference (\(answers))" }
    let version = "test"

    func evaluate(_ request: AdapterCase) -> AdapterAnswer {
        let declined = AdapterAnswer.error(category: AdapterProtocol.unsupported, message: "not in this library")
        switch answers {
        case .validOnly:
            guard request.padding == "valid" else { return declined }
            return ReferenceImplementation().evaluate(request)
        case .reducedOnly, .reducedOnlyWithWrongSum:
            guard request.reduction != "none", !request.outputs.contains(.ssimMap) else { return declined }
            guard case .outputs(var outputs) = ReferenceImplementation().evaluate(request) else { return declined }
            if answers == .reducedOnlyWithWrongSum, request.reduction == "sum", let loss = outputs[.loss] {
                outputs[.loss] = ProtocolArray(shape: loss.shape, precision: loss.precision, values: loss.values.map { $0 * 1.01 })
            }
            return .outputs(outputs)
        }
    }
}

/// Property checks for implementations that answer only part of the protocol: each check falls back to a form the
/// implementation answers ('valid' maps, then mean losses), so that none goes without them.
@Suite struct PropertyFormTests {
    static let runner = PropertyRunner(seed: 20261201, inputsPerProperty: 2, reproducerFolder: nil)
    /// SSIM's properties: these implementations answer no other metric.
    static let ssimProperties = SSIMProperty.allCases.filter { $0.metric == CaseMetric.ssimName }

    @Test func aValidOnlyImplementationIsCheckedOnValidMaps() {
        let results = Self.runner.run(PartialReference(answers: .validOnly), properties: Self.ssimProperties)
        for result in results {
            if result.tags.contains(SSIMProperty.validIsCroppedSame.rawValue) {
                #expect(result.verdict == .notSupported, "\(result.id)")
            } else {
                #expect(result.verdict == .pass, "\(result.id): \(result.detail ?? "")")
                #expect(result.detail == "checked on valid maps", "\(result.id): \(result.detail ?? "")")
            }
        }
    }

    @Test func aReducedOnlyImplementationIsCheckedOnMeanLosses() {
        let results = Self.runner.run(PartialReference(answers: .reducedOnly), properties: Self.ssimProperties)
        let mapOnly: Set<String> = [SSIMProperty.validIsCroppedSame.rawValue, SSIMProperty.nonFinitePropagation.rawValue]
        for result in results {
            if !mapOnly.isDisjoint(with: result.tags) {
                #expect(result.verdict == .notSupported, "\(result.id)")
            } else if result.tags.contains(SSIMProperty.gradientIsCentralDifference.rawValue) {
                // Its first form differentiates the sum of the 'same' loss, which such a library answers.
                #expect(result.verdict == .pass && result.detail == nil, "\(result.id): \(result.detail ?? "")")
            } else {
                #expect(result.verdict == .pass, "\(result.id): \(result.detail ?? "")")
                #expect(result.detail == "checked on valid mean losses", "\(result.id): \(result.detail ?? "")")
            }
        }
    }

    @Test func aDefectSeenOnlyInMeanLossesFails() {
        let results = Self.runner.run(PartialReference(answers: .reducedOnlyWithWrongSum), properties: [.reductionConsistency])
        #expect(!results.isEmpty)
        for result in results {
            #expect(result.verdict == .fail, "\(result.id)")
            #expect(result.detail?.contains("'sum' against") == true && result.detail?.contains("valid mean losses") == true, "\(result.detail ?? "")")
        }
    }
}
