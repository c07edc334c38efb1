import Foundation
import SSIM
import SSIMAdapterProtocol
import Testing
import TestSupport

/// `ssim-conform conventions` and `--convention` as commands.
@Suite struct ConventionsCommandTests {
    static let vectors = packageRoot.appendingPathComponent("Vectors").path

    @Test func listsEveryNamedConventionOnALineWithItsMetric() throws {
        let run = try SSIMConformExecutable.runCapturingOutput(["conventions"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        let named: [any MetricConvention] = SSIMConvention.named + MSSSIMConvention.named + MSSSIML1Convention.named
            + SSIM3DConvention.named + MSSSIM3DConvention.named
        #expect(lines.count == named.count)
        for (line, convention) in zip(lines, named) {
            let words = line.split(separator: " ")
            #expect(words.first.map(String.init) == convention.name && words.dropFirst().first.map(String.init) == type(of: convention).metricName)
            #expect(line.hasSuffix(convention.summary), "\(line)")
        }
        #expect(lines.contains { $0.hasPrefix("torchmetrics ") && $0.contains(" ms-ssim ") })
    }

    /// Every named convention prints as JSON that reads back as it; a library with both metrics prints an array of
    /// its two, which `--convention FILE` reads back as both.
    @Test func printsDefinitionsThatReadBack() throws {
        let all = try SSIMConformExecutable.runCapturingOutput(["conventions", "--json"])
        #expect(all.status == 0, "\(all.stderr)")
        let objects = try #require(JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [Any])
        let decoded = try objects.map { try ConventionsByMetric.decode(json: JSONSerialization.data(withJSONObject: $0)) }
        #expect(decoded.compactMap(\.ssim) == SSIMConvention.named)
        #expect(decoded.compactMap(\.msssim) == MSSSIMConvention.named)
        #expect(decoded.compactMap(\.msssimL1) == MSSSIML1Convention.named)
        #expect(decoded.compactMap(\.ssim3D) == SSIM3DConvention.named)
        let skimage = try SSIMConformExecutable.runCapturingOutput(["conventions", "--json", "scikit-image"])
        #expect(try SSIMConvention.decode(json: Data(skimage.stdout.utf8)) == .scikitImage)
        let kornia = try SSIMConformExecutable.runCapturingOutput(["conventions", "--json", "kornia"])
        let korniaBoth = try ConventionsByMetric.decode(json: Data(kornia.stdout.utf8))
        #expect(korniaBoth.ssim == .kornia && korniaBoth.msssim == nil && korniaBoth.msssimL1 == .kornia)
        #expect(korniaBoth.ssim3D == .kornia)
        let piq = try SSIMConformExecutable.runCapturingOutput(["conventions", "--json", "piq"])
        let both = try ConventionsByMetric.decode(json: Data(piq.stdout.utf8))
        #expect(both.ssim == .piq && both.msssim == .piq)
        let file = try temporaryFolder().appendingPathComponent("piq.json")
        try Data(piq.stdout.utf8).write(to: file)
        let reread = try SSIMConformExecutable.runCapturingOutput(["conventions", file.path])
        #expect(reread.stdout.split(separator: "\n").map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == ["piq ssim", "piq ms-ssim"])
    }

    /// docs/conventions.md is the command's Markdown, and so holds a section per named convention.
    @Test func theDocumentationIsTheCommandsOutput() throws {
        let run = try SSIMConformExecutable.runCapturingOutput(["conventions", "--markdown"])
        #expect(run.status == 0, "\(run.stderr)")
        let page = try String(contentsOf: packageRoot.appendingPathComponent("docs/conventions.md"), encoding: .utf8)
        #expect(page == run.stdout, "docs/conventions.md is stale: ssim-conform conventions --markdown > docs/conventions.md")
        for convention in SSIMConvention.named {
            #expect(page.contains("\n## `\(convention.name)`\n"), "\(convention.name)")
        }
    }

    @Test(arguments: [
        (["certify", "--vectors", vectors, "--convention", "sckit-image"], "ssim-conform certify: --convention sckit-image: neither a named convention"),
        (["eval", "--convention", "nope", packageRoot.appendingPathComponent("docs/example-request.h5").path, NSTemporaryDirectory() + "never-written-\(UUID().uuidString).h5"], "ssim-conform eval: --convention nope: neither"),
        (["conventions", "--json", "/nonexistent.json"], "ssim-conform conventions: /nonexistent.json: neither a named convention"),
    ])
    func anUnknownConventionIsRefusedInOneLine(arguments: [String], saying: String) throws {
        let run = try SSIMConformExecutable.runCapturingOutput(arguments)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.hasPrefix(saying), "\(run.stderr)")
    }

    /// A convention file judges as the name it was printed from, and the verdict line says which convention.
    @Test func certifiesUnderANameOrItsFileAlike() throws {
        let file = try temporaryFolder().appendingPathComponent("skimage.json")
        try SSIMConvention.scikitImage.json().write(to: file)
        func certify(_ convention: String) throws -> String {
            let run = try SSIMConformExecutable.runCapturingOutput([
                "certify", "--vectors", Self.vectors, "--implementation", "reference", "--convention", convention,
                "--filter", "core-00*", "--property-cases", "0", "--quiet",
            ])
            #expect(run.status == 1, "the Kornia reference is not scikit-image: \(run.stdout) \(run.stderr)")
            return run.stdout
        }
        let named = try certify("scikit-image")
        #expect(named.contains("fail under `scikit-image`"), "\(named)")
        #expect(try certify(file.path) == named)
    }

    /// An implementation of another convention (eval computing torchmetrics') is diagnosed as computing it; the
    /// report's folder holds that convention as a file, certify says to try it, and under it the implementation passes.
    @Test func theDiagnosisWritesTheConventionThatCertifiesWhatItExplains() throws {
        let folder = try temporaryFolder()
        let adapter = "'\(SSIMConformExecutable.url.path)' eval --convention torchmetrics"
        func certify(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            try SSIMConformExecutable.runCapturingOutput(
                ["certify", "--vectors", Self.vectors, "--adapter", adapter, "--filter", "core-0[0-4]*", "--property-cases", "0"] + arguments)
        }
        let failing = try certify(["--report", folder.path])
        #expect(failing.status == 1, "\(failing.stdout) \(failing.stderr)")
        #expect(failing.stdout.contains("diagnosis: matches torchmetrics\n"), "\(failing.stdout)")
        let file = folder.appendingPathComponent("explaining-convention-1.json").path
        #expect(failing.stdout.contains("try --convention \(file)"), "\(failing.stdout)")
        let passing = try certify(["--convention", file, "--quiet"])
        #expect(passing.status == 0, "\(passing.stdout) \(passing.stderr)")
    }

    /// eval answers as the convention computes: without a border, 'same' is unsupported.
    @Test func evalComputesTheConventionAsked() throws {
        let request = packageRoot.appendingPathComponent("Tests/SSIMConformanceTests/Witness/kornia-request.h5").path
        let folder = try temporaryFolder()
        let kornia = folder.appendingPathComponent("kornia.h5").path, none = folder.appendingPathComponent("none.h5").path
        #expect(try SSIMConformExecutable.run(["eval", request, kornia]).status == 0)
        #expect(try SSIMConformExecutable.run(["eval", "--convention", "matlab-ssim-index", request, none]).status == 0)
        let (a, b) = (try AdapterResponse.read(from: kornia).answers, try AdapterResponse.read(from: none).answers)
        let cases = try AdapterRequest.read(from: request).cases
        var compared = (same: 0, valid: 0)
        for adapterCase in cases {
            guard case .outputs(let korniaOutputs)? = a[adapterCase.id] else { continue }
            if adapterCase.padding == "same" {
                guard case .error(let category, _)? = b[adapterCase.id] else { Issue.record("\(adapterCase.id): answered 'same'"); continue }
                #expect(category == "unsupported")
                compared.same += 1
            } else if case .outputs(let outputs)? = b[adapterCase.id] {
                // No eps, float64 arithmetic: another answer where eps is not 0.
                #expect(outputs.keys.sorted() == korniaOutputs.keys.sorted())
                compared.valid += 1
            }
        }
        #expect(compared.same > 0 && compared.valid > 0, "\(compared)")
    }
}
