import ArgumentParser
import FoundationEssentials
import Glibc
import SSIMVectors

/// The inputs of the vectors that are not pseudo-random, as `vectors generate` and `vectors verify --regenerate` take
/// them: one definition, so that both regenerate from the same files by default.
struct VectorSourceOptions: ParsableArguments {
    @Option(help: "The real-image pairs made by tools/real-image-pairs.")
    var realImages = VectorSources.realImagePairsPath

    @Option(help: "The MATLAB parity pairs (committed with their README in tools/data/matlab-parity).")
    var matlabParity = VectorSources.matlabParityPath

    @Option(help: "The real volume pairs made by tools/real-volumes.")
    var realVolumes = VectorSources.realVolumesPath

    var sources: VectorSources {
        VectorSources(realImagePairs: realImages, matlabParity: matlabParity, realVolumes: realVolumes)
    }

    /// Why the sources cannot be read (the first missing or unreadable file, with its option), or nil: checked
    /// before any vector is computed.
    var problem: String? {
        for (option, file) in [("--real-images", realImages), ("--matlab-parity", matlabParity), ("--real-volumes", realVolumes)] {
            var isDirectory = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else { return "\(option): no such file \(file)" }
            guard !isDirectory else { return "\(option): \(file) is a folder, not a file" }
            guard access(file, R_OK) == 0 else { return "\(option): \(file) is not readable" }
        }
        return nil
    }
}
