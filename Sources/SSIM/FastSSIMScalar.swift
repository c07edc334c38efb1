/// A precision the fast implementation computes in, with the SIMD vector it computes with along W.
///
/// The package builds for the baseline of its target (no `-march` flags, which a package depending on ours could
/// not use), so on x86-64 a vector is lowered to SSE registers: eight `Float`s or four `Double`s make two of them,
/// enough independent work per instruction for the out-of-order core without running out of registers when five
/// moments are accumulated at once.
protocol FastSSIMScalar: SSIMScalar, SIMDScalar {
    associatedtype Vector: SIMD where Vector.Scalar == Self
}

extension Float: FastSSIMScalar {
    typealias Vector = SIMD8<Float>
}

extension Double: FastSSIMScalar {
    typealias Vector = SIMD4<Double>
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
