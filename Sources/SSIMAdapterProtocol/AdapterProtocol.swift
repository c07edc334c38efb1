import SSIM

/// The adapter protocol: how an SSIM implementation outside this process talks to the suite.
///
/// The runner runs `CMD… REQUEST.h5 RESPONSE.h5`; the command reads the cases from REQUEST.h5, writes its answers
/// to RESPONSE.h5 (which does not exist when it starts) and exits 0. The full contract is `docs/adapter-protocol.md`.
///
/// Version 2 adds the float16 and bfloat16 precisions, and nothing else. An adapter opts in by naming the
/// precisions it computes in (``precisionsAttribute``) in its responses; one that does not is a version-1 adapter:
/// it is never sent a half-precision case, and those cases are judged not supported, which is not failure.
/// Version 3 adds the metric (``CaseMetric``) the same way: an adapter names the metrics it answers
/// (``metricsAttribute``), and one that does not is sent SSIM cases alone.
public enum AdapterProtocol {
    /// The value of the root attribute `protocol` of a request holding only float32 and float64 arrays, and of its
    /// response.
    public static let version = "ssim-conformance-adapter/1"
    /// The value of the root attribute `protocol` of a request holding a float16 or bfloat16 array (sent only to an
    /// adapter that declares those precisions), and of its response.
    public static let version2 = "ssim-conformance-adapter/2"

    /// The value of the root attribute `protocol` of a request holding a case of another metric than SSIM (sent only
    /// to an adapter that declares that metric), and of its response.
    public static let version3 = "ssim-conformance-adapter/3"
    /// Every version, oldest first.
    public static let versions = [version, version2, version3]

    /// The version a request holding `cases` carries: the oldest that has every feature they use.
    public static func version(of cases: [AdapterCase]) -> String {
        if cases.contains(where: { $0.metric != .ssim }) { return version3 }
        return cases.contains(where: \.holdsHalfPrecision) ? version2 : version
    }

    /// The root attribute of a response (version 3) naming the metrics its adapter answers, comma-separated:
    /// `ssim,ms-ssim`.
    public static let metricsAttribute = "metrics"
    /// The metrics of an adapter that does not name them: SSIM alone.
    public static let version1Metrics: Set<String> = [CaseMetric.ssimName]

    /// The root attribute of a response (version 2) naming the precisions its adapter computes in, comma-separated:
    /// `float32,float64,float16,bfloat16`.
    public static let precisionsAttribute = "precisions"
    /// The precisions of an adapter that does not name them: version 1's.
    public static let version1Precisions: Set<Precision> = [.float32, .float64]

    /// The error category for a valid case an implementation cannot handle at all.
    public static let unsupported = "unsupported"

    /// Case ids: one or more of `[A-Za-z0-9._-]`.
    public static func isValidCaseID(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
        }
    }
}

/// An output a case can ask for.
public enum AdapterOutput: String, CaseIterable, Sendable, Comparable {
    /// The SSIM map, rank 4.
    case ssimMap = "ssim_map"
    /// MS-SSIM per unit of its convention's pooling: (B, C) for each channel on its own, (B) for each image.
    case msSSIM = "ms_ssim"
    /// The loss: rank 0 for 'mean' and 'sum'; for 'none', the loss map (rank 4) of SSIM, MS-SSIM's loss per unit.
    case loss
    /// ∂loss/∂img1, with the images' shape.
    case gradImg1 = "grad_img1"
    /// ∂loss/∂img2, with the images' shape.
    case gradImg2 = "grad_img2"

    public static func < (lhs: AdapterOutput, rhs: AdapterOutput) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A request or response file that does not follow the protocol: names the file, the object and the problem.
public struct AdapterFileError: Error, CustomStringConvertible, Equatable, Sendable {
    public let file: String
    public let object: String
    public let detail: String

    public init(file: String, object: String, detail: String) {
        self.file = file
        self.object = object
        self.detail = detail
    }

    public var description: String { "\(file): \(object): \(detail)" }
}
