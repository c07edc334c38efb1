/// A result's elements laid out as one array (to run them all through one transformation), handed back a run at a
/// time in the same order, to lay the result out again (``MSSSIMPyramid/Result``, ``MSSSIML1Computation/Result``).
struct ElementRuns<Element> {
    private var rest: ArraySlice<Element>

    init(_ elements: [Element]) { rest = elements[...] }

    /// The next `count` elements.
    mutating func take(_ count: Int) -> [Element] {
        defer { rest = rest.dropFirst(count) }
        return Array(rest.prefix(count))
    }
}
