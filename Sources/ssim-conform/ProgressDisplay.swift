import FoundationEssentials
import Glibc
import SSIMConformance

/// The progress of a run on standard error: on a terminal one live line, rewritten after each batch; elsewhere (CI
/// logs, pipes) a line when a phase starts answering, at most one every ``interval`` seconds after that, and one
/// when it ends. Each line gives the implementation, the phase, cases done of all, the time elapsed and an estimate
/// of the rest (from the phase's pace so far).
final class ProgressDisplay {
    /// Seconds between two lines when standard error is not a terminal.
    static let interval: TimeInterval = 5

    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let started = Date()
    private var phaseStarted: (phase: RunProgress.Phase, at: Date)?
    private var lastLine: Date?
    /// When the last progress came: a phase starts when the one before it has ended (the first, when the run did).
    private var lastProgress: Date?

    /// Shows `progress` of `implementation`.
    func show(_ progress: RunProgress, of implementation: String) {
        let now = Date()
        // Progress comes after each batch: the phase began before its first batch, not at its first report.
        if phaseStarted?.phase != progress.phase { phaseStarted = (progress.phase, lastProgress ?? started) }
        lastProgress = now
        let finished = progress.done >= progress.total
        if !isTerminal, let lastLine, now.timeIntervalSince(lastLine) < Self.interval, !finished { return }
        lastLine = now
        let elapsed = now.timeIntervalSince(started)
        let phaseElapsed = now.timeIntervalSince(phaseStarted?.at ?? now)
        let rest = progress.done == 0 ? "" : finished ? "" :
            ", about \(Self.seconds(phaseElapsed / Double(progress.done) * Double(progress.total - progress.done))) left"
        let line = "\(implementation): \(progress.phase.rawValue) \(progress.done)/\(progress.total), \(Self.seconds(elapsed))\(rest)"
        // On a terminal the line is rewritten in place: back to its start, and the rest of the old one erased.
        write(isTerminal ? "\r\(line)\u{1B}[K" : line + "\n")
    }

    /// Ends the live line, on a terminal, so that what follows starts on a line of its own.
    func finish() {
        if isTerminal && lastLine != nil { write("\n") }
    }

    private func write(_ text: String) {
        StandardError.write(text)
    }

    /// "4.2 s", "3 min 5 s".
    private static func seconds(_ value: TimeInterval) -> String {
        value < 60 ? "\(NumberText.fixed(value, decimals: 1)) s" : "\(Int(value) / 60) min \(Int(value) % 60) s"
    }
}
