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
    /// `fast_blur_symmetric_f32` or `_f64` (CFastKernels.h).
    static func blurSymmetric(
        _ instructions: FastSSIM.InstructionSet, _ input: UnsafePointer<Self>, inputStride: Int,
        _ output: UnsafeMutablePointer<Self>, outputStride: Int, channels: Int, count: Int,
        weights: UnsafePointer<Self>, radius: Int)
    /// `fast_blur_weighted_rows_f32` or `_f64` (CFastKernels.h).
    static func blurWeightedRows(
        _ instructions: FastSSIM.InstructionSet, _ terms: FastRowTerms<Self>, channels: Int, inputStride: Int,
        _ output: UnsafeMutablePointer<Self>, outputStride: Int, count: Int)
    /// `fast_row_products_f32` or `_f64` (CFastKernels.h): into the five rows from `output` on, `outputStride` apart.
    static func rowProducts(
        _ instructions: FastSSIM.InstructionSet, _ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>, count: Int,
        _ output: UnsafeMutablePointer<Self>, outputStride: Int)
    /// `fast_blur_two_rows_f32` or `_f64` (CFastKernels.h).
    static func blurTwoRows(
        _ instructions: FastSSIM.InstructionSet, _ rows: UnsafePointer<UnsafePointer<Self>?>,
        weights: UnsafePointer<Self>, radius: Int, channels: Int, inputStride: Int,
        _ first: UnsafeMutablePointer<Self>, _ second: UnsafeMutablePointer<Self>, outputStride: Int, count: Int)
    /// `fast_constants_f32` or `_f64`.
    static func constants(c1: Self, c2: Self, eps: Self, upstream: Self) -> Constants
    /// `fast_ssim_row_f32` or `_f64` (CFastKernels.h): the loss sum of the row.
    static func ssimRow(
        _ instructions: FastSSIM.InstructionSet, moments: UnsafePointer<Self>, stride: Int, width: Int,
        _ constants: Constants, ssimMap: UnsafeMutablePointer<Self>?, lossMap: UnsafeMutablePointer<Self>?,
        gradients: UnsafeMutablePointer<Self>?) -> Self
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

    static func blurSymmetric(
        _ instructions: FastSSIM.InstructionSet, _ input: UnsafePointer<Float>, inputStride: Int,
        _ output: UnsafeMutablePointer<Float>, outputStride: Int, channels: Int, count: Int,
        weights: UnsafePointer<Float>, radius: Int
    ) {
        fast_blur_symmetric_f32(
            instructions.kernels, input, inputStride, output, outputStride, Int32(channels), count, weights,
            Int32(radius))
    }

    static func blurWeightedRows(
        _ instructions: FastSSIM.InstructionSet, _ terms: FastRowTerms<Float>, channels: Int, inputStride: Int,
        _ output: UnsafeMutablePointer<Float>, outputStride: Int, count: Int
    ) {
        fast_blur_weighted_rows_f32(
            instructions.kernels, terms.pairA, terms.pairB, terms.pairWeights, Int32(terms.pairs), terms.singles,
            terms.singleWeights, Int32(terms.singleCount), Int32(channels), inputStride, output, outputStride, count)
    }

    static func rowProducts(
        _ instructions: FastSSIM.InstructionSet, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int,
        _ output: UnsafeMutablePointer<Float>, outputStride: Int
    ) {
        fast_row_products_f32(
            instructions.kernels, x, y, count, output, output + outputStride, output + 2 * outputStride,
            output + 3 * outputStride, output + 4 * outputStride)
    }

    static func blurTwoRows(
        _ instructions: FastSSIM.InstructionSet, _ rows: UnsafePointer<UnsafePointer<Float>?>,
        weights: UnsafePointer<Float>, radius: Int, channels: Int, inputStride: Int,
        _ first: UnsafeMutablePointer<Float>, _ second: UnsafeMutablePointer<Float>, outputStride: Int, count: Int
    ) {
        fast_blur_two_rows_f32(
            instructions.kernels, rows, weights, Int32(radius), Int32(channels), inputStride, first, second,
            outputStride, count)
    }

    static func constants(c1: Float, c2: Float, eps: Float, upstream: Float) -> fast_constants_f32 {
        fast_constants_f32(c1: c1, c2: c2, eps: eps, upstream: upstream)
    }

    static func ssimRow(
        _ instructions: FastSSIM.InstructionSet, moments: UnsafePointer<Float>, stride: Int, width: Int,
        _ constants: fast_constants_f32, ssimMap: UnsafeMutablePointer<Float>?,
        lossMap: UnsafeMutablePointer<Float>?, gradients: UnsafeMutablePointer<Float>?
    ) -> Float {
        fast_ssim_row_f32(instructions.kernels, moments, stride, width, constants, ssimMap, lossMap, gradients)
    }
}

extension Double: FastSSIMScalar {
    typealias Vector = SIMD4<Double>

    static func blurSymmetric(
        _ instructions: FastSSIM.InstructionSet, _ input: UnsafePointer<Double>, inputStride: Int,
        _ output: UnsafeMutablePointer<Double>, outputStride: Int, channels: Int, count: Int,
        weights: UnsafePointer<Double>, radius: Int
    ) {
        fast_blur_symmetric_f64(
            instructions.kernels, input, inputStride, output, outputStride, Int32(channels), count, weights,
            Int32(radius))
    }

    static func blurWeightedRows(
        _ instructions: FastSSIM.InstructionSet, _ terms: FastRowTerms<Double>, channels: Int, inputStride: Int,
        _ output: UnsafeMutablePointer<Double>, outputStride: Int, count: Int
    ) {
        fast_blur_weighted_rows_f64(
            instructions.kernels, terms.pairA, terms.pairB, terms.pairWeights, Int32(terms.pairs), terms.singles,
            terms.singleWeights, Int32(terms.singleCount), Int32(channels), inputStride, output, outputStride, count)
    }

    static func rowProducts(
        _ instructions: FastSSIM.InstructionSet, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int,
        _ output: UnsafeMutablePointer<Double>, outputStride: Int
    ) {
        fast_row_products_f64(
            instructions.kernels, x, y, count, output, output + outputStride, output + 2 * outputStride,
            output + 3 * outputStride, output + 4 * outputStride)
    }

    static func blurTwoRows(
        _ instructions: FastSSIM.InstructionSet, _ rows: UnsafePointer<UnsafePointer<Double>?>,
        weights: UnsafePointer<Double>, radius: Int, channels: Int, inputStride: Int,
        _ first: UnsafeMutablePointer<Double>, _ second: UnsafeMutablePointer<Double>, outputStride: Int, count: Int
    ) {
        fast_blur_two_rows_f64(
            instructions.kernels, rows, weights, Int32(radius), Int32(channels), inputStride, first, second,
            outputStride, count)
    }

    static func constants(c1: Double, c2: Double, eps: Double, upstream: Double) -> fast_constants_f64 {
        fast_constants_f64(c1: c1, c2: c2, eps: eps, upstream: upstream)
    }

    static func ssimRow(
        _ instructions: FastSSIM.InstructionSet, moments: UnsafePointer<Double>, stride: Int, width: Int,
        _ constants: fast_constants_f64, ssimMap: UnsafeMutablePointer<Double>?,
        lossMap: UnsafeMutablePointer<Double>?, gradients: UnsafeMutablePointer<Double>?
    ) -> Double {
        fast_ssim_row_f64(instructions.kernels, moments, stride, width, constants, ssimMap, lossMap, gradients)
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
