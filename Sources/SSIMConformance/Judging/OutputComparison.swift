import FoundationEssentials
import SSIM
import SSIMAdapterProtocol

/// One output of an answer compared element by element with the expected values and their acceptance bounds.
///
/// Made once, by the ``Judge``; the verdict, the pictures (``CasePictures``), the diagnosis and the reports all read
/// it and never compare elements again. Only an output answered with the expected shape is compared.
public struct OutputComparison: Sendable {
    public let output: AdapterOutput
    public let received: ProtocolArray
    public let expected: ProtocolArray
    /// Each element's acceptance bound, in the precision the case is judged in.
    public let bounds: [Double]
    /// The flat indices of the elements outside their bounds, in order.
    public let outside: [Int]
    /// The worst error, absolute and in units of the bound.
    public let error: OutputError
    /// Whose answer `expected` is, in messages (``SSIM/SSIMConvention/answerer``): "Kornia 0.9.0", "`scikit-image`".
    public let expectedBy: String

    /// Compares `received` with `expected` (the answer of `expectedBy`) within `bounds`; the three have the same shape.
    init(_ output: AdapterOutput, received: ProtocolArray, expected: ProtocolArray, bounds: [Double], expectedBy: String) {
        self.output = output
        self.received = received
        self.expected = expected
        self.bounds = bounds
        self.expectedBy = expectedBy
        (outside, error) = Self.measure(received.values, expected.values, bounds)
    }

    /// The elements outside their bounds and the worst error, absolute and in units of each element's bound (∞ for a
    /// NaN or an infinity where a finite value is expected, or any error where the bound is 0).
    static func measure(_ answer: [Double], _ expected: [Double], _ bounds: [Double]) -> (outside: [Int], error: OutputError) {
        var error = OutputError(maxAbsolute: 0, maxInBoundUnits: 0, worstIndex: 0, boundAtWorst: bounds.first ?? 0, outside: 0)
        var outside: [Int] = []
        for i in answer.indices {
            let accepted = SSIMErrorBounds.accepts(answer[i], expected: expected[i], bound: bounds[i])
            let difference = abs(answer[i] - expected[i])
            var units = 0.0
            if !accepted {
                outside.append(i)
                units = difference.isFinite && bounds[i] > 0 ? difference / bounds[i] : .infinity
            } else if bounds[i] > 0, bounds[i].isFinite, difference.isFinite {
                units = difference / bounds[i]
            }
            if !accepted || difference.isFinite { error.maxAbsolute = max(error.maxAbsolute, difference.isNaN ? .infinity : difference) }
            if units > error.maxInBoundUnits {
                error.maxInBoundUnits = units
                error.worstIndex = i
                error.boundAtWorst = bounds[i]
            }
        }
        error.outside = outside.count
        return (outside, error)
    }

    /// Whether an element is outside its bound.
    public var fails: Bool { !outside.isEmpty }

    /// The elements outside their bounds where the answer or the expected value is NaN or ±∞: non-finite values are
    /// compared exactly, and a disagreement there is a different failure from a finite value off by too much.
    public var nonFiniteMismatches: [Int] {
        outside.filter { !received.values[$0].isFinite || !expected.values[$0].isFinite }
    }

    /// Element `index` in words: "answered 0.93 where Kornia 0.9.0 answers NaN" (or "where `scikit-image` answers").
    func disagreement(at index: Int) -> String {
        func words(_ value: Double) -> String { NumberText.significant(value, digits: 6, style: .answer) }
        return "answered \(words(received.values[index])) where \(expectedBy) answers \(words(expected.values[index]))"
    }
}
