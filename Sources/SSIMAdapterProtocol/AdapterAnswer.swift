/// An implementation's answer to one case.
public enum AdapterAnswer: Equatable, Sendable {
    /// The outputs it could give; a requested output left out is not supported, not a failure.
    case outputs([AdapterOutput: ProtocolArray])
    /// The case was rejected with an error category (one of ``SSIM/SSIMError/Category`` or
    /// ``AdapterProtocol/unsupported``) and an optional message.
    case error(category: String, message: String?)
}
