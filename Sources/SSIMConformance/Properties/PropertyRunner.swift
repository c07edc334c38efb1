import FoundationEssentials
import FileSystem
import HDF5
import SSIM
import SSIMAdapterProtocol
import SSIMVectors

/// Checks the ``SSIMProperty`` relations on any implementation: generated inputs from a seed, each failure shrunk to
/// a small input that still fails and written out as a vector file to re-run with `certify --vectors`.
public struct PropertyRunner: Sendable {
    /// The seed every input is drawn from: input k of property p comes from SplitMix64(seed ⊕ (s·2³² + k)), s being
    /// p's ``SSIMProperty/seedStream``.
    public let seed: UInt64
    /// Inputs per property.
    public let inputsPerProperty: Int
    /// Where reproducers are written; nil writes none.
    public let reproducerFolder: String?
    /// Rounds of shrinking, each one run of the implementation on every candidate.
    static let shrinkRounds = 30

    public init(seed: UInt64, inputsPerProperty: Int, reproducerFolder: String?) {
        self.seed = seed
        self.inputsPerProperty = inputsPerProperty
        self.reproducerFolder = reproducerFolder
    }

    /// A check to run: a property on one generated input, asked in one form.
    struct Check {
        let property: SSIMProperty
        let index: Int
        var input: PropertyInput
        /// The SSIM convention the answers are judged by: its bounds, crops and window's reach; for an MS-SSIM
        /// property, the MS-SSIM convention's per-scale one (the single-scale property's SSIM requests are its); for a
        /// 3-D MS-SSIM one, its per-scale 3-D convention's plane, and for an MS-SSIM + L1 one its coarsest scale's,
        /// which their checks (their MS-SSIM counterparts', ``SSIMProperty/multiScaleCounterpart``) do not read.
        let convention: SSIMConvention
        /// The MS-SSIM convention an MS-SSIM property's answers are judged by; nil for an SSIM property.
        var msssimConvention: MSSSIMConvention? = nil
        /// The 3-D convention a 3-D property's answers are judged by (``convention`` is then its plane's); nil for
        /// another property.
        var ssim3DConvention: SSIM3DConvention? = nil
        /// The 3-D MS-SSIM convention a 3-D MS-SSIM property's answers are judged by; nil for another property.
        var msssim3DConvention: MSSSIM3DConvention? = nil
        /// The MS-SSIM + L1 convention an MS-SSIM + L1 property's answers are judged by; nil for another property.
        var msssimL1Convention: MSSSIML1Convention? = nil
        /// Whether the slice consistency asks for the implementation's 2-D SSIM of a slice (``SSIMProperty+Volume``).
        var asksPlane = false
        var form = PropertyForm.sameMaps
        /// Which shrinking attempt this is, if one.
        var attempt: String?
        /// The prefix of its requests' ids: the check's id, its form's suffix and the attempt.
        var id: String { Self.id(property: property, index: index) + form.idSuffix + (attempt.map { "-\($0)" } ?? "") }

        /// The id of input `index` of `property`, as case results and filters name it.
        static func id(property: SSIMProperty, index: Int) -> String { "property-\(property.rawValue)-\(threeDigits(index))" }
        var requests: [AdapterCase] {
            property.requests(input, prefix: id, form: form, msssim: msssimConvention, asksPlane: asksPlane)
        }

        /// The verdict on the implementation's answers to its requests.
        func outcome(_ answers: [String: AdapterAnswer]) -> (verdict: CaseVerdict, why: String?) {
            do throws(PropertyFailure) {
                // A 3-D MS-SSIM property is judged as its MS-SSIM counterpart, under the 3-D convention's pyramid.
                try property.check(
                    input, prefix: id, form: form, convention: convention,
                    msssim: msssimConvention ?? msssim3DConvention?.multiScale, ssim3D: ssim3DConvention,
                    answers: PropertyAnswers(
                        requests: requests, answers: answers,
                        conventions: ConventionsByMetric(
                            ssim: convention, msssim: msssimConvention, msssimL1: msssimL1Convention,
                            ssim3D: ssim3DConvention, msssim3D: msssim3DConvention)))
                return (.pass, form == .sameMaps ? nil : "checked on \(form.rawValue)")
            } catch {
                switch error {
                case .notSupported(let why): return (.notSupported, why)
                case .fails(let why): return (.fail, why)
                }
            }
        }

        /// The check in the next form it applies in, if any.
        var inNextForm: Check? {
            let forms = PropertyForm.allCases
            guard let next = forms[(forms.firstIndex(of: form)! + 1)...].first(where: property.applies) else { return nil }
            var check = self
            check.form = next
            return check
        }
    }

    /// The most inputs per property a run may ask for: every input and its answers are held until the property
    /// phase ends (tens of kilobytes each), so a thousand per property keeps a run within a few hundred megabytes.
    public static let maximumInputsPerProperty = 1000

    /// The ids (`property-NAME-INDEX`) of the checks of `properties` that `patterns` select (all if none), by id or
    /// by the tags `property` and NAME; nothing is generated.
    public func selectedIDs(_ properties: [SSIMProperty] = SSIMProperty.allCases, patterns: [String]) -> [String] {
        selection(properties, patterns: patterns).map { Check.id(property: $0.property, index: $0.index) }
    }

    /// The (property, index) pairs `patterns` select, found from the ids alone so that an input is generated only for
    /// a check that runs.
    private func selection(_ properties: [SSIMProperty], patterns: [String]) -> [(property: SSIMProperty, index: Int)] {
        properties.flatMap { property in
            (0..<inputsPerProperty).lazy.filter {
                ConformanceRunner.matches(id: Check.id(property: property, index: $0), tags: property.tags, patterns: patterns)
            }.map { (property, $0) }
        }
    }

    /// The checks of `properties` that `patterns` select, with their generated inputs: the SSIM properties' judged
    /// under `convention`, the MS-SSIM ones' under `msssimConvention`, the 3-D ones' under `ssim3DConvention`, the
    /// 3-D MS-SSIM ones' under `msssim3DConvention`, the MS-SSIM + L1 ones' under `msssimL1Convention`; none of a
    /// metric without a convention.
    func checks(
        _ properties: [SSIMProperty], patterns: [String], convention: SSIMConvention?, msssimConvention: MSSSIMConvention?,
        ssim3DConvention: SSIM3DConvention? = nil, msssim3DConvention: MSSSIM3DConvention? = nil,
        msssimL1Convention: MSSSIML1Convention? = nil
    ) -> [Check] {
        selection(properties, patterns: patterns).compactMap { property, index in
            let stream = property.seedStream << 32 | UInt64(index)
            var random = SplitMix64(seed: seed ^ stream)
            switch property.metric {
            case CaseMetric.ssim3DName:
                guard let ssim3DConvention else { return nil }
                return Check(
                    property: property, index: index, input: property.input(&random), convention: ssim3DConvention.plane,
                    ssim3DConvention: ssim3DConvention, asksPlane: Self.asksPlane(ssim3DConvention, certified: convention))
            case CaseMetric.msSSIMName:
                guard let msssimConvention else { return nil }
                return Check(
                    property: property, index: index, input: property.input(&random), convention: msssimConvention.scale,
                    msssimConvention: msssimConvention)
            case CaseMetric.msSSIM3DName:
                guard let msssim3DConvention else { return nil }
                return Check(
                    property: property, index: index, input: property.input(&random),
                    convention: msssim3DConvention.volume.plane, msssim3DConvention: msssim3DConvention)
            case CaseMetric.msSSIML1Name:
                guard let msssimL1Convention else { return nil }
                return Check(
                    property: property, index: index, input: property.input(&random),
                    convention: msssimL1Convention.scale(msssimL1Convention.sigmas.count - 1),
                    msssimL1Convention: msssimL1Convention)
            default:
                guard let convention else { return nil }
                return Check(property: property, index: index, input: property.input(&random), convention: convention)
            }
        }
    }

    /// Whether the slice consistency asks for the 2-D SSIM of a slice under `convention`, `certified` the SSIM
    /// convention certified (``SSIMProperty+Volume`` says why): it computes like the plane's, neither H nor W is padded
    /// by window_size's reach, and the taps are built in float64.
    static func asksPlane(_ convention: SSIM3DConvention, certified: SSIMConvention?) -> Bool {
        certified?.computesLike(convention.plane) == true && convention.plane.tapsPrecision == .float64
            && !convention.paddedByWindowSize.contains { $0 != .depth }
    }

    /// Asks `implementation` every request of `checks`, `batchSize` at a time; the answers by request id, and the
    /// batch failure of each request whose batch failed.
    private func ask(
        _ checks: [Check], _ implementation: any SSIMImplementation, batchSize: Int, jobs: Int,
        progress: (_ done: Int, _ total: Int) -> Void
    ) -> (answers: [String: AdapterAnswer], failures: [String: BatchFailure]) {
        var answers: [String: AdapterAnswer] = [:]
        var failures: [String: BatchFailure] = [:]
        let requests = checks.flatMap(\.requests)
        let size = max(1, batchSize)
        let batches = stride(from: 0, to: requests.count, by: size).map { Array(requests[$0..<min($0 + size, requests.count)]) }
        var done = 0
        let evaluated = ParallelBatches.run(batches.count, jobs: jobs, completed: { (count, _) in
            done += count
            progress(done, requests.count)
        }) { index in
            (batches[index].count, implementation.evaluate(batch: batches[index]))
        }
        for (batch, outcome) in zip(batches, evaluated) {
            switch outcome?.1 {
            case .answered(let given): answers.merge(given) { first, _ in first }
            case .failed(let failure): for request in batch { failures[request.id] = failure }
            case nil: break
            }
        }
        return (answers, failures)
    }

    /// Runs the checks of `properties` whose id (`property-NAME-INDEX`) or tags (`property`, the metric for any but
    /// an SSIM property, NAME) match one of `patterns` (all if none) on `implementation`, `batchSize` requests at a
    /// time; the SSIM properties judged under `convention` (its bounds, its 'valid' crop, how far its window reaches),
    /// the MS-SSIM ones under `msssimConvention` (its bounds and value range, its per-scale SSIM, its pooling of
    /// channels), the 3-D ones under `ssim3DConvention` (its bounds, its crop and reach along each axis), the 3-D
    /// MS-SSIM ones under `msssim3DConvention` and the MS-SSIM + L1 ones under `msssimL1Convention` (their bounds),
    /// those of a metric with no convention not run; a case result per check, a failing one explained where a
    /// departure from the convention makes its property hold (``Check/explanation(_:)``). An implementation that does
    /// not answer MS-SSIM has those checks not supported; one that does not declare 3-D SSIM, 3-D MS-SSIM or MS-SSIM +
    /// L1 is not asked that metric's.
    public func run(
        _ implementation: any SSIMImplementation, properties: [SSIMProperty] = SSIMProperty.allCases, batchSize: Int = 64,
        patterns: [String] = [], jobs: Int = 1, convention: SSIMConvention? = .kornia,
        msssimConvention: MSSSIMConvention? = .wangMSSSIM, ssim3DConvention: SSIM3DConvention? = .kornia,
        msssim3DConvention: MSSSIM3DConvention? = .torchmetrics, msssimL1Convention: MSSSIML1Convention? = .kornia,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) -> [CaseResult] {
        let started = Date()
        var outcomes: [(check: Check, verdict: CaseVerdict, why: String?, explanation: String?)] = []
        // The properties of 3-D SSIM, 3-D MS-SSIM and MS-SSIM + L1 are asked only of an implementation declaring it.
        func declared<Convention>(_ convention: Convention?, _ metric: String) -> Convention? {
            implementation.metrics.contains(metric) ? convention : nil
        }
        let selected = checks(
            properties, patterns: patterns, convention: convention, msssimConvention: msssimConvention,
            ssim3DConvention: declared(ssim3DConvention, CaseMetric.ssim3DName),
            msssim3DConvention: declared(msssim3DConvention, CaseMetric.msSSIM3DName),
            msssimL1Convention: declared(msssimL1Convention, CaseMetric.msSSIML1Name))
        let positions = Dictionary(uniqueKeysWithValues: selected.enumerated().map { ($1.id, $0) })
        // Every check in its first form; those the implementation declines, again in their next form, until each is
        // answered or has no form left (progress counts the first round, which asks for nearly everything).
        var pending = selected.map { $0.property.applies(in: $0.form) ? $0 : $0.inNextForm! }
        var firstRound = true
        while !pending.isEmpty {
            let (answers, failures) = ask(pending, implementation, batchSize: batchSize, jobs: jobs, progress: firstRound ? progress : { _, _ in })
            firstRound = false
            var declined: [Check] = []
            for check in pending {
                if let failure = check.requests.lazy.compactMap({ failures[$0.id] }).first {
                    outcomes.append((check, failure.kind == .timeout ? .timeout : .crash, failure.detail, nil))
                    continue
                }
                let (verdict, why) = check.outcome(answers)
                if verdict == .notSupported, let next = check.inNextForm {
                    declined.append(next)
                } else {
                    outcomes.append((
                        check, verdict, verdict == .fail ? "\(why ?? "") (seed \(seed), \(check.input)\(check.form == .sameMaps ? "" : ", \(check.form.rawValue)"))" : why,
                        verdict == .fail ? check.explanation(answers) : nil))
                }
            }
            pending = declined
        }
        // In the order of the checks, whichever round settled them.
        func position(_ check: Check) -> Int { positions[Check.id(property: check.property, index: check.index)]! }
        outcomes.sort { position($0.check) < position($1.check) }
        // Each property's first failure is shrunk, all together: each attempt is a run of the implementation, which
        // for an adapter is a process of its own.
        var firstFailures: [Int] = []
        for (index, outcome) in outcomes.enumerated()
        where outcome.verdict == .fail && !firstFailures.contains(where: { outcomes[$0].check.property == outcome.check.property }) {
            firstFailures.append(index)
        }
        let smallest = shrink(firstFailures.map { (outcomes[$0].check, outcomes[$0].why ?? "") }, implementation)
        for (index, (check, why)) in zip(firstFailures, smallest) {
            var detail = outcomes[index].why ?? ""
            if check.input != outcomes[index].check.input { detail += "; shrunk to \(check.input): \(why)" }
            if let folder = reproducerFolder {
                do {
                    detail += "; reproducer: \(try writeReproducer(check, folder: folder))"
                } catch {
                    detail += "; no reproducer: \(error)"
                }
            }
            outcomes[index].why = detail
        }
        // The checks share batches and shrinking rounds: each is given an equal share of the whole.
        let seconds = Date().timeIntervalSince(started) / Double(max(1, outcomes.count))
        return outcomes.enumerated().map { index, outcome in
            let unshrunk = outcome.verdict == .fail && !firstFailures.contains(index)
            return CaseResult(
                id: outcome.check.id, family: "properties", tags: outcome.check.property.tags,
                verdict: outcome.verdict, source: CaseSource(property: outcome.check.property.rawValue, seed: seed), detail: outcome.why.map { unshrunk ? $0 + "; not shrunk: only the property's first failure is" : $0 },
                seconds: seconds, errors: [:], missingOutputs: [], explanation: outcome.explanation)
        }
    }

    /// Smaller and simpler inputs for each failing check, kept while its property still fails on them: each round
    /// asks the implementation for every candidate of every check at once, and each check keeps its first (most
    /// aggressive) candidate that fails.
    private func shrink(_ failures: [(Check, String)], _ implementation: any SSIMImplementation) -> [(Check, String)] {
        var states = failures.map { (current: $0.0, why: $0.1, settled: false) }
        for round in 1...Self.shrinkRounds {
            let candidates = states.map { state -> [Check] in
                guard !state.settled else { return [] }
                let minimum = state.current.property.minimum
                return state.current.input.shrunk(minimumBatch: minimum.batch, minimumChannels: minimum.channels).enumerated().map {
                    var candidate = state.current
                    (candidate.input, candidate.attempt) = ($0.element, "shrink\(round).\($0.offset)")
                    return candidate
                }
            }
            let requests = candidates.joined().flatMap(\.requests)
            guard !requests.isEmpty, case .answered(let answers) = implementation.evaluate(batch: requests) else { break }
            for index in states.indices where !states[index].settled {
                let failing = candidates[index].lazy.compactMap { candidate -> (Check, String)? in
                    let (verdict, why) = candidate.outcome(answers)
                    return verdict == .fail ? (candidate, why ?? "") : nil
                }.first
                if let (smaller, why) = failing {
                    (states[index].current, states[index].why) = (smaller, why)
                } else {
                    states[index].settled = true
                }
            }
        }
        return states.map { ($0.current, $0.why) }
    }

    /// Where the reproducer of the check `id` (`property-NAME-INDEX`) is written when it fails first among its
    /// property's checks; nil without a reproducer folder.
    public func reproducerPath(forCheck id: String) -> String? {
        reproducerFolder.map { URL(fileURLWithPath: $0).appendingPathComponent("\(id)-seed\(seed).h5").path }
    }

    /// Writes the check's requests, with the reference's answers and bounds, as a vector file; returns its path.
    private func writeReproducer(_ check: Check, folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = reproducerPath(forCheck: Check.id(property: check.property, index: check.index))!
        let cases = check.requests.map { request in
            VectorCase(
                request: request, family: "property-reproducer", tags: check.property.tags,
                description: "a request of the failed property \(check.property.rawValue), seed \(seed), input \(check.index) shrunk to \(check.input)",
                provenance: [("seed", .int(Int64(bitPattern: seed))), ("property", .string(check.property.rawValue))])
        }
        var notes = [
            "property": "a request of a failed property check, its input shrunk, written to run it again",
            check.property.rawValue: "the requests of the property \(check.property.rawValue)",
        ]
        if check.property.metric != CaseMetric.ssimName {
            notes[check.property.metric] = "a request of the metric \(check.property.metric)"
                + (check.input.depth == nil ? "" : ", on volumes (B, C, D, H, W)")
        }
        // Over an older reproducer of the same check and seed.
        try DurableFile.writeHDF5(to: path, overwrite: true) { file in
            try VectorFileWriter.write(
                cases, family: "property-reproducer", provenance: VectorProvenance(gitCommit: "unknown"), notes: notes, to: file)
        }
        return path
    }
}
