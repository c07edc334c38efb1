import CFastKernels

/// A precision the fast implementation computes in: the SIMD vector its Swift code computes with along W, and the
/// loops of `CFastKernels` for it.
///
/// The package builds for the baseline of its target (no `-march` flags, which a package depending on ours could
/// not use), so on x86-64 Swift's vectors are lowered to SSE registers. The products, the blurs and the SSIM
/// arithmetic, nearly all of the work, run in `CFastKernels` instead, compiled for each ``FastSSIM/InstructionSet``.
protocol FastSSIMScalar: SSIMScalar, SIMDScalar {
    associatedtype Vector: SIMD where Vector.Scalar == Self
    /// The constants' struct of `CFastKernels` for this precision.
    associatedtype Constants
    /// The `_f32` or `_f64` functions of `CFastKernels`.
    static var kernels: FastKernels<Self, Constants> { get }
}

/// The functions of `CFastKernels` for one precision, as Swift imports them (CFastKernels.h documents each).
struct FastKernels<S, Constants>: Sendable {
    typealias Row = UnsafeMutablePointer<S>?
    typealias Rows = UnsafePointer<UnsafePointer<S>?>?
    let rowProducts: @Sendable (fast_isa, UnsafePointer<S>?, UnsafePointer<S>?, Int, Row, Row, Row, Row, Row) -> Void
    let blurSymmetric: @Sendable (fast_isa, UnsafePointer<S>?, Int, Row, Int, Int32, Int, UnsafePointer<S>?, Int32) -> Void
    let blurWeightedRows:
        @Sendable (fast_isa, Rows, Rows, UnsafePointer<S>?, Int32, Rows, UnsafePointer<S>?, Int32, Int32, Int, Row, Int, Int)
            -> Void
    let blurTwoRows: @Sendable (fast_isa, Rows, UnsafePointer<S>?, Int32, Int32, Int, Row, Row, Int, Int) -> Void
    let ssimRow: @Sendable (fast_isa, UnsafePointer<S>?, Int, Int, Constants, Row, Row, Row) -> S
    let forwardRows:
        @Sendable (fast_isa, UnsafePointer<S>?, UnsafePointer<S>?, fast_geometry, UnsafePointer<S>?, Constants, Row, Row, Row, Int, Int, Row)
            -> Void
    let constants: @Sendable (S, S, S, S) -> Constants
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
    typealias Vector = SIMD8<Float>
    static let kernels = FastKernels<Float, fast_constants_f32>(
        rowProducts: fast_row_products_f32, blurSymmetric: fast_blur_symmetric_f32,
        blurWeightedRows: fast_blur_weighted_rows_f32, blurTwoRows: fast_blur_two_rows_f32,
        ssimRow: fast_ssim_row_f32, forwardRows: fast_forward_rows_f32, constants: fast_constants_f32.init)
}

extension Double: FastSSIMScalar {
    typealias Vector = SIMD4<Double>
    static let kernels = FastKernels<Double, fast_constants_f64>(
        rowProducts: fast_row_products_f64, blurSymmetric: fast_blur_symmetric_f64,
        blurWeightedRows: fast_blur_weighted_rows_f64, blurTwoRows: fast_blur_two_rows_f64,
        ssimRow: fast_ssim_row_f64, forwardRows: fast_forward_rows_f64, constants: fast_constants_f64.init)
}

extension FastSSIMScalar {
    /// `fast_row_products`: the row and its products into the five rows from `output` on, `outputStride` apart.
    static func rowProducts(
        _ instructions: FastSSIM.InstructionSet, _ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>, count: Int,
        _ output: UnsafeMutablePointer<Self>, outputStride: Int
    ) {
        kernels.rowProducts(
            instructions.kernels, x, y, count, output, output + outputStride, output + 2 * outputStride,
            output + 3 * outputStride, output + 4 * outputStride)
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

    /// `fast_blur_two_rows`.
    static func blurTwoRows(
        _ instructions: FastSSIM.InstructionSet, _ rows: UnsafePointer<UnsafePointer<Self>?>,
        weights: UnsafePointer<Self>, radius: Int, channels: Int, inputStride: Int,
        _ first: UnsafeMutablePointer<Self>, _ second: UnsafeMutablePointer<Self>, outputStride: Int, count: Int
    ) {
        kernels.blurTwoRows(
            instructions.kernels, rows, weights, Int32(radius), Int32(channels), inputStride, first, second,
            outputStride, count)
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

    /// The constants' struct of `CFastKernels`.
    static func constants(c1: Self, c2: Self, eps: Self, upstream: Self) -> Constants {
        kernels.constants(c1, c2, eps, upstream)
    }

    /// `fast_ssim_row`: the loss sum of the row.
    static func ssimRow(
        _ instructions: FastSSIM.InstructionSet, moments: UnsafePointer<Self>, stride: Int, width: Int,
        _ constants: Constants, ssimMap: UnsafeMutablePointer<Self>?, lossMap: UnsafeMutablePointer<Self>?,
        gradients: UnsafeMutablePointer<Self>?
    ) -> Self {
        kernels.ssimRow(instructions.kernels, moments, stride, width, constants, ssimMap, lossMap, gradients)
    }
}

extension UnsafePointer where Pointee: FastSSIMScalar {
    /// The vector of lanes starting at `offset` (any alignment).
    @inline(__always)
    func vector(_ offset: Int) -> Pointee.Vector {
        UnsafeRawPointer(self + offset).loadUnaligned(as: Pointee.Vector.self)
    }
}

extension UnsafeMutablePointer where Pointee: FastSSIMScalar {
    @inline(__always)
    func vector(_ offset: Int) -> Pointee.Vector {
        UnsafeRawPointer(self + offset).loadUnaligned(as: Pointee.Vector.self)
    }

    /// Stores `value`'s lanes from `offset` on (any alignment).
    @inline(__always)
    func store(_ value: Pointee.Vector, _ offset: Int) {
        UnsafeMutableRawPointer(self + offset).storeBytes(of: value, as: Pointee.Vector.self)
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
