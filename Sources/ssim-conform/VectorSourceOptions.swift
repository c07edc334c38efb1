import ArgumentParser
import SSIMVectors

/// The inputs of the vectors that are not pseudo-random, as `vectors generate` and `vectors verify --regenerate` take
/// them: one definition, so that both regenerate from the same files by default.
struct VectorSourceOptions: ParsableArguments {
    @Option(help: "The real-image pairs made by tools/real-image-pairs.")
    var realImages = VectorSources.realImagePairsPath

    @Option(help: "The MATLAB parity pairs (committed with their README in tools/data/matlab-parity).")
    var matlabParity = VectorSources.matlabParityPath

    var sources: VectorSources { VectorSources(realImagePairs: realImages, matlabParity: matlabParity) }
}
