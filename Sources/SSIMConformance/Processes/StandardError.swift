import Glibc

/// The process's standard error, written to directly (file descriptor 2, unbuffered): the one writer of the messages
/// the command line gives there (errors, progress, the notice of an interruption).
public enum StandardError {
    /// Writes all of `text`'s UTF-8, retrying where the system writes a part or is interrupted; a standard error that
    /// is closed or full loses the message, which has nowhere else to go.
    public static func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            if written < 0 {
                guard errno == EINTR else { return }
                continue
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
