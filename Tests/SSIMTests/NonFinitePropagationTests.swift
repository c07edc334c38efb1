import SSIM
import TestSupport
import Testing

/// NaN and ±Inf pixels propagate to exactly the map pixels whose window sees them (Kornia's behaviour), checked as
/// a property over random sizes, windows, paddings, positions and values (the example in SSIMErrorTests shows one).
@Suite struct NonFinitePropagationTests {
    /// torch's `reflect`: the mirror without the edge.
    static func reflect(_ index: Int, _ size: Int) -> Int {
        index < 0 ? -index : index >= size ? 2 * (size - 1) - index : index
    }

    @Test func nonFinitePixelsReachExactlyTheWindowsThatSeeThem() throws {
        var random = SplitMix64(seed: 0x6e61_6e70)
        for _ in 0..<40 {
            let windowSize = [1, 3, 5, 7, 11][Int(random.next() % 5)]
            let r = windowSize / 2
            let padding: SSIMPadding = random.next() % 2 == 0 ? .same : .valid
            let smallest = padding == .same ? r + 1 : windowSize
            let height = smallest + Int(random.next() % 9), width = smallest + Int(random.next() % 9)
            let (h0, w0) = (Int(random.next() % UInt64(height)), Int(random.next() % UInt64(width)))
            let bad = [Double.nan, .infinity, -.infinity][Int(random.next() % 3)]
            var values = (0..<height * width).map { _ in random.unit() }
            values[h0 * width + w0] = bad
            let x = try ImageTensor(shape: [1, 1, height, width], values: values)
            let y = try ImageTensor(shape: [1, 1, height, width], values: (0..<height * width).map { _ in random.unit() })
            let map = try ssim(x, y, windowSize: windowSize, padding: padding)
            let crop = padding == .valid ? r : 0
            for h in 0..<map.height {
                for w in 0..<map.width {
                    let (ch, cw) = (h + crop, w + crop)
                    let sees = (ch - r...ch + r).contains { Self.reflect($0, height) == h0 }
                        && (cw - r...cw + r).contains { Self.reflect($0, width) == w0 }
                    #expect(
                        map[0, 0, h, w].isFinite == !sees,
                        "\(height)x\(width) window \(windowSize) \(padding) \(bad) at (\(h0), \(w0)): pixel (\(h), \(w))")
                }
            }
        }
    }
}
