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
            unreadable vectors).
            """)

    enum Requirement: String, ExpressibleByArgument {
        case full
    }

    @Option(help: "A command speaking the adapter protocol (docs/adapter-protocol.md), e.g. \"python3 my_adapter.py\".")
    var adapter: String?

    @Option(help: "A built-in implementation: \(BuiltInImplementation.names).")
    var implementation: BuiltInImplementation?

    @Option(help: "A vector file or a folder of them.")
    var vectors = "Vectors"

    @Option(help: "Only the cases whose id or a tag matches this shell pattern (repeatable).")
    var filter: [String] = []

    @Option(help: "Write report.json, junit.xml, summary.md and report.html (standalone, with pictures of the failing cases) into this folder.")
    var report: String?

    @Option(help: "The seed the property checks' inputs are drawn from (default: a random one, printed).")
    var seed: UInt64?

    @Option(help: "Generated inputs per property (0: no property checks).")
    var propertyCases = 8

    @Option(help: "Where to write the reproducers of failed property checks (default: REPORT/reproducers, or a temporary folder).")
    var reproducers: String?

    @Option(help: "Seconds an adapter may take for one batch.")
    var timeout: Double = 120

    @Option(help: "Cases per request file sent to an adapter.")
    var batchSize = 64

    @Option(help: "\"full\": a case or output that is not supported counts against the verdict.")
    var require: Requirement?

    func validate() throws {
        guard adapter == nil || implementation == nil else {
            throw ValidationError("give --adapter or --implementation, not both")
        }
        guard timeout > 0, batchSize > 0 else { throw ValidationError("--timeout and --batch-size must be positive") }
        guard propertyCases >= 0 else { throw ValidationError("--property-cases must be 0 or more") }
    }

    func run() throws {
        let loaded: (files: [String], cases: [StoredVectorCase])
        do {
            let (files, cases) = try ConformanceRunner.loadCases(from: vectors)
            loaded = (files, ConformanceRunner.filter(cases, patterns: filter))
        } catch {
            throw CommandFailure("certify", "\(error)")
        }
        let seed = seed ?? UInt64.random(in: .min ... .max)
        let properties = propertyCases == 0 ? nil : PropertyRunner(
            seed: seed, inputsPerProperty: propertyCases,
            reproducerFolder: reproducers ?? report.map { "\($0)/reproducers" }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("ssim-conform-reproducers").path)
        if properties != nil { print("property checks: seed \(seed), \(propertyCases) inputs per property") }
        guard !loaded.cases.isEmpty || properties != nil else {
            throw CommandFailure("certify", "no case of \(vectors) matches \(filter)")
        }
        let implementations: [any SSIMImplementation] = if let adapter {
            [ExternalImplementation(command: adapter, timeout: timeout)]
        } else if let implementation {
            [implementation.implementation]
        } else {
            BuiltInImplementation.allCases.map(\.implementation)
        }
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
}
