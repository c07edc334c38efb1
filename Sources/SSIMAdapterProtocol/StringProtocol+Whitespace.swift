extension StringProtocol {
    /// The text without the white space at its ends: the Unicode scalars of the White_Space property and U+200B
    /// (zero width space), and with `newlines` false all of them but the line breaks (U+000A to U+000D, U+0085, U+2028,
    /// U+2029), which stay. What Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)` (and `.whitespaces`)
    /// trims (its sets keep U+200B, a space separator before Unicode 4.0.1), for the lists and messages read from
    /// adapters' files and commands; FoundationEssentials has no `trimmingCharacters`.
    public func trimmingWhitespace(newlines: Bool = true) -> String {
        func trimmed(_ scalar: Unicode.Scalar) -> Bool {
            (scalar.properties.isWhitespace || scalar.value == 0x200B)
                && (newlines || !((0x0A...0x0D).contains(scalar.value) || [0x85, 0x2028, 0x2029].contains(scalar.value)))
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !trimmed($0) }),
              let last = scalars.lastIndex(where: { !trimmed($0) }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
