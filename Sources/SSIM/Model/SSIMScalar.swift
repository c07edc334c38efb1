/// The pixel types the SSIM library accepts: `Float` and `Double`.
public protocol SSIMScalar: BinaryFloatingPoint, Sendable, Codable {}

extension Float: SSIMScalar {}
extension Double: SSIMScalar {}
