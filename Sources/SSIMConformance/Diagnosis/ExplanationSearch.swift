import SSIM
import SSIMAdapterProtocol

/// The search for the simplest ``Explanation``s of failing cases, and the memory that keeps it cheap.
///
/// Explanations are tried by size (``Explanation/size``: another named convention counts as one departure): one
/// departure from the certified convention or another named convention alone, then two, then three. Each is tried first on a few probes,
/// small failing cases that differ in padding, window, eps, reduction, precision, channels and samples, the
/// smallest first, so that most candidates are refused after one small reference evaluation; the smallest size
/// that explains every probe wins, and its explanations are then verified on every case. A departure that cannot
/// matter to a case (a border to a 'valid' map) is left out of the explanation there, so the verdict of a case is
/// cached by the departures that matter to it, and the reference's SSIM map by case and convention.
final class ExplanationSearch: ExplanationSearching {
    typealias Deviation = KnownDeviation

    let cases: [FailingCase]
    let certified: SSIMConvention
    private var verdicts: [VerdictKey: Reproduction] = [:]
    private var maps: [ReferenceKey: ImageTensor<Double>] = [:]
    /// The acceptance bounds of the forward outputs by case and convention, for the explanations whose own bounds
    /// are wider than the certified convention's (``ownBounds(_:_:index:judging:)``); nil where the reference cannot
    /// bound the case under it.
    private var widerBounds: [ReferenceKey: [AdapterOutput: ProtocolArray]?] = [:]
    /// Elements of the SSIM maps held in ``maps``, which stops growing at ``cacheLimit`` (128 MiB of doubles): the
    /// probes, small and tried often, are cached first.
    private var cachedElements = 0
    static let cacheLimit = 1 << 24
    /// The values fitted (``fitted(explaining:)``), nil where a fit failed.
    var fittedValues: [FitKey: Double?] = [:]

    init(_ cases: [FailingCase], certified: SSIMConvention) {
        self.cases = cases
        self.certified = certified
    }

    /// The explanations of `size` departures (``Explanation/size``), those from the certified convention first;
    /// none that only widens the bounds (``onlyWidensBounds(_:)``).
    func candidates(ofSize size: Int) -> [SSIMExplanation] {
        explanations(ofSize: size).filter { !onlyWidensBounds($0) }
    }

    /// Whether an implementation of `explanation` may stray further than the certified convention's bounds allow:
    /// it builds its taps in a coarser precision.
    func widensBounds(_ explanation: SSIMExplanation) -> Bool {
        explanation.convention.tapsPrecision.unitRoundoff > certified.tapsPrecision.unitRoundoff
    }

    /// Whether `explanation` departs from the certified convention only in what widens the bounds (the taps'
    /// precision): the reference then computes the certified answers, within wider bounds, which alone would explain
    /// any small disagreement.
    func onlyWidensBounds(_ explanation: SSIMExplanation) -> Bool {
        explanation.fromCertified && widensBounds(explanation) && explanation.deviations.allSatisfy { $0 == .tapsInFloat32 }
    }

    /// Whether `explanation` reproduces every forward output the implementation gave for case `index` within the
    /// slack of its bounds, and accounts for most of the disagreement.
    func explains(_ explanation: SSIMExplanation, _ index: Int) -> Bool {
        reproduction(explanation, index).fits
    }

    /// Whether `explanation` reproduces case `index` and is needed there for more than its wider bounds
    /// (``widensBounds(_:)``): the certified answers lie beyond the slack of its own bounds somewhere. Within that
    /// slack the certified convention would do as well, and the bounds, not the departure, would explain the
    /// disagreement. True wherever an explanation within the certified bounds reproduces the case.
    func evidenced(_ explanation: SSIMExplanation, _ index: Int) -> Bool {
        reproduction(explanation, index).evidenced
    }

    /// Whether `explanation` reproduces case `index` when its convention is evaluated afresh: every choice it makes,
    /// whether or not ``KnownDeviation/matters(to:validated:from:to:)`` judged it to matter there, and the mistakes
    /// that can apply to the case, with no verdict, map or bound taken from the search's memory. The diagnosis
    /// reports an explanation for a case only once this holds, so that a wrong shortcut of the search (a departure
    /// judged not to matter, a verdict remembered for another convention) can cost an explanation but never makes a
    /// wrong one.
    func verifiedAfresh(_ explanation: SSIMExplanation, _ index: Int) -> Bool {
        let failing = cases[index]
        let applying = explanation.deviations.filter {
            !$0.isMistake || $0.matters(to: failing.request, validated: failing.validated, from: explanation.base, to: explanation.convention)
        }
        guard let whole = SSIMExplanation(base: explanation.base, fromCertified: explanation.fromCertified, deviations: applying)
        else { return false }
        return reproduces(whole, failing, index: index, fresh: true).fits
    }

    private func reproduction(_ explanation: SSIMExplanation, _ index: Int) -> Reproduction {
        let failing = cases[index]
        let mattering = explanation.deviations.filter {
            $0.matters(to: failing.request, validated: failing.validated, from: explanation.base, to: explanation.convention)
        }
        // Departures that cannot change this case's outputs leave an explanation of the certified convention itself.
        if explanation.fromCertified && mattering.isEmpty { return .none }
        let key = VerdictKey(index: index, base: explanation.fromCertified ? nil : explanation.base.name, deviations: mattering)
        if let verdict = verdicts[key] { return verdict }
        let effective = SSIMExplanation(base: explanation.base, fromCertified: explanation.fromCertified, deviations: mattering)
        let verdict = effective.map { reproduces($0, failing, index: index, fresh: false) } ?? .none
        verdicts[key] = verdict
        return verdict
    }

    /// - Parameter fresh: whether to compute everything anew rather than reuse the maps and bounds in memory.
    private func reproduces(_ explanation: SSIMExplanation, _ failing: FailingCase, index: Int, fresh: Bool) -> Reproduction {
        let request = failing.request
        guard let reproduced = outputs(explanation, failing, index: index, fresh: fresh)?.protocolArrays(failing.judged, precision: .float64)
        else { return .none }
        let judging = explanation.convention.judgingPrecision(for: request.precision)
        let own = ownBounds(explanation, failing, index: index, judging: judging, fresh: fresh)
        let certifiedBounds = failing.failure.stored.expectation.outputs?.bounds[judging] ?? [:]
        // Float32 arithmetic alone reproduces the certified answers themselves: it is told by its float32 values.
        return Reproduction.judging(
            failing.failure, judged: failing.judged, reproduced: reproduced,
            bounds: certifiedBounds.merging(own ?? [:]) { $1 }.filter { certifiedBounds[$0.key] != nil }, widerBounds: own != nil,
            float32Answers: judging == .float32 && request.precision == .float64,
            fromTheBoundsAlone: explanation.fromCertified && explanation.deviations == [.float32Arithmetic])
    }

    /// The acceptance bounds in `judging` of the case's judged outputs under `explanation`, where they are wider
    /// than the certified convention's stored ones: its taps built in a coarser precision (float32 taps in float64
    /// arithmetic differ from one library to the next by more than float64's roundoff). Nil where the stored bounds
    /// are the explanation's own, or the reference cannot bound the case under it.
    private func ownBounds(
        _ explanation: SSIMExplanation, _ failing: FailingCase, index: Int, judging: Precision, fresh: Bool
    ) -> [AdapterOutput: ProtocolArray]? {
        guard widensBounds(explanation) else { return nil }
        var convention = explanation.convention
        (convention.arithmetic, convention.outputs) = (nil, .map)
        let key = ReferenceKey(index: index, convention: convention, inputs: [])
        if !fresh, let cached = widerBounds[key] { return cached }
        let validated = failing.validated
        let bounds = try? SSIMErrorBounds.acceptance(
            validated.img1, validated.img2, options: validated.options, reduction: validated.reduction,
            gradients: failing.judgesGradients, precision: judging, convention: convention
        ).protocolArrays(failing.judged, precision: .float64)
        if !fresh { widerBounds[key] = .some(bounds) }
        return bounds
    }

    /// The outputs an implementation of `explanation` gives for the case, or nil when the reference cannot compute
    /// them. The forward ones (the loss, the reduction, the planes copied) are made from the SSIM map, so that
    /// explanations differing only in them share one reference evaluation; gradients are the reference's own under
    /// the convention, for explanations without a mistake (whose gradients it does not model).
    func outputs(_ explanation: SSIMExplanation, _ failing: FailingCase, index: Int, fresh: Bool) -> SSIMOutputs<Double>? {
        let validated = failing.validated
        var convention = explanation.convention
        if failing.judgesGradients {
            guard !explanation.deviations.contains(where: \.isMistake) else { return nil }
            convention.arithmetic = nil
            return try? SSIMReference.evaluate(
                validated.img1, validated.img2, options: validated.options, reduction: validated.reduction,
                gradients: true, convention: convention)
        }
        let loss = convention.loss
        // The reference computes the map alone, in float64: the arithmetic only chooses the bounds, and the loss is
        // made from the map below.
        (convention.arithmetic, convention.outputs, convention.loss) = (nil, .map, .halvedThenClamped)
        let mistakes = ImplementationMistakes(explanation.deviations)
        let key = ReferenceKey(index: index, convention: convention, inputs: mistakes.onInputs)
        var map: ImageTensor<Double>
        if !fresh, let cached = maps[key] {
            map = cached
        } else {
            guard let (img1, img2) = mistakes.inputs(validated.img1, validated.img2),
                let evaluated = try? SSIMReference.evaluate(
                    img1, img2, options: validated.options, reduction: .none, gradients: false, convention: convention
                ).ssimMap
            else { return nil }
            map = evaluated
            if !fresh && cachedElements + map.values.count <= Self.cacheLimit {
                maps[key] = map
                cachedElements += map.values.count
            }
        }
        guard let answered = mistakes.answered(map, channels: validated.img1.shape.channels) else { return nil }
        convention.loss = loss
        return SSIMReference.outputs(fromMap: answered, convention: convention, reduction: mistakes.reduction(validated.reduction))
    }

    private struct VerdictKey: Hashable {
        let index: Int
        /// The other named convention's name, nil for the certified one.
        let base: String?
        let deviations: [KnownDeviation]
    }

    private struct ReferenceKey: Hashable {
        let index: Int
        let convention: SSIMConvention
        /// The mistakes made to the images before the reference sees them.
        let inputs: Set<KnownDeviation>
    }
}
