import Foundation
import SSIM
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

    /// Foundation's `String(format:)` wrote these numbers before NumberText did (FoundationEssentials has none): the
    /// same conversions must give the same text, digit for digit, on the values where formatting goes wrong first.
    @Test func theDigitsAreThoseStringFormatWrote() {
        var values: [Double] = [
            .nan, -.nan, .infinity, -.infinity, 0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
            .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1e-300, 1e300, 1e22, 1e23,
            0.05, 0.15, 0.25, 0.35, 0.5, 1.5, 2.5, -2.5, 0.9999, 99.95, 99.95000000000002, 123456789.987654321,
            -1e-10, -0.04, 1 / 3, 2.0 / 3, 100, 12_345.678, 4.2e-7, 1 - 1e-16,
        ]
        var random = SplitMix64(seed: 20261206)
        for _ in 0..<200 {
            // Any bit pattern: every exponent, subnormals and NaN payloads included.
            values.append(Double(bitPattern: random.next()))
        }
        for value in values {
            for decimals in 0...4 {
                #expect(NumberText.fixed(value, decimals: decimals) == String(format: "%.\(decimals)f", value), "\(value)")
            }
            guard value.isFinite else { continue }
            for digits in [1, 3, 6, 17] {
                #expect(NumberText.significant(value, digits: digits, style: .answer) == String(format: "%.\(digits)g", value),
                        "\(value)")
            }
        }
    }
}
