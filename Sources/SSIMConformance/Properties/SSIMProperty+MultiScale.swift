import SSIM
import SSIMAdapterProtocol

/// The MS-SSIM properties' requests and checks: each is asked in the MS-SSIM forms (each unit's MS-SSIM and loss,
/// else the mean loss), in float64, with the input's weights (2 or 3 scales) unless it says otherwise.
extension SSIMProperty {
    /// The requests of an MS-SSIM property for `input` in `form`, of the input's metric
    /// (``PropertyInput/msssimRequest(_:img1:img2:shape:weights:reduction:outputs:)``), under `convention` (whose
    /// per-scale SSIM the single-scale property asks the implementation's SSIM for; nil where the property is asked
    /// for a kin of MS-SSIM, ``multiScaleCounterpart``, none of whose counterparts reads it).
    func multiScaleRequests(
        _ input: PropertyInput, prefix id: String, form: PropertyForm, convention: MSSSIMConvention?
    ) -> [AdapterCase] {
        let shape = input.shape
        func request(
            _ suffix: String, img1: [Double]? = nil, img2: [Double]? = nil, weights: [Double]? = nil,
            reduction: String? = nil, outputs: [AdapterOutput]? = nil
        ) -> AdapterCase {
            input.msssimRequest(
                "\(id)-\(suffix)", img1: img1, img2: img2, weights: weights, reduction: reduction ?? form.reduction,
                outputs: outputs ?? form.outputs)
        }
        switch self {
        case .msssimIdentity:
            return [request("xx", img2: input.img1)]
        case .msssimSymmetry:
            return [request("xy"), request("yx", img1: input.img2, img2: input.img1)]
        case .msssimBounds:
            return [request("xy")]
        case .msssimSingleScale:
            let single = convention!.asked(windowSize: input.windowSize, weights: [1])
            return [
                request("ms", weights: [1]),
                input.request(
                    "\(id)-ssim", maxVal: single.finestRange(maxVal: input.maxVal, input.img1, input.img2), eps: single.eps,
                    padding: single.padding.rawValue, reduction: "mean", outputs: [.loss]),
            ]
        case .msssimBatchOrder, .msssimChannelOrder:
            let axis = self == .msssimBatchOrder ? 0 : 1
            return [
                request("xy"),
                request(
                    "reversed", img1: Self.reversed(input.img1, shape: shape, axis: axis),
                    img2: Self.reversed(input.img2, shape: shape, axis: axis)),
            ]
        case .msssimGradient:
            let reduction = Self.gradientReduction(form)
            return [request("grad", reduction: reduction, outputs: [.loss, .gradImg1, .gradImg2])]
                + Self.probeRequests(input) { request($0, img1: $1, img2: $2, reduction: reduction, outputs: [.loss]) }
        default:
            // SSIM's properties, whose requests ``requests(_:prefix:form:msssim:)`` makes.
            return []
        }
    }

    /// Judges the answers to ``multiScaleRequests(_:prefix:form:convention:)`` under `convention`: the MS-SSIM
    /// properties whose relation is MS-SSIM's own (its range, a single scale, the order of its units).
    ///
    /// - Throws: ``PropertyFailure`` when the relation is broken or an answer it needs was not given.
    func checkMultiScale(
        _ input: PropertyInput, prefix id: String, form: PropertyForm, convention: MSSSIMConvention,
        answers: PropertyAnswers
    ) throws(PropertyFailure) {
        func outputs(_ suffix: String) throws(PropertyFailure) -> [PropertyAnswers.Measured] {
            try answers.outputs("\(id)-\(suffix)", in: form)
        }
        switch self {
        case .msssimBounds:
            let pair = try outputs("xy")
            let request = input.msssimRequest("\(id)-xy", reduction: form.reduction, outputs: form.outputs)
            // The request is valid by construction and its answers were bounded: the range exists unless the
            // convention promises none (SSIMValueRange claims none where, among others, the taps are built in
            // float32, whose sum is not 1: nothing then holds each scale's mean within [−1, 1]).
            guard let validated = try? ValidatedCase(request),
                let range = SSIMValueRange(
                    validated.img1, validated.img2, maxVal: validated.options.maxVal, reduction: validated.reduction,
                    msssim: validated.asked(convention), precision: .float64)
            else {
                throw .notSupported("`\(convention.name)` promises no range of MS-SSIM (its taps built in float32, a negative eps or a sample covariance over one tap)")
            }
            let named = form.asksMaps ? [(AdapterOutput.msSSIM, range.ssim), (.loss, range.loss)] : [(.loss, range.loss)]
            for ((output, interval), answer) in zip(named, pair) {
                for (i, value) in answer.values.enumerated() where !interval.contains(value) && !(value.isNaN && range.finiteReason == nil) {
                    throw .fails("\(output.rawValue) element \(i) is \(value), outside \(interval) where `\(convention.name)` puts it: \(range.ssimReason)")
                }
            }
        case .msssimSingleScale:
            let ssimLoss = try answers.output("\(id)-ssim", .loss)
            // The mean SSIM its mean loss says, and how far that may be off: the loss is (1 − SSIM)/2 or 1 − SSIM,
            // whose clamps do not hold an SSIM in [−1, 1].
            let scale = Double(convention.scale.loss == .oneMinusSSIM ? 1 : 2)
            let mean = 1 - scale * ssimLoss.values[0]
            // The treated mean: relu and (v + 1)/2 move it by at most what they are given.
            let treated: Double =
                switch convention.negativeValues {
                case .none: mean
                case .relu: max(mean, 0)
                case .halfShifted: (mean + 1) / 2
                }
            let bound = scale * ssimLoss.bounds[0]
            let expected = [
                PropertyAnswers.Measured(values: [treated], bounds: [bound]),
                PropertyAnswers.Measured(values: [1 - treated], bounds: [bound]),
            ]
            try PropertyAnswers.agree(try outputs("ms"), form.asksMaps ? expected : [expected[1]], in: form, "weights [1] against the treated mean SSIM \(mean) of its SSIM")
        case .msssimBatchOrder, .msssimChannelOrder:
            let axis = self == .msssimBatchOrder ? 0 : 1
            let what = axis == 0 ? "the batch reversed" : "the channels reversed"
            guard form.asksMaps else {
                return try PropertyAnswers.agree(try outputs("reversed"), try outputs("xy"), in: form, "\(what) against as given")
            }
            // The units of the answer: (sample, channel) or sample; reversing the channels of a sample pooled as a
            // whole leaves it as it is.
            let units: Shape = convention.channelPooling == .perChannel
                ? [input.shape.batch, input.shape.channels, 1, 1] : [input.shape.batch, 1, 1, 1]
            let reordered = try outputs("xy").map { $0.rearranged { Self.reversed($0, shape: units, axis: axis) } }
            try PropertyAnswers.agree(try outputs("reversed"), reordered, in: form, "\(what) against the units reversed")
        default:
            // Identity, symmetry and the gradient are checked as SSIM's are (``check(_:prefix:form:convention:msssim:answers:)``).
            return
        }
    }

    /// The input with at least the batch and channels the property needs: each added sample or channel pairs img1
    /// with the mean of img1 and img2 (rounded to float32), so that its MS-SSIM differs from the first's and a
    /// defect that mixes units shows (swapping the images, as the SSIM properties do, would give the same MS-SSIM).
    func multiScalePrepared(_ input: PropertyInput) -> PropertyInput {
        var prepared = input
        let between = zip(input.img1, input.img2).map { Double(Float(($0 + $1) / 2)) }
        if input.shape.batch < minimum.batch {
            prepared.shape.batch = 2
            (prepared.img1, prepared.img2) = (input.img1 + input.img1, input.img2 + between)
        } else if input.shape.channels < minimum.channels {
            let plane = input.shape.planeSize
            prepared.shape.channels = 2
            func doubled(_ a: [Double], _ b: [Double]) -> [Double] {
                (0..<input.shape.batch).flatMap { s in Layout.plane(a, s, size: plane) + Layout.plane(b, s, size: plane) }
            }
            (prepared.img1, prepared.img2) = (doubled(input.img1, input.img1), doubled(input.img2, between))
        }
        return prepared
    }

    /// (B, C, H, W) values with the samples (axis 0) or the channels (axis 1) in reverse order.
    static func reversed(_ values: [Double], shape: Shape, axis: Int) -> [Double] {
        let (batch, channels, plane) = (shape.batch, shape.channels, shape.planeSize)
        return (0..<batch).flatMap { b in
            (0..<channels).flatMap { c in
                let (sample, channel) = axis == 0 ? (batch - 1 - b, c) : (b, channels - 1 - c)
                return Layout.plane(values, sample * channels + channel, size: plane)
            }
        }
    }
}
