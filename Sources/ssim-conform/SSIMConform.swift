import ArgumentParser

@main
struct SSIMConform: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssim-conform",
        abstract: "The SSIM conformance suite: a Kornia-exact reference SSIM, its golden vectors and adapter protocol.",
        subcommands: [Certify.self, Eval.self, Vectors.self, Bench.self, FuzzReaders.self, ReadUntrusted.self])
}
