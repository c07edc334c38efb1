import Foundation
import HDF5
import SSIMAdapterProtocol
import SSIMVectors

/// Checks the ``SSIMProperty`` relations on any implementation: generated inputs from a seed, each failure shrunk to
/// a small input that still fails and written out as a vector file to re-run with `certify --vectors`.
public struct PropertyRunner: Sendable {
    /// The seed every input is drawn from: input k of property p comes from SplitMix64(seed ⊕ (p·2³² + k)).
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

    /// A check to run: a property on one generated input.
    struct Check {
        let property: SSIMProperty
        let index: Int
        let input: PropertyInput
        /// Which shrinking attempt this is, if one.
        var attempt: String?
        var id: String { "property-\(property.rawValue)-\(threeDigits(index))" + (attempt.map { "-\($0)" } ?? "") }
        var requests: [AdapterCase] { property.requests(input, prefix: id) }
    }

    /// The checks of `properties` (all of them by default).
    func checks(_ properties: [SSIMProperty]) -> [Check] {
        properties.flatMap { property in
            (0..<inputsPerProperty).map { index in
                let stream = UInt64(SSIMProperty.allCases.firstIndex(of: property)!) << 32 | UInt64(index)
                var random = SplitMix64(seed: seed ^ stream)
                return Check(property: property, index: index, input: property.prepared(PropertyInput.generate(&random)))
            }
        }
    }

    /// Runs the checks of `properties` whose id (`property-NAME-INDEX`) or tags (`property`, NAME) match one of
    /// `patterns` (all if none) on `implementation`, `batchSize` requests at a time; a case result per check.
    public func run(
        _ implementation: any SSIMImplementation, properties: [SSIMProperty] = SSIMProperty.allCases, batchSize: Int = 64,
        patterns: [String] = []
    ) -> [CaseResult] {
        let checks = checks(properties).filter {
            ConformanceRunner.matches(id: $0.id, tags: ["property", $0.property.rawValue], patterns: patterns)
        }
        var answers: [String: AdapterAnswer] = [:]
        var failedBatches: [String: BatchFailure] = [:]
        let requests = checks.flatMap(\.requests)
        for start in stride(from: 0, to: requests.count, by: max(1, batchSize)) {
            let batch = Array(requests[start..<min(start + max(1, batchSize), requests.count)])
            switch implementation.evaluate(batch: batch) {
            case .answered(let given): answers.merge(given) { first, _ in first }
            case .failed(let failure): for request in batch { failedBatches[request.id] = failure }
            }
        }
        var shrunk: Set<SSIMProperty> = []
        return checks.map { check in
            let tags = ["property", check.property.rawValue]
            func result(_ verdict: CaseVerdict, _ detail: String?) -> CaseResult {
                CaseResult(id: check.id, family: "properties", tags: tags, verdict: verdict, detail: detail, errors: [:], missingOutputs: [])
            }
            if let failure = check.requests.lazy.compactMap({ failedBatches[$0.id] }).first {
                return result(failure.kind == .timeout ? .timeout : .crash, failure.detail)
            }
            switch check.property.check(check.input, prefix: check.id, answers: PropertyAnswers(requests: check.requests, answers: answers)) {
            case .holds: return result(.pass, nil)
            case .notSupported(let why): return result(.notSupported, why)
            case .fails(let why):
                let first = shrunk.insert(check.property).inserted
                return result(.fail, failureDetail(check, why, implementation, shrinking: first))
            }
        }
    }

    /// The failure, the seed, the smallest input found that still fails, and the reproducer written for it. Only a
    /// property's first failure is shrunk: each attempt is a run of the implementation, which for an adapter is a
    /// process of its own.
    private func failureDetail(_ check: Check, _ why: String, _ implementation: any SSIMImplementation, shrinking: Bool) -> String {
        var detail = "\(why) (seed \(seed), \(check.input))"
        guard shrinking else { return detail + "; not shrunk: only the property's first failure is" }
        let (smallest, smallestWhy) = shrink(check, why, implementation)
        if smallest.input != check.input {
            detail += "; shrunk to \(smallest.input): \(smallestWhy)"
        }
        if let folder = reproducerFolder {
            do {
                detail += "; reproducer: \(try writeReproducer(smallest, folder: folder))"
            } catch {
                detail += "; no reproducer: \(error)"
            }
        }
        return detail
    }

    /// Smaller and simpler inputs, kept while the property still fails on them: each round asks the implementation
    /// for every candidate at once and keeps the first (most aggressive) that fails.
    private func shrink(_ check: Check, _ why: String, _ implementation: any SSIMImplementation) -> (Check, String) {
        var (current, currentWhy, round) = (check, why, 0)
        let minimum = check.property.minimum
        while round < Self.shrinkRounds {
            round += 1
            let candidates = current.input.shrunk(minimumBatch: minimum.batch, minimumChannels: minimum.channels)
                .enumerated().map { Check(property: check.property, index: check.index, input: $0.element, attempt: "shrink\(round).\($0.offset)") }
            guard !candidates.isEmpty, case .answered(let answers) = implementation.evaluate(batch: candidates.flatMap(\.requests)) else { break }
            let failing = candidates.lazy.compactMap { candidate -> (Check, String)? in
                let outcome = check.property.check(
                    candidate.input, prefix: candidate.id, answers: PropertyAnswers(requests: candidate.requests, answers: answers))
                if case .fails(let why) = outcome { return (candidate, why) }
                return nil
            }.first
            guard let (smaller, smallerWhy) = failing else { break }
            (current, currentWhy) = (smaller, smallerWhy)
        }
        return (current, currentWhy)
    }

    /// Writes the check's requests, with the reference's answers and bounds, as a vector file; returns its path.
    private func writeReproducer(_ check: Check, folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = URL(fileURLWithPath: folder)
            .appendingPathComponent("property-\(check.property.rawValue)-\(threeDigits(check.index))-seed\(seed).h5").path
        let cases = check.requests.map { request in
            VectorCase(
                request: request, family: "property-reproducer", tags: ["property", check.property.rawValue],
                description: "a request of the failed property \(check.property.rawValue), seed \(seed), input \(check.index) shrunk to \(check.input)",
                provenance: [("seed", .int(Int64(bitPattern: seed))), ("property", .string(check.property.rawValue))])
        }
        let staging = path + ".partial"
        try? FileManager.default.removeItem(atPath: staging)
        do {
            let file = try HDF5File.create(staging)
            try VectorFileWriter.write(cases, family: "property-reproducer", provenance: VectorProvenance(gitCommit: "unknown"), to: file)
            try file.flush()
        }
        // Closed above; renamed into place whole, over an older reproducer of the same check and seed.
        guard rename(staging, path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
        return path
    }
}

/// Three digits, zero-padded: ids sort in order.
private func threeDigits(_ value: Int) -> String {
    String(repeating: "0", count: max(0, 3 - String(value).count)) + String(value)
}
