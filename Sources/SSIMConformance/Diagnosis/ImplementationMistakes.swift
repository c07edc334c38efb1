import SSIM

/// The mistakes of an explanation that no convention makes (``KnownDeviation/isMistake``), made as an implementation
/// making them would: to the images before the SSIM is computed (NaN and ±Inf read as 0, the channels averaged),
/// to its map after (the first sample's copied to the others, the averaged channel's spread back over every
/// channel), and to the reduction asked (the mean reported for 'sum'). The SSIM itself, the loss and the reduction
/// stay the reference's (``SSIM/SSIMReference``): this is the only place the diagnosis changes what they are given.
struct ImplementationMistakes {
    let mistakes: Set<KnownDeviation>

    init(_ deviations: [KnownDeviation]) {
        mistakes = Set(deviations.filter(\.isMistake))
    }

    /// The mistakes made to the images, which the reference's SSIM map of them depends on (and is cached by).
    var onInputs: Set<KnownDeviation> { mistakes.intersection([.nonFiniteReadAsZero, .channelsAveraged]) }

    /// The images as the implementation reads them, or nil when they cannot be made.
    func inputs(_ img1: ImageTensor<Double>, _ img2: ImageTensor<Double>) -> (ImageTensor<Double>, ImageTensor<Double>)? {
        var (img1, img2) = (img1, img2)
        if mistakes.contains(.nonFiniteReadAsZero) {
            guard let scrubbed1 = img1.nonFiniteAsZero, let scrubbed2 = img2.nonFiniteAsZero else { return nil }
            (img1, img2) = (scrubbed1, scrubbed2)
        }
        if mistakes.contains(.channelsAveraged) {
            guard let gray1 = img1.channelsAveraged, let gray2 = img2.channelsAveraged else { return nil }
            (img1, img2) = (gray1, gray2)
        }
        return (img1, img2)
    }

    /// The SSIM map the implementation answers with, made from the reference's `map` of ``inputs(_:_:)`` for images
    /// of `channels` channels, or nil when it cannot be made.
    func answered(_ map: ImageTensor<Double>, channels: Int) -> ImageTensor<Double>? {
        let (copied, averaged) = (mistakes.contains(.firstSampleCopied), mistakes.contains(.channelsAveraged))
        guard copied || averaged else { return map }
        return map.planes(channels: channels) { sample, channel in (copied ? 0 : sample, averaged ? 0 : channel) }
    }

    /// The reduction the implementation computes when `asked` is asked for.
    func reduction(_ asked: SSIMReduction) -> SSIMReduction {
        asked == .sum && mistakes.contains(.sumReportedAsMean) ? .mean : asked
    }
}

extension ImageTensor where Scalar == Double {
    /// The same image with every NaN and ±∞ pixel read as 0.
    fileprivate var nonFiniteAsZero: ImageTensor<Double>? {
        try? ImageTensor(shape: shape.dimensions, values: values.map { $0.isFinite ? $0 : 0 })
    }

    /// The (B, 1, H, W) image whose pixels are the mean over the channels.
    fileprivate var channelsAveraged: ImageTensor<Double>? {
        let plane = height * width
        let values = (0..<(batch * plane)).map { index in
            let (b, p) = index.quotientAndRemainder(dividingBy: plane)
            return (0..<channels).map { self.values[(b * channels + $0) * plane + p] }.reduce(0, +) / Double(channels)
        }
        return try? ImageTensor(shape: [batch, 1, height, width], values: values)
    }

    /// A map of `channels` channels whose plane (b, c) is this map's plane `source(b, c)`.
    fileprivate func planes(channels: Int, from source: (_ sample: Int, _ channel: Int) -> (Int, Int)) -> ImageTensor<Double>? {
        var values: [Double] = []
        for sample in 0..<batch {
            for channel in 0..<channels {
                let (fromSample, fromChannel) = source(sample, channel)
                let start = shape.index(fromSample, fromChannel, 0, 0)
                values += self.values[start..<(start + shape.planeSize)]
            }
        }
        var planes = shape
        planes.channels = channels
        return try? ImageTensor(shape: planes.dimensions, values: values)
    }
}
