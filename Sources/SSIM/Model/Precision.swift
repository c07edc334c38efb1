/// A floating-point precision: what an implementation is asked to compute in, what an array is stored in, and whose
/// rounding the acceptance bounds allow for.
///
/// Each is an IEEE-style binary format with round-to-nearest-even, gradual underflow and infinities; what the error
/// analysis needs of it is here: its unit roundoff, its range, and rounding a `Double` to it.
public enum Precision: String, Sendable, CaseIterable, Codable {
    /// IEEE 754 binary32 (`Float`): unit roundoff 2⁻²⁴.
    case float32
    /// IEEE 754 binary64 (`Double`): unit roundoff 2⁻⁵³.
    case float64
    /// IEEE 754 binary16 (`torch.float16`, HDF5's IEEE half): unit roundoff 2⁻¹¹, largest finite value 65504,
    /// smallest normal 2⁻¹⁴ ≈ 6.1e-5.
    case float16
    /// bfloat16 (`torch.bfloat16`): float32's range with an 8-bit significand, unit roundoff 2⁻⁸.
    case bfloat16

    /// The significand's bits, the implicit one included.
    var significandBits: Int {
        switch self {
        case .float64: 53
        case .float32: 24
        case .float16: 11
        case .bfloat16: 8
        }
    }

    /// The exponent of the smallest normal value.
    var minimumExponent: Int {
        switch self {
        case .float64: -1022
        case .float32, .bfloat16: -126
        case .float16: -14
        }
    }

    /// The exponent of the largest finite value.
    var maximumExponent: Int {
        switch self {
        case .float64: 1023
        case .float32, .bfloat16: 127
        case .float16: 15
        }
    }

    /// u: every correctly rounded result within the normal range errs by at most u·|result|.
    public var unitRoundoff: Double { Double(sign: .plus, exponent: -significandBits, significand: 1) }

    /// The largest finite value: (2 − 2^(1−p))·2^emax.
    public var largestFinite: Double {
        Double(sign: .plus, exponent: maximumExponent, significand: 2 - Double(sign: .plus, exponent: 1 - significandBits, significand: 1))
    }

    /// The smallest positive normal value, 2^emin.
    public var smallestNormal: Double { Double(sign: .plus, exponent: minimumExponent, significand: 1) }

    /// How far a result in the subnormal range may be from its exact value: half the spacing there,
    /// 2^(emin − p).
    public var underflowError: Double { Double(sign: .plus, exponent: minimumExponent - significandBits, significand: 1) }

    /// Half precisions: float16 and bfloat16, the formats of mixed-precision training.
    public var isHalf: Bool { self == .float16 || self == .bfloat16 }

    /// `value` rounded to the nearest value of this precision, ties to even: ±∞ beyond the largest finite value's
    /// rounding range, subnormals below the smallest normal, NaN kept.
    public func rounded(_ value: Double) -> Double {
        guard value.isFinite, value != 0, self != .float64 else { return value }
        // The spacing of this precision's values around `value`: 2^(e − p + 1), fixed below the normal range.
        let exponent = Swift.max(Int(value.exponent), minimumExponent)
        let spacing = Double(sign: .plus, exponent: exponent - significandBits + 1, significand: 1)
        let result = (value / spacing).rounded(.toNearestOrEven) * spacing
        return abs(result) > largestFinite ? Double.infinity * result.sign.multiplier : result
    }

    /// Whether `value` is one of this precision's values (or ±∞, NaN).
    public func represents(_ value: Double) -> Bool {
        !value.isFinite || rounded(value) == value
    }
}

extension FloatingPointSign {
    fileprivate var multiplier: Double { self == .minus ? -1 : 1 }
}
