import FoundationEssentials

/// How a picture's values become colours, and the legend that says so: the finite values' range onto a colormap,
/// its low end to 0 and its high end to 1; NaN and the infinities in ``Colormap/nonFinite``.
struct PictureScale {
    let colormap: Colormap
    /// The range mapped onto the colormap; nil when no value is finite.
    let range: ClosedRange<Double>?

    /// From the least to the greatest finite value of `values`: a sequential scale.
    init(_ colormap: Colormap, spanning values: [Double]) {
        let finite = values.filter(\.isFinite)
        self.colormap = colormap
        range = finite.min().map { $0...finite.max()! }
    }

    /// From −m to m, m the largest finite magnitude in `values`: a diverging scale with 0 in its middle.
    init(_ colormap: Colormap, symmetricAround0Spanning values: [Double]) {
        let largest = values.filter(\.isFinite).map(abs).max()
        self.colormap = colormap
        range = largest.map { -$0...$0 }
    }

    /// The colour of `value`; the colormap's middle when the range is a single value.
    func colour(_ value: Double) -> Colormap.RGB {
        guard value.isFinite, let range else { return Colormap.nonFinite }
        let width = range.upperBound - range.lowerBound
        return colormap.colour(at: width > 0 ? (value - range.lowerBound) / width : 0.5)
    }

    /// The legend's labels under the colour bar of a picture of `values`, left to right: the range's ends, with
    /// `middle` between them, each with the fewest significant digits (at least 3) that tell the ends apart; or a
    /// single label when the range is one value, or when `values` has no finite value (a scale shared with another
    /// picture may have a range that none of these values lies in).
    func labels(middle: String, of values: [Double]) -> [String] {
        guard let range, values.contains(where: \.isFinite) else { return ["no finite value"] }
        guard range.upperBound > range.lowerBound else { return ["every finite value is \(Self.label(range.lowerBound, digits: 6))"] }
        let digits = (3...17).first { Self.label(range.lowerBound, digits: $0) != Self.label(range.upperBound, digits: $0) } ?? 17
        return [Self.label(range.lowerBound, digits: digits), middle, Self.label(range.upperBound, digits: digits)]
    }

    private static func label(_ value: Double, digits: Int) -> String {
        NumberText.significant(value, digits: digits)
    }
}
