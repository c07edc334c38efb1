import Foundation

/// The reference MS-SSIM: the oracle for multi-scale SSIM, under any ``MSSSIMConvention``, in `Double` whatever the
/// input precision (a `Float` converts exactly). Written to be obviously correct rather than fast; a fast
/// implementation is a later piece of work.
///
/// For images of (B, C, H, W): the pyramid (``MSSSIMDownsampling``), at each scale the SSIM and cs maps of every
/// channel plane by the SSIM reference's own steps (``SSIMPlanes``, under the convention's per-scale
/// ``SSIMConvention``), each scale's mean per unit (a (sample, channel) or a sample), the treatment of negative
/// means, the powers, their product, and the loss 1 − MS-SSIM per unit, reduced by 'mean' or 'sum' over the units,
/// or kept per unit by 'none' (see ``MSSSIMOutputs``).
///
/// Gradients are analytic, back through the reduction, the product, the powers, the treatment of negative means,
/// the means, each scale's SSIM or cs map (its ratio, moments, blur and border: ``SeparableBlur/adjoint(_:)``) and
/// the downsampling's adjoint, scale by scale from the coarsest. For 'none' they are those of the sum of the losses.
/// At the points where a derivative is not finite or not defined, it is torch's:
/// - relu at its kink: the derivative is 0 at v = 0 (and below), by selection, not multiplication
///   (``MSSSIMConvention/NegativeValues/relu``): a relu'd mean at or below 0 passes no gradient, even where the power
///   above it has an infinite derivative. A zero factor makes MS-SSIM 0, and every other scale's derivative, which
///   the zero multiplies, 0 as well: the whole gradient is 0.
/// - A zero base of a fractional power (w < 1): d(bʷ)/db = w·b^(w−1) = +∞ at b = 0, as torch's `pow` backward
///   computes it; it is not replaced by a finite value, because none is right (the one-sided derivative is
///   infinite). Multiplied on by IEEE arithmetic, it reaches the pixels as ±∞, or NaN where it meets a 0 or an
///   opposite infinity. Under `relu` the selection above stops it; under `none` and (v + 1)/2 it goes through.
/// - A weight of 0: bᵂ is 1 whatever b, and its derivative 0 (torch's `pow` backward returns zeros for exponent 0).
/// - A negative base under `none`: bʷ is NaN for a fractional w, and so are MS-SSIM, the loss and every gradient
///   that depends on it.
public enum MSSSIMReference {
    /// MS-SSIM, its loss 1 − MS-SSIM (reduced as asked) and, if asked, its gradients, in `Double`.
    ///
    /// - Parameters:
    ///   - maxVal: the data range L of the per-scale constants C1 = (K1·L)², C2 = (K2·L)², as given.
    ///   - reduction: 'mean' or 'sum' of the losses of the units, or 'none': the loss of each unit.
    /// - Throws: ``SSIMError/shapeMismatch(img1:img2:)``; ``SSIMError/outsideConvention(convention:reason:)`` for
    ///   weights that cannot be used or a per-scale convention that cannot give the map asked for;
    ///   ``SSIMError/invalidWindowSize(_:)``, ``SSIMError/invalidMaxVal(_:)``;
    ///   ``SSIMError/imageTooSmallForScales(height:width:scales:coarsestHeight:coarsestWidth:neededAtCoarsest:neededImage:)``
    ///   when the coarsest scale is too small for its SSIM; ``SSIMError/tooLarge(shape:bytes:available:)``.
    public static func evaluate<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>, maxVal: Double,
        convention: MSSSIMConvention = .wangMSSSIM, reduction: SSIMReduction, gradients: Bool
    ) throws(SSIMError) -> MSSSIMOutputs {
        let shape = img1.shape
        guard img2.shape == shape else { throw .shapeMismatch(img1: shape.dimensions, img2: img2.shape.dimensions) }
        try convention.check()
        let shapes = convention.scaleShapes(shape)
        var options: [SSIMOptions] = []
        for j in shapes.indices {
            options.append(try convention.options(maxVal: maxVal, scale: j))
            try convention.scale.check(options[j])
        }
        try checkSize(shape, shapes, convention: convention, options: options)
        try WorkingMemory.check(shape, planes: workingPlanes, bytesPerElement: MemoryLayout<Double>.size)
        return Pyramid(
            convention: convention, options: options, shapes: shapes, img1: img1.values.map(Double.init),
            img2: img2.values.map(Double.init)
        ).evaluate(reduction: reduction, gradients: gradients)
    }

    /// Planes of B·C·H·W doubles held at once, at most: both pyramids (4/3 of a plane each), the SSIM reference's
    /// planes at the finest scale, the per-scale maps and the gradients of both pyramids.
    static let workingPlanes = SSIMReference.workingPlanes + 8

    /// Checks that every scale, of `shapes` (finest first), is large enough for its SSIM (under `options`, one per
    /// scale): with the same options at every scale, that the coarsest is.
    ///
    /// - Throws: ``SSIMError/imageTooSmallForScales(height:width:scales:coarsestHeight:coarsestWidth:neededAtCoarsest:neededImage:)``
    ///   naming the size needed at the coarsest scale and the smallest square image all of whose scales fit.
    static func checkSize(
        _ shape: Shape, _ shapes: [Shape], convention: MSSSIMConvention, options: [SSIMOptions]
    ) throws(SSIMError) {
        func fits(_ j: Int, _ side: Int, _ other: Int) -> Bool {
            let square = Shape(batch: 1, channels: 1, height: side, width: other)
            return (try? convention.scale.validate(options[j], square, square)) != nil
        }
        func allFit(_ shapes: [Shape]) -> Bool { shapes.indices.allSatisfy { fits($0, shapes[$0].height, shapes[$0].width) } }
        guard !allFit(shapes) else { return }
        // The smallest square the coarsest scale's SSIM takes, and the smallest image whose every scale fits.
        let coarsest = shapes.last!
        var needed = 1
        while !fits(shapes.count - 1, needed, needed) { needed += 1 }
        var image = needed
        while !allFit(convention.scaleShapes(Shape(batch: 1, channels: 1, height: image, width: image))) { image += 1 }
        throw .imageTooSmallForScales(
            height: shape.height, width: shape.width, scales: convention.scales, coarsestHeight: coarsest.height,
            coarsestWidth: coarsest.width, neededAtCoarsest: needed, neededImage: image)
    }
}

/// One evaluation: the images at every scale, and the computation down and back up the pyramid.
private struct Pyramid {
    let convention: MSSSIMConvention
    /// The SSIM options of each scale, finest first.
    let options: [SSIMOptions]
    let shapes: [Shape]
    /// The images at each scale, finest first.
    let img1: [[Double]]
    let img2: [[Double]]

    init(convention: MSSSIMConvention, options: [SSIMOptions], shapes: [Shape], img1: [Double], img2: [Double]) {
        (self.convention, self.options, self.shapes) = (convention, options, shapes)
        var (x, y) = ([img1], [img2])
        for j in 1..<shapes.count {
            x.append(convention.downsampling.apply(x[j - 1], of: shapes[j - 1]))
            y.append(convention.downsampling.apply(y[j - 1], of: shapes[j - 1]))
        }
        (self.img1, self.img2) = (x, y)
    }

    /// The unit (a (sample, channel) or a sample) plane `index` belongs to, and how many units there are.
    func unit(ofPlane index: Int) -> Int {
        convention.channelPooling == .perChannel ? index : index / shapes[0].channels
    }

    var unitCount: Int { convention.channelPooling == .perChannel ? shapes[0].planes : shapes[0].batch }

    func evaluate(reduction: SSIMReduction, gradients: Bool) -> MSSSIMOutputs {
        let exponents = convention.exponents
        let negative = convention.negativeValues
        // Each scale's mean per unit: the sum of the unit's map elements over their count.
        var means: [[Double]] = []
        for (j, shape) in shapes.enumerated() {
            let plane = SSIMPlanes(options: options[j], convention: convention.scale, shape: shape).plane()
            var sums = [Double](repeating: 0, count: unitCount), counts = [Int](repeating: 0, count: unitCount)
            for index in 0..<shape.planes {
                let pixels = (index * shape.planeSize)..<((index + 1) * shape.planeSize)
                let maps = plane.ratioMaps(Array(img1[j][pixels]), Array(img2[j][pixels]))
                let map = convention.contributesSSIM(scale: j) ? maps.ssim : maps.cs
                sums[unit(ofPlane: index)] += map.reduce(0, +)
                counts[unit(ofPlane: index)] += map.count
            }
            means.append(zip(sums, counts).map { $0 / Double($1) })
        }
        // The factors bⱼʷʲ per unit, MS-SSIM their product, and the loss.
        let factors = means.indices.map { j in means[j].map { MSSSIMReference.power(negative.base($0), exponents[j]) } }
        let msssim = (0..<unitCount).map { u in factors.reduce(1) { $0 * $1[u] } }
        let loss = msssim.map { 1 - $0 }
        var outputs = MSSSIMOutputs(
            unitShape: convention.channelPooling == .perChannel ? [shapes[0].batch, shapes[0].channels] : [shapes[0].batch],
            scaleShapes: shapes, scaleMeans: means, msssim: msssim, loss: loss)
        switch reduction {
        case .none: outputs.reducedLoss = nil
        case .sum: outputs.reducedLoss = loss.reduce(0, +)
        case .mean: outputs.reducedLoss = loss.reduce(0, +) / Double(loss.count)
        }
        guard gradients else { return outputs }

        // d(reduced loss)/d(MS-SSIM of each unit): −1/U for the mean, −1 for the sum and for 'none' (its sum).
        let gradMSSSIM = reduction == .mean ? -1 / Double(unitCount) : -1
        // d(reduced loss)/d(mean of scale j, unit u): through the product (the other factors, multiplied out rather
        // than divided out, so that a zero factor gives no 0/0), the power and the treatment of negative means.
        let gradMeans = means.indices.map { j in
            (0..<unitCount).map { u in
                let others = factors.indices.reduce(1.0) { $1 == j ? $0 : $0 * factors[$1][u] }
                let gradBase = gradMSSSIM * others * MSSSIMReference.powerDerivative(negative.base(means[j][u]), exponents[j])
                return negative.gradient(upstream: gradBase, at: means[j][u])
            }
        }
        // Each scale's maps get their mean's gradient over its count; the scale's images get theirs through the
        // ratio, and the finer scale's images get the coarser's through the downsampling's adjoint.
        var carried1: [Double]?, carried2: [Double]?
        for j in shapes.indices.reversed() {
            let shape = shapes[j]
            let plane = SSIMPlanes(options: options[j], convention: convention.scale, shape: shape).plane()
            let mapCount = plane.mapHeight * plane.mapWidth
            let unitPlanes = convention.channelPooling == .perChannel ? 1 : shape.channels
            var grad1: [Double] = [], grad2: [Double] = []
            grad1.reserveCapacity(shape.count)
            grad2.reserveCapacity(shape.count)
            for index in 0..<shape.planes {
                let weight = gradMeans[j][unit(ofPlane: index)] / Double(mapCount * unitPlanes)
                let weights = [Double](repeating: weight, count: mapCount), zeros = [Double](repeating: 0, count: mapCount)
                let ssimWeights = convention.contributesSSIM(scale: j) ? weights : zeros
                let csWeights = convention.contributesSSIM(scale: j) ? zeros : weights
                let pixels = (index * shape.planeSize)..<((index + 1) * shape.planeSize)
                let back = plane.ratioGradients(
                    Array(img1[j][pixels]), Array(img2[j][pixels]), gradSSIM: ssimWeights, gradCS: csWeights)
                grad1 += back.gradX
                grad2 += back.gradY
            }
            if let carried1, let carried2 {
                grad1 = zip(grad1, convention.downsampling.adjoint(carried1, of: shape)).map(+)
                grad2 = zip(grad2, convention.downsampling.adjoint(carried2, of: shape)).map(+)
            }
            (carried1, carried2) = (grad1, grad2)
        }
        outputs.gradImg1 = ImageTensor(validatedShape: shapes[0], values: carried1!)
        outputs.gradImg2 = ImageTensor(validatedShape: shapes[0], values: carried2!)
        return outputs
    }
}

extension MSSSIMReference {
    /// bʷ, with b⁰ = 1 for every b (NaN included, as `pow`); NaN for a negative b and a fractional w.
    static func power(_ base: Double, _ exponent: Double) -> Double { Foundation.pow(base, exponent) }

    /// d(bʷ)/db = w·b^(w−1), as torch's `pow` backward: +∞ at b = 0 for 0 < w < 1, NaN for a negative b and a
    /// fractional w; 0 for w = 0 whatever b.
    static func powerDerivative(_ base: Double, _ exponent: Double) -> Double {
        exponent == 0 ? 0 : exponent * Foundation.pow(base, exponent - 1)
    }
}
