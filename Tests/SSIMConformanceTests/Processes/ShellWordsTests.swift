import Foundation
@testable import SSIMConformance
import Testing

/// The one shell quoting of the suite: certify's reproduction commands and the reports' command line.
@Suite struct ShellWordsTests {
    @Test func shellWordsQuoteAllButPlainASCII() {
        #expect(ShellWords.quoted("tools/adapters/kornia-adapter.py") == "tools/adapters/kornia-adapter.py")
        #expect(ShellWords.quoted("a=b:c,d@e%f+g") == "a=b:c,d@e%f+g")
        #expect(ShellWords.quoted("") == "''")
        #expect(ShellWords.quoted("my dir/adapter") == "'my dir/adapter'")
        #expect(ShellWords.quoted("it's") == "'it'\\''s'")
        #expect(ShellWords.quoted("$HOME") == "'$HOME'")
        // Non-ASCII letters and digits are quoted too: what a shell makes of their bytes depends on its locale.
        #expect(ShellWords.quoted("café") == "'café'")
        #expect(ShellWords.quoted("x²") == "'x²'")
        #expect(ShellWords.quoted(["ssim-conform", "certify", "--adapter", "python3 a.py", "--report", "réports"])
            == "ssim-conform certify --adapter 'python3 a.py' --report 'réports'")
    }

    /// The quote, the markup characters and line breaks are replaced as Foundation's `replacingOccurrences(of:with:)`
    /// replaced them before (FoundationEssentials has none), and also where a combining mark makes one Character of
    /// them, which Foundation (comparing Characters) left alone: a quote followed by U+0301 ended the quoting of a
    /// shell word, and `"` followed by U+0308 an HTML attribute.
    @Test func escapingReplacesEveryScalar() {
        for text in ["it's", "a<b>&\"c\"", "one\r\ntwo\nthree", "|x|", ""] {
            #expect(ShellWords.quoted(text) == "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'")
            let foundation = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                .replacingOccurrences(of: "\n", with: "&#10;")
            #expect(ReportWriter.escape(text) == foundation, "\(text.debugDescription)")
        }
        #expect(ShellWords.quoted("'\u{301}") == "''\\''\u{301}'")
        #expect(ReportWriter.escape("a<\u{338}b") == "a&lt;\u{338}b")
        #expect(ReportWriter.escape("x&\u{301}\"\u{308}") == "x&amp;\u{301}&quot;\u{308}")
    }
}
