import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SSIMAdapterProtocol
@testable import SSIMConformance
import SSIMVectors
import Testing
import TestSupport

/// `junit.xml` as CI systems read it (issue 14, "Reports"): structure, times, properties and bodies checked here in
/// Swift, and the schema `tools/junit/junit.xsd` checked with xmllint where it is installed.
@Suite struct JUnitReportTests {
    /// ``ReportSchemaTests/Declining`` on the vectors, whose batches holding an invalid case crash, and the reference
    /// on the property checks: every verdict JUnit tells apart.
    struct CrashingOnInvalid: SSIMImplementation {
        let name = "declining <&> \"crashing\"", version = "2"

        func evaluate(_ adapterCase: AdapterCase) -> AdapterAnswer {
            adapterCase.id.hasPrefix("property-")
                ? ReferenceImplementation().evaluate(adapterCase) : ReportSchemaTests.Declining().evaluate(adapterCase)
        }

        func evaluate(batch: [AdapterCase]) -> BatchOutcome {
            guard batch.allSatisfy({ !$0.id.hasPrefix("invalid") }) else {
                return .failed(BatchFailure(.crash, "exit status 139\nstderr: Segmentation fault"))
            }
            return .answered(Dictionary(uniqueKeysWithValues: batch.map { ($0.id, evaluate($0)) }))
        }
    }

    static let commandLine = ["ssim-conform", "certify", "--adapter", "python3 my adapter.py", "--seed", "7"]

    static let report = ConformanceRunner.certify(
        CrashingOnInvalid(), cases: ReportSchemaTests.cases, vectors: ConformanceRunnerTests.loaded.files,
        requireFull: false, batchSize: 1, properties: PropertyRunner(seed: 7, inputsPerProperty: 1, reproducerFolder: nil),
        patterns: ["property-identity-*"])

    static let file: URL = {
        let folder = try! temporaryFolder()
        try! ReportWriter.write([report], to: folder.path, commandLine: commandLine)
        return folder.appendingPathComponent("junit.xml")
    }()

    @Test func everyCaseIsATestcaseWithItsTimeAndItsDetailAsTheBody() throws {
        let root = try #require(try XMLDocument(contentsOf: Self.file).rootElement())
        #expect(root.name == "testsuites")
        let suites = root.elements(forName: "testsuite")
        try #require(suites.count == 1)
        let suite = suites[0]
        for name in ["name", "hostname", "tests", "failures", "errors", "skipped"] {
            #expect(suite.attribute(forName: name)?.stringValue?.isEmpty == false, "testsuite lacks \(name)")
        }
        #expect(ISO8601DateFormatter().date(from: suite.attribute(forName: "timestamp")?.stringValue ?? "") != nil)
        #expect(Double(suite.attribute(forName: "time")?.stringValue ?? "").map { $0 >= 0 } == true)
        #expect(suite.children?.compactMap(\.name).first == "properties")
        #expect(suite.children?.compactMap(\.name).suffix(2) == ["system-out", "system-err"])

        let properties = Dictionary(uniqueKeysWithValues: suite.elements(forName: "properties").flatMap {
            $0.elements(forName: "property")
        }.map { ($0.attribute(forName: "name")!.stringValue!, $0.attribute(forName: "value")!.stringValue!) })
        #expect(properties["seed"] == "7")
        #expect(properties["convention"] == "kornia")
        let commits = try Set(ConformanceRunnerTests.loaded.files.map { try VectorFile.read(from: $0).gitCommit })
        #expect(properties["vectors_commit"].map { Set($0.components(separatedBy: ", ")) } == commits)
        #expect(properties["command_line"] == "ssim-conform certify --adapter 'python3 my adapter.py' --seed 7")

        let testcases = suite.elements(forName: "testcase")
        #expect(testcases.count == Self.report.cases.count)
        #expect(Set(testcases.map { $0.attribute(forName: "name")?.stringValue ?? "" }).count == testcases.count, "names are unique")
        for (testcase, result) in zip(testcases, Self.report.cases) {
            #expect(testcase.attribute(forName: "classname")?.stringValue == Self.report.implementation)
            #expect(testcase.attribute(forName: "name")?.stringValue == result.id)
            #expect(Double(testcase.attribute(forName: "time")?.stringValue ?? "").map { $0 >= 0 } == true, "\(result.id)")
            let element: String? = switch result.verdict {
            case .pass: nil
            case .notSupported, .notComputable, .notApplicable: "skipped"
            case .fail, .wrongError: "failure"
            case .crash, .timeout: "error"
            }
            let children = testcase.children?.compactMap { $0 as? XMLElement } ?? []
            #expect(children.map(\.name) == (element.map { [$0] } ?? []), "\(result.id)")
            if let problem = children.first {
                let body = problem.stringValue ?? ""
                #expect(body.hasPrefix(try #require(result.detail)), "\(result.id): the detail is the body")
                if let explanation = result.explanation { #expect(body.contains(explanation)) }
                for warning in result.warnings { #expect(body.contains("Warning: \(warning.reason)"), "\(result.id)") }
            }
        }
        let verdicts = Set(Self.report.cases.map(\.verdict))
        #expect(verdicts.isSuperset(of: [.pass, .fail, .notSupported, .crash, .notComputable]), "\(verdicts)")
        // A warning is no failure: counted in a property, listed in the suite's output.
        let warned = Self.report.cases.filter { !$0.warnings.isEmpty }
        #expect(warned.count == 1 && warned.allSatisfy { $0.verdict == .notComputable })
        #expect(properties["warnings"] == "1")
        let failures = Self.report.cases.count { $0.verdict == .fail || $0.verdict == .wrongError }
        #expect(suite.attribute(forName: "failures")?.stringValue == "\(failures)")
        let output = suite.elements(forName: "system-out").first?.stringValue ?? ""
        #expect(output.contains("\(warned[0].id) (not_computable): warning: \(warned[0].warnings[0].reason)"), "\(output)")
    }

    static let xmllint = ["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first(where: FileManager.default.isExecutableFile(atPath:))

    @Test(.enabled(if: xmllint != nil, "xmllint is not installed (Debian: apt-get install libxml2-utils); the structure is checked above"))
    func isValidAgainstTheJUnitSchema() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.xmllint))
        process.arguments = ["--noout", "--schema", packageRoot.appendingPathComponent("tools/junit/junit.xsd").path, Self.file.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }
}
