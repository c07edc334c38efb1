import SSIMConformance
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
}
