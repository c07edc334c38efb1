import Foundation

/// A number as the verdicts, the diagnosis and the reports write it for people: printf's `%g` to a number of
/// significant digits.
enum NumberText {
    /// How the values `%g` cannot write are named.
    enum Style {
        /// For bounds, errors and picture scales: ∞ and −∞, and a zero without its sign.
        case report
        /// For a value an implementation answered or Kornia gives, quoted as it is: +Inf and -Inf as the protocol
        /// writes them, and a zero with its sign (the non-finite family compares signs).
        case answer
    }

    /// `value` to `digits` significant digits; NaN as "NaN", the infinities and zero as `style` says.
    static func significant(_ value: Double, digits: Int = 3, style: Style = .report) -> String {
        if value.isNaN { return "NaN" }
        switch style {
        case .report:
            if value.isInfinite { return value > 0 ? "∞" : "−∞" }
            if value == 0 { return "0" }
        case .answer:
            if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        }
        return String(format: "%.\(digits)g", value)
    }
}
