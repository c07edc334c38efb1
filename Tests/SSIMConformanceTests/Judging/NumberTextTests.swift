@testable import SSIMConformance
import Testing

/// The one way numbers are written for people: in verdicts, the diagnosis and the reports.
@Suite struct NumberTextTests {
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
}
