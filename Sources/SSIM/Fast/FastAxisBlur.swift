/// The blur along one axis of the fast implementation — along H over rows, or along D over planes — and its adjoint,
/// on lines (``FastLines``) of `channels` channels `inputStride` apart, with torch's `reflect` at both ends of the
/// axis's `length` image lines. Line indices are image indices: map line i (within the map's lines, 'valid' cropping
/// them) is the window over padded lines i … i + 2r, padded line q being image line reflect(q − r).
///
/// Forward, map lines are blurred ``group`` at a time where as many are left (`fast_blur_rows`, each of the 2r + n
/// lines read once for all, each result the same bits as alone). Backward, image line i gathers the moment gradients
/// of the map lines whose window reads it: away from the ends (``isInterior(_:available:)``) the same weighted sum of
/// the 2r + 1 lines around it as the forward blur, several lines at once; near an end, the map lines that read it
/// directly or through the mirror, folded onto it (`fast_blur_weighted_rows`). Which of the two sums a line gets
/// depends only on its position and the map's extent, never on how the work is split, so the results do not either.
struct FastAxisBlur<S: FastSSIMScalar> {
    let instructions: FastSSIM.InstructionSet
    /// The window's distinct weights w[0…r].
    let weights: UnsafePointer<S>
    let radius: Int
    /// The image's lines along the axis.
    let length: Int
    /// The most lines blurred at once (1 … `FAST_BLUR_ROWS`): a ring of the lines blurred along the axis holds
    /// 2r + group of them.
    let group: Int
    /// Room for one line's adjoint terms near an end: `termCapacity` pointers three times over, and weights twice.
    let rowPointers: UnsafeMutablePointer<UnsafePointer<S>?>
    let termWeights: UnsafeMutablePointer<S>
    let termCapacity: Int

    /// The axis of `length` lines, blurred by the window of `weights` (w[0…radius]; nil: the setup's) `group` lines at
    /// a time, with the term buffers of `scratch` (room for the setup's radius, at least `radius`).
    init(
        length: Int, radius: Int, group: Int, setup: FastSetup<S>, scratch: FastScratch<S>,
        weights: UnsafePointer<S>? = nil
    ) {
        (instructions, self.weights, self.radius, self.length) = (setup.instructions, weights ?? setup.weights, radius, length)
        self.group = group
        (rowPointers, termWeights, termCapacity) = (scratch.rowPointers, scratch.termWeights, scratch.termCapacity)
    }

    /// Walks map lines `map` in order, ``group`` at a time where as many are left, calling `forward(line, count)`;
    /// with `band` given, calls `backward(first, count)` for the image lines of `band` as soon as the map lines within
    /// r of them are known (all of them by the end, at most ``group`` at a time), so that the backward pass rides
    /// along the forward one.
    func sweep(map: Range<Int>, band: Range<Int>?, forward: (Int, Int) -> Void, backward: (Int, Int) -> Void = { _, _ in }) {
        Self.sweep(map: map, band: band, radius: radius, group: group, forward: forward, backward: backward)
    }

    /// ``sweep(map:band:forward:backward:)`` for a window of `radius`, without the blur's buffers: the order in
    /// which any band kernel with a ring of 2r + `group` lines may compute its map lines, `group` at a time, and emit
    /// its image lines.
    static func sweep(
        map: Range<Int>, band: Range<Int>?, radius: Int, group: Int, forward: (Int, Int) -> Void,
        backward: (Int, Int) -> Void
    ) {
        let end = band.map { $0.upperBound + radius } ?? map.upperBound
        var line = map.lowerBound
        while line < end {
            let count = line < map.upperBound ? min(group, map.upperBound - line) : 1
            if line < map.upperBound { forward(line, count) }
            if let band {
                let emitFrom = max(band.lowerBound, line - radius), emitTo = min(band.upperBound, line + count - radius)
                if emitFrom < emitTo { backward(emitFrom, emitTo - emitFrom) }
            }
            line += count
        }
    }

    /// The blur of map lines `first` ..< first + `lines` (padded lines `first` … first + 2r + lines − 1 of `ring`),
    /// map line first + q into `out` + q·`rowStride`: `count` elements of each of `channels` channels.
    func blur(
        _ ring: FastLines<S>, from first: Int, lines: Int, into out: UnsafeMutablePointer<S>, rowStride: Int,
        channels: Int, inputStride: Int, outputStride: Int, count: Int
    ) {
        for t in 0..<(2 * radius + lines) { rowPointers[t] = UnsafePointer(ring[first + t]) }
        S.blurRows(
            instructions, rowPointers, weights: weights, radius: radius, channels: channels, inputStride: inputStride,
            out, rows: lines, rowStride: rowStride, outputStride: outputStride, count: count)
    }

    /// Whether image line `line`'s adjoint reaches no mirrored line and only map lines of `available`.
    func isInterior(_ line: Int, available: Range<Int>) -> Bool {
        let r = radius
        return (line < 1 || line > r) && (line < length - 1 - r || line > length - 2) && line - r >= available.lowerBound
            && line + r < available.upperBound
    }

    /// The adjoint of image lines `first` ..< first + `count` from the moment-gradient lines `lines` (map lines
    /// `available`), line first + q into `out` + q·`rowStride` + `offset` where the lines are interior and blurred at
    /// once, each into `out` + `offset` otherwise; then `finish(line, output)` with its output.
    func adjoint(
        _ lines: FastLines<S>, lines first: Int, count: Int, available: Range<Int>, into out: UnsafeMutablePointer<S>,
        rowStride: Int, offset: Int, channels: Int, inputStride: Int, outputStride: Int, elements: Int,
        finish: (Int, UnsafeMutablePointer<S>) -> Void
    ) {
        if count > 1 && (first..<(first + count)).allSatisfy({ isInterior($0, available: available) }) {
            blur(
                lines, from: first - radius, lines: count, into: out + offset, rowStride: rowStride, channels: channels,
                inputStride: inputStride, outputStride: outputStride, count: elements)
            for q in 0..<count { finish(first + q, out + q * rowStride) }
            return
        }
        for line in first..<(first + count) {
            if isInterior(line, available: available) {
                blur(
                    lines, from: line - radius, lines: 1, into: out + offset, rowStride: rowStride, channels: channels,
                    inputStride: inputStride, outputStride: outputStride, count: elements)
            } else {
                adjoint(
                    lines, nearEnd: line, available: available, into: out + offset, channels: channels,
                    inputStride: inputStride, outputStride: outputStride, elements: elements)
            }
            finish(line, out)
        }
    }

    /// The adjoint of image line `line` near an end of the image or of the map lines `available`: the map lines i
    /// whose window reads `line` at mirrored position p, with weight w[r − |i − p|]; p is the line itself and, near
    /// an end, its mirror images beyond it.
    private func adjoint(
        _ lines: FastLines<S>, nearEnd line: Int, available: Range<Int>, into out: UnsafeMutablePointer<S>,
        channels: Int, inputStride: Int, outputStride: Int, elements: Int
    ) {
        let r = radius, w = weights
        let top = line >= 1 && line <= r, bottom = line >= length - 1 - r && line <= length - 2
        // A tuple, not an array: nothing is allocated per line.
        let positions = (line, top ? -line : nil, bottom ? 2 * (length - 1) - line : nil)
        let pairA = rowPointers, pairB = rowPointers + termCapacity, singles = rowPointers + 2 * termCapacity
        let pairWeights = termWeights, singleWeights = termWeights + termCapacity
        var pairs = 0, singleCount = 0
        for m in 0...r {
            var pending: Int?
            for position in 0..<3 {
                let candidate = position == 0 ? positions.0 : position == 1 ? positions.1 : positions.2
                guard let p = candidate else { continue }
                for side in 0..<(m == r ? 1 : 2) {
                    let i = side == 0 ? p - (r - m) : p + (r - m)
                    guard available.contains(i) else { continue }
                    if let first = pending {
                        pairA[pairs] = UnsafePointer(lines[first])
                        pairB[pairs] = UnsafePointer(lines[i])
                        pairWeights[pairs] = w[m]
                        pairs += 1
                        pending = nil
                    } else {
                        pending = i
                    }
                }
            }
            if let last = pending {
                singles[singleCount] = UnsafePointer(lines[last])
                singleWeights[singleCount] = w[m]
                singleCount += 1
            }
        }
        S.blurWeightedRows(
            instructions,
            FastRowTerms(
                pairA: pairA, pairB: pairB, pairWeights: pairWeights, pairs: pairs, singles: singles,
                singleWeights: singleWeights, singleCount: singleCount),
            channels: channels, inputStride: inputStride, out, outputStride: outputStride, count: elements)
    }
}
