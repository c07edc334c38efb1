extension MSSSIMPyramid {
    /// The pyramid of a case of volumes of `shape` (B, C, D, H, W) under `convention`, with the data range `maxVal`:
    /// MS-SSIM's own pyramid (``MSSSIMPyramid``) whose scales are volumes, each scale's SSIM the 3-D SSIM of
    /// ``MSSSIM3DConvention/volume`` (``SSIM3DComputation``) and each downsampling 2 × 2 × 2.
    ///
    /// - Throws: what ``MSSSIM3DReference/evaluate(_:_:maxVal:convention:reduction:gradients:)`` throws, but for the
    ///   working memory, which each caller checks for its own arithmetic.
    init(volumes shape: [Int], _ other: [Int], maxVal: Double, convention: MSSSIM3DConvention) throws(SSIMError) {
        guard other == shape else { throw .shapeMismatch(img1: shape, img2: other) }
        let multiScale = convention.multiScale
        let options = try Self.options(maxVal: maxVal, convention: multiScale)
        let dimensions = multiScale.scaleDimensions(shape)
        var planes: [Plane] = []
        for (j, scaled) in dimensions.enumerated() {
            do {
                planes.append(try SSIM3DComputation(scaled, scaled, options: options[j], convention: convention.volume).volume)
            } catch {
                guard case .volumeTooSmall(_, let padding, let reason) = error else { throw error }
                throw .volumeTooSmall(
                    shape: shape, padding: padding,
                    reason: "at scale \(j + 1) of \(dimensions.count), where it is \(Array(scaled[2...])), \(reason)"
                        + Self.needs(shape, options: options, convention: convention))
            }
        }
        let smallest = multiScale.minimumSide.smallestSide(windowSize: multiScale.windowSize, scales: multiScale.scales)
        for (axis, length) in zip(SSIM3DConvention.Axis.allCases, shape[2...]) where axis != .depth && length < smallest {
            throw .volumeTooSmall(
                shape: shape, padding: options[0].padding,
                reason: "\(axis.rawValue) \(length) is smaller than the \(smallest) that `\(convention.name)` asks of H and W for \(multiScale.scales) scales of window \(multiScale.windowSize)")
        }
        self.init(convention: multiScale, options: options, dimensions: dimensions, planes: planes)
    }

    /// "; the volume needs …": the smallest extent each axis too short for the scales needs for every scale's 3-D
    /// SSIM to fit along it (found axis by axis: every axis's fit depends on its own extent alone).
    private static func needs(_ shape: [Int], options: [SSIMOptions], convention: MSSSIM3DConvention) -> String {
        let rule = convention.multiScale.downsampling
        func fits(_ axis: SSIM3DConvention.Axis, _ length: Int) -> Bool {
            var scaled = length
            for scaleOptions in options {
                guard SSIM3DComputation.fits(axis, length: scaled, options: scaleOptions, convention: convention.volume) else {
                    return false
                }
                scaled = rule.downsampled(scaled)
            }
            return true
        }
        var needs: [String] = []
        for (axis, length) in zip(SSIM3DConvention.Axis.allCases, shape[2...]) where !fits(axis, length) {
            // An axis that fits nowhere below 2^16 voxels is named without a size (a convention that cannot pad it).
            guard let needed = (length...(1 << 16)).first(where: { fits(axis, $0) }) else {
                needs.append("\(axis.rawValue) fits at no size")
                continue
            }
            needs.append("\(axis.rawValue) \(length) < \(needed)")
        }
        return needs.isEmpty ? "" : "; every scale fits from: \(needs.joined(separator: ", "))"
    }
}
