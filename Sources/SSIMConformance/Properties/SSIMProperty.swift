import FoundationEssentials
import SSIM
import SSIMAdapterProtocol

/// A property every implementation of the SSIM loss, of MS-SSIM (the `ms-ssim-` ones), of 3-D SSIM (the `ssim-3d-`
/// ones, on small volumes: ``SSIMProperty+Volume``), of 3-D MS-SSIM (`ms-ssim-3d-`) or of MS-SSIM + L1
/// (`ms-ssim-l1-`; both ``SSIMProperty+MultiScaleCounterpart``) must have, checked on generated inputs: a relation
/// between the implementation's own answers to a few related requests. An implementation that does not declare
/// MS-SSIM has its properties not supported; one that does not declare 3-D SSIM, 3-D MS-SSIM or MS-SSIM + L1 is not
/// asked that metric's properties.
///
/// Tolerances are not guesses: each answer may stray from the exact value by its acceptance bound (computed by
/// ``SSIM/SSIMErrorBounds`` for the request's precision), so two answers that must be equal may differ by the sum
/// of their bounds, and no more.
public enum SSIMProperty: String, CaseIterable, Sendable {
    /// SSIM(x, x) = 1 and the loss 0, with eps = 0.
    case identity
    /// SSIM(x, y) = SSIM(y, x).
    case symmetry
    /// −1 ≤ SSIM ≤ 1 and 0 ≤ loss ≤ 1.
    case bounds
    /// The 'valid' map is the 'same' map cropped as the certified convention crops (Kornia: by r = window_size // 2).
    case validIsCroppedSame = "valid-is-cropped-same"
    /// 'mean' and 'sum' are the mean and the sum of the 'none' loss map.
    case reductionConsistency = "reduction-consistency"
    /// Scaling both images and maxVal by 2 changes nothing (with eps = 0).
    case maxValScaling = "max-val-scaling"
    /// Each batch sample's map is the map of that sample alone.
    case batchIndependence = "batch-independence"
    /// Each channel's map is the map of that channel alone.
    case channelIndependence = "channel-independence"
    /// Flipping both images flips the map.
    case flipEquivariance = "flip-equivariance"
    /// Transposing both images transposes the map.
    case transposeEquivariance = "transpose-equivariance"
    /// The float32 answer is within bounds of the float64 answer on the same (float32) pixels.
    case float32WithinBound = "float32-within-bound"
    /// The gradient is the central difference of the implementation's own loss (for implementations that give it).
    case gradientIsCentralDifference = "gradient-is-central-difference"
    /// A NaN, +Inf or −Inf pixel makes non-finite exactly the map pixels whose window reads it (reaching as far as
    /// the certified convention's taps, beyond the edge by its border: torch's `reflect` for Kornia), and leaves
    /// every other one finite.
    case nonFinitePropagation = "non-finite-propagation"
    /// The float16 and bfloat16 answers are within bounds of the float64 answer on the same pixels (bfloat16 values,
    /// in float16's normal range or 0); bfloat16 alone at a data range of 255, which float16's range cannot square.
    case halfPrecisionWithinBound = "half-precision-within-bound"
    /// MS-SSIM(x, x) = 1 and its loss 0.
    case msssimIdentity = "ms-ssim-identity"
    /// MS-SSIM(x, y) = MS-SSIM(y, x).
    case msssimSymmetry = "ms-ssim-symmetry"
    /// Each unit's MS-SSIM and the loss lie where a correct computation of the convention can put them
    /// (``SSIM/SSIMValueRange``): MS-SSIM in [0, 1] under relu or (v + 1)/2, in [−1, 1] or NaN with negative means
    /// raised as they are; the loss 1 − MS-SSIM alike.
    case msssimBounds = "ms-ssim-bounds"
    /// With a single scale (weights [1]), MS-SSIM is the mean SSIM the implementation itself answers for the
    /// convention's per-scale SSIM (its window, the padding of its SSIM map, its eps and data range), with the
    /// convention's treatment of a negative mean (relu, (v + 1)/2 or none) applied to it.
    case msssimSingleScale = "ms-ssim-single-scale-is-ssim"
    /// Reversing the batch reverses the units' MS-SSIM and leaves the mean loss as it is.
    case msssimBatchOrder = "ms-ssim-batch-order"
    /// Reversing the channels reverses the units' MS-SSIM (each channel's), or leaves each image's as it is (its
    /// channels pooled together); the mean loss stays as it is.
    case msssimChannelOrder = "ms-ssim-channel-order"
    /// The MS-SSIM loss's gradient is the central difference of the implementation's own loss.
    case msssimGradient = "ms-ssim-gradient-is-central-difference"
    /// 3-D SSIM(x, x) = 1 and the loss 0, with eps = 0.
    case volumeIdentity = "ssim-3d-identity"
    /// 3-D SSIM(x, y) = 3-D SSIM(y, x).
    case volumeSymmetry = "ssim-3d-symmetry"
    /// −1 ≤ 3-D SSIM ≤ 1 and 0 ≤ loss ≤ 1.
    case volumeBounds = "ssim-3d-bounds"
    /// The 'valid' map is the 'same' map cropped along each axis as the certified 3-D convention crops it there.
    case volumeValidIsCroppedSame = "ssim-3d-valid-is-cropped-same"
    /// 'mean' and 'sum' are the mean and the sum of the 'none' loss map.
    case volumeReductionConsistency = "ssim-3d-reduction-consistency"
    /// Each batch sample's map is the map of that sample alone.
    case volumeBatchIndependence = "ssim-3d-batch-independence"
    /// Each channel's map is the map of that channel alone.
    case volumeChannelIndependence = "ssim-3d-channel-independence"
    /// Flipping both volumes along the depth, the height or the width flips the map along that axis.
    case volumeFlipEquivariance = "ssim-3d-flip-equivariance"
    /// A volume of identical slices has a map of identical slices, each the implementation's own 2-D SSIM map of
    /// that slice where that is asked (``SSIMProperty+Volume``: when it holds).
    case sliceConsistency = "ssim-3d-slice-consistency"
    /// The 3-D loss's gradient is the central difference of the implementation's own loss.
    case volumeGradient = "ssim-3d-gradient-is-central-difference"
    /// A NaN, +Inf or −Inf voxel makes non-finite exactly the map voxels whose window reads it (along each axis as
    /// far as the certified 3-D convention's taps there reach, beyond the faces by its border there).
    case volumeNonFinitePropagation = "ssim-3d-non-finite-propagation"
    /// 3-D MS-SSIM(x, x) = 1 and its loss 0.
    case msssim3DIdentity = "ms-ssim-3d-identity"
    /// 3-D MS-SSIM(x, y) = 3-D MS-SSIM(y, x).
    case msssim3DSymmetry = "ms-ssim-3d-symmetry"
    /// The 3-D MS-SSIM loss's gradient is the central difference of the implementation's own loss.
    case msssim3DGradient = "ms-ssim-3d-gradient-is-central-difference"
    /// Reversing the batch of volumes reverses the units' 3-D MS-SSIM and leaves the mean loss as it is.
    case msssim3DBatchOrder = "ms-ssim-3d-batch-order"
    /// Reversing the channels of volumes reverses the units' 3-D MS-SSIM (each channel's), or leaves each volume's as
    /// it is (its channels pooled together); the mean loss stays as it is.
    case msssim3DChannelOrder = "ms-ssim-3d-channel-order"
    /// The MS-SSIM + L1 loss of (x, x) is 0: its MS-SSIM is 1 and its L1 term 0.
    case msssimL1Identity = "ms-ssim-l1-identity"
    /// The MS-SSIM + L1 loss of (x, y) is that of (y, x): l, cs and |x − y| are symmetric.
    case msssimL1Symmetry = "ms-ssim-l1-symmetry"
    /// The MS-SSIM + L1 loss's gradient is the central difference of the implementation's own loss.
    case msssimL1Gradient = "ms-ssim-l1-gradient-is-central-difference"

    /// The stream of the property's inputs under a seed (``PropertyRunner/seed``): its own, named here, never
    /// derived from its place among the properties, so that adding or reordering properties changes no other's
    /// inputs. A new property takes the next unused number (`PropertyRunnerTests` checks that they are distinct).
    var seedStream: UInt64 {
        switch self {
        case .identity: 0
        case .symmetry: 1
        case .bounds: 2
        case .validIsCroppedSame: 3
        case .reductionConsistency: 4
        case .maxValScaling: 5
        case .batchIndependence: 6
        case .channelIndependence: 7
        case .flipEquivariance: 8
        case .transposeEquivariance: 9
        case .float32WithinBound: 10
        case .gradientIsCentralDifference: 11
        case .nonFinitePropagation: 12
        case .halfPrecisionWithinBound: 13
        case .msssimIdentity: 14
        case .msssimSymmetry: 15
        case .msssimBounds: 16
        case .msssimSingleScale: 17
        case .msssimBatchOrder: 18
        case .msssimChannelOrder: 19
        case .msssimGradient: 20
        case .volumeIdentity: 21
        case .volumeSymmetry: 22
        case .volumeBounds: 23
        case .volumeValidIsCroppedSame: 24
        case .volumeReductionConsistency: 25
        case .volumeBatchIndependence: 26
        case .volumeChannelIndependence: 27
        case .volumeFlipEquivariance: 28
        case .sliceConsistency: 29
        case .volumeGradient: 30
        case .volumeNonFinitePropagation: 31
        case .msssim3DIdentity: 32
        case .msssim3DSymmetry: 33
        case .msssim3DGradient: 34
        case .msssimL1Identity: 35
        case .msssimL1Symmetry: 36
        case .msssimL1Gradient: 37
        case .msssim3DBatchOrder: 38
        case .msssim3DChannelOrder: 39
        }
    }

    /// The metric whose requests the property asks (``SSIMAdapterProtocol/CaseMetric/names``): the one its name
    /// begins with, SSIM for a name without one.
    public var metric: String {
        // The longest first: a `ms-ssim-3d-` name also begins with `ms-ssim-`.
        CaseMetric.names.sorted { $0.count > $1.count }.first { rawValue.hasPrefix($0 + "-") } ?? CaseMetric.ssimName
    }

    /// Whether the property is MS-SSIM's (of images, asked in the MS-SSIM forms).
    public var isMultiScale: Bool { metric == CaseMetric.msSSIMName }

    /// Whether the property is 3-D SSIM's (asked on volumes, in SSIM's forms).
    public var isVolume: Bool { metric == CaseMetric.ssim3DName }

    /// Whether `conventions` have one of the property's metric: a property is checked under its metric's alone.
    public func isCertified(under conventions: ConventionsByMetric) -> Bool {
        conventions.all.contains { type(of: $0).metricName == metric }
    }

    /// The tags of the property's checks: `property`, the metric for any but SSIM's, and its name.
    var tags: [String] {
        ["property"] + (metric == CaseMetric.ssimName ? [] : [metric]) + [rawValue]
    }

    /// An input for the property drawn from `random`, with what the property needs.
    func input(_ random: inout SplitMix64) -> PropertyInput {
        let input = switch metric {
        case CaseMetric.ssim3DName: PropertyInput.generateVolume(&random)
        case CaseMetric.msSSIMName: PropertyInput.generateMultiScale(&random)
        case CaseMetric.msSSIM3DName: PropertyInput.generateMultiScaleVolume(&random)
        case CaseMetric.msSSIML1Name: PropertyInput.generateMultiScaleL1(&random)
        default: PropertyInput.generate(&random)
        }
        return prepared(input)
    }

    /// The smallest batch and channel counts the property needs.
    var minimum: (batch: Int, channels: Int) {
        switch self {
        case .batchIndependence, .msssimBatchOrder, .volumeBatchIndependence, .msssim3DBatchOrder: (2, 1)
        case .channelIndependence, .msssimChannelOrder, .volumeChannelIndependence, .msssim3DChannelOrder: (1, 2)
        default: (1, 1)
        }
    }

    /// The input with at least the batch and channels the property needs (samples and channels repeated, shifted;
    /// MS-SSIM's and its kin's as ``multiScalePrepared(_:)`` adds them); a single image for the single-scale
    /// property, whose one unit's MS-SSIM is then the mean SSIM of the whole.
    func prepared(_ input: PropertyInput) -> PropertyInput {
        if self == .msssimSingleScale { return input.planes(batch: 1, channels: 1) }
        if isMultiScale || multiScaleCounterpart != nil { return multiScalePrepared(input) }
        var prepared = input
        let plane = input.shape.height * input.shape.width
        if input.shape.batch < minimum.batch {
            // A second sample: the first with its images swapped, so the two differ.
            prepared.shape.batch = 2
            (prepared.img1, prepared.img2) = (input.img1 + input.img2, input.img2 + input.img1)
        }
        if input.shape.channels < minimum.channels {
            prepared.shape.channels = 2
            func doubled(_ a: [Double], _ b: [Double]) -> [Double] {
                (0..<input.shape.batch).flatMap { s in Layout.plane(a, s, size: plane) + Layout.plane(b, s, size: plane) }
            }
            (prepared.img1, prepared.img2) = (doubled(input.img1, input.img2), doubled(input.img2, input.img1))
        }
        return prepared
    }

    /// Whether the property can be checked in `form`: in its metric's forms alone (``PropertyForm/metrics``);
    /// comparing 'valid' with 'same' needs the 'same' maps, and where a non-finite pixel reaches needs a map.
    func applies(in form: PropertyForm) -> Bool {
        guard form.metrics.contains(metric) else { return false }
        return switch self {
        case .validIsCroppedSame, .volumeValidIsCroppedSame: form == .sameMaps
        case .nonFinitePropagation, .volumeNonFinitePropagation: form.asksMaps
        default: true
        }
    }

    /// The requests the property needs for `input` in `form`, ids prefixed by `prefix`; an MS-SSIM property's under
    /// the MS-SSIM convention `msssim`, which a check of one always has (``PropertyRunner/Check``); the slice
    /// consistency asks for the 2-D SSIM of a slice where `asksPlane`; a 3-D MS-SSIM or MS-SSIM + L1 property's are
    /// its MS-SSIM counterpart's, of its own metric (``multiScaleCounterpart``).
    func requests(
        _ input: PropertyInput, prefix id: String, form: PropertyForm, msssim: MSSSIMConvention?, asksPlane: Bool = false
    ) -> [AdapterCase] {
        if let counterpart = planeCounterpart { return counterpart.requests(input, prefix: id, form: form, msssim: msssim) }
        let (shape, plane) = (input.shape, input.shape.height * input.shape.width)
        /// A request of the form; `reduction` and `outputs` where the property needs its own.
        func request(
            _ suffix: String, img1: [Double]? = nil, img2: [Double]? = nil, shape: Shape? = nil, maxVal: Double? = nil,
            eps: Double = 1e-12, padding: String? = nil, reduction: String? = nil, precision: Precision = .float64,
            outputs: [AdapterOutput]? = nil
        ) -> AdapterCase {
            input.request(
                "\(id)-\(suffix)", img1: img1, img2: img2, shape: shape, maxVal: maxVal, eps: eps,
                padding: padding ?? form.padding, reduction: reduction ?? form.reduction, precision: precision,
                outputs: outputs ?? form.outputs)
        }
        switch self {
        case .identity:
            return [request("xx", img2: input.img1, eps: 0)]
        case .symmetry:
            return [request("xy"), request("yx", img1: input.img2, img2: input.img1)]
        case .bounds:
            return [request("xy")]
        case .validIsCroppedSame:
            return [request("same"), request("valid", padding: "valid")]
        case .reductionConsistency:
            let reductions = form.asksMaps ? ["none", "mean", "sum"] : ["mean", "sum"]
            return reductions.map { request($0, reduction: $0, outputs: [.loss]) }
        case .maxValScaling:
            return [
                request("l", eps: 0),
                request("2l", img1: input.img1.map { 2 * $0 }, img2: input.img2.map { 2 * $0 }, maxVal: 2 * input.maxVal, eps: 0),
            ]
        case .batchIndependence:
            let sample = shape.channels * plane
            return [request("all")] + (0..<shape.batch).map { b in
                request(
                    "sample\(b)", img1: Layout.plane(input.img1, b, size: sample),
                    img2: Layout.plane(input.img2, b, size: sample), shape: [1, shape.channels, shape.height, shape.width])
            }
        case .channelIndependence:
            return [request("all")] + (0..<shape.channels).map { c in
                func channel(_ values: [Double]) -> [Double] { (0..<shape.batch).flatMap { b in Layout.plane(values, b * shape.channels + c, size: plane) } }
                return request("channel\(c)", img1: channel(input.img1), img2: channel(input.img2), shape: [shape.batch, 1, shape.height, shape.width])
            }
        case .flipEquivariance:
            return [
                request("xy"),
                request("flipped", img1: Layout.flipped(input.img1, shape: shape), img2: Layout.flipped(input.img2, shape: shape)),
            ]
        case .transposeEquivariance:
            return [
                request("xy"),
                request(
                    "transposed", img1: Layout.transposed(input.img1, shape: shape),
                    img2: Layout.transposed(input.img2, shape: shape), shape: [shape.batch, shape.channels, shape.width, shape.height]),
            ]
        case .float32WithinBound:
            return [request("f64"), request("f32", precision: .float32)]
        case .halfPrecisionWithinBound:
            let (img1, img2) = (input.img1.map(Self.halfValue), input.img2.map(Self.halfValue))
            return [request("h64", img1: img1, img2: img2)] + Self.halfPrecisions(input).map { precision in
                request(precision.rawValue, img1: img1, img2: img2, precision: precision)
            }
        case .nonFinitePropagation:
            let (image, pixel, value) = Self.nonFinitePixel(input)
            var (img1, img2) = (input.img1, input.img2)
            if image == 1 { img1[pixel] = value } else { img2[pixel] = value }
            return [request("nonfinite", img1: img1, img2: img2, outputs: [.ssimMap])]
        case .gradientIsCentralDifference:
            let reduction = Self.gradientReduction(form)
            return [request("grad", reduction: reduction, outputs: [.loss, .gradImg1, .gradImg2])]
                + Self.probeRequests(input) { request($0, img1: $1, img2: $2, reduction: reduction, outputs: [.loss]) }
        case .msssimIdentity, .msssimSymmetry, .msssimBounds, .msssimSingleScale, .msssimBatchOrder, .msssimChannelOrder,
            .msssimGradient:
            return multiScaleRequests(input, prefix: id, form: form, convention: msssim)
        case .volumeIdentity, .volumeSymmetry, .volumeBounds, .volumeValidIsCroppedSame, .volumeReductionConsistency,
            .volumeBatchIndependence, .volumeChannelIndependence, .volumeFlipEquivariance, .sliceConsistency, .volumeGradient,
            .volumeNonFinitePropagation:
            return volumeRequests(input, prefix: id, form: form, asksPlane: asksPlane)
        case .msssim3DIdentity, .msssim3DSymmetry, .msssim3DGradient, .msssim3DBatchOrder, .msssim3DChannelOrder,
            .msssimL1Identity, .msssimL1Symmetry, .msssimL1Gradient:
            return multiScaleCounterpart!.multiScaleRequests(input, prefix: id, form: form, convention: nil)
        }
    }

    /// The requests of the gradient's probes (``probes(_:)``): the input with one pixel moved by each step, made by
    /// `request` from the suffix of its id and its images.
    static func probeRequests(
        _ input: PropertyInput, _ request: (_ suffix: String, _ img1: [Double], _ img2: [Double]) -> AdapterCase
    ) -> [AdapterCase] {
        probes(input).flatMap { probe in
            probe.steps.map { step in
                var (img1, img2) = (input.img1, input.img2)
                if probe.image == 1 { img1[probe.pixel] += step } else { img2[probe.pixel] += step }
                return request("\(probe.name)-\(stepName(step, input))", img1, img2)
            }
        }
    }

    /// The reduction whose loss the gradient property differentiates: the sum of the maps, or the mean of a means form.
    static func gradientReduction(_ form: PropertyForm) -> String { form.asksMaps ? "sum" : "mean" }

    /// The half precisions asked for: both at a data range of 1, bfloat16 alone at 255 (float16 overflows there).
    static func halfPrecisions(_ input: PropertyInput) -> [Precision] {
        input.maxVal <= 1 ? [.float16, .bfloat16] : [.bfloat16]
    }

    /// A pixel both half precisions represent: the bfloat16 value of it, 0 below float16's normal range.
    static func halfValue(_ pixel: Double) -> Double {
        let value = Precision.bfloat16.rounded(pixel)
        return abs(value) < Precision.float16.smallestNormal ? 0 : value
    }

    /// The non-finite pixel of the input: which image, the flat index and the value, all following from the input
    /// (its shape and window vary with the seed, and so does the pixel).
    static func nonFinitePixel(_ input: PropertyInput) -> (image: Int, pixel: Int, value: Double) {
        let count = input.shape.count
        return (1 + count % 2, (count * 7 + input.windowSize) % count, [Double.nan, .infinity, -.infinity][count % 3])
    }

    /// The pixels the gradient is probed at: a corner of img1, the middle of img1, a border pixel of img2; each at
    /// ±h and ±2h with h the input's ``PropertyInput/probeStep`` (10⁻⁴·maxVal but for MS-SSIM + L1).
    static func probes(_ input: PropertyInput) -> [(name: String, image: Int, pixel: Int, steps: [Double])] {
        let (height, width) = (input.shape.height, input.shape.width)
        let h = input.probeStep
        let steps = [h, -h, 2 * h, -2 * h]
        return [
            ("img1-corner", 1, 0, steps),
            ("img1-middle", 1, height / 2 * width + width / 2, steps),
            ("img2-edge", 2, (height - 1) * width + width / 3, steps),
        ]
    }

    static func stepName(_ step: Double, _ input: PropertyInput) -> String {
        let multiple = Int((step / input.probeStep).rounded())
        return multiple < 0 ? "minus\(-multiple)h" : "plus\(multiple)h"
    }
}
