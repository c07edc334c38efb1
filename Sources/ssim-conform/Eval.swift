import ArgumentParser
import FoundationEssentials
import SSIM
import SSIMAdapterProtocol
import SSIMConformance

/// `ssim-conform eval [--implementation fast] REQUEST RESPONSE`: answers an adapter-protocol request with a built-in
/// implementation.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Answer an adapter-protocol request file with a built-in implementation (the reference by default).",
        discussion: """
            Reads the cases of REQUEST (adapter protocol \(AdapterProtocol.versions.joined(separator: ", "))), \
            computes the requested outputs, and writes RESPONSE, which must not exist yet, declaring every \
            precision and the metrics the implementation answers. The reference computes in float64 and answers in float64; --implementation fast computes in \
            the images' precision (float32 when both are; float32 for float16 and bfloat16, the answers rounded to \
            them) and answers in it, MS-SSIM in the precision its convention is judged in (float64 for \
            wang-msssim, whose msssim.m computes in double). Invalid inputs are answered with their error category, as the protocol asks. \
            With --convention the reference answers as that convention computes (a case it cannot express is \
            answered unsupported); a name denotes a library's convention of each metric it has one for (an MS-SSIM \
            case is computed under wang-msssim by default, under the MS-SSIM convention of the name given, and \
            answered unsupported when the name has none, as kornia). The fast implementation computes Kornia's SSIM, \
            the MS-SSIM conventions whose scales are Kornia's 'valid' SSIM (wang-msssim, piq) and Kornia's 3-D SSIM \
            (ssim3d, by separable passes), and answers every case of another convention or metric unsupported. Exit status: 0 when the \
            response was written, 2 when the request could not be read, the convention not found or read, or the \
            response not written.
            """)

    @Option(help: "The built-in implementation that answers: \(BuiltInImplementation.names).")
    var implementation: BuiltInImplementation = .reference

    @Option(help: "The convention to compute: a name (ssim-conform conventions lists them) or a JSON file. Default: kornia for SSIM, wang-msssim for MS-SSIM.")
    var convention: String?

    @Argument(help: "The request file (HDF5).")
    var request: String

    @Argument(help: "The response file to write (HDF5); must not exist.")
    var response: String

    func run() throws {
        var isDirectory = false
        if FileManager.default.fileExists(atPath: request, isDirectory: &isDirectory), isDirectory {
            throw CommandFailure("eval", "\(request) is a folder, not a request file")
        }
        // Checked before the work, and in the user's words: the writer's own error would name its temporary file.
        if let problem = WritablePath.fileProblem(response) { throw CommandFailure("eval", problem) }
        let conventions = try convention.map { (text) throws(CommandFailure) in try Certify.conventions(text, for: "eval") }
            ?? .vectors
        do {
            let request = try UntrustedFile.readRequest(self.request)
            let response = implementation.implementation(computing: conventions).respond(to: request)
            try response.write(to: self.response, protocolVersion: AdapterProtocol.version(of: request.cases))
            print(summary(of: response))
        } catch {
            throw CommandFailure("eval", "\(error)")
        }
    }

    /// One line per case, then the count: what a person running eval by hand wants to see.
    private func summary(of response: AdapterResponse) -> String {
        var lines = response.answers.sorted { $0.key < $1.key }.map { id, answer in
            switch answer {
            case .outputs(let outputs):
                let loss = outputs[.loss].map { $0.shape.isEmpty ? "loss \($0.values[0])" : "loss map \($0.shape)" }
                return "\(id): \(loss ?? outputs.keys.sorted().map(\.rawValue).joined(separator: ", "))"
            case .error(let category, _):
                return "\(id): rejected, \(category)"
            }
        }
        lines.append("answered \(response.answers.count) cases of \(request) in \(self.response)")
        return lines.joined(separator: "\n")
    }
}
