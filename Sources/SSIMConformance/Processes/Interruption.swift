import Dispatch
import FoundationEssentials
import Glibc
import Synchronization

/// What a run has started that must not outlive it, and the handling of SIGINT and SIGTERM that ends it: every
/// child process's group (adapters' commands, readers of untrusted files) is killed, every temporary folder removed,
/// and the process exits with 128 + the signal (130, 143) without writing anything more.
///
/// Children are started and temporary folders made under the same lock the handler takes and never releases: a
/// child or folder is either recorded before the signal is handled, and so ended, or never made.
public enum Interruption {
    /// Handles SIGINT and SIGTERM from now on as the type says; `command` names the run in the message on standard
    /// error ("ssim-conform certify: interrupted by SIGTERM: …").
    public static func exitOnSignals(naming command: String) {
        for signalNumber in [SIGINT, SIGTERM] {
            // Ignored as signals, received as events: the handler runs on a queue, not inside a signal handler,
            // where killing and removing files could not be done safely. Children get default handling back
            // (ChildProcess), so this does not make adapters immune to signals.
            signal(signalNumber, SIG_IGN)
            registry.withLock { registry in
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { end(signal: signalNumber, command: command) }
                source.resume()
                registry.sources.append(source)
            }
        }
    }

    /// Starts a child with `spawn` (which returns its pid, the leader of a group of its own) and records it, unless
    /// the run is being ended.
    static func start(_ spawn: () throws(ChildProcessError) -> pid_t) throws(ChildProcessError) -> pid_t {
        try registry.withLock { (registry) throws(ChildProcessError) -> pid_t in
            let pid = try spawn()
            registry.groups.insert(pid)
            return pid
        }
    }

    /// Forgets a child whose group has been killed.
    static func ended(_ pid: pid_t) {
        registry.withLock { _ = $0.groups.remove(pid) }
    }

    /// Makes a fresh temporary folder, named `prefix` and a UUID, and records it.
    static func makeTemporaryFolder(_ prefix: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)\(UUID().uuidString)")
        try registry.withLock { registry in
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            registry.folders.insert(folder.path)
        }
        return folder
    }

    /// Removes a temporary folder ``makeTemporaryFolder(_:)`` made.
    static func removeTemporaryFolder(_ folder: URL) {
        registry.withLock { registry in
            try? FileManager.default.removeItem(at: folder)
            _ = registry.folders.remove(folder.path)
        }
    }

    /// Ends the run: holds the lock for good, kills every group, removes every folder, says so and exits.
    private static func end(signal signalNumber: Int32, command: String) {
        registry.withLock { registry -> Never in
            for pid in registry.groups { kill(-pid, SIGKILL) }
            for folder in registry.folders { try? FileManager.default.removeItem(atPath: folder) }
            let name = signalNumber == SIGINT ? "SIGINT" : "SIGTERM"
            StandardError.write(
                "\n\(command): interrupted by \(name): its processes ended, its temporary files removed, no report written\n")
            // _exit, not exit: the other threads are still running, and must not see this process's globals destroyed.
            _exit(128 + signalNumber)
        }
    }

    /// The children and folders alive, and the signal sources kept alive.
    private static let registry = Mutex(Registry())

    private struct Registry {
        var groups: Set<pid_t> = []
        var folders: Set<String> = []
        var sources: [any DispatchSourceSignal] = []
    }
}
