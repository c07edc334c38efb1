/// SplitMix64 (Steele, Lea and Flood, 2014): the generator of every pseudo-random input in the vectors.
///
/// Defined exactly so that anyone can regenerate an input from its seed, in any language:
/// ```
/// state ← seed
/// next():  state ← state + 0x9E3779B97F4A7C15 (mod 2⁶⁴)
///          z ← state
///          z ← (z ⊕ (z ≫ 30)) × 0xBF58476D1CE4E5B9 (mod 2⁶⁴)
///          z ← (z ⊕ (z ≫ 27)) × 0x94D049BB133111EB (mod 2⁶⁴)
///          return z ⊕ (z ≫ 31)
/// unit():  (next() ≫ 11) × 2⁻⁵³, a double in [0, 1) (exact: 53 bits)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in [0, 1): the top 53 bits of the next output, times 2⁻⁵³.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }
}
