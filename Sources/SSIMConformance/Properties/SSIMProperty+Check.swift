import SSIMAdapterProtocol

extension SSIMProperty {
    /// Judges the answers to ``requests(_:prefix:)`` for `input`: returns when the property holds on them.
    ///
    /// - Throws: ``PropertyFailure`` when the relation is broken or an answer it needs was not given.
    func check(_ input: PropertyInput, prefix id: String, answers: PropertyAnswers) throws(PropertyFailure) {
        let shape = input.shape
        let plane = shape.height * shape.width
        /// The SSIM map and the loss map of a 'none' request.
        func maps(_ suffix: String) throws(PropertyFailure) -> [PropertyAnswers.Measured] {
            [try answers.output("\(id)-\(suffix)", .ssimMap), try answers.output("\(id)-\(suffix)", .loss)]
        }
        func agreeMaps(_ a: [PropertyAnswers.Measured], _ b: [PropertyAnswers.Measured], _ what: String) throws(PropertyFailure) {
            try PropertyAnswers.agree(a[0], b[0], "ssim_map of \(what)")
            try PropertyAnswers.agree(a[1], b[1], "loss of \(what)")
        }
        switch self {
        case .identity:
            let identical = try maps("xx")
            try PropertyAnswers.within(identical[0], 1, 1, "ssim_map of (x, x)")
            try PropertyAnswers.within(identical[1], 0, 0, "loss of (x, x)")
        case .symmetry:
            try agreeMaps(try maps("xy"), try maps("yx"), "(x, y) against (y, x)")
        case .bounds:
            let pair = try maps("xy")
            try PropertyAnswers.within(pair[0], -1, 1, "ssim_map")
            try PropertyAnswers.within(pair[1], 0, 1, "loss")
        case .validIsCroppedSame:
            let crop = input.windowSize / 2
            let same = try maps("same").map { $0.rearranged { Layout.cropped($0, shape: shape, by: crop) } }
            try agreeMaps(try maps("valid"), same, "'valid' against 'same' cropped by \(crop)")
        case .reductionConsistency:
            let none = try answers.output("\(id)-none", .loss)
            let count = Double(none.values.count)
            // The sum computed here rounds too: at most (N − 1)·2⁻⁵³ of the sum of magnitudes.
            let rounding = count * 0x1p-53 * none.values.reduce(0) { $0 + abs($1) }
            let sum = PropertyAnswers.Measured(
                values: [none.values.reduce(0, +)], bounds: [none.bounds.reduce(0, +) + rounding])
            let mean = PropertyAnswers.Measured(values: [sum.values[0] / count], bounds: [sum.bounds[0] / count])
            try PropertyAnswers.agree(try answers.output("\(id)-mean", .loss), mean, "'mean' against the mean of 'none'")
            try PropertyAnswers.agree(try answers.output("\(id)-sum", .loss), sum, "'sum' against the sum of 'none'")
        case .maxValScaling:
            try agreeMaps(try maps("l"), try maps("2l"), "(x, y, L) against (2x, 2y, 2L)")
        case .batchIndependence:
            let all = try maps("all")
            for sample in 0..<shape.batch {
                let part = all.map { $0.picking((sample * shape.channels * plane)..<((sample + 1) * shape.channels * plane)) }
                try agreeMaps(part, try maps("sample\(sample)"), "sample \(sample) of the batch against it alone")
            }
        case .channelIndependence:
            let all = try maps("all")
            for channel in 0..<shape.channels {
                let indices = (0..<shape.batch).flatMap { (sample: Int) -> Range<Int> in
                    let start = (sample * shape.channels + channel) * plane
                    return start..<(start + plane)
                }
                try agreeMaps(all.map { $0.picking(indices) }, try maps("channel\(channel)"), "channel \(channel) against it alone")
            }
        case .flipEquivariance:
            let flipped = try maps("xy").map { $0.rearranged { Layout.flipped($0, shape: shape) } }
            try agreeMaps(try maps("flipped"), flipped, "the flipped pair against the flipped map")
        case .transposeEquivariance:
            let transposed = try maps("xy").map { $0.rearranged { Layout.transposed($0, shape: shape) } }
            try agreeMaps(try maps("transposed"), transposed, "the transposed pair against the transposed map")
        case .float32WithinBound:
            try agreeMaps(try maps("f32"), try maps("f64"), "float32 against float64")
        case .halfPrecisionWithinBound:
            for precision in Self.halfPrecisions(input) {
                try agreeMaps(try maps(precision.rawValue), try maps("h64"), "\(precision.rawValue) against float64")
            }
        case .nonFinitePropagation:
            let map = try answers.output("\(id)-nonfinite", .ssimMap)
            let (_, pixel, value) = Self.nonFinitePixel(input)
            let reached = Layout.reached(by: pixel, shape: shape, radius: input.windowSize / 2)
            for (i, answer) in map.values.enumerated() where answer.isFinite == reached.contains(i) {
                throw .fails("ssim_map element \(i) is \(answer) with \(value) at pixel \(pixel): Kornia's is \(reached.contains(i) ? "NaN or ±Inf (its window reads that pixel)" : "finite (its window does not read that pixel)")")
            }
        case .gradientIsCentralDifference:
            let gradients = [1: try answers.output("\(id)-grad", .gradImg1), 2: try answers.output("\(id)-grad", .gradImg2)]
            for probe in Self.probes(input) {
                var losses: [PropertyAnswers.Measured] = []
                for step in probe.steps {
                    losses.append(try answers.output("\(id)-\(probe.name)-\(Self.stepName(step, input))", .loss))
                }
                let h = probe.steps[0]
                // D(h) and D(2h); their rounding from the losses' bounds, and D(h)'s truncation, about |D(h) − D(2h)|/3.
                let near = (losses[0].values[0] - losses[1].values[0]) / (2 * h)
                let far = (losses[2].values[0] - losses[3].values[0]) / (4 * h)
                let nearRounding = (losses[0].bounds[0] + losses[1].bounds[0]) / (2 * h)
                let farRounding = (losses[2].bounds[0] + losses[3].bounds[0]) / (4 * h)
                let gradient = gradients[probe.image]!
                let tolerance = gradient.bounds[probe.pixel] + nearRounding + 2 * (abs(near - far) + nearRounding + farRounding)
                let given = gradient.values[probe.pixel]
                guard abs(given - near) <= tolerance else {
                    throw .fails("grad_img\(probe.image) at \(probe.name) (element \(probe.pixel)) is \(given), its loss's central difference \(near) (tolerance \(Judge.formatted(tolerance)))")
                }
            }
        }
    }
}
