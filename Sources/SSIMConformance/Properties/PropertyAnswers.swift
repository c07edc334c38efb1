import SSIM
import SSIMAdapterProtocol
import SSIMVectors

/// An implementation's answers to a property's requests, each output with the acceptance bounds of its request.
final class PropertyAnswers {
    /// An answered output and the bound of each of its elements.
    struct Measured {
        let values: [Double]
        let bounds: [Double]
    }

    private let requests: [String: AdapterCase]
    private let answers: [String: AdapterAnswer]
    private let conventions: ConventionsByMetric
    /// The bounds of each request asked about so far (nil: the convention cannot compute it), computed once.
    private var computed: [String: [AdapterOutput: ProtocolArray]?] = [:]

    /// - Parameter conventions: the conventions whose acceptance bounds (in their arithmetic, if they have one) the
    ///   answers are held to: each request's the convention of its metric.
    init(requests: [AdapterCase], answers: [String: AdapterAnswer], conventions: ConventionsByMetric) {
        self.requests = Dictionary(uniqueKeysWithValues: requests.map { ($0.id, $0) })
        self.answers = answers
        self.conventions = conventions
    }

    /// The acceptance bounds of the outputs of `request`, or nil where its convention cannot compute it: a property
    /// request is valid by construction, but an image may be within reach of torch's single mirror, or an MS-SSIM
    /// mean may vanish under a fractional power (not computable). Its check is then not supported.
    private func bounds(_ id: String) -> [AdapterOutput: ProtocolArray]? {
        if let known = computed[id] { return known }
        let bounds = requests[id].flatMap { Self.bounds(of: $0, under: conventions) }
        computed[id] = bounds
        return bounds
    }

    /// The bounds of `request`'s outputs under `conventions`, or nil where they cannot compute it.
    private static func bounds(of request: AdapterCase, under conventions: ConventionsByMetric) -> [AdapterOutput: ProtocolArray]? {
        guard let validated = try? ValidatedCase(request) else { return nil }
        switch validated.metric {
        case .ssim:
            guard let convention = conventions.ssim,
                let acceptance = try? SSIMErrorBounds.acceptance(
                    validated.img1, validated.img2, options: validated.options, reduction: validated.reduction,
                    gradients: validated.wantsGradients, precision: convention.judgingPrecision(for: request.precision),
                    convention: convention)
            else { return nil }
            return acceptance.protocolArrays(request.outputs, precision: .float64)
        case .msSSIM:
            guard let convention = conventions.msssim else { return nil }
            let precision = convention.judgingPrecision(for: request.precision)
            guard let judging = try? MSSSIMErrorBounds.judging(
                validated.img1, validated.img2, maxVal: validated.options.maxVal,
                convention: validated.asked(convention), reduction: validated.reduction,
                gradients: validated.wantsGradients, precisions: [precision]),
                judging.notComputable[precision] == nil
            else { return nil }
            return judging.acceptance[precision]!.protocolArrays(request.outputs, precision: .float64)
        case .ssim3D, .msSSIM3D, .msSSIML1:
            // As a vector case of the metric is judged: the expectation under its convention, in the precision that
            // judges the request's.
            guard let convention = conventions.all.first(where: { type(of: $0).metricName == validated.metric.name })
            else { return nil }
            let precision = convention.judgingPrecision(for: request.precision)
            guard let expectation = try? ReferenceExpectation(
                validated, outputs: request.outputs, precisions: [precision], conventions: conventions),
                expectation.notComputable == nil
            else { return nil }
            return expectation.bounds[precision]
        }
    }

    /// The implementation's `output` for the request `id`, with its bounds.
    ///
    /// - Throws: ``PropertyFailure/notSupported(_:)`` when it was not given, or the convention cannot compute the
    ///   request; ``PropertyFailure/fails(_:)`` when the request was rejected with an error or the output has the
    ///   wrong shape.
    func output(_ id: String, _ output: AdapterOutput) throws(PropertyFailure) -> Measured {
        let answer = answers[id]
        if answer == nil { throw .notSupported("\(id) was not answered") }
        if case .error(let category, _)? = answer, category == AdapterProtocol.unsupported { throw .notSupported("\(id) was declared unsupported") }
        // A request the convention cannot compute asks nothing of the implementation, whatever it answers.
        guard let bounds = bounds(id) else { throw .notSupported("\(id): the reference cannot compute it under the convention") }
        switch answer! {
        case .error(let category, let message):
            throw .fails("\(id), a valid request, was rejected with \(category)\(message.map { ": \($0)" } ?? "")")
        case .outputs(let outputs):
            guard let answer = outputs[output] else { throw .notSupported("\(id) was answered without \(output.rawValue)") }
            guard let bound = bounds[output] else { throw .notSupported("\(id): the reference cannot bound \(output.rawValue)") }
            guard answer.shape == bound.shape else {
                throw .fails("\(id): \(output.rawValue) has shape \(answer.shape), expected \(bound.shape)")
            }
            return Measured(values: answer.values, bounds: bound.values)
        }
    }

    /// What the request `id` answered in `form`: each of the form's outputs (the map or each unit's MS-SSIM, then
    /// the loss; or the mean loss alone).
    func outputs(_ id: String, in form: PropertyForm) throws(PropertyFailure) -> [Measured] {
        var measured: [Measured] = []
        for output in form.outputs { measured.append(try self.output(id, output)) }
        return measured
    }

    /// Checks that two answers in `form` (``outputs(_:in:)``), output by output, are within their bounds' sum.
    static func agree(_ a: [Measured], _ b: [Measured], in form: PropertyForm, _ what: String) throws(PropertyFailure) {
        for (index, output) in form.outputs.enumerated() {
            try agree(a[index], b[index], "\(form.asksMaps ? output.rawValue : "mean loss") of \(what)")
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
