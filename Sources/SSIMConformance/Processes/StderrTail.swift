import FoundationEssentials
import Glibc
import SSIMAdapterProtocol

/// The read end of a command's standard error, drained without blocking into the last 4 KiB it wrote.
///
/// However much the command writes, this keeps 4 KiB in memory and nothing on disk; the command never blocks on a
/// full pipe for longer than the runner's polling interval.
final class StderrTail {
    private static let kept = 4096
    private let descriptor: Int32
    private var bytes: [UInt8] = []

    /// Takes over nothing: the caller keeps `descriptor` open while draining and closes it afterwards.
    init(descriptor: Int32) {
        self.descriptor = descriptor
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    /// Reads what the pipe holds now (at most 1 MiB, so that a command writing as fast as this reads cannot keep
    /// the caller from its deadline), keeping the last 4 KiB.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        for _ in 0..<16 {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            bytes.append(contentsOf: buffer[..<count])
            if bytes.count > Self.kept { bytes.removeFirst(bytes.count - Self.kept) }
        }
    }

    /// What was kept, once the command has ended.
    var captured: Captured { Captured(text: String(decoding: bytes, as: UTF8.self).trimmingWhitespace()) }

    /// The tail of a command's standard error: interpolated into a failure's detail it reads as a suffix, empty or
    /// "; stderr: …".
    struct Captured: CustomStringConvertible, Sendable {
        /// The tail itself, without surrounding white space.
        let text: String

        var description: String { text.isEmpty ? "" : "; stderr: " + text }
    }
}
