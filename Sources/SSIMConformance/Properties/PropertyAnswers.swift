import SSIM
import SSIMAdapterProtocol

/// An implementation's answers to a property's requests, each output with the acceptance bounds of its request.
struct PropertyAnswers {
    /// An answered output and the bound of each of its elements.
    struct Measured {
        let values: [Double]
        let bounds: [Double]
    }

    private let requests: [String: AdapterCase]
    private let answers: [String: AdapterAnswer]
    private let bounds: [String: [AdapterOutput: ProtocolArray]]

    /// - Parameter convention: the convention whose acceptance bounds (in its arithmetic, if it has one) the answers
    ///   are held to.
    init(requests: [AdapterCase], answers: [String: AdapterAnswer], convention: SSIMConvention) {
        self.requests = Dictionary(uniqueKeysWithValues: requests.map { ($0.id, $0) })
        self.answers = answers
        var bounds: [String: [AdapterOutput: ProtocolArray]] = [:]
        for request in requests {
            // Property requests are valid by construction, but a convention may not compute one (an image within
            // reach of torch's single mirror): it has no bounds, and its check is then not supported.
            guard let validated = try? ValidatedCase(request),
                let acceptance = try? SSIMErrorBounds.acceptance(
                    validated.img1, validated.img2, options: validated.options, reduction: validated.reduction,
                    gradients: validated.wantsGradients, precision: convention.judgingPrecision(for: request.precision),
                    convention: convention)
            else { continue }
            bounds[request.id] = acceptance.protocolArrays(request.outputs, precision: .float64)
        }
        self.bounds = bounds
    }

    /// The implementation's `output` for the request `id`, with its bounds.
    ///
    /// - Throws: ``PropertyFailure/notSupported(_:)`` when it was not given, ``PropertyFailure/fails(_:)`` when the
    ///   request was rejected with an error or the output has the wrong shape.
    func output(_ id: String, _ output: AdapterOutput) throws(PropertyFailure) -> Measured {
        // A request the convention cannot compute (an image within reach of torch's single mirror) asks nothing
        // of the implementation, whatever it answers.
        guard let bounds = bounds[id] else { throw .notSupported("\(id): the reference cannot compute it under the convention") }
        switch answers[id] {
        case nil:
            throw .notSupported("\(id) was not answered")
        case .error(let category, let message)?:
            if category == AdapterProtocol.unsupported { throw .notSupported("\(id) was declared unsupported") }
            throw .fails("\(id), a valid request, was rejected with \(category)\(message.map { ": \($0)" } ?? "")")
        case .outputs(let outputs)?:
            guard let answer = outputs[output] else { throw .notSupported("\(id) was answered without \(output.rawValue)") }
            guard let bound = bounds[output] else { throw .notSupported("\(id): the reference cannot bound \(output.rawValue)") }
            guard answer.shape == bound.shape else {
                throw .fails("\(id): \(output.rawValue) has shape \(answer.shape), expected \(bound.shape)")
            }
            return Measured(values: answer.values, bounds: bound.values)
        }
    }

    /// Checks that two answers that must be equal are within the sum of their bounds of each other.
    static func agree(_ a: Measured, _ b: Measured, _ what: String) throws(PropertyFailure) {
        for i in a.values.indices {
            let bound = a.bounds[i] + b.bounds[i]
            guard SSIMErrorBounds.accepts(a.values[i], expected: b.values[i], bound: bound) else {
                throw .fails("\(what): element \(i) is \(a.values[i]) and \(b.values[i]), more than their bounds' sum \(Judge.formatted(bound)) apart")
            }
        }
    }

    /// Checks that every element lies in [lower, upper], give or take its bound.
    static func within(_ a: Measured, _ lower: Double, _ upper: Double, _ what: String) throws(PropertyFailure) {
        for (i, value) in a.values.enumerated() where !(value >= lower - a.bounds[i] && value <= upper + a.bounds[i]) {
            throw .fails("\(what): element \(i) is \(value), outside [\(lower), \(upper)] by more than its bound \(Judge.formatted(a.bounds[i]))")
        }
    }
}

extension PropertyAnswers.Measured {
    /// The elements at `indices`, with their bounds.
    func picking(_ indices: some Sequence<Int>) -> PropertyAnswers.Measured {
        let indices = Array(indices)
        return .init(values: indices.map { values[$0] }, bounds: indices.map { bounds[$0] })
    }

    /// Values and bounds rearranged alike.
    func rearranged(_ transform: ([Double]) -> [Double]) -> PropertyAnswers.Measured {
        .init(values: transform(values), bounds: transform(bounds))
    }
}
