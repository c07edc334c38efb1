import Foundation
import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import SSIMVectors
import Testing
import TestSupport

/// The runner on the committed vectors: the reference in process and through the adapter protocol, and adapters that
/// misbehave.
@Suite struct ConformanceRunnerTests {
    static let vectors = packageRoot.appendingPathComponent("Vectors").path
    static let loaded = try! ConformanceRunner.loadCases(from: vectors)
    /// A small, varied subset for the out-of-process runs: every 20th case and the first of every family.
    /// Every twentieth case and each family's first, none in a half precision (a failing command declares none:
    /// HalfPrecisionProtocolTests has those).
    static let sample = loaded.cases.enumerated().filter { index, stored in
        !stored.request.holdsHalfPrecision
            && (index % 20 == 0 || loaded.cases.first { $0.family == stored.family }?.request.id == stored.request.id)
    }.map(\.element)

    /// The SSIM cases of ``sample``: what an implementation of SSIM alone answers.
    static let ssimSample = sample.filter { $0.request.metric == .ssim }

    static func certify(
        _ command: String, cases: [StoredVectorCase] = sample, timeout: Double = 60, batchSize: Int = 64
    ) -> ConformanceReport {
        ConformanceRunner.certify(
            ExternalImplementation(command: command, timeout: timeout), cases: cases, vectors: loaded.files,
            requireFull: true, batchSize: batchSize)
    }

    /// All but the seven 512 × 512 MATLAB cases, which take minutes in a debug build (MatlabParityTests covers
    /// them, and tools/certify certifies everything in release), and the property checks.
    @Test func theReferenceIsCertifiedInFull() {
        let cases = Self.loaded.cases.filter { $0.family != "matlab-parity" }
        let report = ConformanceRunner.certify(
            ReferenceImplementation(), cases: cases, vectors: Self.loaded.files, requireFull: true,
            properties: PropertyRunner(seed: 20261126, inputsPerProperty: 2, reproducerFolder: nil))
        #expect(report.cases.count >= 400 + 2 * SSIMProperty.allCases.count)
        #expect(report.propertySeed == 20261126)
        #expect(report.summary.level == .full)
        #expect(report.summary.counts == Self.fullCounts(report, cases))
        #expect(report.isConformant)
        #expect(report.summary.warnings == 0, "no answer of the reference is impossible")
    }

    /// The verdict counts of a full certification: every case passes, but those the vectors mark as not computable
    /// in their precision (float16 that may overflow, say), which are reported as such.
    static func fullCounts(_ report: ConformanceReport, _ cases: [StoredVectorCase]) -> [String: Int] {
        let notComputable = cases.count { $0.expectation.outputs?.notComputable != nil }
        return ["pass": report.cases.count - notComputable, "not_computable": notComputable]
    }

    /// The cases the fast implementation answers: those of the metrics it declares.
    static func answeredByFast(_ stored: StoredVectorCase) -> Bool {
        FastImplementation().metrics.contains(stored.request.metric.name)
    }

    /// The fast implementation on the same SSIM and MS-SSIM cases, each judged by the bounds of the precision it
    /// computes in (float64 for `wang-msssim`'s), and every property check, SSIM's and MS-SSIM's, with each
    /// instruction set the processor runs.
    @Test(arguments: FastSSIM.InstructionSet.supported)
    func theFastImplementationIsCertifiedInFull(instructions: FastSSIM.InstructionSet) throws {
        let cases = Self.loaded.cases.filter { $0.family != "matlab-parity" && Self.answeredByFast($0) }
        #expect(cases.contains { $0.request.metric.name == CaseMetric.msSSIMName })
        let report = ConformanceRunner.certify(
            FastImplementation(fast: try #require(FastSSIM(instructions: instructions))), cases: cases,
            vectors: Self.loaded.files, requireFull: true,
            properties: PropertyRunner(seed: 20261127, inputsPerProperty: 2, reproducerFolder: nil))
        #expect(report.implementation == FastImplementation().name)
        #expect(report.cases.count >= 400 + 2 * SSIMProperty.allCases.count)
        #expect(report.cases.contains { $0.id.contains("ms-ssim-gradient") && $0.verdict == .pass })
        #expect(report.summary.level == .full)
        #expect(report.summary.counts == Self.fullCounts(report, cases), "\(report.cases.filter { $0.verdict.isFailure }.map { "\($0.id): \($0.detail ?? "")" })")
        #expect(report.isConformant)
        // Computing the half precisions in Float, it answers even the not computable ones possibly.
        #expect(report.summary.warnings == 0, "\(report.cases.filter { !$0.warnings.isEmpty }.map { "\($0.id): \($0.warnings.map(\.reason))" })")
    }

    @Test func theFastImplementationThroughTheProtocolIsCertifiedInFull() {
        let cases = Self.sample.filter(Self.answeredByFast)
        #expect(cases.contains { $0.request.metric.name == CaseMetric.msSSIMName })
        let report = Self.certify("\(SSIMConformExecutable.url.path) eval --implementation fast", cases: cases, batchSize: 7)
        #expect(report.summary.level == .full, "\(report.cases.filter { $0.verdict != .pass }.map { "\($0.id): \($0.detail ?? "")" })")
        #expect(report.implementation == FastImplementation().name)
    }

    @Test func theReferenceThroughTheProtocolIsCertifiedInFull() {
        #expect(Set(Self.sample.map(\.family)).count == VectorFamily.allCases.count)
        let report = Self.certify("\(SSIMConformExecutable.url.path) eval", batchSize: 7)
        #expect(report.summary.level == .full, "\(report.cases.filter { $0.verdict != .pass }.map { "\($0.id): \($0.detail ?? "")" })")
        // Named as its responses name it.
        #expect(report.implementation == ReferenceImplementation().name)
        #expect(report.implementationVersion == ReferenceImplementation().version)
    }

    @Test func aCrashFailsEveryCaseOfItsBatchWithItsStderr() {
        let report = Self.certify("echo 'segmentation fault (simulated)' >&2; exit 3 #")
        #expect(report.summary.counts == ["crash": Self.sample.count])
        #expect(report.implementation == "echo 'segmentation fault (simulated)' >&2; exit 3 #")
        #expect(report.implementationVersion == "unknown")
        #expect(report.cases[0].detail?.contains("exited with status 3") == true)
        #expect(report.cases[0].detail?.contains("segmentation fault (simulated)") == true)
        #expect(!report.isConformant)
    }

    @Test func garbageIsACrash() {
        let report = Self.certify("sh -c 'echo garbage > \"$2\"' adapter")
        #expect(report.summary.counts == ["crash": Self.sample.count])
        #expect(report.cases[0].detail?.contains("unreadable response") == true)
    }

    @Test func aHangTimesOutAndIsKilledWithItsChildren() throws {
        let marker = "ssim-conform-hang-\(UUID().uuidString.prefix(8))"
        let started = Date()
        let report = Self.certify("sh -c 'sleep 300; echo \(marker)' adapter", timeout: 1, batchSize: 1000)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(report.summary.counts == ["timeout": Self.sample.count])
        let leftovers = try SSIMConformExecutable.processes(matching: marker)
        #expect(leftovers.isEmpty, "left running: \(leftovers)")
    }

    @Test func childrenLeftBehindAreEnded() throws {
        let marker = "ssim-conform-orphan-\(UUID().uuidString.prefix(8))"
        let report = Self.certify("(sh -c 'sleep 300; echo \(marker)' &); \(SSIMConformExecutable.url.path) eval")
        #expect(report.summary.level == .full)
        #expect(try SSIMConformExecutable.processes(matching: marker).isEmpty)
    }

    /// Answers every case with a NaN loss, as Kornia does for some inputs the reference rejects.
    struct AcceptsEverything: SSIMImplementation {
        let name = "accepts everything", version = "test"
        func evaluate(_: AdapterCase) -> AdapterAnswer {
            .outputs([.loss: ProtocolArray(shape: [], precision: .float64, values: [.nan])])
        }
    }

    /// Answers every case with the answer the vectors store as Kornia's for acceptable cases, the map with the
    /// wrong shape where `wrongShape`.
    struct AnswersAsKornia: SSIMImplementation {
        let cases: [String: StoredVectorCase]
        let wrongShape: Bool
        var name: String { wrongShape ? "answers as Kornia, map flattened" : "answers as Kornia" }
        let version = "test"
        func evaluate(_ request: AdapterCase) -> AdapterAnswer {
            guard var outputs = cases[request.id]?.expectation.korniaAnswer?.outputs else { return .error(category: "invalid_shape", message: nil) }
            if wrongShape, let map = outputs[.ssimMap] {
                outputs[.ssimMap] = ProtocolArray(shape: [map.values.count], precision: map.precision, values: map.values)
            }
            return .outputs(outputs)
        }
    }

    @Test func answeringAnInvalidInputIsWrongUnlessTheVectorsMarkItAcceptableAndItIsKorniasAnswer() {
        let invalid = Self.loaded.cases.filter { $0.family == "invalid" }
        let acceptable = invalid.filter { $0.expectation.isAcceptable }
        // Kornia computes these seven; the ids say what they are (tools/crosscheck checks Kornia's answers).
        #expect(Set(acceptable.map(\.request.id)) == [
            "invalid-004-zero-batch", "invalid-017-maxval-zero", "invalid-018-maxval-negative",
            "invalid-019-maxval-infinite", "invalid-020-maxval-nan", "invalid-023-too-small-valid",
            "invalid-024-too-small-valid-w3",
        ])
        #expect(acceptable.allSatisfy { $0.tags.contains("acceptable") && $0.expectation.korniaAnswer != nil })
        // A NaN loss alone is Kornia's answer where its mean is NaN: not where it computes a number (L = 0, L < 0).
        let nanLoss = acceptable.filter { $0.expectation.korniaAnswer?.outputs[.loss]?.values.first?.isNaN == true }
        #expect(nanLoss.count == 5)
        let report = ConformanceRunner.certify(AcceptsEverything(), cases: invalid, vectors: [], requireFull: false)
        #expect(report.summary.counts == [
            "pass": nanLoss.count, "fail": acceptable.count - nanLoss.count, "wrong_error": invalid.count - acceptable.count,
        ])
        for result in report.cases where result.verdict == .pass {
            #expect(result.detail?.hasPrefix("acceptable: answered an input the reference rejects") == true, "\(result.id)")
        }
        for result in report.cases where result.verdict == .fail {
            #expect(result.detail?.contains("but not as Kornia 0.9.0") == true && result.detail?.contains("loss element 0 is nan") == true, "\(result.detail ?? "")")
        }
        let byID = Dictionary(uniqueKeysWithValues: acceptable.map { ($0.request.id, $0) })
        let kornias = ConformanceRunner.certify(AnswersAsKornia(cases: byID, wrongShape: false), cases: acceptable, vectors: [], requireFull: false)
        #expect(kornias.summary.counts == ["pass": acceptable.count])
        let flattened = ConformanceRunner.certify(AnswersAsKornia(cases: byID, wrongShape: true), cases: acceptable, vectors: [], requireFull: false)
        #expect(flattened.summary.counts == ["fail": acceptable.count])
        #expect(flattened.cases.allSatisfy { $0.detail?.contains("ssim_map has shape") == true }, "\(flattened.cases.map(\.detail))")
        // Under another convention Kornia's answer is not the one to hold an answer to: any is accepted there.
        let underSkimage = ConformanceRunner.certify(
            AcceptsEverything(), cases: acceptable, vectors: [], requireFull: false, conventions: ConventionsByMetric(SSIMConvention.named("scikit-image")!))
        #expect(underSkimage.summary.counts == ["pass": acceptable.count])
    }

    @Test func filtersByIDAndTag() {
        let cases = Self.loaded.cases
        // The invalid family's cases by their ids, and the MS-SSIM family's invalid ones by their tag.
        #expect(ConformanceRunner.filter(cases, patterns: ["invalid"]).count == cases.filter { $0.family == "invalid" || $0.tags.contains("invalid") }.count)
        #expect(ConformanceRunner.filter(cases, patterns: ["invalid"]).contains { $0.family == VectorFamily.msSSIM.rawValue })
        #expect(ConformanceRunner.filter(cases, patterns: ["core-00?-*"]).count == 10)
        #expect(ConformanceRunner.filter(cases, patterns: []).count == cases.count)
    }

    @Test func writesTheReports() throws {
        let folder = try temporaryFolder()
        let failing = Self.certify("exit 1 #")
        try ReportWriter.write([failing], to: folder.path)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json"))) as? [[String: Any]]
        #expect(json?.first?["schema"] as? String == "ssim-conformance-report/1")
        #expect((json?.first?["cases"] as? [Any])?.count == Self.sample.count)
        let junit = try String(contentsOf: folder.appendingPathComponent("junit.xml"), encoding: .utf8)
        #expect(junit.components(separatedBy: "<testcase ").count - 1 == Self.sample.count)
        #expect(junit.contains("<error type=\"crash\""))
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("| fail |"))
        // The counts sit under their headings: every case crashed.
        #expect(summary.contains("| coverage | pass | fail | not_supported | wrong_error | crash | timeout | not_applicable | not_computable |"))
        #expect(summary.contains("| 0 | 0 | 0 | 0 | \(Self.sample.count) | 0 | 0 | 0 |"))
    }
}
