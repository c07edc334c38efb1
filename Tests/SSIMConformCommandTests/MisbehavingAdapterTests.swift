import Foundation
import HDF5
import SSIM
import SSIMAdapterProtocol
import SSIMVectors
import Testing
import TestSupport

/// Adapters that misbehave, run through the command line with a private temporary folder: each case gets the right
/// verdict, the run ends, and no file or process of the adapter's is left (the hang, crash, garbage and children
/// cases are in ConformanceRunnerTests).
@Suite struct MisbehavingAdapterTests {
    static let borders = packageRoot.appendingPathComponent("Vectors/borders.h5").path
    static let invalid = packageRoot.appendingPathComponent("Vectors/invalid.h5").path

    /// Certifies `adapter` on `vectors` with TMPDIR a fresh folder; returns the verdicts by case id and their
    /// details, and checks that the temporary folder is left empty.
    static func certify(_ adapter: String, vectors: String, status: Int32 = 1, timeout: Double = 60) throws -> [String: (verdict: String, detail: String)] {
        let folder = try temporaryFolder()
        let temporary = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = SSIMConformExecutable.url
        process.arguments = [
            "certify", "--vectors", vectors, "--adapter", adapter, "--property-cases", "0", "--timeout", "\(timeout)",
            "--report", folder.appendingPathComponent("report").path,
        ]
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary.path]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == status)
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path) == [], "temporary files left")
        let json = try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("report/report.json"))) as! [[String: Any]]
        let cases = json[0]["cases"] as! [[String: Any]]
        return Dictionary(uniqueKeysWithValues: cases.map {
            ($0["id"] as! String, ($0["verdict"] as! String, $0["detail"] as? String ?? ""))
        })
    }

    /// A response file answering `vectors`' cases with their expected answers, edited by `edit`, declaring
    /// `precisions` (none: a version-1 adapter).
    static func response(
        to vectors: String, precisions: Set<Precision>? = nil, _ edit: (inout [String: AdapterAnswer]) -> Void = { _ in }
    ) throws -> String {
        var answers: [String: AdapterAnswer] = [:]
        for stored in try VectorFile.read(from: vectors).cases { answers[stored.request.id] = stored.expectation.passingAnswer }
        edit(&answers)
        let path = try temporaryFolder().appendingPathComponent("response.h5").path
        try AdapterResponse(implementation: "edited", implementationVersion: "1", precisions: precisions, answers: answers)
            .write(to: path)
        return path
    }

    @Test func writingNothingIsACrash() throws {
        let verdicts = try Self.certify("true", vectors: Self.invalid)
        #expect(Set(verdicts.values.map(\.verdict)) == ["crash"])
        #expect(verdicts.values.first?.detail.contains("unreadable response") == true)
    }

    @Test func aStderrFloodKeepsOnlyItsTail() throws {
        let started = Date()
        let verdicts = try Self.certify("head -c 30000000 /dev/zero | tr '\\\\0' x >&2; echo LAST >&2; exit 1 #", vectors: Self.invalid)
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(Set(verdicts.values.map(\.verdict)) == ["crash"])
        let detail = verdicts.values.first?.detail ?? ""
        #expect(detail.count < 4300 && detail.hasSuffix("LAST"), "\(detail.suffix(100))")
    }

    @Test func missingIDsAreNotAnsweredAndExtraOnesIgnored() throws {
        let ids = try VectorFile.read(from: Self.invalid).cases.map(\.request.id)
        let path = try Self.response(to: Self.invalid) { answers in
            for id in ids.prefix(5) { answers[id] = nil }
            answers["never-asked"] = .error(category: "unsupported", message: nil)
        }
        // Not answered is not a failure (without --require full).
        let verdicts = try Self.certify("cp \(path) \"$2\" #", vectors: Self.invalid, status: 0)
        #expect(verdicts.count == ids.count && verdicts["never-asked"] == nil)
        for id in ids.prefix(5) { #expect(verdicts[id]?.verdict == "not_supported") }
        for id in ids.dropFirst(5) { #expect(verdicts[id]?.verdict == "pass") }
    }

    @Test func nonFiniteValuesAndWrongShapesFail() throws {
        let ids = try VectorFile.read(from: Self.borders).cases.map(\.request.id)
        let path = try Self.response(to: Self.borders) { answers in
            for (index, id) in ids.prefix(3).enumerated() {
                guard case .outputs(var outputs) = answers[id], let map = outputs[.ssimMap] else { continue }
                var values = map.values
                values[values.count / 2] = [Double.nan, .infinity, -.infinity][index]
                outputs[.ssimMap] = ProtocolArray(shape: map.shape, precision: .float64, values: values)
                answers[id] = .outputs(outputs)
            }
            if case .outputs(var outputs) = answers[ids[3]], let map = outputs[.ssimMap] {
                outputs[.ssimMap] = ProtocolArray(shape: [map.values.count], precision: .float64, values: map.values)
                answers[ids[3]] = .outputs(outputs)
            }
        }
        let verdicts = try Self.certify("cp \(path) \"$2\" #", vectors: Self.borders)
        for id in ids.prefix(4) { #expect(verdicts[id]?.verdict == "fail", "\(id): \(verdicts[id].map { "\($0)" } ?? "")") }
        for id in ids.dropFirst(4) { #expect(verdicts[id]?.verdict == "pass") }
    }

    @Test func aHugeDeclaredOutputIsRefusedUnread() throws {
        let ids = try VectorFile.read(from: Self.borders).cases.map(\.request.id)
        let path = try Self.response(to: Self.borders) { _ in }
        try HostileDataset.unwritten(shape: [1 << 20, 1 << 20, 1 << 20]).add(
            to: path, group: "/cases/\(ids[0])", name: "ssim_map")
        let started = Date()
        let verdicts = try Self.certify("cp \(path) \"$2\" #", vectors: Self.borders)
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(Set(verdicts.values.map(\.verdict)) == ["crash"])
        let detail = verdicts[ids[0]]?.detail ?? ""
        #expect(detail.contains("/cases/\(ids[0])/ssim_map") && detail.contains("[1048576, 1048576, 1048576]"), "\(detail)")
    }
}
