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

    /// Runs `implementation` on `cases`, `batchSize` at a time, judges every answer once, diagnoses the failing
    /// ones, and builds each case's result from its judgement and explanation.
    ///
    /// - Parameters:
    ///   - properties: when given, the property checks run too (those matching `patterns`), after the vectors.
    ///   - progress: called after each batch with (cases done, cases in all).
    public static func certify(
        _ implementation: any SSIMImplementation, cases: [StoredVectorCase], vectors: [String], requireFull: Bool,
        batchSize: Int = 64, properties: PropertyRunner? = nil, patterns: [String] = [],
        progress: (Int, Int) -> Void = { _, _ in }
    ) -> ConformanceReport {
        let started = Date()
        var judgements: [Judgement] = []
        var seconds: [Double] = []
        for start in stride(from: 0, to: cases.count, by: max(1, batchSize)) {
            let batch = Array(cases[start..<min(start + max(1, batchSize), cases.count)])
            let batchStarted = Date()
            defer { seconds += Array(repeating: Date().timeIntervalSince(batchStarted) / Double(batch.count), count: batch.count) }
            switch implementation.evaluate(batch: batch.map(\.request)) {
            case .answered(let answers):
                judgements += batch.map { Judge.judge($0, answer: answers[$0.request.id]) }
            case .failed(let failure):
                judgements += batch.map { Judgement($0, failure.kind == .timeout ? .timeout : .crash, failure.detail) }
            }
            progress(judgements.count, cases.count)
        }
        let failures = judgements.filter { $0.verdict == .fail && !$0.answered.isEmpty }
        let (diagnosis, explanations) = failures.isEmpty ? (nil, [:]) : Diagnostician.diagnose(failures)
        var results = zip(judgements, seconds).map { CaseResult($0, explanation: explanations[$0.id], seconds: $1) }
        if let properties {
            results += properties.run(implementation, batchSize: batchSize, patterns: patterns)
        }
        return ConformanceReport(
            implementation: implementation.name, version: implementation.version, vectors: vectors,
            requireFull: requireFull, cases: results, diagnosis: diagnosis, propertySeed: properties?.seed,
            started: started, seconds: Date().timeIntervalSince(started), vectorsCommit: vectorsCommit(of: vectors))
    }

    /// The `git_commit` the vector files were generated at (several, comma-separated, when they differ), or nil
    /// when none can be read. The files were read whole before the run, in a child process, so this cannot crash.
    static func vectorsCommit(of files: [String]) -> String? {
        let commits = files.compactMap { try? VectorFile.gitCommit(of: $0) }
        let distinct = commits.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return distinct.isEmpty ? nil : distinct.joined(separator: ", ")
    }
}
