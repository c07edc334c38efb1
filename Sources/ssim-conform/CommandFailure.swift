/// A run that could not be made (unreadable vectors or request, no case to run, a response that cannot be written),
/// as opposed to a verdict against an implementation or the store (exit status 1). Commands only throw it: the root
/// command (``SSIMConform/main()``) writes "ssim-conform COMMAND: MESSAGE" to standard error and exits with
/// ``exitStatus``, as every command documents.
struct CommandFailure: Error {
    /// The status a run that could not be made exits with.
    static let exitStatus: Int32 = 2

    /// The command as typed after `ssim-conform`, e.g. "vectors verify".
    let command: String
    /// What went wrong, naming the file or the argument.
    let message: String

    init(_ command: String, _ message: String) {
        self.command = command
        self.message = message
    }
}
