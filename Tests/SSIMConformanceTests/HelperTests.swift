import Foundation
@testable import SSIMConformance
import Testing

/// The helpers written once for the whole suite: shell quoting, the text of numbers, and `null` for empty optionals
/// in `report.json`.
@Suite struct HelperTests {
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

    @Test func numbersAreWrittenOneWay() {
        #expect(NumberText.significant(0.000123456) == "0.000123")
        #expect(NumberText.significant(1234567) == "1.23e+06")
        #expect(NumberText.significant(-0.0) == "0")
        #expect(NumberText.significant(.infinity) == "∞")
        #expect(NumberText.significant(-.infinity) == "−∞")
        #expect(NumberText.significant(.nan) == "NaN")
        #expect(NumberText.significant(0.93, digits: 6, style: .answer) == "0.93")
        #expect(NumberText.significant(-0.0, digits: 6, style: .answer) == "-0")
        #expect(NumberText.significant(.infinity, digits: 6, style: .answer) == "+Inf")
        #expect(NumberText.significant(-.infinity, digits: 6, style: .answer) == "-Inf")
        #expect(NumberText.significant(.nan, digits: 6, style: .answer) == "NaN")
        #expect(Judge.formatted(2.5e-7) == "2.5e-07")
        #expect(Judge.formatted(.infinity) == "∞")
    }

    struct Sample: Codable, Equatable {
        let name: String
        @NullEncoded var note: String?
        @NullEncoded var count: Int?
    }

    @Test func emptyOptionalsAreWrittenAsNullAndReadBack() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let empty = Sample(name: "a", note: nil, count: nil)
        #expect(String(decoding: try encoder.encode(empty), as: UTF8.self) == #"{"count":null,"name":"a","note":null}"#)
        let full = Sample(name: "b", note: "n", count: 3)
        #expect(String(decoding: try encoder.encode(full), as: UTF8.self) == #"{"count":3,"name":"b","note":"n"}"#)
        let decoder = JSONDecoder()
        #expect(try decoder.decode(Sample.self, from: try encoder.encode(empty)) == empty)
        #expect(try decoder.decode(Sample.self, from: try encoder.encode(full)) == full)
        // A key left out reads as empty, as for a plain optional.
        #expect(try decoder.decode(Sample.self, from: Data(#"{"name":"c"}"#.utf8)) == Sample(name: "c", note: nil, count: nil))
    }

    @Test func caseResultsWriteEveryKey() throws {
        let result = CaseResult(
            id: "x", family: "core", tags: [], verdict: .pass, detail: nil, errors: [:], missingOutputs: [])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(result), as: UTF8.self)
            == #"{"detail":null,"errors":{},"explanation":null,"family":"core","id":"x","message":null,"missingOutputs":[],"pictures":null,"seconds":0,"tags":[],"verdict":"pass"}"#)
    }
}
