import Foundation
import SSIMAdapterProtocol
import Testing

/// The white space trimmed from the lists and messages read from adapters: what Foundation's `trimmingCharacters`
/// trimmed before (FoundationEssentials has none), for every Unicode scalar of the planes that have white space.
@Suite struct StringWhitespaceTests {
    @Test func trimsWhatFoundationTrimmed() {
        for value in UInt32(0)...0x3100 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            // The scalar at both ends, twice, around text whose inside keeps it; and alone.
            for text in ["\(scalar)\(scalar)a\(scalar)b\(scalar)\(scalar)", "\(scalar)"] {
                #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines), "U+\(String(value, radix: 16))")
                #expect(text.trimmingWhitespace(newlines: false) == text.trimmingCharacters(in: .whitespaces), "U+\(String(value, radix: 16))")
            }
        }
        #expect(" \r\n name \t".trimmingWhitespace() == "name")
        #expect(" \r\n name \t".trimmingWhitespace(newlines: false) == "\r\n name")
        #expect("ssim, ms_ssim".split(separator: ",").map { $0.trimmingWhitespace(newlines: false) } == ["ssim", "ms_ssim"])
    }
}
