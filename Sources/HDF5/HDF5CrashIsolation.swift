import CHDF5
import Foundation

/// Reading an untrusted file first in a forked child, so that a crash inside the HDF5 C library is a clear error
/// instead of the end of this process.
///
/// The HDF5 library (1.10.8 on Debian 12, and later versions alike) can read out of bounds on some corrupt files:
/// the fuzz soak found memcpy overruns in its global heap when a variable-length string's heap entry is damaged.
/// This layer checks every size it can see before calling HDF5 (``HDF5Limits``); what happens inside HDF5 it cannot
/// check, so a file from outside is read once in a child process: if the child crashes or overruns `timeout`, the
/// file is refused with an ``HDF5Error`` naming it; if the child returns or throws, the same read (deterministic on
/// the same bytes) is safe to run here, and is.
public enum HDF5CrashIsolation {
    /// Runs `body` (which reads `file`) in a forked child first, then here.
    ///
    /// A child that overruns `timeout` is tried again, up to `attempts` times in all: a child forked from a process
    /// with other threads can inherit a lock one of them held at that instant (the Swift runtime's metadata caches,
    /// for one) and wait on it forever, through no fault of the file. A crash is not tried again: it follows from
    /// the bytes.
    ///
    /// - Throws: `HDF5Error` of kind `readFailed` when the child crashed, or overran `timeout` seconds on every
    ///   attempt; otherwise whatever `body` throws.
    public static func read<Result>(
        _ file: String, timeout: Double = 120, attempts: Int = 3, _ body: () throws -> Result
    ) throws -> Result {
        var status: Int32 = 0
        for attempt in 1...max(1, attempts) {
            guard let pid = forkReading(body) else { return try body() }
            if wait(for: pid, status: &status, timeout: timeout) { break }
            guard attempt < attempts else {
                throw HDF5Error(
                    .readFailed, file: file, object: "/",
                    detail: "reading the file took more than \(timeout) s, \(attempts) times; it is damaged or hostile")
            }
        }
        let killedBy = status & 0x7F
        guard killedBy == 0 else {
            throw HDF5Error(
                .readFailed, file: file, object: "/",
                detail: "the HDF5 library crashed (signal \(killedBy)) reading the file; it is damaged or hostile")
        }
        return try body()
    }

    /// Forks a child that runs `body` and exits (0 if it returned, 1 if it threw); nil if fork failed.
    private static func forkReading<Result>(_ body: () throws -> Result) -> pid_t? {
        // Forking under the HDF5 lock: no other thread is inside HDF5 at that moment, so the child's copy of the
        // library's state is consistent.
        let pid: pid_t = HDF5Library.withLock {
            let pid = fork()
            if pid == 0 {
                HDF5Library.isIsolatedChild = true
                // A crash here is expected and reported by the parent: no backtrace from the Swift runtime.
                for crash in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] { signal(crash, SIG_DFL) }
                let status: Int32 = (try? body()) == nil ? 1 : 0
                _exit(status)
            }
            return pid
        }
        return pid > 0 ? pid : nil
    }

    /// Waits for child `pid` to end, into `status`; false (the child killed) if it overruns `timeout` seconds.
    private static func wait(for pid: pid_t, status: inout Int32, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() >= deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                return false
            }
            usleep(1_000)
        }
        return true
    }
}
