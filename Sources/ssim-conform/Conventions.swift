import ArgumentParser
import FoundationEssentials
import SSIM

/// `ssim-conform conventions [--json | --markdown] [NAME|FILE…]`: the named conventions, one per line, or their
/// full definitions.
struct Conventions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the named conventions of every metric, or print their definitions as JSON or Markdown.",
        discussion: """
            Without --json, one line per named convention: its name, its metric (ssim, ms-ssim or ms-ssim-l1), then \
            what it is; a library with several has a line for each. With --json, the full definitions, provenance \
            included: of every named convention as a JSON array, or of the conventions given (names or JSON files): \
            one as an object, several (a library's SSIM and MS-SSIM) as an array; either is what --convention FILE \
            reads back. Missing keys of an SSIM convention take Kornia's value, of an MS-SSIM one (marked "metric": \
            "ms-ssim") wang-msssim's, of an MS-SSIM + L1 one ("metric": "ms-ssim-l1") Kornia's. With --markdown, \
            docs/conventions.md, which is made so. Exit status: 0, or 2 when a convention given is neither a name \
            nor a readable, valid JSON file.
            """)

    @Flag(help: "Print the full definitions as JSON.")
    var json = false

    @Flag(help: "Print the definitions as docs/conventions.md holds them.")
    var markdown = false

    @Argument(help: "Conventions to show (names or JSON files); default: every named one.")
    var conventions: [String] = []

    func validate() throws {
        guard !(json && markdown) else { throw ValidationError("give --json or --markdown, not both") }
    }

    func run() throws {
        let chosen = conventions.isEmpty
            ? SSIMConvention.named as [any MetricConvention] + MSSSIMConvention.named + MSSSIML1Convention.named
                + SSIM3DConvention.named + MSSSIM3DConvention.named
            : try conventions.flatMap { (text) throws(CommandFailure) in
                try Certify.conventions(text, for: "conventions", option: "").all
            }
        if markdown {
            print(ConventionsPage.markdown(chosen), terminator: "")
        } else if json {
            let objects = chosen.map { String(decoding: $0.json(), as: UTF8.self) }
            print(objects.count == 1 && !conventions.isEmpty ? objects[0] : "[\n" + objects.joined(separator: ",\n") + "\n]")
        } else {
            let width = chosen.map(\.name.count).max() ?? 0
            let metricWidth = chosen.map { type(of: $0).metricName.count }.max() ?? 0
            func padded(_ text: String, to width: Int) -> String { text + String(repeating: " ", count: width - text.count) }
            for convention in chosen {
                let metric = type(of: convention).metricName
                print(padded(convention.name, to: width) + "  " + padded(metric, to: metricWidth) + "  " + convention.summary)
            }
        }
    }
}
