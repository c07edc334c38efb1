import Foundation
import SSIMAdapterProtocol
@testable import SSIMConformance
import Testing
import TestSupport

/// The reference's answers, changed after the fact to break one property.
struct PropertyBreaker: SSIMImplementation {
    enum Defect: Sendable {
        /// The map shifted by 10⁻³·(img1[0] − img2[0])/maxVal: not symmetric.
        case asymmetric
        /// Gradients 1 % too large.
        case steepGradient
        /// No gradients at all.
        case noGradient
    }

    let defect: Defect
    var name: String { "property breaker (\(defect))" }
    let version = "test"

    func evaluate(_ request: AdapterCase) -> AdapterAnswer {
        guard case .outputs(var outputs) = ReferenceImplementation().evaluate(request) else { return ReferenceImplementation().evaluate(request) }
        func changed(_ output: AdapterOutput, _ transform: (Double) -> Double) {
            guard let array = outputs[output] else { return }
            outputs[output] = ProtocolArray(shape: array.shape, precision: array.precision, values: array.values.map(transform))
        }
        switch defect {
        case .asymmetric:
            let shift = 1e-3 * (request.img1.values[0] - request.img2.values[0]) / request.maxVal
            changed(.ssimMap) { $0 + shift }
        case .steepGradient:
            changed(.gradImg1) { $0 * 1.01 }
            changed(.gradImg2) { $0 * 1.01 }
        case .noGradient:
            outputs[.gradImg1] = nil
            outputs[.gradImg2] = nil
        }
        return .outputs(outputs)
    }
}

@Suite struct PropertyRunnerTests {
    @Test func theReferenceHasEveryProperty() {
        let results = PropertyRunner(seed: 20261126, inputsPerProperty: 2, reproducerFolder: nil).run(ReferenceImplementation())
        #expect(results.count == 2 * SSIMProperty.allCases.count)
        #expect(results.allSatisfy { $0.verdict == .pass }, "\(results.filter { $0.verdict != .pass }.map { "\($0.id): \($0.detail ?? "")" })")
    }

    /// Each property draws from a stream of its own, named with it rather than taken from its place in the list.
    @Test func everyPropertyHasItsOwnSeedStream() {
        let streams = SSIMProperty.allCases.map(\.seedStream)
        #expect(Set(streams).count == streams.count, "\(streams)")
    }

    @Test func theSameSeedDrawsTheSameInputs() {
        let runner = PropertyRunner(seed: 7, inputsPerProperty: 3, reproducerFolder: nil)
        let first = runner.run(PropertyBreaker(defect: .asymmetric), properties: [.symmetry])
        let second = runner.run(PropertyBreaker(defect: .asymmetric), properties: [.symmetry])
        #expect(first.map(\.detail) == second.map(\.detail))
        let other = PropertyRunner(seed: 8, inputsPerProperty: 3, reproducerFolder: nil).run(PropertyBreaker(defect: .asymmetric), properties: [.symmetry])
        #expect(first.map(\.detail) != other.map(\.detail))
    }

    @Test func aBrokenPropertyIsShrunkAndItsReproducerFailsUnderCertify() throws {
        let folder = try temporaryFolder()
        let broken = PropertyBreaker(defect: .asymmetric)
        let results = PropertyRunner(seed: 11, inputsPerProperty: 3, reproducerFolder: folder.path)
            .run(broken, properties: [.symmetry, .identity])
        let symmetry = results.filter { $0.tags.contains("symmetry") }
        #expect(results.filter { $0.tags.contains("identity") }.allSatisfy { $0.verdict == .pass })
        let failed = try #require(symmetry.first { $0.verdict == .fail })
        let detail = try #require(failed.detail)
        #expect(detail.contains("seed 11"))
        // Shrunk to one sample and one channel of at most 4 × 4 pixels.
        let shrunk = try #require(detail.range(of: "shrunk to ").map { String(detail[$0.upperBound...]) })
        let dimensions = shrunk.prefix { $0 != " " }.split(separator: "×").compactMap { Int($0) }
        #expect(dimensions.count == 4 && dimensions[0] == 1 && dimensions[1] == 1 && dimensions[2] <= 4 && dimensions[3] <= 4, "\(shrunk)")

        let path = try #require(detail.range(of: "reproducer: ").map { String(detail[$0.upperBound...]) })
        #expect(FileManager.default.fileExists(atPath: path))
        let reproducer = try ConformanceRunner.loadCases(from: path)
        #expect(reproducer.cases.count == 2)
        let rerun = ConformanceRunner.certify(broken, cases: reproducer.cases, vectors: reproducer.files, requireFull: false)
        #expect(rerun.summary.level == .fail)
        let reference = ConformanceRunner.certify(ReferenceImplementation(), cases: reproducer.cases, vectors: reproducer.files, requireFull: true)
        #expect(reference.summary.level == .full)
    }

    @Test func aWrongGradientFailsAndAMissingOneIsNotSupported() {
        let runner = PropertyRunner(seed: 3, inputsPerProperty: 2, reproducerFolder: nil)
        let steep = runner.run(PropertyBreaker(defect: .steepGradient), properties: [.gradientIsCentralDifference])
        #expect(steep.allSatisfy { $0.verdict == .fail && $0.detail?.contains("central difference") == true }, "\(steep.map(\.detail))")
        let none = runner.run(PropertyBreaker(defect: .noGradient), properties: [.gradientIsCentralDifference, .symmetry])
        #expect(none.map(\.verdict) == [.notSupported, .notSupported, .pass, .pass])
    }

    @Test func filtersSelectChecksByIdAndTag() {
        let runner = PropertyRunner(seed: 1, inputsPerProperty: 2, reproducerFolder: nil)
        #expect(runner.run(ReferenceImplementation(), patterns: ["symmetry"]).map(\.id) == ["property-symmetry-000", "property-symmetry-001"])
        #expect(runner.run(ReferenceImplementation(), patterns: ["property-bounds-001"]).map(\.id) == ["property-bounds-001"])
    }
}
