import Foundation
@testable import SSIMConformance
import Testing

/// `null` for empty optionals in `report.json`: every key written, as the schema lists them.
@Suite struct NullEncodedTests {
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
            id: "x", family: "core", tags: [], verdict: .pass, source: CaseSource(nil), detail: nil, errors: [:], missingOutputs: [])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(result), as: UTF8.self)
            == #"{"detail":null,"errors":{},"explanation":null,"family":"core","id":"x","message":null,"missingOutputs":[],"pictures":null,"seconds":0,"source":{"commit":null,"file":null,"kind":"vectors","property":null,"seed":null},"tags":[],"verdict":"pass","warnings":[]}"#)
    }
}
