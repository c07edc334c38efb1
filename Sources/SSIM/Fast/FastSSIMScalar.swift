import CFastKernels
import Glibc

/// A precision the fast implementation computes in, and the loops of `CFastKernels` for it.
///
/// The package builds for the baseline of its target (no `-march` flags, which a package depending on ours could
/// not use), so on x86-64 Swift's vectors would be lowered to SSE registers. The products, the blurs, the SSIM
/// arithmetic and the chain rule, nearly all of the work, run in `CFastKernels` instead, compiled for each
/// ``FastSSIM/InstructionSet``.
protocol FastSSIMScalar: SSIMScalar {
    /// The constants' struct of `CFastKernels` for this precision.
    associatedtype Constants
    /// The `_f32` or `_f64` functions of `CFastKernels`.
    static var kernels: FastKernels<Self, Constants> { get }
    /// selfʷ as C's `powf` or `pow` computes it (1 for an exponent of 0 whatever self, NaN for a negative self under
    /// a fractional exponent): MS-SSIM's powers of the scales' means.
    func power(_ exponent: Self) -> Self
}

/// The functions of `CFastKernels` for one precision, as Swift imports them (CFastKernels.h documents each).
struct FastKernels<S, Constants>: Sendable {
    typealias Row = UnsafeMutablePointer<S>?
    typealias Rows = UnsafePointer<UnsafePointer<S>?>?
    let momentRow:
        @Sendable (fast_isa, UnsafePointer<S>?, UnsafePointer<S>?, fast_geometry, UnsafePointer<S>?, Int, Row, Int, Row, Int)
            -> Void
    let blurSymmetric: @Sendable (fast_isa, UnsafePointer<S>?, Int, Row, Int, Int32, Int, UnsafePointer<S>?, Int32) -> Void
    let blurWeightedRows:
        @Sendable (fast_isa, Rows, Rows, UnsafePointer<S>?, Int32, Rows, UnsafePointer<S>?, Int32, Int32, Int, Row, Int, Int)
            -> Void
    let blurRows: @Sendable (fast_isa, Rows, UnsafePointer<S>?, Int32, Int32, Int, Row, Int32, Int, Int, Int) -> Void
    let ssimRow: @Sendable (fast_isa, UnsafePointer<S>?, Int, Int, Constants, Row, Row, Row) -> S
    let foldBorders:
        @Sendable (fast_isa, UnsafePointer<S>?, Int, Row, Int, Int32, Int, UnsafePointer<S>?, Int32) -> Void
    let chainRule:
        @Sendable (fast_isa, UnsafePointer<S>?, UnsafePointer<S>?, UnsafePointer<S>?, Int, Row, Row, Int) -> Void
    let forwardRows:
        @Sendable (
            fast_isa, UnsafePointer<S>?, UnsafePointer<S>?, fast_geometry, UnsafePointer<S>?, Constants, Row, Row, Row,
            Int, Int, Row
        ) -> Void
    let constants: @Sendable (S, S, S, S, fast_value) -> Constants
    let poolRow: @Sendable (fast_isa, UnsafePointer<S>?, UnsafePointer<S>?, Row, Int) -> Void
    let unpoolRow: @Sendable (fast_isa, UnsafePointer<S>?, Row, Int) -> Void
    let scaleRow: @Sendable (fast_isa, Row, Int, S) -> Int32
}

/// The terms of a weighted sum of rows: `pairs` pairs of rows, each pair's sum times its weight, then `singles`
/// rows times their weights.
struct FastRowTerms<S> {
    let pairA: UnsafePointer<UnsafePointer<S>?>
    let pairB: UnsafePointer<UnsafePointer<S>?>
    let pairWeights: UnsafePointer<S>
    let pairs: Int
    let singles: UnsafePointer<UnsafePointer<S>?>
    let singleWeights: UnsafePointer<S>
    let singleCount: Int
}

extension Float: FastSSIMScalar {
    func power(_ exponent: Float) -> Float { powf(self, exponent) }

    static let kernels = FastKernels<Float, fast_constants_f32>(
        momentRow: fast_moment_row_f32, blurSymmetric: fast_blur_symmetric_f32,
        blurWeightedRows: fast_blur_weighted_rows_f32, blurRows: fast_blur_rows_f32,
        ssimRow: fast_ssim_row_f32, foldBorders: fast_fold_borders_f32, chainRule: fast_chain_rule_f32,
        forwardRows: fast_forward_rows_f32, constants: fast_constants_f32.init, poolRow: fast_pool_row_f32,
        unpoolRow: fast_unpool_row_f32, scaleRow: fast_scale_row_f32)
}

// Double's `power` is MSSSIMArithmetic's, the reference's own `pow`.
extension Double: FastSSIMScalar {
    static let kernels = FastKernels<Double, fast_constants_f64>(
        momentRow: fast_moment_row_f64, blurSymmetric: fast_blur_symmetric_f64,
        blurWeightedRows: fast_blur_weighted_rows_f64, blurRows: fast_blur_rows_f64,
        ssimRow: fast_ssim_row_f64, foldBorders: fast_fold_borders_f64, chainRule: fast_chain_rule_f64,
        forwardRows: fast_forward_rows_f64, constants: fast_constants_f64.init, poolRow: fast_pool_row_f64,
        unpoolRow: fast_unpool_row_f64, scaleRow: fast_scale_row_f64)
}

extension FastSSIMScalar {
    /// `fast_moment_row`: padded row `paddedRow` of the plane whose images start at `x` and `y`, its moments
    /// blurred along W into the rows from `output` on, `outputStride` apart.
    static func momentRow(
        _ instructions: FastSSIM.InstructionSet, _ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>,
        geometry: fast_geometry, weights: UnsafePointer<Self>, paddedRow: Int, buffer: UnsafeMutablePointer<Self>,
        length: Int, _ output: UnsafeMutablePointer<Self>, outputStride: Int
    ) {
        kernels.momentRow(
            instructions.kernels, x, y, geometry, weights, paddedRow, buffer, length, output, outputStride)
    }

    /// `fast_blur_symmetric`.
    static func blurSymmetric(
        _ instructions: FastSSIM.InstructionSet, _ input: UnsafePointer<Self>, inputStride: Int,
        _ output: UnsafeMutablePointer<Self>, outputStride: Int, channels: Int, count: Int,
        weights: UnsafePointer<Self>, radius: Int
    ) {
        kernels.blurSymmetric(
            instructions.kernels, input, inputStride, output, outputStride, Int32(channels), count, weights,
            Int32(radius))
    }

    /// `fast_blur_weighted_rows`.
    static func blurWeightedRows(
        _ instructions: FastSSIM.InstructionSet, _ terms: FastRowTerms<Self>, channels: Int, inputStride: Int,
        _ output: UnsafeMutablePointer<Self>, outputStride: Int, count: Int
    ) {
        kernels.blurWeightedRows(
            instructions.kernels, terms.pairA, terms.pairB, terms.pairWeights, Int32(terms.pairs), terms.singles,
            terms.singleWeights, Int32(terms.singleCount), Int32(channels), inputStride, output, outputStride, count)
    }

    /// `fast_blur_rows`: `rows` map rows (1 … `FAST_BLUR_ROWS`), map row q's channels from `output` + q·`rowStride`.
    static func blurRows(
        _ instructions: FastSSIM.InstructionSet, _ lines: UnsafePointer<UnsafePointer<Self>?>,
        weights: UnsafePointer<Self>, radius: Int, channels: Int, inputStride: Int, _ output: UnsafeMutablePointer<Self>,
        rows: Int, rowStride: Int, outputStride: Int, count: Int
    ) {
        kernels.blurRows(
            instructions.kernels, lines, weights, Int32(radius), Int32(channels), inputStride, output, Int32(rows),
            rowStride, outputStride, count)
    }

    /// `fast_fold_borders`.
    static func foldBorders(
        _ instructions: FastSSIM.InstructionSet, _ z: UnsafePointer<Self>, zStride: Int,
        _ back: UnsafeMutablePointer<Self>, backStride: Int, channels: Int, width: Int,
        weights: UnsafePointer<Self>, radius: Int
    ) {
        kernels.foldBorders(
            instructions.kernels, z, zStride, back, backStride, Int32(channels), width, weights, Int32(radius))
    }

    /// `fast_chain_rule`.
    static func chainRule(
        _ instructions: FastSSIM.InstructionSet, _ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>,
        back: UnsafePointer<Self>, backStride: Int, _ gx: UnsafeMutablePointer<Self>,
        _ gy: UnsafeMutablePointer<Self>, width: Int
    ) {
        kernels.chainRule(instructions.kernels, x, y, back, backStride, gx, gy, width)
    }

    /// `fast_forward_rows`: map rows [start, stop) of the plane whose images start at `x` and `y`, its maps at
    /// `ssimMap` and `lossMap`, its row sums at `rowSums`.
    static func forwardRows(
        _ instructions: FastSSIM.InstructionSet, _ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>,
        geometry: fast_geometry, weights: UnsafePointer<Self>, _ constants: Constants,
        ssimMap: UnsafeMutablePointer<Self>?, lossMap: UnsafeMutablePointer<Self>?,
        rowSums: UnsafeMutablePointer<Self>?, rows start: Int, _ stop: Int, scratch: UnsafeMutablePointer<Self>
    ) {
        kernels.forwardRows(
            instructions.kernels, x, y, geometry, weights, constants, ssimMap, lossMap, rowSums, start, stop, scratch)
    }

    /// The constants' struct of `CFastKernels`, for rows computing `value` (by default the SSIM loss).
    static func constants(
        c1: Self, c2: Self, eps: Self, upstream: Self, value: fast_value = fast_value_ssim_loss
    ) -> Constants {
        kernels.constants(c1, c2, eps, upstream, value)
    }

    /// `fast_pool_row`.
    static func poolRow(
        _ instructions: FastSSIM.InstructionSet, _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>,
        _ output: UnsafeMutablePointer<Self>, count: Int
    ) {
        kernels.poolRow(instructions.kernels, a, b, output, count)
    }

    /// `fast_unpool_row`.
    static func unpoolRow(
        _ instructions: FastSSIM.InstructionSet, _ gradient: UnsafePointer<Self>, _ fine: UnsafeMutablePointer<Self>,
        count: Int
    ) {
        kernels.unpoolRow(instructions.kernels, gradient, fine, count)
    }

    /// `fast_scale_row`: the `count` values from `values` on multiplied by `factor` in place; whether every product is
    /// finite.
    static func scaleRow(
        _ instructions: FastSSIM.InstructionSet, _ values: UnsafeMutablePointer<Self>, count: Int, by factor: Self
    ) -> Bool {
        kernels.scaleRow(instructions.kernels, values, count, factor) != 0
    }

    /// `fast_ssim_row`: the sum of the row's values (the constants say which).
    static func ssimRow(
        _ instructions: FastSSIM.InstructionSet, moments: UnsafePointer<Self>, stride: Int, width: Int,
        _ constants: Constants, ssimMap: UnsafeMutablePointer<Self>?, lossMap: UnsafeMutablePointer<Self>?,
        gradients: UnsafeMutablePointer<Self>?
    ) -> Self {
        kernels.ssimRow(instructions.kernels, moments, stride, width, constants, ssimMap, lossMap, gradients)
    }
}

/// The sum of `count` values, pairwise: blocks of 16 added in order, then halves added recursively, so the rounding
/// error grows with log₂(count) rather than count.
func pairwiseSum<S: FloatingPoint>(_ values: UnsafePointer<S>, _ count: Int) -> S {
    if count <= 16 {
        var total = S.zero
        for index in 0..<count { total += values[index] }
        return total
    }
    let half = count / 2
    return pairwiseSum(values, half) + pairwiseSum(values + half, count - half)
}
