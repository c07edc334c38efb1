import SSIM
import SSIMAdapterProtocol

extension SSIMProperty {
    /// Judges the answers to ``requests(_:prefix:form:msssim:asksPlane:)`` for `input` under `convention` (its 'valid'
    /// crop and its window's reach; `answers` holds its bounds), for an MS-SSIM property under `msssim`, for a 3-D one
    /// under `ssim3D`, for a 3-D MS-SSIM or MS-SSIM + L1 one as its MS-SSIM counterpart (its bounds in `answers`):
    /// returns when the property holds on them.
    ///
    /// - Throws: ``PropertyFailure`` when the relation is broken or an answer it needs was not given.
    func check(
        _ input: PropertyInput, prefix id: String, form: PropertyForm, convention: SSIMConvention,
        msssim: MSSSIMConvention?, ssim3D: SSIM3DConvention? = nil, answers: PropertyAnswers
    ) throws(PropertyFailure) {
        if let counterpart = multiScaleCounterpart {
            return try counterpart.check(
                input, prefix: id, form: form, convention: convention, msssim: msssim, answers: answers)
        }
        if isVolume {
            guard let counterpart = planeCounterpart, checkedAsPlane else {
                return try checkVolume(input, prefix: id, form: form, convention: ssim3D!, answers: answers)
            }
            return try counterpart.check(input, prefix: id, form: form, convention: convention, msssim: msssim, ssim3D: ssim3D, answers: answers)
        }
        let shape = input.shape
        let validCrop = convention.validCrop(windowSize: input.windowSize)
        // Volumes' maps stacked as their volumes are (``PropertyInput``), whose relations here are those of images.
        let mapShape = if let ssim3D, input.depth != nil {
            try Self.volumeMap(input, form: form, convention: ssim3D).stacked
        } else {
            form.mapShape(shape, windowSize: input.windowSize, convention: convention)
        }
        let plane = mapShape.height * mapShape.width
        /// What a request answered in the form: the SSIM map (or each unit's MS-SSIM) and the loss, or the mean loss.
        func maps(_ suffix: String) throws(PropertyFailure) -> [PropertyAnswers.Measured] {
            try answers.outputs("\(id)-\(suffix)", in: form)
        }
        func agreeMaps(_ a: [PropertyAnswers.Measured], _ b: [PropertyAnswers.Measured], _ what: String) throws(PropertyFailure) {
            try PropertyAnswers.agree(a, b, in: form, what)
        }
        /// The mean of the mean losses of the requests `suffixes` (over maps of equal size), with its bound.
        func meanOf(_ suffixes: [String]) throws(PropertyFailure) -> [PropertyAnswers.Measured] {
            var (sum, bound) = (0.0, 0.0)
            for suffix in suffixes {
                let part = try answers.output("\(id)-\(suffix)", .loss)
                (sum, bound) = (sum + part.values[0], bound + part.bounds[0])
            }
            let count = Double(suffixes.count)
            return [.init(values: [sum / count], bounds: [bound / count])]
        }
        switch self {
        case .identity, .msssimIdentity:
            let identical = try maps("xx")
            if let value = form.valueOutput {
                try PropertyAnswers.within(identical[0], 1, 1, "\(value.rawValue) of (x, x)")
            }
            try PropertyAnswers.within(identical.last!, 0, 0, "loss of (x, x)")
        case .symmetry, .msssimSymmetry:
            try agreeMaps(try maps("xy"), try maps("yx"), "(x, y) against (y, x)")
        case .bounds:
            let pair = try maps("xy")
            if form.asksMaps { try PropertyAnswers.within(pair[0], -1, 1, "ssim_map") }
            try PropertyAnswers.within(pair.last!, 0, 1, "loss")
        case .validIsCroppedSame:
            let same = try maps("same").map { $0.rearranged { Layout.cropped($0, shape: shape, by: validCrop) } }
            try agreeMaps(try maps("valid"), same, "'valid' against 'same' cropped by \(validCrop)")
        case .reductionConsistency where form.asksMaps:
            let none = try answers.output("\(id)-none", .loss)
            let count = Double(none.values.count)
            // The sum computed here rounds too: at most (N − 1)·2⁻⁵³ of the sum of magnitudes.
            let rounding = count * 0x1p-53 * none.values.reduce(0) { $0 + abs($1) }
            let sum = PropertyAnswers.Measured(
                values: [none.values.reduce(0, +)], bounds: [none.bounds.reduce(0, +) + rounding])
            let mean = PropertyAnswers.Measured(values: [sum.values[0] / count], bounds: [sum.bounds[0] / count])
            try PropertyAnswers.agree(try answers.output("\(id)-mean", .loss), mean, "'mean' against the mean of 'none'")
            try PropertyAnswers.agree(try answers.output("\(id)-sum", .loss), sum, "'sum' against the sum of 'none'")
        case .reductionConsistency:
            // Without the map: the sum is N times the mean, N the elements of the map (exact in float64).
            let mean = try answers.output("\(id)-mean", .loss), count = Double(mapShape.count)
            let scaled = PropertyAnswers.Measured(values: [mean.values[0] * count], bounds: [mean.bounds[0] * count])
            try PropertyAnswers.agree(try answers.output("\(id)-sum", .loss), scaled, "'sum' against \(Int(count)) × 'mean'")
        case .maxValScaling:
            try agreeMaps(try maps("l"), try maps("2l"), "(x, y, L) against (2x, 2y, 2L)")
        case .batchIndependence where !form.asksMaps:
            try agreeMaps(try maps("all"), meanOf((0..<shape.batch).map { "sample\($0)" }), "the batch against the mean of its samples alone")
        case .channelIndependence where !form.asksMaps:
            try agreeMaps(try maps("all"), meanOf((0..<shape.channels).map { "channel\($0)" }), "the channels against the mean of each alone")
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
            let flipped = try maps("xy").map { form.asksMaps ? $0.rearranged { Layout.flipped($0, shape: mapShape) } : $0 }
            try agreeMaps(try maps("flipped"), flipped, "the flipped pair against the flipped map")
        case .transposeEquivariance:
            let transposed = try maps("xy").map { form.asksMaps ? $0.rearranged { Layout.transposed($0, shape: mapShape) } : $0 }
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
            let (reach, crop) = (convention.reach(windowSize: input.windowSize), form.padding == "valid" ? validCrop : 0)
            // Which elements of the form's map the pixel reaches.
            let reached = Layout.reached(
                by: pixel, extents: [shape.height, shape.width], reaches: [reach, reach],
                borders: [convention.border, convention.border], crops: [crop, crop])
            let whose = convention.computesLike(.kornia) ? "Kornia's" : "`\(convention.name)`'s"
            for (i, answer) in map.values.enumerated() where answer.isFinite == reached.contains(i) {
                throw .fails("ssim_map element \(i) is \(answer) with \(value) at pixel \(pixel): \(whose) is \(reached.contains(i) ? "NaN or ±Inf (its window reads that pixel)" : "finite (its window does not read that pixel)")")
            }
        case .gradientIsCentralDifference, .msssimGradient:
            try Self.checkCentralDifferences(input, prefix: id, answers: answers)
        case .msssimBounds, .msssimSingleScale, .msssimBatchOrder, .msssimChannelOrder:
            try checkMultiScale(input, prefix: id, form: form, convention: msssim!, answers: answers)
        case .volumeIdentity, .volumeSymmetry, .volumeBounds, .volumeValidIsCroppedSame, .volumeReductionConsistency,
            .volumeBatchIndependence, .volumeChannelIndependence, .volumeFlipEquivariance, .sliceConsistency, .volumeGradient,
            .volumeNonFinitePropagation, .msssim3DIdentity, .msssim3DSymmetry, .msssim3DGradient, .msssim3DBatchOrder,
            .msssim3DChannelOrder, .msssimL1Identity, .msssimL1Symmetry, .msssimL1Gradient:
            // Checked above, by their counterparts or by checkVolume.
            return
        }
    }

    /// Checks that the gradients answered to the request `-grad` are the central differences of the losses answered
    /// to the probes' requests (``probeRequests(_:prefix:request:)``), within a tolerance from their bounds.
    static func checkCentralDifferences(_ input: PropertyInput, prefix id: String, answers: PropertyAnswers) throws(PropertyFailure) {
        let gradients = [1: try answers.output("\(id)-grad", .gradImg1), 2: try answers.output("\(id)-grad", .gradImg2)]
        for probe in probes(input) {
            var losses: [PropertyAnswers.Measured] = []
            for step in probe.steps {
                losses.append(try answers.output("\(id)-\(probe.name)-\(stepName(step, input))", .loss))
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
