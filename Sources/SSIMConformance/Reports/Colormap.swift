/// A colour scale for the report's pictures: colours at evenly spaced anchors from 0 to 1, interpolated linearly in
/// sRGB, as CSS interpolates a gradient's stops, so that a legend drawn with ``cssGradient`` is the scale of the
/// pictures.
struct Colormap: Sendable {
    struct RGB: Sendable, Equatable {
        let red: UInt8
        let green: UInt8
        let blue: UInt8

        init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
            self.red = red
            self.green = green
            self.blue = blue
        }
    }

    /// A short name, usable as a CSS class name.
    let name: String
    let anchors: [RGB]

    /// Sequential: matplotlib's viridis (van der Walt and Smith), perceptually uniform from dark violet to yellow;
    /// 17 anchors of its table.
    static let viridis = Colormap(name: "viridis", anchors: [
        RGB(68, 1, 84), RGB(72, 24, 106), RGB(71, 45, 123), RGB(66, 64, 134), RGB(59, 82, 139), RGB(51, 99, 141),
        RGB(44, 114, 142), RGB(38, 130, 142), RGB(33, 145, 140), RGB(31, 160, 136), RGB(40, 174, 128),
        RGB(63, 188, 115), RGB(94, 201, 98), RGB(132, 212, 75), RGB(173, 220, 48), RGB(216, 226, 25), RGB(253, 231, 37),
    ])

    /// Diverging: Moreland's cool–warm (matplotlib's coolwarm), blue through light grey at 0.5 to red, of equal
    /// lightness on both sides; 17 anchors.
    static let coolWarm = Colormap(name: "coolwarm", anchors: [
        RGB(59, 76, 192), RGB(78, 104, 216), RGB(98, 130, 234), RGB(119, 154, 247), RGB(141, 176, 254),
        RGB(163, 194, 254), RGB(185, 208, 249), RGB(204, 217, 237), RGB(221, 220, 220), RGB(236, 211, 197),
        RGB(245, 196, 172), RGB(247, 176, 147), RGB(244, 152, 122), RGB(235, 125, 98), RGB(221, 95, 75),
        RGB(202, 59, 55), RGB(180, 4, 38),
    ])

    /// NaN and the infinities, in a colour neither scale has.
    static let nonFinite = RGB(255, 0, 255)

    /// The colour at `position`, clamped to [0, 1].
    func colour(at position: Double) -> RGB {
        let scaled = min(max(position, 0), 1) * Double(anchors.count - 1)
        let lower = min(Int(scaled), anchors.count - 2)
        let fraction = scaled - Double(lower)
        func mix(_ channel: KeyPath<RGB, UInt8>) -> UInt8 {
            let (from, to) = (Double(anchors[lower][keyPath: channel]), Double(anchors[lower + 1][keyPath: channel]))
            return UInt8((from + (to - from) * fraction).rounded())
        }
        return RGB(mix(\.red), mix(\.green), mix(\.blue))
    }

    /// A CSS `linear-gradient` from left (0) to right (1) through the anchors.
    var cssGradient: String {
        "linear-gradient(to right, " + anchors.map { "rgb(\($0.red),\($0.green),\($0.blue))" }.joined(separator: ", ") + ")"
    }
}
