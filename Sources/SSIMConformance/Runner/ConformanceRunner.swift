import FoundationEssentials
import Glibc
import HDF5
import SSIM
import SSIMAdapterProtocol
import SSIMVectors

/// Certifies an implementation against golden vectors: cases in batches, each answer judged.
public enum ConformanceRunner {
    /// The cases of a vector file, or of every `*.h5` in a folder (in name order). Each file is opened read-only
    /// and read first in a reader process (``UntrustedFile``), the files at once: a file that crashes HDF5 is an
    /// error naming it (the first such file in name order).
    public static func loadCases(from path: String) throws -> (files: [String], cases: [StoredVectorCase]) {
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw VectorStoreError(.missing, "\(path): no such file or folder")
        }
        let files = isDirectory
            ? try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".h5") }.sorted()
                .map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
            : [path]
        // Each file's reader process runs beside the others': most of the time of loading is theirs.
        let read = ParallelBatches.run(files.count, jobs: ProcessInfo.processInfo.activeProcessorCount) { index in
            Result { try UntrustedFile.readVectorFile(files[index]) }
        }
        return (files, try read.flatMap { try $0!.get().cases })
    }

    /// The cases whose id or one of whose tags matches one of the shell-style `patterns` (all cases if none).
    public static func filter(_ cases: [StoredVectorCase], patterns: [String]) -> [StoredVectorCase] {
        cases.filter { matches(id: $0.request.id, tags: $0.tags, patterns: patterns) }
    }

    /// Whether the id or a tag matches one of the shell-style `patterns` (true if there are none).
    static func matches(id: String, tags: [String], patterns: [String]) -> Bool {
        patterns.isEmpty || patterns.contains { pattern in ([id] + tags).contains { fnmatch(pattern, $0, 0) == 0 } }
    }

    /// Runs `implementation` on `cases`, `batchSize` at a time and `jobs` batches at once, judges every answer once,
    /// diagnoses the failing ones, and builds each case's result from its judgement and explanation. The results are
    /// the same whatever `jobs`.
    ///
    /// - Parameters:
    ///   - properties: when given, the property checks run too (those matching `patterns`), after the vectors,
    ///     under `convention` as the vectors are.
    ///   - maxFailures: when given, no batch of vector cases is started once this many cases have failed (any verdict
    ///     but pass, not supported and not applicable), the results stop after the batch that reached it, and the
    ///     property checks are left out; ``ConformanceReport`` then holds only the cases judged.
    ///   - conventions: when given, the answers are judged by the expected answers and bounds of the convention of
    ///     each case's metric, which the reference computes from the stored inputs
    ///     (``SSIMVectors/StoredVectorCase/under(_:)``) before any case runs; the cases it cannot express, and those
    ///     of a metric it has no convention for, are `not_applicable` and not asked. The property checks of each
    ///     metric run under its convention of that metric, and not at all without one.
    ///   - requireNoWarnings: whether a case carrying a warning (``ImpossibleAnswer``) makes the run not conformant.
    ///   - progress: called after each batch, one call at a time.
    public static func certify(
        _ implementation: any SSIMImplementation, cases storedCases: [StoredVectorCase], vectors: [String],
        requireFull: Bool, requireNoWarnings: Bool = false, batchSize: Int = 64, properties: PropertyRunner? = nil, patterns: [String] = [],
        jobs: Int = 1, maxFailures: Int? = nil, conventions: ConventionsByMetric? = nil,
        progress: (RunProgress) -> Void = { _ in }
    ) -> ConformanceReport {
        let started = Date()
        let (cases, notApplicable) = conventions.map { under($0, storedCases) } ?? (storedCases, [])
        // The SSIM convention certified: the diagnosis's and the property checks' (nil: no SSIM case or check is).
        let convention = conventions.map(\.ssim) ?? .kornia
        let size = max(1, batchSize)
        // Half-precision cases go in batches of their own: a library that crashes on float16 fails those alone.
        var batches: [[StoredVectorCase]] = []
        for stored in cases {
            if let last = batches.last?.last, last.request.holdsHalfPrecision == stored.request.holdsHalfPrecision,
                batches[batches.count - 1].count < size
            {
                batches[batches.count - 1].append(stored)
            } else {
                batches.append([stored])
            }
        }
        func failed(_ judgements: [Judgement]) -> Int { judgements.count { $0.verdict.isFailure } }
        var done = 0
        // Each batch's judgements, and the seconds it took, shared equally by its cases.
        let judged = ParallelBatches.run(
            batches.count, jobs: jobs,
            stop: { results in
                maxFailures.map { results.compactMap { $0 }.reduce(0) { $0 + failed($1.judgements) } >= $0 } ?? false
            },
            completed: { batch in
                done += batch.judgements.count
                progress(RunProgress(.vectors, done: done, total: cases.count))
            }
        ) { index -> (judgements: [Judgement], seconds: Double) in
            let batch = batches[index]
            let batchStarted = Date()
            let judgements = switch implementation.evaluate(batch: batch.map(\.request)) {
            case .answered(let answers):
                batch.map { Judge.judge($0, answer: answers[$0.request.id]) }
            case .failed(let failure):
                batch.map { Judgement($0, failure.kind == .timeout ? .timeout : .crash, failure.detail) }
            }
            return (judgements, Date().timeIntervalSince(batchStarted) / Double(batch.count))
        }
        // The batches in order up to the one that reached maxFailures: what one job would have judged.
        var judgements: [Judgement] = []
        var seconds: [Double] = []
        var stopped = false
        for batch in judged {
            guard let batch, !stopped else { break }
            judgements += batch.judgements
            seconds += Array(repeating: batch.seconds, count: batch.judgements.count)
            stopped = maxFailures.map { failed(judgements) >= $0 } ?? false
        }
        if !stopped && !notApplicable.isEmpty {
            // In the vectors' order, as without a convention; a case not asked took no time.
            let order = Dictionary(uniqueKeysWithValues: storedCases.enumerated().map { ($1.request.id, $0) })
            let merged = (Array(zip(judgements, seconds)) + notApplicable.map { ($0, 0.0) })
                .sorted { order[$0.0.id, default: 0] < order[$1.0.id, default: 0] }
            (judgements, seconds) = (merged.map(\.0), merged.map(\.1))
        }
        let failures = judgements.filter { $0.verdict == .fail && !$0.answered.isEmpty }
        // Without a convention of MS-SSIM no MS-SSIM case is judged: the vectors' stands in.
        let (diagnosis, explanations) = failures.isEmpty
            ? (nil, [:])
            : Diagnostician.diagnose(
                failures, certified: convention ?? .kornia, msssim: conventions?.msssim ?? ConventionsByMetric.vectors.msssim!,
                ssim3D: conventions?.ssim3D ?? ConventionsByMetric.vectors.ssim3D!,
                msssim3D: conventions?.msssim3D ?? ConventionsByMetric.vectors.msssim3D!,
                msssimL1: conventions?.msssimL1 ?? ConventionsByMetric.vectors.msssimL1!)
        var results = zip(judgements, seconds).map { CaseResult($0, explanation: explanations[$0.id], seconds: $1) }
        let certified = conventions ?? .vectors
        if let properties, !certified.all.isEmpty, !stopped {
            results += properties.run(
                implementation, batchSize: batchSize, patterns: patterns, jobs: jobs, convention: convention,
                msssimConvention: certified.msssim, ssim3DConvention: certified.ssim3D,
                msssim3DConvention: certified.msssim3D, msssimL1Convention: certified.msssimL1
            ) { done, total in
                progress(RunProgress(.properties, done: done, total: total))
            }
        }
        let stoppedEarly = stopped
            ? "stopped after \(maxFailures ?? 0) failures (--max-failures; \(failed(judgements)) in the batches run): "
                + "\(judgements.count) of \(storedCases.count) cases judged, no property checks"
            : nil
        return ConformanceReport(
            implementation: implementation.name, version: implementation.version, vectors: vectors,
            requireFull: requireFull, requireNoWarnings: requireNoWarnings, cases: results, diagnosis: diagnosis, propertySeed: properties?.seed,
            started: started, seconds: Date().timeIntervalSince(started), vectorsCommit: vectorsCommit(of: storedCases),
            convention: conventions?.name ?? SSIMConvention.kornia.name, stoppedEarly: stoppedEarly)
    }

    /// The cases as `conventions` expect them to be answered, and the judgements of those they cannot express; each
    /// case's expectation computed by the reference, the cases spread over the cores.
    static func under(_ conventions: ConventionsByMetric, _ cases: [StoredVectorCase]) -> (applicable: [StoredVectorCase], notApplicable: [Judgement]) {
        let outcomes = ParallelBatches.run(cases.count, jobs: ProcessInfo.processInfo.activeProcessorCount) { cases[$0].under(conventions) }
        var applicable: [StoredVectorCase] = [], notApplicable: [Judgement] = []
        for (stored, outcome) in zip(cases, outcomes) {
            switch outcome! {
            case .applicable(let converted): applicable.append(converted)
            case .notApplicable(let reason): notApplicable.append(Judgement(stored, .notApplicable, reason))
            }
        }
        return (applicable, notApplicable)
    }

    /// The `git_commit` the vector files of `cases` were generated at (several, comma-separated, when they differ),
    /// as each case was read with it; nil when no case came from a file.
    public static func vectorsCommit(of cases: [StoredVectorCase]) -> String? {
        let commits = cases.compactMap(\.source?.commit)
        let distinct = commits.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return distinct.isEmpty ? nil : distinct.joined(separator: ", ")
    }
}
