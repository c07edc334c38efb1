/// The extremes torch's `max()` and `min()` find over every element: NaN where one is NaN.
struct Extremes {
    let maximum: Double, minimum: Double

    init(_ values: [Double]) {
        if values.contains(where: \.isNaN) {
            (maximum, minimum) = (.nan, .nan)
        } else {
            (maximum, minimum) = (values.max() ?? .nan, values.min() ?? .nan)
        }
    }

    var spread: Double { maximum - minimum }

    /// Whether x's range is taken rather than y's (Python's `max(rx, ry)` returns ry only where ry > rx).
    static func takesFirst(_ x: Extremes, _ y: Extremes) -> Bool { !(y.spread > x.spread) }

    /// d(max − min)/d value, the share of `upstream` of each of `values`: upstream over the number of elements equal
    /// to the maximum, minus upstream over the number equal to the minimum (torch's evenly distributed backward of a
    /// full reduction; NaN elements are the extreme where it is NaN).
    func shares(of values: [Double], upstream: Double) -> [Double] {
        func equals(_ value: Double, _ extreme: Double) -> Bool { extreme.isNaN ? value.isNaN : value == extreme }
        let atMaximum = Double(values.count { equals($0, maximum) }), atMinimum = Double(values.count { equals($0, minimum) })
        return values.map { value in
            (equals(value, maximum) ? upstream / atMaximum : 0) - (equals(value, minimum) ? upstream / atMinimum : 0)
        }
    }
}
