import ArgumentParser
import Foundation
import SSIM

/// `ssim-conform conventions [--json] [NAME|FILE…]`: the named conventions, one per line, or their full definitions.
struct Conventions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the named SSIM conventions, or print their definitions as JSON.",
        discussion: """
            Without --json, one line per named convention: its name, then what it is (docs/conventions.md has each \
            one's choices and where they were read). With --json, the full definitions, provenance included: of \
            every named convention as a JSON array, or of the one convention given (a name or a JSON file) as an \
            object that --convention FILE reads back. Missing keys of a convention file take Kornia's value. Exit \
            status: 0, or 2 when a convention given is neither a name nor a readable, valid JSON file.
            """)

    @Flag(help: "Print the full definitions as JSON.")
    var json = false

    @Argument(help: "Conventions to show (names or JSON files); default: every named one.")
    var conventions: [String] = []

    func run() throws {
        let chosen = conventions.isEmpty
            ? SSIMConvention.named
            : try conventions.map { (text) throws(CommandFailure) in try Certify.convention(text, for: "conventions") }
        guard json else {
            let width = chosen.map(\.name.count).max() ?? 0
            for convention in chosen {
                print(convention.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + convention.summary)
            }
            return
        }
        if chosen.count == 1 && !conventions.isEmpty {
            print(String(decoding: chosen[0].json(), as: UTF8.self))
        } else {
            let objects = chosen.map { String(decoding: $0.json(), as: UTF8.self) }
            print("[\n" + objects.joined(separator: ",\n") + "\n]")
        }
    }
}
