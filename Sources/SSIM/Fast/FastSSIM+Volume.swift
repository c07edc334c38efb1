extension FastSSIM {
    /// SSIM on volumes (the metric `ssim-3d`): the reduced loss (nil for 'none') and the products asked for, under
    /// `convention`, in the inputs' precision (`Float` or `Double`), on all cores: the reference's semantics
    /// (``SSIM3DReference/evaluate(_:_:options:reduction:gradients:convention:)``), on the 2-D kernels.
    ///
    /// Kornia's cubic window is the outer product of three 1-D Gaussians; it is applied as three 1-D passes, along W,
    /// H and D (``FastVolumeKernel``), the same values in exact arithmetic and, in floating point, within the bounds
    /// of the cubic convolution's error analysis (``SSIM3DErrorBounds``: k³ + 3k + 14 roundings per blurred element
    /// where the passes make Σ(2k + 4)), so the answers are certified under `kornia` itself. Work is cut into
    /// blocks of depth planes and rows of each channel volume, run on `threads` workers; the results do not depend
    /// on their number. Memory: the outputs asked for, plus rings of about 2(k + 1) planes of the block's rows per
    /// worker, whatever the depth; a 'mean' or 'sum' loss allocates nothing of the volume's size but one sum per row.
    ///
    /// It computes the conventions whose every axis is Kornia's (its 2-D convention on every plane, the same window
    /// and torch's `reflect` along D, padded by the taps' reach), cubic or separable; the others it refuses
    /// (``fastSupport(_:)-(SSIM3DConvention)``).
    ///
    /// - Parameter options: `windowSize` is the taps along every axis, `maxVal` the data range, `eps` added to the
    ///   denominator, `padding` 'same' or 'valid' on every axis.
    /// - Throws: what ``SSIM3DReference/evaluate(_:_:options:reduction:gradients:convention:)`` throws;
    ///   ``SSIMError/outsideConvention(convention:reason:)`` for a convention the fast implementation does not compute.
    public func evaluate<Scalar: SSIMScalar>(
        _ img1: VolumeTensor<Scalar>, _ img2: VolumeTensor<Scalar>, options: SSIMOptions, reduction: SSIMReduction,
        products: Products = [], convention: SSIM3DConvention = .kornia
    ) throws(SSIMError) -> SSIM3DResult<Scalar> {
        let computation = try SSIM3DComputation(img1.shape, img2.shape, options: options, convention: convention)
        if let reason = Self.fastSupport(convention) {
            throw .outsideConvention(convention: convention.name, reason: reason)
        }
        let planes = [Products.ssimMap, .lossMap].filter(products.contains).count + (products.contains(.gradients) ? 2 : 0)
        try WorkingMemory.check(dimensions: img1.shape, planes: planes, bytesPerElement: MemoryLayout<Scalar>.size)
        // Casts between a type and itself, so that the kernel is compiled for the concrete type.
        if let x = img1 as? VolumeTensor<Float>, let y = img2 as? VolumeTensor<Float> {
            return compute(x, y, mapShape: computation.mapShape, options: options, reduction: reduction, products: products)
                as! SSIM3DResult<Scalar>
        }
        let (x, y) = (img1 as! VolumeTensor<Double>, img2 as! VolumeTensor<Double>)
        return compute(x, y, mapShape: computation.mapShape, options: options, reduction: reduction, products: products)
            as! SSIM3DResult<Scalar>
    }

    /// Why the fast implementation does not compute 3-D SSIM under `convention`, or nil where it does: it needs
    /// Kornia's 2-D convention on every plane and along D (no depth border, σ or taps of its own), every axis padded
    /// by its taps' reach, no axis left unblurred. The window may be applied as one cubic convolution or separably:
    /// both conventions' bounds admit three 1-D passes. How half precisions are computed is the caller's (FastSSIM
    /// takes `Float` and `Double`).
    public static func fastSupport(_ convention: SSIM3DConvention) -> String? {
        let kornia = SSIM3DConvention.kornia
        guard convention.plane.computesLike(kornia.plane) else {
            return "the fast implementation computes each plane as Kornia's SSIM, not as `\(convention.plane.name)` (\(convention.plane))"
        }
        guard convention.along(.depth).computesLike(kornia.plane) else {
            return "the fast implementation blurs along D as along H and W, not with the depth's own border, σ or taps (\(convention))"
        }
        guard convention.paddedByWindowSize.isEmpty && !convention.skipsShortAxes else {
            return "the fast implementation pads every axis by its taps' reach and blurs every axis (\(convention))"
        }
        return nil
    }

    /// How many bands of depth planes and of rows to cut each of `volumes` volumes into, for a window of `taps` taps:
    /// the rows first, whose halo costs the blocks only a pass along W, then the depth, as ``bands(rows:planes:taps:)``
    /// cuts the rows of planes (about eight blocks per worker in all, none thinner than 4k).
    func volumeBlocks(volumes: Int, depth: Int, height: Int, taps: Int) -> (depth: Int, rows: Int) {
        let rows = bands(rows: height, planes: volumes, taps: taps)
        return (bands(rows: depth, planes: volumes * rows, taps: taps), rows)
    }

    /// Runs the volume kernel in `S`.
    private func compute<S: FastSSIMScalar>(
        _ img1: VolumeTensor<S>, _ img2: VolumeTensor<S>, mapShape: [Int], options: SSIMOptions,
        reduction: SSIMReduction, products: Products
    ) -> SSIM3DResult<S> {
        let shape = img1.shape
        let (volumes, depth, height, width) = (shape[0] * shape[1], shape[2], shape[3], shape[4])
        let geometry = FastGeometry(
            height: height, width: width, radius: options.radius, crop: options.crop, mapHeight: mapShape[3],
            mapWidth: mapShape[4], lanes: FastGeometry.rowGranularity / MemoryLayout<S>.stride)
        let gradients = products.contains(.gradients)
        let computed = FastOutputs(
            img1.values, img2.values, options: options, instructions: instructions, mapCount: mapShape.reduce(1, *),
            rows: volumes * depth * height, reduction: reduction, products: products
        ) { setup in
            runVolumes(
                setup, geometry: geometry, volumes: volumes, depth: depth, depthCrop: (depth - mapShape[2]) / 2,
                mapDepth: mapShape[2], gradients: gradients)
        }
        func volume(_ values: [S]?, _ shape: [Int]) -> VolumeTensor<S>? {
            values.map { VolumeTensor(validatedShape: shape, values: $0) }
        }
        return SSIM3DResult(
            ssimMap: volume(computed.ssimMap, mapShape), lossMap: volume(computed.lossMap, mapShape),
            reducedLoss: computed.reducedLoss, gradImg1: volume(computed.grad1, shape),
            gradImg2: volume(computed.grad2, shape))
    }

    /// Cuts `volumes` channel volumes of `depth` planes into blocks of depth planes and rows and runs the volume
    /// kernel on them on the workers (``FastVolumeKernel``): the map drops `depthCrop` planes from each end of the
    /// depth, leaving `mapDepth`; along D the window `depthWindow` (its reach and weights; nil: the plane's). Each
    /// worker, with rings of its own, takes the next block not yet taken until none is left; blocks write disjoint
    /// parts of the outputs.
    func runVolumes<S: FastSSIMScalar>(
        _ setup: FastSetup<S>, geometry: FastGeometry, volumes: Int, depth: Int, depthCrop: Int, mapDepth: Int,
        depthWindow: FastDepthWindow<S>? = nil, gradients: Bool
    ) {
        let depthWindow = depthWindow ?? FastDepthWindow(radius: geometry.radius, weights: setup.weights)
        let height = geometry.height
        let (depthBands, rowBands) = volumeBlocks(volumes: volumes, depth: depth, height: height, taps: geometry.taps)
        let bandHeight = (height + rowBands - 1) / rowBands, bandDepth = (depth + depthBands - 1) / depthBands
        let halo = gradients ? geometry.radius : 0
        let units = volumes * depthBands * rowBands, queue = BandQueue(count: units)
        perform(workers: workers(units: units, pixels: volumes * depth * height * geometry.width)) {
            let scratch = FastScratch<S>(geometry: geometry, gradients: true)
            let volumeScratch = FastVolumeScratch<S>(
                geometry: geometry, rows: min(geometry.mapHeight, bandHeight + 2 * halo), gradients: gradients)
            defer {
                scratch.deallocate()
                volumeScratch.deallocate()
            }
            let kernel = FastVolumeKernel(
                plane: FastBandKernel(geometry: geometry, setup: setup, scratch: scratch), depth: depth,
                depthCrop: depthCrop, mapDepth: mapDepth, depthWindow: depthWindow, scratch: volumeScratch, firstPlane: 0)
            while let unit = queue.next() {
                let volume = unit / (depthBands * rowBands), block = unit % (depthBands * rowBands)
                let (d, h) = (block / rowBands * bandDepth, block % rowBands * bandHeight)
                kernel.run(volume: volume, planes: d..<min(depth, d + bandDepth), rows: h..<min(height, h + bandHeight))
            }
        }
    }
}
