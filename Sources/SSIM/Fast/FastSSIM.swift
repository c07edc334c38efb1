import Dispatch
import FoundationEssentials
import Synchronization

/// The production SSIM: the reference's semantics (``SSIMOptions``, Kornia 0.9.0's), computed in the input's own
/// precision (`Float` or `Double`), fast, on all cores. The free functions ``ssim(_:_:windowSize:maxVal:eps:padding:)``,
/// ``ssimLoss(_:_:windowSize:maxVal:eps:reduction:padding:)``, ``ssimLossWithGradients(_:_:windowSize:maxVal:eps:reduction:padding:)``
/// and ``SSIMLoss`` use it; the reference stays the oracle it is certified against, and it knows nothing of it.
///
/// How: the blur is separable (along W, then along H, each a weighted sum of the window's taps); the four moment
/// products (x, y, x² + y², xy: the formulas read σx² and σy² only as their sum, so one blur serves both) and the
/// pass along W are fused on one mirrored row buffer; the pass along H reads a ring of blurred rows, and the SSIM
/// ratio, the loss and its gradients follow row by row. Without gradients the rows are swept in tiles of columns (four
/// map rows at once), so that the ring stays within the first-level cache. The gradient is the blur's adjoint applied
/// the same way, row by row, as soon as the rows it needs are known: one pass, not a forward pass per pixel. The inner
/// loops run on the processor's best instructions (``InstructionSet``) on vectors along W (32 or 64 bytes). Work is
/// split into bands of rows of each plane of each sample, run on `threads` workers. Memory: the outputs asked for,
/// plus a few rows of the image's width per worker; a 'mean' or 'sum' loss without gradients allocates nothing of
/// the image's size.
///
/// Accuracy: every element stays within the golden vectors' acceptance bounds for its precision, which the
/// certification checks (the forward error analysis of ``SSIMErrorBounds`` allows any order of summation within each
/// blur pass and reduction, and fused multiply-adds; σx² + σy² computed as E[x² + y²] − (μx² + μy²) rounds once more
/// in the products and once less in the variances' sum than the reference's (E[x²] − μx²) + (E[y²] − μy²)); the
/// reduction sums each row's vector lanes, then the row sums pairwise. The results do not depend on the number of
/// threads, nor the forward outputs on whether gradients are asked for; they depend, within those bounds, on the
/// instructions.
public struct FastSSIM: Sendable {
    /// How many workers share the bands; at least 1.
    public let threads: Int
    /// The instructions the inner loops run on.
    public let instructions: InstructionSet

    /// The fastest instructions this processor runs.
    ///
    /// - Parameter threads: the number of workers; by default, one per active processor.
    public init(threads: Int? = nil) {
        self.threads = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        instructions = .best
    }

    /// The instructions asked for, or nil if this processor does not run them (see ``InstructionSet/supported``).
    ///
    /// - Parameter threads: the number of workers; by default, one per active processor.
    public init?(threads: Int? = nil, instructions: InstructionSet) {
        guard InstructionSet.supported.contains(instructions) else { return nil }
        self.threads = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        self.instructions = instructions
    }

    /// The outputs to compute besides the loss.
    public struct Products: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// The SSIM map.
        public static let ssimMap = Products(rawValue: 1)
        /// The per-pixel loss map (what a 'none' reduction returns).
        public static let lossMap = Products(rawValue: 2)
        /// ∂loss/∂img1 and ∂loss/∂img2.
        public static let gradients = Products(rawValue: 4)
    }

    /// Computes the reduced loss (nil for 'none') and the products asked for, in the inputs' precision; the outputs
    /// not asked for are nil.
    ///
    /// - Throws: ``SSIMError/shapeMismatch(img1:img2:)`` or ``SSIMError/imageTooSmall(height:width:windowSize:padding:)``;
    ///   ``SSIMError/tooLarge(shape:bytes:available:)`` when the outputs asked for would not fit in memory.
    public func evaluate<Scalar: SSIMScalar>(
        _ img1: ImageTensor<Scalar>, _ img2: ImageTensor<Scalar>,
        options: SSIMOptions, reduction: SSIMReduction, products: Products = []
    ) throws(SSIMError) -> SSIMOutputs<Scalar> {
        try options.validate(img1.shape, img2.shape)
        try Self.checkWorkingMemory(img1.shape, products: products, bytesPerElement: MemoryLayout<Scalar>.size)
        // Casts between a type and itself, so that the kernel is compiled for the concrete type.
        if let x = img1 as? ImageTensor<Float>, let y = img2 as? ImageTensor<Float> {
            return compute(x, y, options: options, reduction: reduction, products: products) as! SSIMOutputs<Scalar>
        }
        let (x, y) = (img1 as! ImageTensor<Double>, img2 as! ImageTensor<Double>)
        return compute(x, y, options: options, reduction: reduction, products: products) as! SSIMOutputs<Scalar>
    }

    /// Checks that the outputs `products` asks for fit in this machine's physical memory: a map product is at most
    /// an image's size, the gradients two; the rows each worker holds are negligible beside them.
    static func checkWorkingMemory(_ shape: Shape, products: Products, bytesPerElement: Int) throws(SSIMError) {
        let planes = [Products.ssimMap, .lossMap].filter(products.contains).count + (products.contains(.gradients) ? 2 : 0)
        try WorkingMemory.check(shape, planes: planes, bytesPerElement: bytesPerElement)
    }

    /// Runs the kernel in `S`.
    private func compute<S: FastSSIMScalar>(
        _ img1: ImageTensor<S>, _ img2: ImageTensor<S>,
        options: SSIMOptions, reduction: SSIMReduction, products: Products
    ) -> SSIMOutputs<S> {
        let shape = img1.shape
        let planes = shape.planes, height = shape.height, width = shape.width
        let mapShape = options.mapShape(shape)
        let (mapHeight, mapWidth) = (mapShape.height, mapShape.width)
        let mapCount = planes * mapHeight * mapWidth
        let geometry = FastGeometry(
            height: height, width: width, radius: options.radius, crop: options.crop, mapHeight: mapHeight,
            mapWidth: mapWidth, lanes: FastGeometry.rowGranularity / MemoryLayout<S>.stride)
        let computed = FastOutputs(
            img1.values, img2.values, options: options, instructions: instructions, mapCount: mapCount,
            rows: planes * height, reduction: reduction, products: products
        ) { setup in
            run(setup, geometry: geometry, planes: planes, gradients: products.contains(.gradients))
        }
        func tensor(_ values: [S]?, _ shape: Shape) -> ImageTensor<S>? {
            values.map { ImageTensor(validatedShape: shape, values: $0) }
        }
        return SSIMOutputs(
            ssimMap: tensor(computed.ssimMap, mapShape), lossMap: tensor(computed.lossMap, mapShape),
            reducedLoss: computed.reducedLoss,
            gradImg1: tensor(computed.grad1, shape), gradImg2: tensor(computed.grad2, shape))
    }

    /// Splits the planes into bands of rows and runs them on the workers. Each worker, with row buffers of its own,
    /// takes the next band not yet taken until none is left (a worker slowed by other work takes fewer); bands write
    /// disjoint rows of the outputs.
    func run<S: FastSSIMScalar>(_ setup: FastSetup<S>, geometry: FastGeometry, planes: Int, gradients: Bool) {
        run([(setup: setup, geometry: geometry)], planes: planes, gradients: gradients)
    }

    /// ``run(_:geometry:planes:gradients:)`` for several computations on `planes` planes each (MS-SSIM's scales), their
    /// bands in one queue: a worker free of one computation's bands takes the next one's. Row buffers are a worker's
    /// own for each computation, as each computation's zero padding must be (the kernels rely on it).
    func run<S: FastSSIMScalar>(
        _ computations: [(setup: FastSetup<S>, geometry: FastGeometry)], planes: Int, gradients: Bool
    ) {
        let bandsPerPlane = computations.map { bands(rows: $0.geometry.height, planes: planes, taps: $0.geometry.taps) }
        // The first unit of each computation, and the end of the last.
        let starts = bandsPerPlane.reduce(into: [0]) { $0.append($0.last! + planes * $1) }
        let queue = BandQueue(count: starts.last!)
        let pixels = computations.map { planes * $0.geometry.height * $0.geometry.width }.reduce(0, +)
        perform(workers: workers(units: starts.last!, pixels: pixels)) {
            var scratches: [Int: FastScratch<S>] = [:]
            defer { scratches.values.forEach { $0.deallocate() } }
            while let unit = queue.next() {
                let k = starts.lastIndex { $0 <= unit }!, (setup, geometry) = computations[k]
                let scratch = scratches[k] ?? FastScratch<S>(geometry: geometry, gradients: gradients)
                scratches[k] = scratch
                let local = unit - starts[k], plane = local / bandsPerPlane[k], band = local % bandsPerPlane[k]
                let bandHeight = (geometry.height + bandsPerPlane[k] - 1) / bandsPerPlane[k]
                FastBandKernel(geometry: geometry, setup: setup, scratch: scratch)
                    .run(plane: plane, rows: band * bandHeight, min(geometry.height, (band + 1) * bandHeight))
            }
        }
    }

    /// Calls `body` with every plane of `shape` and bands of its rows that together cover them once, on the workers:
    /// cheap work on every row, cut into about four bands per worker, none thinner than 8 rows; `pixels` is the
    /// work's size in pixels, for ``workers(units:pixels:)``.
    func forEachRowBand(of shape: Shape, pixels: Int, _ body: @Sendable (_ plane: Int, _ rows: Range<Int>) -> Void) {
        let bandsPerPlane = max(1, min((4 * threads + shape.planes - 1) / shape.planes, shape.height / 8))
        let bandHeight = (shape.height + bandsPerPlane - 1) / bandsPerPlane
        forEachUnit(shape.planes * bandsPerPlane, pixels: pixels) { unit in
            let plane = unit / bandsPerPlane, first = unit % bandsPerPlane * bandHeight
            body(plane, first..<min(shape.height, first + bandHeight))
        }
    }

    /// Calls `body` with each of `count` units of work once, on the workers, each taking the next unit not yet
    /// taken; `pixels` is the work's size in pixels, for ``workers(units:pixels:)``.
    func forEachUnit(_ count: Int, pixels: Int, _ body: @Sendable (_ unit: Int) -> Void) {
        let queue = BandQueue(count: count)
        perform(workers: workers(units: count, pixels: pixels)) {
            while let unit = queue.next() { body(unit) }
        }
    }

    /// How many bands to cut each of `planes` planes of `rows` rows into, for a window of `taps` taps: about eight per
    /// worker in all, but none thinner than 4k rows (its halo of 2r rows is recomputed).
    func bands(rows: Int, planes: Int, taps: Int) -> Int {
        max(1, min((8 * threads + planes - 1) / planes, rows / max(32, 4 * taps)))
    }

    /// How many workers to wake for `units` units of work on `pixels` pixels: small inputs are not worth waking
    /// workers for.
    func workers(units: Int, pixels: Int) -> Int { pixels < 16_384 ? 1 : min(threads, units) }

    /// Runs `work` on `workers` workers at once (on the calling thread alone for one).
    func perform(workers: Int, _ work: @Sendable () -> Void) {
        if workers == 1 {
            work()
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in work() }
        }
    }
}

/// Calls `body` with a pointer to the array's elements, or nil for no array.
func withOptionalPointer<S, Result>(
    _ array: inout [S]?, _ body: (UnsafeMutablePointer<S>?) -> Result
) -> Result {
    guard array != nil else { return body(nil) }
    return array!.withUnsafeMutableBufferPointer { body($0.baseAddress) }
}

/// Hands out band numbers 0, 1, 2, … to workers, each once.
final class BandQueue: Sendable {
    /// How many bands have been handed out.
    private let taken = Mutex(0)
    private let count: Int

    init(count: Int) {
        self.count = count
    }

    func next() -> Int? {
        taken.withLock { taken in
            guard taken < count else { return nil }
            taken += 1
            return taken - 1
        }
    }
}
