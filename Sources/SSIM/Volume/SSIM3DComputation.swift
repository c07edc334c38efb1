/// SSIM over one case of volumes (B, C, D, H, W) under an ``SSIM3DConvention``, in any ``SSIMArithmetic``: the 2-D
/// reference's own steps (``Plane``) on each channel volume, whose blur has a third axis. Written once, so that the
/// reference's values (`Double`, ``SSIM3DReference``) and the bounds on what rounding can do to them
/// (``SSIM3DErrorBounds``) come from the same formulas.
struct SSIM3DComputation: RatioBatch {
    let convention: SSIM3DConvention
    /// [B, C, D, H, W].
    let shape: [Int]
    /// The computation of one channel volume.
    let volume: Plane
    /// [B, C, D', H', W']: the map's shape.
    let mapShape: [Int]

    /// The computation of volumes of `shape` and `other` under `options` (its window size the taps on every axis
    /// unless the convention fixes them) and `convention`.
    ///
    /// - Throws: ``SSIMError/shapeMismatch(img1:img2:)``; ``SSIMError/outsideConvention(convention:reason:)`` where
    ///   the convention cannot express the case along an axis (a 'same' map without a border, a 'valid' one reading
    ///   beyond an unpadded face, a map reaching beyond the volume); ``SSIMError/volumeTooSmall(shape:padding:reason:)``
    ///   naming the axis too small for its window.
    init(_ shape: [Int], _ other: [Int], options: SSIMOptions, convention: SSIM3DConvention) throws(SSIMError) {
        guard other == shape else { throw .shapeMismatch(img1: shape, img2: other) }
        var axes: [SeparableBlur.Axis] = [], crops: [Int] = []
        for (axis, length) in zip(SSIM3DConvention.Axis.allCases, shape[2...]) {
            let plan = try Self.plan(axis, length: length, options: options, convention: convention)
            axes.append(plan.axis)
            crops.append(plan.crop)
        }
        for ((axis, blurAxis), crop) in zip(zip(SSIM3DConvention.Axis.allCases, axes), crops) {
            try Self.checkSize(axis, blurAxis, crop: crop, shape: shape, padding: options.padding)
        }
        var blur = SeparableBlur(axes: axes, tapsPrecision: convention.plane.tapsPrecision)
        blur.summedAtOnce = convention.convolution == .cubic
        volume = Plane(options: options, convention: convention.plane, blur: blur, crops: crops)
        mapShape = Array(shape[..<2]) + zip(axes, crops).map { $0.length - 2 * $1 }
        (self.convention, self.shape) = (convention, shape)
    }

    /// Whether an axis of `length` voxels holds its window and its map under `options` and `convention` (what the
    /// initialiser checks along it): how a pyramid of volumes (``MSSSIMPyramid``) finds the size an axis needs.
    static func fits(_ axis: SSIM3DConvention.Axis, length: Int, options: SSIMOptions, convention: SSIM3DConvention) -> Bool {
        guard let plan = try? plan(axis, length: length, options: options, convention: convention) else { return false }
        return (try? checkSize(axis, plan.axis, crop: plan.crop, shape: [], padding: options.padding)) != nil
    }

    /// Along one axis: its window and border, and the voxels its map drops from each end.
    private static func plan(
        _ axis: SSIM3DConvention.Axis, length: Int, options: SSIMOptions, convention: SSIM3DConvention
    ) throws(SSIMError) -> (axis: SeparableBlur.Axis, crop: Int) {
        let along = convention.along(axis)
        let taps = along.tapCount(options), reach = along.reach(options)
        if convention.skipsShortAxes && length < taps {
            return (SeparableBlur.Axis(window: [1], border: along.border, length: length), 0)
        }
        func outside(_ reason: String) -> SSIMError { .outsideConvention(convention: convention.name, reason: reason) }
        // An axis padded by less than its taps reach loses that difference at each end of its map, 'valid' too: a
        // 'valid' map cannot hold voxels its 'same' map lacks.
        let lacking = convention.paddedByWindowSize.contains(axis) ? reach - options.windowSize / 2 : 0
        let crop = options.padding == .valid ? max(along.validCrop(windowSize: options.windowSize), lacking) : lacking
        if along.border == .none && options.padding == .same {
            throw outside("it has no 'same' map: only the 'valid' region exists (border none along \(axis.rawValue))")
        }
        if along.border == .none && crop < reach {
            throw outside(
                "its 'valid' map cropped by \(crop) along \(axis.rawValue) would read \(reach - crop) beyond the volume, which it does not pad (border none)")
        }
        if crop < 0 {
            throw outside(
                "its map would reach \(-crop) beyond the volume along \(axis.rawValue): padded by window_size \(options.windowSize)'s reach \(options.windowSize / 2), more than its \(taps) taps reach")
        }
        return (SeparableBlur.Axis(window: along.window(options), border: along.border, length: length), crop)
    }

    /// Checks that an axis holds its map and, under torch's `reflect` (which mirrors once), its window's reach.
    private static func checkSize(
        _ axis: SSIM3DConvention.Axis, _ blurAxis: SeparableBlur.Axis, crop: Int, shape: [Int], padding: SSIMPadding
    ) throws(SSIMError) {
        let (length, taps, reach, name) = (blurAxis.length, blurAxis.window.count, blurAxis.radius, axis.rawValue)
        if blurAxis.border == .reflect && length <= reach {
            throw .volumeTooSmall(
                shape: shape, padding: padding,
                reason: "\(name) \(length) is not larger than the window's reach of \(reach) (\(taps) taps), which torch's reflect border mirrors once")
        }
        if length < 2 * crop + 1 {
            let need = 2 * crop + 1 == taps ? "the window's \(taps) taps" : "the \(2 * crop + 1) voxels a map cropped by \(crop) at each end needs"
            throw .volumeTooSmall(shape: shape, padding: padding, reason: "\(name) \(length) is smaller than \(need)")
        }
    }

    /// The map's shape folded into four dimensions (its depth into its channels), as the 2-D steps lay it out.
    var foldedMapShape: Shape {
        Shape(batch: mapShape[0], channels: mapShape[1] * mapShape[2], height: mapShape[3], width: mapShape[4])
    }

    func evaluate<Number: SSIMArithmetic>(
        _: Number.Type, _ img1: [Double], _ img2: [Double], reduction: SSIMReduction, gradients: Bool
    ) -> SSIMPlanes.Result<Number> {
        volume.evaluateEach(
            Number.self, img1, img2, count: shape[0] * shape[1], mapShape: foldedMapShape, reduction: reduction,
            gradients: gradients)
    }
}
