import ArgumentParser
import Foundation
import SSIMConformance
import SSIMVectors

/// `ssim-conform certify`: judges implementations against the golden vectors.
struct Certify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Certify SSIM implementations against the golden vectors and the property checks.",
        discussion: """
            Without --adapter or --implementation, certifies the built-in implementations. Every answer is judged \
            against the expected values within the per-element bounds of the precision the case asks for; then \
            the properties (identity, symmetry, bounds, 'valid' = cropped 'same', reductions, maxVal scaling, \
            batch and channel independence, flip and transpose, float32 against float64, gradient against central \
            differences) are checked on inputs drawn from --seed, and each failure is shrunk and written out as a \
            vector file to re-run with --vectors. Failing cases are diagnosed: the known deviation from the \
            convention that reproduces them is named, or where they differ is said. Exit \
            status: 0 when every implementation is conformant on every case it answered (with --require full: \
            and answered everything), 1 when one is not, 2 when the run could not be made (bad arguments, \
            unreadable vectors, no case selected, an adapter command that cannot be run, a report folder that \
            cannot be written), checked before any case runs.
            """)

    enum Requirement: String, CaseIterable, ExpressibleByArgument {
        case full
    }

    @Option(help: """
        A command speaking the adapter protocol (docs/adapter-protocol.md), e.g. "python3 my_adapter.py". The \
        line is read by /bin/sh, which splits it into words: quote a path that has spaces inside it \
        (--adapter "'/my dir/adapter'"). The suite appends the request's and the response's paths.
        """)
    var adapter: String?

    @Option(help: "A built-in implementation: \(BuiltInImplementation.names).")
    var implementation: BuiltInImplementation?

    @Option(help: """
        A vector file or a folder of them (default: the Vectors folder of the checkout this ssim-conform was built \
        in, whatever the working folder, else $\(DefaultVectors.environmentVariable)).
        """)
    var vectors: String?

    @Option(help: "Only the cases whose id or a tag matches this shell pattern (repeatable).")
    var filter: [String] = []

    @Option(help: "Write report.json, junit.xml, summary.md and report.html (standalone, with pictures of the failing cases) into this folder.")
    var report: String?

    // Options taking numbers parse their value unconditionally: "-1" is then a value to refuse with a reason,
    // not a missing value followed by an unknown option.
    @Option(
        parsing: .unconditional, help: "The seed the property checks' inputs are drawn from (default: a random one, printed).",
        transform: { text in
            guard let seed = UInt64(text) else { throw ValidationError("a seed is a whole number from 0 to \(UInt64.max)") }
            return seed
        })
    var seed: UInt64?

    @Option(parsing: .unconditional, help: "Generated inputs per property, 0 to \(PropertyRunner.maximumInputsPerProperty) (0: no property checks).")
    var propertyCases = 8

    @Option(help: "Where to write the reproducers of failed property checks (default: REPORT/reproducers, or a temporary folder).")
    var reproducers: String?

    @Option(parsing: .unconditional, help: "Seconds an adapter may take for one batch.")
    var timeout: Double = 120

    @Option(parsing: .unconditional, help: "Cases per request file sent to an adapter.")
    var batchSize = 64

    @Option(help: "full (the only value): a case or output that is not supported counts against the verdict.")
    var require: Requirement?

    func validate() throws {
        guard adapter == nil || implementation == nil else {
            throw ValidationError("give --adapter or --implementation, not both")
        }
        if let adapter, adapter.allSatisfy(\.isWhitespace) {
            throw ValidationError("--adapter is empty: give the command that answers requests, e.g. --adapter \"python3 my_adapter.py\"")
        }
        guard timeout > 0, timeout.isFinite else {
            throw ValidationError("--timeout must be a positive number of seconds, not \(timeout)")
        }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be a positive number of cases, not \(batchSize)") }
        guard (0...PropertyRunner.maximumInputsPerProperty).contains(propertyCases) else {
            throw ValidationError(
                "--property-cases must be from 0 to \(PropertyRunner.maximumInputsPerProperty), not \(propertyCases): every "
                    + "input and its answers are held in memory until the property checks end")
        }
    }

    func run() throws {
        Interruption.exitOnSignals(naming: "ssim-conform certify")
        for (option, folder) in [("--report", report), ("--reproducers", reproducers)] {
            if let folder, let problem = WritablePath.folderProblem(folder) { throw CommandFailure("certify", "\(option): \(problem)") }
        }
        let loaded = try loadVectors()
        let seed = seed ?? UInt64.random(in: .min ... .max)
        let properties = propertyCases == 0 ? nil : PropertyRunner(
            seed: seed, inputsPerProperty: propertyCases,
            reproducerFolder: reproducers ?? report.map { "\($0)/reproducers" }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("ssim-conform-reproducers").path)
        let propertyChecks = properties?.selectedIDs(patterns: filter).count ?? 0
        guard !loaded.cases.isEmpty || propertyChecks > 0 else {
            throw CommandFailure(
                "certify",
                "no case to judge: --filter \(filter.joined(separator: " --filter ")) selects none of the vector cases of \(loaded.path)"
                    + (properties == nil ? " (property checks are off: --property-cases 0)" : " nor any property check"))
        }
        let implementations: [any SSIMImplementation]
        if let adapter {
            let external = ExternalImplementation(command: adapter, timeout: timeout)
            do {
                try external.checkStarts()
            } catch let error as AdapterStartError {
                throw CommandFailure("certify", "\(error)")
            } catch {
                throw CommandFailure("certify", "cannot try the adapter command \(adapter): \(error)")
            }
            implementations = [external]
        } else if let implementation {
            implementations = [implementation.implementation]
        } else {
            implementations = BuiltInImplementation.allCases.map(\.implementation)
        }
        if properties != nil { print("property checks: seed \(seed), \(propertyCases) inputs per property") }
        let showProgress = isatty(STDERR_FILENO) == 1
        let reports = implementations.map { implementation in
            ConformanceRunner.certify(
                implementation, cases: loaded.cases, vectors: loaded.files, requireFull: require == .full,
                batchSize: batchSize, properties: properties, patterns: filter
            ) { done, total in
                if showProgress { FileHandle.standardError.write(Data("\r\(implementation.name): \(done)/\(total) cases".utf8)) }
            }
        }
        if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        for report in reports {
            let counts = CaseVerdict.allCases.compactMap { verdict in
                report.summary.counts[verdict.rawValue].map { "\($0) \(verdict.rawValue)" }
            }
            print("\(report.implementation) \(report.implementationVersion): \(report.summary.level.rawValue), \(String(format: "%.1f", 100 * report.summary.coverage)) % covered (\(counts.joined(separator: ", ")))")
            for result in report.cases where result.verdict != .pass && result.verdict != .notSupported {
                print("  \(result.id): \(result.verdict.rawValue): \(result.detail ?? "")")
            }
            if let diagnosis = report.diagnosis { print("  diagnosis: \(diagnosis.summary)") }
        }
        if let report {
            try ReportWriter.write(reports, to: report)
            print("reports written to \(report)")
        }
        guard reports.allSatisfy(\.isConformant) else { throw ExitCode(1) }
    }

    /// The vectors (`--vectors`, else ``DefaultVectors``), the files read and the cases `--filter` selects; a vector
    /// folder without vector files, or a request file given as vectors, is said to be one.
    private func loadVectors() throws(CommandFailure) -> (path: String, files: [String], cases: [StoredVectorCase]) {
        let vectors = if let vectors { vectors } else { try DefaultVectors.find(for: "certify") }
        do {
            let (files, cases) = try ConformanceRunner.loadCases(from: vectors)
            guard !files.isEmpty else { throw CommandFailure("certify", "\(vectors): no vector files (*.h5) in this folder") }
            return (vectors, files, ConformanceRunner.filter(cases, patterns: filter))
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            // A request is an HDF5 file too, and the likeliest wrong file to be handed here.
            if (try? UntrustedFile.readRequest(vectors)) != nil {
                throw CommandFailure(
                    "certify", "\(vectors) is an adapter request, not a vector file (answer it with ssim-conform eval)")
            }
            throw CommandFailure("certify", "\(error)")
        }
    }
}
