import Glibc

/// A number as the verdicts, the diagnosis, the reports and the command line write it for people: C's printf
/// conversions (`%g` to a number of significant digits, `%f` to a number of decimals), formatted by the C library
/// itself, so that every digit is printf's (Foundation's `String(format:)`, which wrote them before, hands floating
/// point conversions to the same C library; FoundationEssentials has no `String(format:)`).
public enum NumberText {
    /// How the values `%g` cannot write are named.
    public enum Style: Sendable {
        /// For bounds, errors and picture scales: ∞ and −∞, and a zero without its sign.
        case report
        /// For a value an implementation answered or Kornia gives, quoted as it is: +Inf and -Inf as the protocol
        /// writes them, and a zero with its sign (the non-finite family compares signs).
        case answer
    }

    /// `value` to `digits` significant digits; NaN as "NaN", the infinities and zero as `style` says.
    public static func significant(_ value: Double, digits: Int = 3, style: Style = .report) -> String {
        if value.isNaN { return "NaN" }
        switch style {
        case .report:
            if value.isInfinite { return value > 0 ? "∞" : "−∞" }
            if value == 0 { return "0" }
        case .answer:
            if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        }
        return printf("%.\(digits)g", value)
    }

    /// `value` with `decimals` digits after the point, as printf's `%.Nf` writes it ("nan", "inf", "-inf", and a
    /// negative zero or a negative value that rounds to zero with its sign: "-0.0").
    public static func fixed(_ value: Double, decimals: Int) -> String {
        printf("%.\(decimals)f", value)
    }

    /// `value` converted by the one-conversion C format `format`.
    private static func printf(_ format: String, _ value: Double) -> String {
        // The first call measures (a `%f` of a large number has hundreds of digits), the second writes.
        let count = Int(withVaList([value]) { vsnprintf(nil, 0, format, $0) })
        precondition(count >= 0, "\(format) is not a conversion of one double")
        var text = [CChar](repeating: 0, count: count + 1)
        _ = withVaList([value]) { vsnprintf(&text, text.count, format, $0) }
        return String(decoding: text.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
