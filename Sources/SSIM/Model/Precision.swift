/// A floating-point precision: what an implementation is asked to compute in, what an array is stored in, and whose
/// rounding the acceptance bounds allow for.
public enum Precision: String, Sendable, CaseIterable, Codable {
    /// IEEE 754 binary32 (`Float`): unit roundoff 2⁻²⁴.
    case float32
    /// IEEE 754 binary64 (`Double`): unit roundoff 2⁻⁵³.
    case float64
}
