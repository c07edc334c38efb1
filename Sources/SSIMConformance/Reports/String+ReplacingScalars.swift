extension String {
    /// The text with each Unicode scalar that `replacements` has a key for written as its value, and every other
    /// scalar as it is. Scalar by scalar, not character by character: a `<` or a quote that a combining mark follows
    /// (one Character) is replaced all the same, as escaping for a shell, HTML or Markdown needs.
    func replacingScalars(_ replacements: [Unicode.Scalar: String]) -> String {
        var replaced = ""
        for scalar in unicodeScalars {
            if let replacement = replacements[scalar] {
                replaced += replacement
            } else {
                replaced.unicodeScalars.append(scalar)
            }
        }
        return replaced
    }
}
