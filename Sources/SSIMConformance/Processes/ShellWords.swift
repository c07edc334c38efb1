/// Words written for /bin/sh to read back as they are: the reproduction commands `certify` prints and the command
/// line the reports record.
public enum ShellWords {
    /// `word` as one word for /bin/sh: as it is when it holds only ASCII letters, digits and `/._-+=:,@%`, which the
    /// shell leaves alone, else in single quotes (a quote inside as `'\''`). Anything else is quoted, non-ASCII
    /// letters included: what a shell makes of those bytes depends on its locale.
    public static func quoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+=:,@%".contains($0)) }
        return plain ? word : "'" + word.replacingScalars(["'": "'\\''"]) + "'"
    }

    /// `words` as one line a POSIX shell splits back into them, each ``quoted(_:)``.
    public static func quoted(_ words: [String]) -> String {
        words.map { quoted($0) }.joined(separator: " ")
    }
}
