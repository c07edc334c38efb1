import Foundation
import SSIMConformance
import SSIMVectors
import Testing
import TestSupport

/// A file that crashes HDF5, read while other threads of this process are busy certifying and reading vector files
/// (inside HDF5, holding its lock): the crash is an error naming the file, and the other work completes. A forked
/// reader could inherit a lock one of those threads held and hang; a spawned one starts clean.
@Suite struct CrashWhileBusyTests {
    /// Inputs on which HDF5 1.10.8 overran a buffer during the fuzz soak.
    static let crashing = try! FileManager.default.contentsOfDirectory(atPath: corpus.path)
        .filter { $0.hasPrefix("crash-") }.sorted().map { corpus.appendingPathComponent($0).path }
    static let corpus = packageRoot.appendingPathComponent("Tests/SSIMVectorsTests/FuzzCorpus")
    static let vectors = packageRoot.appendingPathComponent("Vectors/invalid.h5").path

    @Test func aCrashInHDF5IsAClearErrorWhileOtherThreadsWork() throws {
        #expect(!Self.crashing.isEmpty)
        let (files, cases) = try ConformanceRunner.loadCases(from: Self.vectors)
        let done = Results()
        let workers = DispatchGroup()
        for worker in 0..<4 {
            DispatchQueue.global().async(group: workers) {
                for _ in 0..<3 {
                    if worker.isMultiple(of: 2) {
                        let report = ConformanceRunner.certify(ReferenceImplementation(), cases: cases, vectors: files, requireFull: false)
                        done.record(report.isConformant && report.cases.count == cases.count)
                    } else {
                        // In this process, unprotected: these threads are inside HDF5, holding its lock, at random instants.
                        done.record((try? VectorFile.read(from: Self.vectors).cases.count) == cases.count)
                    }
                }
            }
        }
        var crashes = 0
        for _ in 0..<3 {
            for file in Self.crashing {
                for kind in UntrustedFileKind.allCases {
                    do {
                        try UntrustedFile.read(file, as: kind, timeout: 60)
                        Issue.record("\(file) was read as \(kind)")
                    } catch {
                        #expect("\(error)".contains(file), "\(error)")
                        let kind = (error as? UntrustedFileError)?.kind
                        // A crash, or the reader's own error; neither a hang (what an inherited lock gives) nor a
                        // refusal to try.
                        switch kind {
                        case .crashed?: crashes += 1
                        case .refused?: break
                        default: Issue.record("neither a crash nor the reader's error: \(error)")
                        }
                    }
                }
            }
        }
        #expect(crashes > 0, "no reader process crashed: the corpus no longer crashes this HDF5")
        workers.wait()
        #expect(done.values == Array(repeating: true, count: 12))
    }
}

/// What the worker threads report, gathered under a lock.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Bool] = []

    func record(_ value: Bool) { lock.withLock { recorded.append(value) } }
    var values: [Bool] { lock.withLock { recorded } }
}
