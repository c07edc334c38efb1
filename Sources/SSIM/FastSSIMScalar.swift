/// A precision the fast implementation computes in, with the SIMD vector it computes with along W.
///
/// The package builds for the baseline of its target (no `-march` flags, which a package depending on ours could
/// not use), so on x86-64 a vector is lowered to SSE registers: eight `Float`s or four `Double`s make two of them,
/// enough independent work per instruction for the out-of-order core without running out of registers when five
/// moments are accumulated at once.
///
/// The lane selections are requirements, implemented for the concrete vector types: there the standard library's
/// comparisons are single vector instructions, while its generic `replacing(with:where:)` is compiled lane by lane,
/// with a branch per lane.
protocol FastSSIMScalar: SSIMScalar, SIMDScalar {
    associatedtype Vector: SIMD where Vector.Scalar == Self
    /// clamp(v, 0, 1) on each lane; NaN stays NaN (as ``SSIMArithmetic/clampedToUnit``).
    static func clampedToUnit(_ v: Vector) -> Vector
    /// `upstream` on each lane where 0 ≤ v ≤ 1, bounds included, and 0 elsewhere (NaN included): the gradient
    /// torch's clamp passes (as ``SSIMArithmetic/clampGradient(upstream:)``).
    static func clampGradient(_ v: Vector, upstream: Self) -> Vector
}

extension Float: FastSSIMScalar {
    typealias Vector = SIMD8<Float>

    @inline(__always)
    static func clampedToUnit(_ v: Vector) -> Vector {
        select(v .< 0, Vector(), select(v .> 1, Vector(repeating: 1), v))
    }

    @inline(__always)
    static func clampGradient(_ v: Vector, upstream: Float) -> Vector {
        select(v .>= 0, select(v .<= 1, Vector(repeating: upstream), Vector()), Vector())
    }
}

extension Double: FastSSIMScalar {
    typealias Vector = SIMD4<Double>

    @inline(__always)
    static func clampedToUnit(_ v: Vector) -> Vector {
        select(v .< 0, Vector(), select(v .> 1, Vector(repeating: 1), v))
    }

    @inline(__always)
    static func clampGradient(_ v: Vector, upstream: Double) -> Vector {
        select(v .>= 0, select(v .<= 1, Vector(repeating: upstream), Vector()), Vector())
    }
}

/// `chosen` where `mask` is true, `other` elsewhere, with bitwise operations on the lanes. A mask's lanes are stored
/// as integers of the lanes' width, all ones for true and zero for false (`SIMDMask`'s representation), so it is
/// reinterpreted rather than read lane by lane.
@inline(__always)
private func select<V: SIMD>(_ mask: SIMDMask<V.MaskStorage>, _ chosen: V, _ other: V) -> V {
    let bits = unsafeBitCast(mask, to: V.MaskStorage.self)
    let a = unsafeBitCast(chosen, to: V.MaskStorage.self), b = unsafeBitCast(other, to: V.MaskStorage.self)
    return unsafeBitCast((a & bits) | (b & ~bits), to: V.self)
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

    /// Stores the first `count` lanes of `value` from `offset` on.
    @inline(__always)
    func store(_ value: Pointee.Vector, _ offset: Int, lanes count: Int) {
        if count >= Pointee.Vector.scalarCount {
            store(value, offset)
        } else {
            for lane in 0..<count { self[offset + lane] = value[lane] }
        }
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


extension SIMD where Scalar: FloatingPoint {
    /// The first `count` lanes, the others 0 (for the last, partial vector of a row).
    func keepingLanes(_ count: Int) -> Self {
        var result = self
        for lane in indices where lane >= count { result[lane] = 0 }
        return result
    }
}
