import HDF5
import SSIM
import SSIMAdapterProtocol

/// The pairs of `tools/data/matlab-parity/camera.h5` under the settings of Zhou Wang's `ssim_index.m`: 'valid',
/// window 11, maxVal 255, eps 0, the mean, float64.
///
/// Each case records `matlab_mssim` (the mean SSIM MATLAB printed) beside `reference_mssim` (the mean of our
/// 'valid' map). Only the loss is asked for: the full-size maps of seven 512 × 512 images would not fit the store's
/// size budget, and with eps 0 no clamp acts here, so the mean loss is (1 − mean SSIM) / 2.
enum MatlabParityFamily {
    /// The file named in each case's `source` attribute: where the pairs were read from when the vectors were
    /// first made. It is recorded, not read: the file now lives at ``VectorSources/matlabParityPath``, and a new
    /// name would change the bytes of every committed vector file for no change in its content.
    static let recordedSource = "../shared/matlab-parity/camera.h5"

    static func cases(from path: String) throws -> [VectorCase] {
        let root = try HDF5File.open(path).root
        return try root.childNames().enumerated().map { index, name in
            let pair = try root.group(name)
            let first = try pair.dataset("img1"), second = try pair.dataset("img2")
            let shape = [1, 1] + first.shape
            let (x, y) = (try first.read(as: Double.self), try second.read(as: Double.self))
            // The oracle, not the library's default (fast) implementation: the vectors record the reference's value.
            let map = try SSIMReference.evaluate(
                ImageTensor(shape: shape, values: x), ImageTensor(shape: [1, 1] + second.shape, values: y),
                options: SSIMOptions(windowSize: 11, maxVal: 255, eps: 0, padding: .valid), reduction: .none,
                gradients: false
            ).ssimMap!
            let referenceMSSIM = map.values.reduce(0, +) / Double(map.values.count)
            let request = AdapterCase(
                id: "matlab-parity-\(threeDigits(index))-\(name)",
                img1: ProtocolArray(shape: shape, precision: .float64, values: x),
                img2: ProtocolArray(shape: shape, precision: .float64, values: y), windowSize: 11, maxVal: 255, eps: 0,
                padding: "valid", reduction: "mean", outputs: [.loss])
            return VectorCase(
                request: request, family: VectorFamily.matlabParity.rawValue, tags: ["matlab-parity", "real-image"],
                description: "MATLAB ssim_index.m parity on \(name): valid, window 11, maxVal 255, eps 0",
                provenance: [
                    ("source", .string("\(recordedSource):/\(name) (scikit-image camera, CC0, photographer Lav Varshney)")),
                    ("license", .string("CC0, photographer Lav Varshney")),
                    ("matlab_mssim", .double(try pair.doubleAttribute("matlab_mssim"))),
                    ("reference_mssim", .double(referenceMSSIM)),
                ])
        }
    }
}
