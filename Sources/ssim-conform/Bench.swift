import ArgumentParser
import Dispatch
import FoundationEssentials
import Glibc
import SSIM
import SSIMConformance
import SSIMVectors

/// `ssim-conform bench`: how fast a built-in implementation computes the SSIM, MS-SSIM, MS-SSIM + L1 or 3-D SSIM loss
/// of random images or volumes.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure a built-in implementation's SSIM, MS-SSIM, MS-SSIM + L1, 3-D SSIM or 3-D MS-SSIM loss ('mean') on random images or volumes.",
        discussion: """
            Draws two images of --shape from a fixed seed (img2 is img1 mixed half-and-half with independent noise), \
            computes the 'mean' SSIM loss (window 11, maxVal 1, 'same'; with --metric ms-ssim, wang-msssim's loss \
            1 − MS-SSIM, window 11, Wang's five scales; with --metric ms-ssim-l1, Kornia's MS_SSIMLoss at its defaults, \
            σ 0.5…8, 33 taps, α 0.025, compensation 200, on images of default shape 1x3x512x512; with --metric ssim-3d, \
            Kornia's ssim3d_loss on volumes of --shape BxCxDxHxW, window 11 on every axis, maxVal 1, 'same'; with \
            --metric ms-ssim-3d, pytorch-msssim's loss 1 − MS-SSIM on volumes, window 5 on every axis, Wang's five \
            scales), with both gradients if --gradient, once to \
            warm up and then --runs times, and prints the throughput in megapixels per second (every channel of \
            every pixel counts: B·C·H·W per run, B·C·D·H·W for volumes), the median and minimum seconds, and the peak memory: the \
            process's peak resident set size (getrusage's ru_maxrss), inputs, outputs and the program itself \
            included. --instructions chooses the instructions of the fast implementation's inner loops (default: the \
            fastest this processor runs). With --peak it also measures the machine's arithmetic peak for those \
            instructions (multiply-and-add chains on 32-byte vectors on every worker) and compares the work the \
            algorithm needs with it. \
            With --json the last line is one JSON object with every number.
            """)

    @Option(help: "The metric: ssim (Kornia's SSIM loss), ms-ssim (wang-msssim's loss 1 − MS-SSIM, window 11, Wang's five scales), ms-ssim-l1 (Kornia's MS_SSIMLoss at its defaults), ssim-3d (Kornia's ssim3d_loss, window 11) or ms-ssim-3d (pytorch-msssim's loss 1 − MS-SSIM on volumes, window 5, Wang's five scales).")
    var metric: Metric = .ssim

    @Option(help: "The images' shape, BxCxHxW (default 1x3x1080x1920; for ms-ssim-l1 1x3x512x512); for ssim-3d and ms-ssim-3d the volumes', BxCxDxHxW (default 1x1x64x128x128, and 1x1x128x128x128 for ms-ssim-3d, whose coarsest scale needs 5 voxels on every axis).")
    var shape: String?

    @Option(help: "The precision of the images: float32 or float64.")
    var dtype: DType = .float32

    @Flag(help: "Compute ∂loss/∂img1 and ∂loss/∂img2 too.")
    var gradient = false

    @Option(help: "The built-in implementation: \(BuiltInImplementation.names).")
    var implementation: BuiltInImplementation = .fast

    @Option(help: "Timed runs after the warm-up.")
    var runs = 7

    @Option(help: "Workers for the fast implementation (default: one per active processor).")
    var threads: Int?

    @Option(help: "The fast implementation's instructions: \(FastSSIM.InstructionSet.supported.map(\.rawValue).joined(separator: " or ")) on this processor (default: the last).")
    var instructions: FastSSIM.InstructionSet = .best

    @Option(help: "The seed of the random images.")
    var seed: UInt64 = 20_261_126

    @Flag(help: "Also measure the machine's peak for the multiply-add of --instructions, and the fraction of it used.")
    var peak = false

    @Flag(help: "End with one line of JSON.")
    var json = false

    enum DType: String, ExpressibleByArgument {
        case float32, float64
    }

    enum Metric: String, ExpressibleByArgument {
        case ssim
        case msSSIM = "ms-ssim"
        case msSSIML1 = "ms-ssim-l1"
        case ssim3D = "ssim-3d"
        case msSSIM3D = "ms-ssim-3d"

        /// Whether it compares volumes (BxCxDxHxW) rather than images.
        var hasVolumes: Bool { self == .ssim3D || self == .msSSIM3D }
    }

    func validate() throws {
        guard parsedShape != nil else {
            throw ValidationError(
                metric.hasVolumes
                    ? "--shape must be BxCxDxHxW with positive sizes for \(metric.rawValue), e.g. 1x1x64x128x128"
                    : "--shape must be BxCxHxW with positive sizes, e.g. 1x3x1080x1920")
        }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        guard (threads ?? 1) >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard metric == .ssim || !peak else { throw ValidationError("--peak counts the work of SSIM only") }
        guard FastSSIM.InstructionSet.supported.contains(instructions) else {
            throw ValidationError("this processor does not run --instructions \(instructions.rawValue)")
        }
    }

    private var parsedShape: [Int]? {
        let text = shape ?? [.ssim3D: "1x1x64x128x128", .msSSIM3D: "1x1x128x128x128", .msSSIML1: "1x3x512x512"][metric] ?? "1x3x1080x1920"
        let sizes = text.lowercased().split(separator: "x").compactMap { Int($0) }
        return sizes.count == (metric.hasVolumes ? 5 : 4) && sizes.allSatisfy({ $0 > 0 }) ? sizes : nil
    }

    func run() throws {
        let shape = parsedShape!
        let fast = FastSSIM(threads: threads, instructions: instructions)!
        let times: [Double]
        do {
            // The two inputs are allocated here, before either implementation checks its own working memory.
            try WorkingMemory.check(dimensions: shape, planes: 2, bytesPerElement: dtype == .float32 ? 4 : 8)
            switch dtype {
            case .float32: times = try measure(Float.self, shape: shape, fast: fast)
            case .float64: times = try measure(Double.self, shape: shape, fast: fast)
            }
        } catch let error as SSIMError {
            throw CommandFailure("bench", "\(error)")
        }
        let sorted = times.sorted()
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        let samples = shape.reduce(1, *)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let peakMiB = Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
        let bytes = dtype == .float32 ? 4 : 8
        let inputMiB = Double(2 * samples * bytes) / 1_048_576
        let workers = implementation == .fast ? fast.threads : 1
        var result = Measured(
            shape: shape, dtype: dtype.rawValue, gradient: gradient, implementation: implementation.rawValue,
            metric: metric.rawValue, threads: workers, instructions: instructions.rawValue, runs: runs,
            medianSeconds: median, minSeconds: sorted[0],
            megapixelsPerSecond: Double(samples) / median / 1e6, peakRSSMiB: peakMiB, inputsMiB: inputMiB)
        print("""
            \(implementation.rawValue) \(metric.rawValue) \(dtype.rawValue) \(shape.map(String.init).joined(separator: "x"))\
            \(gradient ? " with gradients" : ""), \(workers) thread(s), \(runs) runs after a warm-up
              throughput \(NumberText.fixed(Double(samples) / median / 1e6, decimals: 1)) megapixels/s (\(metric.hasVolumes ? "B·C·D·H·W" : "B·C·H·W") per second)
              median \(NumberText.fixed(median, decimals: 4)) s, min \(NumberText.fixed(sorted[0], decimals: 4)) s
              peak resident size \(NumberText.fixed(peakMiB, decimals: 1)) MiB (inputs \(NumberText.fixed(inputMiB, decimals: 1)) MiB)
            """)
        if peak {
            let flops = Double(samples) * Self.flopsPerSample(radius: 5, gradient: gradient)
            let peakRate = dtype == .float32
                ? ArithmeticPeak.multiplyAdd(Float.self, instructions: instructions, threads: workers)
                : ArithmeticPeak.multiplyAdd(Double.self, instructions: instructions, threads: workers)
            let achieved = flops / median
            result.algorithmGFLOP = flops / 1e9
            result.achievedGFLOPS = achieved / 1e9
            result.peakGFLOPS = peakRate / 1e9
            print("""
                  arithmetic: \(NumberText.fixed(Self.flopsPerSample(radius: 5, gradient: gradient), decimals: 0)) flops per sample, \
                \(NumberText.fixed(flops / 1e9, decimals: 2)) GFLOP per run, \(NumberText.fixed(achieved / 1e9, decimals: 1)) GFLOP/s achieved
                  peak of \(instructions.rawValue) multiply+add on \(workers) thread(s): \(NumberText.fixed(peakRate / 1e9, decimals: 1)) GFLOP/s \
                (\(NumberText.fixed(100 * achieved / peakRate, decimals: 0)) % of it used)
                """)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        }
    }

    /// What --json prints: the run and every number measured (the peak's only with --peak).
    private struct Measured: Encodable {
        let shape: [Int], dtype: String, gradient: Bool, implementation: String, metric: String
        let threads: Int, instructions: String, runs: Int
        let medianSeconds, minSeconds, megapixelsPerSecond, peakRSSMiB, inputsMiB: Double
        var algorithmGFLOP, achievedGFLOPS, peakGFLOPS: Double?

        enum CodingKeys: String, CodingKey {
            case shape, dtype, gradient, implementation, metric, threads, instructions, runs
            case medianSeconds = "median_seconds", minSeconds = "min_seconds", megapixelsPerSecond = "megapixels_per_second"
            case peakRSSMiB = "peak_rss_mib", inputsMiB = "inputs_mib"
            case algorithmGFLOP = "algorithm_gflop", achievedGFLOPS = "achieved_gflops", peakGFLOPS = "peak_gflops"
        }
    }

    /// The floating-point operations the fast implementation performs per sample (pixel of one channel) with a window
    /// of radius r, counting each add, multiply, divide and compare once (a fused multiply-add as two), in the
    /// cheapest form of each step — the work the algorithm needs: each of the two blur passes of the four
    /// moments (x, y, x² + y², xy: `FAST_MOMENTS`) costs 3r + 1 per moment (r pair sums, r + 1 multiplies, r
    /// accumulations); the products 4 (three squares and products, one sum); the ratio and the clamped loss 25 (σx² +
    /// σy² one subtraction from E[x² + y²]); with gradients, the moment gradients 28, two adjoint passes of four rows
    /// at 3r + 1 each, and the chain rule through the products 10.
    static func flopsPerSample(radius r: Int, gradient: Bool) -> Double {
        let blurPass = Double(3 * r + 1)
        let forward = 4 + 2 * 4 * blurPass + 25
        return gradient ? forward + 28 + 2 * 4 * blurPass + 10 : forward
    }

    private func measure<S: SSIMScalar>(_: S.Type, shape: [Int], fast: FastSSIM) throws -> [Double] {
        var random = SplitMix64(seed: seed)
        let count = shape.reduce(1, *)
        let x = (0..<count).map { _ in S(random.unit()) }
        let y = x.map { 0.5 * $0 + 0.5 * S(random.unit()) }
        let options = try SSIMOptions(windowSize: 11)
        // Images, or volumes for 3-D SSIM and 3-D MS-SSIM.
        let images = metric.hasVolumes ? nil : (try ImageTensor(shape: shape, values: x), try ImageTensor(shape: shape, values: y))
        let volumes = metric.hasVolumes ? (try VolumeTensor(shape: shape, values: x), try VolumeTensor(shape: shape, values: y)) : nil
        let pytorchMSSSIM = MSSSIM3DConvention.pytorchMSSSIM.asked(windowSize: 5, weights: nil)
        var checksum = 0.0
        func once() throws -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            switch (implementation, metric) {
            case (.fast, .ssim3D):
                let (img1, img2) = volumes!
                let outputs = try fast.evaluate(
                    img1, img2, options: options, reduction: .mean, products: gradient ? .gradients : [])
                checksum += Double(outputs.reducedLoss!) + Double(outputs.gradImg1?.values[count / 2] ?? 0)
            case (.reference, .ssim3D):
                let (img1, img2) = volumes!
                let outputs = try SSIM3DReference.evaluate(img1, img2, options: options, reduction: .mean, gradients: gradient)
                checksum += outputs.reducedLoss! + (outputs.gradImg1?.values[count / 2] ?? 0)
            case (.fast, .msSSIM3D):
                let (img1, img2) = volumes!
                let outputs = try fast.evaluate(img1, img2, maxVal: 1, convention: pytorchMSSSIM, reduction: .mean, gradients: gradient)
                checksum += Double(outputs.reducedLoss!) + Double(outputs.gradImg1?.values[count / 2] ?? 0)
            case (.reference, .msSSIM3D):
                let (img1, img2) = volumes!
                let outputs = try MSSSIM3DReference.evaluate(
                    img1, img2, maxVal: 1, convention: pytorchMSSSIM, reduction: .mean, gradients: gradient)
                checksum += outputs.reducedLoss! + (outputs.gradImg1?.values[count / 2] ?? 0)
            case (.fast, .msSSIM):
                let (img1, img2) = images!
                let outputs = try fast.evaluate(img1, img2, maxVal: 1, reduction: .mean, gradients: gradient)
                checksum += Double(outputs.reducedLoss!) + Double(outputs.gradImg1?.values[count / 2] ?? 0)
            case (.reference, .msSSIM):
                let (img1, img2) = images!
                let outputs = try MSSSIMReference.evaluate(img1, img2, maxVal: 1, reduction: .mean, gradients: gradient)
                checksum += outputs.reducedLoss! + (outputs.gradImg1?.values[count / 2] ?? 0)
            case (.fast, .msSSIML1):
                let (img1, img2) = images!
                let outputs = try fast.evaluate(
                    img1, img2, maxVal: 1, convention: MSSSIML1Convention.kornia, reduction: .mean, gradients: gradient)
                checksum += Double(outputs.reducedLoss!) + Double(outputs.gradImg1?.values[count / 2] ?? 0)
            case (.reference, .msSSIML1):
                let (img1, img2) = images!
                let outputs = try MSSSIML1Reference.evaluate(img1, img2, maxVal: 1, reduction: .mean, gradients: gradient)
                checksum += outputs.reducedLoss! + (outputs.gradImg1?.values[count / 2] ?? 0)
            case (.fast, .ssim):
                let (img1, img2) = images!
                let outputs = try fast.evaluate(
                    img1, img2, options: options, reduction: .mean, products: gradient ? .gradients : [])
                checksum += Double(outputs.reducedLoss!) + Double(outputs.gradImg1?.values[count / 2] ?? 0)
            case (.reference, .ssim):
                let (img1, img2) = images!
                let outputs = try SSIMReference.evaluate(img1, img2, options: options, reduction: .mean, gradients: gradient)
                checksum += outputs.reducedLoss! + (outputs.gradImg1?.values[count / 2] ?? 0)
            }
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        _ = try once()
        let times = try (0..<runs).map { _ in try once() }
        if !checksum.isFinite { print("note: the loss is not finite") }
        return times
    }
}

extension FastSSIM.InstructionSet: ExpressibleByArgument {}
