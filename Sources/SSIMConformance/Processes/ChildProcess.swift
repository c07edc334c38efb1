import CFileSystem
import FoundationEssentials
import Glibc

/// A command run to its end or to a deadline, as the leader of a session of its own, with standard input and output
/// on /dev/null and standard error drained into its last 4 KiB (``StderrTail``).
///
/// Started with posix_spawn, never fork: the child is a fresh image of the command, not a copy of this process,
/// whose other threads may hold locks (HDF5's, the Swift runtime's) at that instant that the copy would wait on
/// forever. When the command ends or overruns its deadline, its whole process group is killed, so that nothing it
/// started outlives it; while it runs, it is recorded in ``Interruption``, which kills the group if the run is
/// interrupted.
enum ChildProcess {
    /// How a run ended.
    enum Outcome: Equatable {
        case terminated(ProcessTermination)
        /// It overran the deadline and was killed with its process group.
        case timedOut
    }

    /// Runs `arguments` (an executable's path, then its arguments) for at most `timeout` seconds.
    ///
    /// - Returns: how it ended, and the tail of its standard error (which interpolates as a suffix for a failure's
    ///   detail: empty, or "; stderr: …").
    /// - Throws: ``ChildProcessError`` when the command could not be started.
    static func run(_ arguments: [String], timeout: Double) throws(ChildProcessError) -> (outcome: Outcome, stderr: StderrTail.Captured) {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw ChildProcessError(.pipe, command: arguments[0], code: errno) }
        // Neither end may leak into other commands this process starts (the child gets the write end as fd 2).
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let errors = StderrTail(descriptor: pipeEnds[0])
        defer { close(pipeEnds[0]) }
        let pid: pid_t
        do {
            defer { close(pipeEnds[1]) }
            pid = try Interruption.start { () throws(ChildProcessError) in try spawnInNewSession(arguments, stderr: pipeEnds[1]) }
        }
        defer { Interruption.ended(pid) }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var timedOut = false
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() >= deadline {
                timedOut = true
                kill(-pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            errors.drain()
            usleep(5_000)
        }
        // The command ran in a session of its own: end every process it left behind.
        kill(-pid, SIGKILL)
        errors.drain()
        return (timedOut ? .timedOut : .terminated(ProcessTermination(waitStatus: status)), errors.captured)
    }

    /// Starts `arguments` as the leader of a new session (so that its whole process group can be killed), with
    /// standard input from /dev/null, standard output discarded and standard error to the descriptor `stderr`.
    private static func spawnInNewSession(_ arguments: [String], stderr: Int32) throws(ChildProcessError) -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // glibc's POSIX_SPAWN_SETSID (0x80), which Swift does not import because spawn.h defines it under _GNU_SOURCE;
        // and SIGINT and SIGTERM back to their default action, which a run handling them (Interruption) ignores.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, 0x80 | Int16(POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Nothing else of this process's: a descriptor another thread has open at this instant (an HDF5 file being
        // written, holding HDF5's lock on it) would otherwise stay open, and locked, in the child for as long as it
        // runs, and another adapter could not open that file.
        cfilesystem_spawn_close_from(&actions, 3)
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard result == 0 else { throw ChildProcessError(.spawn, command: arguments[0], code: result) }
        return pid
    }
}
