import ArgumentParser
import FoundationEssentials
import Glibc
import SSIM
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
            differences; for an implementation declaring MS-SSIM also MS-SSIM's identity, symmetry, bounds, a single \
            scale against its own SSIM, batch and channel order, and gradient; for one declaring ssim-3d, on small volumes, \
            the 3-D identity, symmetry, bounds, 'valid' = cropped 'same' per axis, reductions, batch and channel \
            independence, flips along each axis, slice consistency, gradient and non-finite propagation) are \
            checked on inputs drawn from --seed, and each failure is shrunk and written out as a \
            vector file to re-run with --vectors. Failing cases are diagnosed: the known deviation from the \
            convention that reproduces them is named, or where they differ is said. With --convention, the \
            expected answers and their bounds are that convention's, computed by the reference from the stored \
            inputs; the cases it cannot express are not_applicable (not asked, counting neither way). An answer \
            no correct computation of the convention gives (an SSIM beyond [-1, 1], a loss beyond its range, NaN \
            from finite inputs) is a warning, on any case, not computable ones included: counted, reported, never \
            a failure by itself. The \
            built-in implementations compute Kornia's convention: under another, the reference is judged as the \
            Kornia implementation it is, and the fast one computes it where it can (Kornia's SSIM; the MS-SSIM \
            conventions whose scales are Kornia's 'valid' SSIM; Kornia's 3-D SSIM; the 3-D MS-SSIM cases whose \
            every scale its volume kernel computes) and declares the other cases unsupported. Exit \
            status: 0 when every implementation is conformant on every case it answered (with --require full: \
            and answered everything; with --require full-without-warnings: and no case carries a warning), 1 when \
            one is not, 2 when the run could not be made (bad arguments, \
            unreadable vectors, no case selected, an adapter command that cannot be run, a report folder that \
            cannot be written), checked before any case runs, or when nothing could be judged (every case not \
            applicable under --convention or declared unsupported); 130 or 143 when interrupted by SIGINT or SIGTERM \
            (the adapter's processes are ended, temporary files removed, no report written).
            """)

    /// What `--require` adds to conformance on the cases answered.
    enum Requirement: String, CaseIterable, ExpressibleByArgument {
        /// Every case and output answered.
        case full
        /// Full, and no answer that no correct computation of the convention gives (a warning: an SSIM above 1,
        /// say, even where the case is not computable and any answer is otherwise accepted).
        case fullWithoutWarnings = "full-without-warnings"
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

    @Option(help: """
        The convention to judge by: a name (ssim-conform conventions lists them) or a JSON file (conventions --json \
        NAME prints one). Default: kornia, the golden vectors' own.
        """)
    var convention: String?

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

    @Option(help: """
        full: a case or output that is not supported counts against the verdict. full-without-warnings: that, and a \
        warning does too (an answer no correct computation of the convention gives, such as an SSIM above 1, on any \
        case, not computable ones included).
        """)
    var require: Requirement?

    @Option(parsing: .unconditional, help: "Batches run at once (each an adapter process, or a batch of a built-in implementation); the results are the same.")
    var jobs = 1

    @Option(parsing: .unconditional, help: "Stop after this many vector cases have failed (the property checks are then left out).")
    var maxFailures: Int?

    @Flag(help: "Print the cases and property checks --filter selects, by family, and run nothing.")
    var list = false

    @Flag(name: .shortAndLong, help: "Print only each implementation's verdict line (and the reports' folder): no progress, no failing cases.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also print every case's verdict, the passing ones included.")
    var verbose = false

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
        guard jobs > 0 else { throw ValidationError("--jobs must be a positive number of batches, not \(jobs)") }
        guard (maxFailures ?? 1) > 0 else { throw ValidationError("--max-failures must be a positive number of cases, not \(maxFailures ?? 0)") }
        guard !(quiet && verbose) else { throw ValidationError("give --quiet or --verbose, not both") }
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
        let conventions = try convention.map { (text) throws(CommandFailure) in try Self.conventions(text, for: "certify") }
        let loaded = try loadVectors()
        let seed = seed ?? UInt64.random(in: .min ... .max)
        let properties = propertyCases == 0 ? nil : PropertyRunner(
            seed: seed, inputsPerProperty: propertyCases,
            reproducerFolder: reproducers ?? report.map { "\($0)/reproducers" }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("ssim-conform-reproducers").path)
        // Each metric's properties are checked under a convention of it only (the default: every metric's).
        let certified = SSIMProperty.allCases.filter { property in conventions.map(property.isCertified) ?? true }
        let propertyChecks = properties?.selectedIDs(certified, patterns: filter).count ?? 0
        guard !loaded.cases.isEmpty || propertyChecks > 0 else {
            throw CommandFailure(
                "certify",
                "no case to judge: --filter \(filter.joined(separator: " --filter ")) selects none of the vector cases of \(loaded.path)"
                    + (properties == nil ? " (property checks are off: --property-cases 0)" : " nor any property check"))
        }
        if list {
            printList(loaded.cases, properties: properties, certified: certified)
            return
        }
        // Each implementation with the options that name it on a command line.
        let implementations: [(argument: String, implementation: any SSIMImplementation)]
        if let adapter {
            let external = ExternalImplementation(command: adapter, timeout: timeout)
            do {
                try external.checkStarts()
            } catch {
                throw CommandFailure("certify", "\(error)")
            }
            implementations = [("--adapter \(ShellWords.quoted(adapter))", external)]
        } else {
            // The reference is the Kornia oracle, judged as what it computes; FastSSIM says what it cannot compute.
            implementations = (implementation.map { [$0] } ?? BuiltInImplementation.allCases).map {
                ("--implementation \($0.rawValue)", $0 == .fast ? $0.implementation(computing: conventions ?? .vectors) : $0.implementation)
            }
        }
        if properties != nil && !quiet { print("property checks: seed \(seed), \(propertyCases) inputs per property") }
        let reports = implementations.map { argument, implementation in
            let display = quiet ? nil : ProgressDisplay()
            defer { display?.finish() }
            return ConformanceRunner.certify(
                implementation, cases: loaded.cases, vectors: loaded.files, requireFull: require != nil,
                requireNoWarnings: require == .fullWithoutWarnings,
                batchSize: batchSize, properties: properties, patterns: filter, jobs: jobs, maxFailures: maxFailures,
                conventions: conventions
            ) { display?.show($0, of: implementation.name) }
        }
        if reports.allSatisfy(\.judgedNothing), let first = reports.first {
            throw CommandFailure("certify", Self.nothingJudged(first, under: conventions))
        }
        for (report, implementation) in zip(reports, implementations) {
            let counts = CaseVerdict.allCases.compactMap { verdict in
                report.summary.counts[verdict.rawValue].map { "\($0) \(verdict.rawValue)" }
            }
            let under = conventions.map { " under `\($0.name)`" } ?? ""
            let warned = report.summary.warnings
            let warnings = warned == 0 ? "" : "; \(warned) case\(warned == 1 ? "" : "s") with warnings"
                + (report.refusedForWarnings ? ", refused by --require \(Requirement.fullWithoutWarnings.rawValue)" : "")
            print("\(report.implementation) \(report.implementationVersion): \(report.summary.level.rawValue)\(under), \(NumberText.fixed(100 * report.summary.coverage, decimals: 1)) % covered (\(counts.joined(separator: ", "))\(warnings))")
            if quiet { continue }
            if let stoppedEarly = report.stoppedEarly { print("  \(stoppedEarly)") }
            for result in report.cases where verbose || result.verdict.isFailure {
                print("  \(result.id): \(result.verdict.rawValue)\(result.detail.map { ": \($0)" } ?? "")")
                guard result.verdict.isFailure else { continue }
                print("    reproduce alone: \(reproduction(of: result, by: implementation.argument, vectors: loaded.path, properties: properties))")
            }
            for result in report.cases {
                for warning in result.warnings { print("  \(result.id): \(result.verdict.rawValue), warning: \(warning.reason)") }
            }
            if let diagnosis = report.diagnosis { print("  diagnosis: \(diagnosis.summary)") }
        }
        if let report {
            try ReportWriter.write(reports, to: report)
            print("reports written to \(report)")
            for file in ReportWriter.conventionFiles(reports) where !quiet {
                print("  \(reports[file.report].implementation): try --convention \(report)/\(file.name) (what \(file.finding.cases.count) failing case(s) compute: \(file.finding.deviation ?? ""))")
            }
        }
        guard reports.allSatisfy(\.isConformant) else { throw ExitCode(1) }
    }

    /// Why `report` judged nothing, in one line: the convention could not express the cases, or the implementation
    /// answered none of them, with the first case's reason.
    static func nothingJudged(_ report: ConformanceReport, under conventions: ConventionsByMetric?) -> String {
        let notApplicable = report.cases.count { $0.verdict == .notApplicable }
        let first = report.cases.first { $0.verdict == .notApplicable } ?? report.cases.first
        let why = first.map { ": \($0.id): \($0.detail ?? $0.verdict.rawValue)" } ?? ""
        if notApplicable == report.cases.count, let conventions {
            return "nothing to judge: `\(conventions.name)` cannot express any of the \(notApplicable) selected case(s)\(why)"
        }
        return "nothing to judge: \(report.implementation) answered none of the \(report.cases.count) selected case(s) "
            + "(\(notApplicable) not applicable, \(report.cases.count - notApplicable) not supported)\(why)"
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

    /// The command that runs the failing case alone: a vector case by its id, a property check from its reproducer
    /// file when one was written, else from its seed.
    private func reproduction(of result: CaseResult, by implementation: String, vectors: String, properties: PropertyRunner?) -> String {
        let id = result.id
        var words = ["ssim-conform certify", implementation]
        if let require { words.append("--require \(require.rawValue)") }
        if let convention { words.append("--convention \(ShellWords.quoted(convention))") }
        if let properties, result.source.kind == .property {
            if let reproducer = properties.reproducerPath(forCheck: id), FileManager.default.fileExists(atPath: reproducer) {
                words += ["--vectors \(ShellWords.quoted(reproducer))", "--property-cases 0"]
            } else {
                words += ["--seed \(properties.seed)", "--property-cases \(properties.inputsPerProperty)", "--filter \(id)"]
            }
        } else {
            words += ["--vectors \(ShellWords.quoted(vectors))", "--filter \(id)", "--property-cases 0"]
        }
        return words.joined(separator: " ")
    }

    /// The conventions of every metric `text` denotes (``SSIM/ConventionsByMetric/read(_:)``), or the command's
    /// failure naming `text` and what is wrong after `option` (the option that gave it, and a space).
    static func conventions(
        _ text: String, for command: String, option: String = "--convention "
    ) throws(CommandFailure) -> ConventionsByMetric {
        do throws(SSIMConventionError) {
            return try ConventionsByMetric.read(text)
        } catch {
            throw CommandFailure(command, option + "\(error)")
        }
    }

    /// `--list`: the selected vector cases by family, then the selected property checks (of the `certified`
    /// properties) by property, with counts.
    private func printList(_ cases: [StoredVectorCase], properties: PropertyRunner?, certified: [SSIMProperty]) {
        let families = Dictionary(grouping: cases, by: \.family)
        for family in families.keys.sorted() {
            print("\(family): \(families[family]!.count) cases")
            for stored in families[family]! { print("  \(stored.request.id)") }
        }
        let checks = properties?.selectedIDs(certified, patterns: filter) ?? []
        if !checks.isEmpty {
            print("properties: \(checks.count) checks")
            for id in checks { print("  \(id)") }
        }
        print("\(cases.count) cases in \(families.count) families, \(checks.count) property checks")
    }
}
