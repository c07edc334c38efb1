import SSIM
import SSIMAdapterProtocol

/// The 3-D SSIM properties (`ssim-3d-`): asked on small volumes (``PropertyInput/generateVolume(_:)``) in SSIM's forms,
/// judged under the certified 3-D convention (``SSIM/SSIM3DConvention``: its bounds, its crop and its window's reach
/// along each axis).
///
/// Most are SSIM's own relations, which hold of volumes as they are: their requests and checks are the 2-D
/// property's (``planeCounterpart``), the volumes laid out as ``PropertyInput`` says and the maps' shapes the 3-D
/// convention's. Three are the volumes' own: the flips along each axis, 'valid' cropped along each axis, and the
/// slice consistency, and so is where a non-finite voxel reaches.
///
/// **Slice consistency.** A volume of D identical slices (each channel's first slice repeated, in both volumes) has
/// a map of identical slices wherever the depth's blur keeps a constant sequence constant: under every depth border
/// but zeros (reflect, replicate, symmetric, reflect-101, circular give each slice the same sum of the same taps; a
/// depth left unblurred, ``SSIM/SSIM3DConvention/skipsShortAxes``, too), and under zeros only where the map does not
/// read beyond the depth's faces ('valid' cropped by at least the taps' reach); elsewhere the check is not supported.
/// Each slice is moreover the implementation's own 2-D SSIM map of that slice (asked as an `ssim` case with the same
/// window, data range, eps, padding and reduction) when the depth's taps sum to 1 and the plane is computed as the
/// 2-D SSIM certified: the certified SSIM convention computes like the 3-D one's ``SSIM/SSIM3DConvention/plane``,
/// neither H nor W is padded by `window_size`'s reach rather than the taps', and the taps are built in float64 (in
/// float32 their sum misses 1 by up to about 10⁻⁷, beyond float64's bounds). The 2-D answer is compared only where
/// the implementation gives it (it declares `ssim`); where it does not, or the conditions fail, the slices are
/// compared with one another, which needs the maps: a means form then is not supported.
extension SSIMProperty {
    /// The 2-D property whose requests the 3-D one asks on volumes; nil for the flips and the slice consistency,
    /// whose requests are their own.
    var planeCounterpart: SSIMProperty? {
        switch self {
        case .volumeIdentity: .identity
        case .volumeSymmetry: .symmetry
        case .volumeBounds: .bounds
        case .volumeValidIsCroppedSame: .validIsCroppedSame
        case .volumeReductionConsistency: .reductionConsistency
        case .volumeBatchIndependence: .batchIndependence
        case .volumeChannelIndependence: .channelIndependence
        case .volumeGradient: .gradientIsCentralDifference
        case .volumeNonFinitePropagation: .nonFinitePropagation
        default: nil
        }
    }

    /// Whether the 3-D property's check is its 2-D counterpart's, on the 3-D map's shape: every one but those whose
    /// relation involves the axes (crops, flips, slices, reach).
    var checkedAsPlane: Bool {
        planeCounterpart != nil && self != .volumeValidIsCroppedSame && self != .volumeNonFinitePropagation
    }

    /// The requests of the flips and the slice consistency for `input` (volumes) in `form`.
    func volumeRequests(_ input: PropertyInput, prefix id: String, form: PropertyForm, asksPlane: Bool) -> [AdapterCase] {
        func request(_ suffix: String, img1: [Double]? = nil, img2: [Double]? = nil) -> AdapterCase {
            input.request(
                "\(id)-\(suffix)", img1: img1, img2: img2, padding: form.padding, reduction: form.reduction,
                outputs: form.outputs)
        }
        let extents = input.volumeExtents!
        switch self {
        case .volumeFlipEquivariance:
            return [request("xy")] + SSIM3DConvention.Axis.allCases.enumerated().map { axis, name in
                request(
                    "flipped-\(name.rawValue)", img1: Layout.flipped(input.img1, extents: extents, axis: axis),
                    img2: Layout.flipped(input.img2, extents: extents, axis: axis))
            }
        case .sliceConsistency:
            let (img1, img2) = (Self.firstSlices(input.img1, extents), Self.firstSlices(input.img2, extents))
            func repeated(_ slices: [[Double]]) -> [Double] { slices.flatMap { Array(repeating: $0, count: extents[0]).joined() } }
            let slices = request("slices", img1: repeated(img1), img2: repeated(img2))
            guard asksPlane else { return [slices] }
            var plane = input
            (plane.depth, plane.shape.height) = (nil, extents[1])
            (plane.img1, plane.img2) = (img1.flatMap { $0 }, img2.flatMap { $0 })
            return [
                slices,
                plane.request(
                    "\(id)-plane", padding: form.padding, reduction: form.reduction, outputs: form.outputs),
            ]
        default:
            return []
        }
    }

    /// The first slice of each (sample, channel) volume of `extents` (D, H, W).
    static func firstSlices(_ values: [Double], _ extents: [Int]) -> [[Double]] {
        let (slice, volume) = (extents[1] * extents[2], extents.reduce(1, *))
        return stride(from: 0, to: values.count, by: volume).map { Array(values[$0..<($0 + slice)]) }
    }

    /// The map shape of `input`'s volumes in `form` under `convention`, stacked as ``PropertyInput`` stacks the
    /// volumes (B, C, D'·H', W'), and the map's (D', H', W').
    ///
    /// - Throws: ``PropertyFailure/notSupported(_:)`` where the convention cannot compute the volumes.
    static func volumeMap(
        _ input: PropertyInput, form: PropertyForm, convention: SSIM3DConvention
    ) throws(PropertyFailure) -> (stacked: Shape, extents: [Int]) {
        let dimensions = input.dimensions(of: input.shape)
        guard let options = try? SSIMOptions(
            windowSize: input.windowSize, maxVal: input.maxVal, eps: 0, padding: SSIMPadding(name: form.padding)),
            let map = try? convention.mapShape(dimensions, options: options)
        else { throw .notSupported("`\(convention.name)` cannot compute \(input) with \(form.padding) padding") }
        return ([map[0], map[1], map[2] * map[3], map[4]], Array(map[2...]))
    }

    /// Judges the answers to the 3-D property's own requests (those not ``checkedAsPlane``) under `convention` (its map's
    /// shape, crops, reach and borders along each axis; `answers` holds its bounds, and the certified SSIM
    /// convention's for the 2-D request of the slice consistency).
    ///
    /// - Throws: ``PropertyFailure`` when the relation is broken or an answer it needs was not given.
    func checkVolume(
        _ input: PropertyInput, prefix id: String, form: PropertyForm, convention: SSIM3DConvention,
        answers: PropertyAnswers
    ) throws(PropertyFailure) {
        let extents = input.volumeExtents!
        let map = try Self.volumeMap(input, form: form, convention: convention).extents
        func maps(_ suffix: String) throws(PropertyFailure) -> [PropertyAnswers.Measured] {
            try answers.outputs("\(id)-\(suffix)", in: form)
        }
        switch self {
        case .volumeValidIsCroppedSame:
            let valid = try Self.volumeMap(input, form: .validMaps, convention: convention).extents
            let crops = map.indices.map { (map[$0] - valid[$0]) / 2 }
            // Padded by window_size's reach where the taps reach further, the 'same' map lacks voxels the 'valid' one
            // has: no crop of it gives them.
            if let axis = crops.indices.first(where: { crops[$0] < 0 }) {
                throw .notSupported("`\(convention.name)`'s 'same' map is shorter than its 'valid' one along the \(SSIM3DConvention.Axis.allCases[axis].rawValue) (padded by window_size's reach, which its taps exceed)")
            }
            let same = try maps("same").map { $0.rearranged { Layout.cropped($0, extents: map, by: crops) } }
            try PropertyAnswers.agree(try maps("valid"), same, in: form, "'valid' against 'same' cropped by \(crops) (D, H, W)")
        case .volumeFlipEquivariance:
            let pair = try maps("xy")
            for (axis, name) in SSIM3DConvention.Axis.allCases.enumerated() {
                let flipped = pair.map { form.asksMaps ? $0.rearranged { Layout.flipped($0, extents: map, axis: axis) } : $0 }
                try PropertyAnswers.agree(try maps("flipped-\(name.rawValue)"), flipped, in: form, "flipped along \(name.rawValue) against the flipped map")
            }
        case .sliceConsistency:
            try checkSlices(input, prefix: id, form: form, convention: convention, mapExtents: map, answers: answers)
        case .volumeNonFinitePropagation:
            let answer = try answers.output("\(id)-nonfinite", .ssimMap)
            let (_, pixel, value) = Self.nonFinitePixel(input)
            let axes = SSIM3DConvention.Axis.allCases
            let taps = axes.map { convention.along($0).tapCount(windowSize: input.windowSize) }
            // An axis left unblurred (shorter than its window) reads nothing beyond its voxel.
            let reaches = axes.indices.map { convention.skipsShortAxes && extents[$0] < taps[$0] ? 0 : taps[$0] / 2 }
            let reached = Layout.reached(
                by: pixel, extents: extents, reaches: reaches, borders: axes.map { convention.along($0).border },
                crops: extents.indices.map { (extents[$0] - map[$0]) / 2 })
            for (i, element) in answer.values.enumerated() where element.isFinite == reached.contains(i) {
                throw .fails("ssim_map element \(i) is \(element) with \(value) at voxel \(pixel): \(convention.answerer)'s is \(reached.contains(i) ? "NaN or ±Inf (its window reads that voxel)" : "finite (its window does not read that voxel)")")
            }
        default:
            return
        }
    }

    /// The slice consistency (see above): the map of the volume of identical slices against its first slice, and
    /// against the 2-D answer where it was asked and given.
    private func checkSlices(
        _ input: PropertyInput, prefix id: String, form: PropertyForm, convention: SSIM3DConvention, mapExtents map: [Int],
        answers: PropertyAnswers
    ) throws(PropertyFailure) {
        let depth = convention.along(.depth)
        let depthCrop = (input.volumeExtents![0] - map[0]) / 2
        if depth.border == .zero && depthCrop < depth.reach(windowSize: input.windowSize) {
            throw .notSupported("`\(convention.name)` pads the depth with zeros: a constant volume is not constant near its faces")
        }
        let slices = try answers.outputs("\(id)-slices", in: form)
        var plane: [PropertyAnswers.Measured]?
        do throws(PropertyFailure) {
            plane = try answers.outputs("\(id)-plane", in: form)
        } catch {
            // Not asked (the conditions fail) or not given (no 2-D SSIM): the slices are compared with one another.
            guard case .notSupported = error else { throw error }
        }
        guard form.asksMaps else {
            guard let plane else { throw .notSupported("the slices are compared with one another on maps, and no 2-D answer was given") }
            return try PropertyAnswers.agree(slices, plane, in: form, "the volume of identical slices against its slice's 2-D SSIM")
        }
        let (sliceSize, units) = (map[1] * map[2], input.shape.planes)
        if let plane, plane[0].values.count != units * sliceSize {
            throw .fails("the 2-D map of a slice has \(plane[0].values.count / units) elements, a slice of the 3-D map \(sliceSize)")
        }
        for unit in 0..<units {
            let first = slices.map { $0.picking((unit * map[0] * sliceSize)..<((unit * map[0] + 1) * sliceSize)) }
            for d in 0..<map[0] {
                let start = (unit * map[0] + d) * sliceSize
                let slice = slices.map { $0.picking(start..<(start + sliceSize)) }
                if let plane {
                    let own = plane.map { $0.picking((unit * sliceSize)..<((unit + 1) * sliceSize)) }
                    try PropertyAnswers.agree(slice, own, in: form, "slice \(d) of unit \(unit) against the slice's 2-D SSIM")
                } else {
                    try PropertyAnswers.agree(slice, first, in: form, "slice \(d) of unit \(unit) against slice 0")
                }
            }
        }
    }
}
