import Foundation
import HDF5
import SSIMAdapterProtocol
import SSIMVectors

/// Certifies an implementation against golden vectors: cases in batches, each answer judged.
public enum ConformanceRunner {
    /// The cases of a vector file, or of every `*.h5` in a folder (in name order). Each file is opened read-only
    /// and read first in a reader process (``UntrustedFile``): a file that crashes HDF5 is an error naming it.
    public static func loadCases(from path: String) throws -> (files: [String], cases: [StoredVectorCase]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw VectorStoreError(.missing, "\(path): no such file or folder")
        }
        let files = isDirectory.boolValue
            ? try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".h5") }.sorted()
                .map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
            : [path]
        return (files, try files.flatMap { try UntrustedFile.readVectorFile($0).cases })
    }

    /// The cases whose id or one of whose tags matches one of the shell-style `patterns` (all cases if none).
    public static func filter(_ cases: [StoredVectorCase], patterns: [String]) -> [StoredVectorCase] {
        cases.filter { matches(id: $0.request.id, tags: $0.tags, patterns: patterns) }
    }

    /// Whether the id or a tag matches one of the shell-style `patterns` (true if there are none).
    static func matches(id: String, tags: [String], patterns: [String]) -> Bool {
        patterns.isEmpty || patterns.contains { pattern in ([id] + tags).contains { fnmatch(pattern, $0, 0) == 0 } }
    }

    /// Runs `implementation` on `cases`, `batchSize` at a time, judges every answer, and diagnoses the failing ones; a
    /// failing case keeps the pictures of its worst plane (``CasePictures``) for the HTML report.
    ///
    /// - Parameters:
    ///   - properties: when given, the property checks run too (those matching `patterns`), after the vectors.
    ///   - progress: called after each batch with (cases done, cases in all).
    public static func certify(
        _ implementation: any SSIMImplementation, cases: [StoredVectorCase], vectors: [String], requireFull: Bool,
        batchSize: Int = 64, properties: PropertyRunner? = nil, patterns: [String] = [],
        progress: (Int, Int) -> Void = { _, _ in }
    ) -> ConformanceReport {
        var results: [CaseResult] = []
        var failures: [Diagnostician.Failure] = []
        for start in stride(from: 0, to: cases.count, by: max(1, batchSize)) {
            let batch = Array(cases[start..<min(start + max(1, batchSize), cases.count)])
            switch implementation.evaluate(batch: batch.map(\.request)) {
            case .answered(let answers):
                for stored in batch {
                    let answer = answers[stored.request.id]
                    var result = Judge.judge(stored, answer: answer)
                    if result.verdict == .fail {
                        result.pictures = CasePictures(stored, answer: answer)
                        if case .outputs(let outputs) = answer {
                            failures.append(Diagnostician.Failure(stored: stored, outputs: outputs, result: result))
                        }
                    }
                    results.append(result)
                }
            case .failed(let failure):
                results += batch.map { stored in
                    CaseResult(
                        id: stored.request.id, family: stored.family, tags: stored.tags,
                        verdict: failure.kind == .timeout ? .timeout : .crash, detail: failure.detail, errors: [:],
                        missingOutputs: [])
                }
            }
            progress(results.count, cases.count)
        }
        if let properties {
            results += properties.run(implementation, batchSize: batchSize, patterns: patterns)
        }
        var diagnosis: Diagnosis?
        if !failures.isEmpty {
            let (found, perCase) = Diagnostician.diagnose(failures)
            diagnosis = found
            for index in results.indices { results[index].explanation = perCase[results[index].id] }
        }
        return ConformanceReport(
            implementation: implementation.name, version: implementation.version, vectors: vectors,
            requireFull: requireFull, cases: results, diagnosis: diagnosis, propertySeed: properties?.seed)
    }
}
