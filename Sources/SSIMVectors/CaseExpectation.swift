import SSIM
import SSIMAdapterProtocol

/// What a vector case expects of an implementation, in Wycheproof's terms: a valid input's outputs, an invalid
/// input's error, or an invalid input that may also be answered.
///
/// Stored in a vector file as the case's `expected` group, whose attribute `result` says which
/// (``result``); read once into this value, which every later stage (the judge, the diagnosis, the reports) reads.
public enum CaseExpectation: Sendable {
    /// A valid input: the outputs it must be answered with, within their bounds.
    case valid(ExpectedOutputs)
    /// An invalid input: only the error `category` is right.
    case invalid(category: String)
    /// An invalid input that Kornia 0.9.0 computes where the reference is stricter: the error `category` is right,
    /// and so is answering it `because` Kornia does, but only with ``KorniaAnswer`` where one is held to (nil: under a
    /// convention that does not compute like Kornia's, any answer is accepted).
    case acceptable(category: String, because: String, korniaAnswer: KorniaAnswer?)

    /// Wycheproof's `result`, as the file's `expected` group stores it.
    public var result: String {
        switch self {
        case .valid: "valid"
        case .invalid: "invalid"
        case .acceptable: "acceptable"
        }
    }

    /// The outputs expected, for a valid input.
    public var outputs: ExpectedOutputs? {
        if case .valid(let outputs) = self { outputs } else { nil }
    }

    /// An answer that passes: the expected outputs of a valid input, the error of an invalid or acceptable one.
    public var passingAnswer: AdapterAnswer {
        switch self {
        case .valid(let outputs): .outputs(outputs.values)
        case .invalid(let category), .acceptable(let category, _, _): .error(category: category, message: nil)
        }
    }

    /// Whether answering is acceptable too (``acceptable(category:because:korniaAnswer:)``).
    public var isAcceptable: Bool {
        if case .acceptable = self { true } else { false }
    }

    /// Kornia's answer an acceptable input is held to, if any.
    public var korniaAnswer: KorniaAnswer? {
        if case .acceptable(_, _, let answer) = self { answer } else { nil }
    }

    /// The error category expected, for an invalid or acceptable input.
    public var errorCategory: String? {
        switch self {
        case .valid: nil
        case .invalid(let category), .acceptable(let category, _, _): category
        }
    }
}

/// The outputs a valid case expects, computed by the reference under a convention, and how answers are judged.
public struct ExpectedOutputs: Sendable {
    /// Each requested output, in float64.
    public let values: [AdapterOutput: ProtocolArray]
    /// Per-element acceptance bounds, by the precision an implementation computes in and by output.
    public let bounds: [Precision: [AdapterOutput: ProtocolArray]]
    /// The convention whose answers these are: Kornia's in the stored SSIM vectors, another under
    /// `certify --convention`; an ``SSIM/SSIMConvention`` or an ``SSIM/MSSSIMConvention``, as the case's metric.
    public let convention: any MetricConvention
    /// The precision whose bounds judge an answer: the convention's (``SSIM/SSIMConvention/judgingPrecision(for:)``)
    /// for the case's.
    public let judgingPrecision: Precision
    /// Why no meaningful answer exists in the case's precision (a float16 case that overflows, say), if none does:
    /// any answer is then accepted and reported as such.
    public let notComputable: String?

    /// The answers of `convention` (of any metric) to a case asking to compute in `precision`.
    public init(
        values: [AdapterOutput: ProtocolArray], bounds: [Precision: [AdapterOutput: ProtocolArray]],
        convention: some MetricConvention, precision: Precision, notComputable: String?
    ) {
        self.init(
            values: values, bounds: bounds, convention: convention as any MetricConvention,
            judgingPrecision: convention.judgingPrecision(for: precision), notComputable: notComputable)
    }

    private init(
        values: [AdapterOutput: ProtocolArray], bounds: [Precision: [AdapterOutput: ProtocolArray]],
        convention: any MetricConvention, judgingPrecision: Precision, notComputable: String?
    ) {
        (self.values, self.bounds, self.convention) = (values, bounds, convention)
        (self.judgingPrecision, self.notComputable) = (judgingPrecision, notComputable)
    }

    /// The same expectation of `outputs` alone.
    public func keeping(_ outputs: [AdapterOutput]) -> ExpectedOutputs {
        ExpectedOutputs(
            values: values.filter { outputs.contains($0.key) }, bounds: bounds.mapValues { $0.filter { outputs.contains($0.key) } },
            convention: convention, judgingPrecision: judgingPrecision, notComputable: notComputable)
    }

    /// The bounds of `output` in the judging precision.
    public func bound(_ output: AdapterOutput) -> ProtocolArray? { bounds[judgingPrecision]?[output] }
}

/// Kornia 0.9.0's answer to an input the reference rejects (``KorniaLeniency``): the outputs, and the float64 bound
/// of each of their elements.
public struct KorniaAnswer: Sendable {
    public let outputs: [AdapterOutput: ProtocolArray]
    public let bounds: [AdapterOutput: ProtocolArray]

    public init(outputs: [AdapterOutput: ProtocolArray], bounds: [AdapterOutput: ProtocolArray]) {
        (self.outputs, self.bounds) = (outputs, bounds)
    }
}
