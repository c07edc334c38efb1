import Dispatch
import Synchronization

/// Batches run on up to `jobs` threads at once, in index order, with their results in index order: the same
/// results whatever the number of jobs, since each batch is independent of the others. An adapter runs one process
/// per batch, so two jobs keep two cores busy.
enum ParallelBatches {
    /// Runs `body` on batches 0..<`count`, each started in index order on one of up to `jobs` threads, until
    /// `stop` (asked, under a lock, with the results so far before each batch is started) says to stop; `completed` is
    /// called under that lock as each batch ends.
    ///
    /// - Returns: each batch's result, nil for a batch not started.
    static func run<Result>(
        _ count: Int, jobs: Int, stop: ([Result?]) -> Bool = { _ in false }, completed: (Result) -> Void = { _ in },
        _ body: (Int) -> Result
    ) -> [Result?] {
        // The closures are called only while this function runs (concurrentPerform waits for its workers), stop and
        // completed under the lock, body from the workers: hence the box that lets the workers reach them.
        withoutActuallyEscaping(stop) { stop in
            withoutActuallyEscaping(completed) { completed in
                withoutActuallyEscaping(body) { body in
                    let state = State(count, stop: stop, completed: completed, body: body)
                    DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, count))) { _ in state.work() }
                    return state.results
                }
            }
        }
    }

    /// The batches' results and the closures the workers share; everything but `body` is reached under `lock`.
    private final class State<Result>: @unchecked Sendable {
        private let lock = Mutex(())
        private var next = 0
        private(set) var results: [Result?]
        private let stop: ([Result?]) -> Bool
        private let completed: (Result) -> Void
        private let body: (Int) -> Result

        init(_ count: Int, stop: @escaping ([Result?]) -> Bool, completed: @escaping (Result) -> Void, body: @escaping (Int) -> Result) {
            results = Array(repeating: nil, count: count)
            (self.stop, self.completed, self.body) = (stop, completed, body)
        }

        /// A worker: takes the next batch until none is left or `stop` says so.
        func work() {
            while let index = lock.withLock({ _ -> Int? in
                guard next < results.count, !stop(results) else { return nil }
                defer { next += 1 }
                return next
            }) {
                let result = body(index)
                lock.withLock { _ in
                    results[index] = result
                    completed(result)
                }
            }
        }
    }
}
