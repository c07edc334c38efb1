import Foundation
import SSIM
import SSIMAdapterProtocol
import SSIMVectors
import Testing
import TestSupport

/// An adapter answering an SSIM of 1.3 on a half-precision case the vectors mark not computable (issue 26, point
/// 4): `certify` says so in its verdict line and reports, keeps the verdict `not_computable`, and only
/// `--require full-without-warnings` makes the run fail.
@Suite struct ImpossibleAnswerCommandTests {
    /// The first vector file holding a not-computable half-precision case that asks for the SSIM map, and that case.
    static func notComputableMapCase() throws -> (file: String, stored: StoredVectorCase) {
        let folder = packageRoot.appendingPathComponent("Vectors")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".h5") {
            let file = folder.appendingPathComponent(name).path
            if let stored = try VectorFile.read(from: file).cases.first(where: {
                $0.request.holdsHalfPrecision && $0.expectation.outputs?.notComputable != nil && $0.request.outputs.contains(.ssimMap)
            }) {
                return (file, stored)
            }
        }
        throw CocoaError(.fileNoSuchFile)
    }

    /// Certifies an adapter copying `response` on the case `id` of `file` with `--require level`; its status, standard
    /// output and `report.json`'s case.
    static func certify(response: String, file: String, id: String, require level: String) throws -> (status: Int32, stdout: String, result: [String: Any]) {
        let reports = try temporaryFolder()
        let run = try SSIMConformExecutable.runCapturingOutput([
            "certify", "--vectors", file, "--filter", id, "--adapter", "cp \(response) \"$2\" #", "--property-cases", "0",
            "--require", level, "--report", reports.path,
        ])
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: reports.appendingPathComponent("report.json"))) as? [[String: Any]]
        let result = try #require((json?.first?["cases"] as? [[String: Any]])?.first)
        return (run.status, run.stdout, result)
    }

    @Test func anSSIMOf1_3OnANotComputableCaseIsAWarningThatOnlyTheStricterRequirementRefuses() throws {
        let (file, stored) = try Self.notComputableMapCase()
        let id = stored.request.id
        let impossible = try MisbehavingAdapterTests.response(to: file, precisions: Set(Precision.allCases)) { answers in
            guard case .outputs(var outputs) = answers[id], let map = outputs[.ssimMap] else { return }
            outputs[.ssimMap] = ProtocolArray(shape: map.shape, precision: .float64, values: map.values.map { _ in 1.3 })
            answers[id] = .outputs(outputs)
        }
        let full = try Self.certify(response: impossible, file: file, id: id, require: "full")
        #expect(full.status == 0, "plain --require full accepts it, as before: \(full.stdout)")
        #expect(full.result["verdict"] as? String == "not_computable")
        let warning = try #require((full.result["warnings"] as? [[String: Any]])?.first)
        #expect(warning["value"] as? Double == 1.3)
        let reason = try #require(warning["reason"] as? String)
        let interval = stored.request.img1 == stored.request.img2 ? "lies in [0, 1]" : "lies in [-1, 1]"
        #expect(reason.contains("is 1.3") && reason.contains(interval), "\(reason)")
        #expect(full.stdout.contains("full, 100.0 % covered (1 not_computable; 1 case with warnings)"), "\(full.stdout)")
        #expect(full.stdout.contains("\(id): not_computable, warning: \(reason)"), "\(full.stdout)")

        let strict = try Self.certify(response: impossible, file: file, id: id, require: "full-without-warnings")
        #expect(strict.status == 1, "the stricter level refuses the warning: \(strict.stdout)")
        #expect(strict.result["verdict"] as? String == "not_computable")
        #expect(strict.stdout.contains("1 case with warnings, refused by --require full-without-warnings"), "\(strict.stdout)")

        let possible = try MisbehavingAdapterTests.response(to: file, precisions: Set(Precision.allCases))
        let clean = try Self.certify(response: possible, file: file, id: id, require: "full-without-warnings")
        #expect(clean.status == 0, "\(clean.stdout)")
        #expect((clean.result["warnings"] as? [Any])?.isEmpty == true)
    }

    @Test func theHelpNamesTheStricterLevel() throws {
        let help = try SSIMConformExecutable.runCapturingOutput(["certify", "--help"])
        #expect(help.stdout.contains("full-without-warnings"), "\(help.stdout)")
    }
}
