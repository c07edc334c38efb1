import ArgumentParser
import Foundation
import SSIMAdapterProtocol

/// `ssim-conform eval REQUEST RESPONSE`: answers an adapter-protocol request with the reference.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Answer an adapter-protocol request file with the reference implementation.",
        discussion: """
            Reads the cases of REQUEST (adapter protocol \(AdapterProtocol.version)), computes the requested \
            outputs in float64, and writes RESPONSE, which must not exist yet. Invalid inputs are answered with \
            their error category, as the protocol asks. Exit status: 0 when the response was written, 2 when the \
            request could not be read or the response not written.
            """)

    @Argument(help: "The request file (HDF5).")
    var request: String

    @Argument(help: "The response file to write (HDF5); must not exist.")
    var response: String

    func run() throws {
        do {
            let request = try AdapterRequest.read(from: request)
            try ReferenceAdapter.respond(to: request).write(to: response)
        } catch {
            FileHandle.standardError.write(Data("ssim-conform eval: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
