import ArgumentParser
import Foundation
import SSIM

/// `ssim-conform conventions [--json | --markdown] [NAME|FILE…]`: the named conventions, one per line, or their
/// full definitions.
struct Conventions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the named SSIM conventions, or print their definitions as JSON or Markdown.",
        discussion: """
            Without --json, one line per named convention: its name, then what it is. With --json, the full \
            definitions, provenance included: of every named convention as a JSON array, or of the one convention \
            given (a name or a JSON file) as an object that --convention FILE reads back; missing keys of a \
            convention file take Kornia's value. With --markdown, docs/conventions.md, which is made so. Exit \
            status: 0, or 2 when a convention given is neither a name nor a readable, valid JSON file.
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
            ? SSIMConvention.named
            : try conventions.map { (text) throws(CommandFailure) in try Certify.convention(text, for: "conventions", option: "") }
        if markdown {
            print(ConventionsPage.markdown(chosen), terminator: "")
        } else if json {
            let objects = chosen.map { String(decoding: $0.json(), as: UTF8.self) }
            print(conventions.count == 1 ? objects[0] : "[\n" + objects.joined(separator: ",\n") + "\n]")
        } else {
            let width = chosen.map(\.name.count).max() ?? 0
            for convention in chosen {
                print(convention.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + convention.summary)
            }
        }
    }
}
