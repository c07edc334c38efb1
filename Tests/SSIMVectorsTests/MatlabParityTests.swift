import HDF5
import SSIM
import SSIMVectors
import Testing
import TestSupport

/// 'valid' padding against Zhou Wang's MATLAB `ssim_index.m`: the library's `ssim` (the fast implementation) and the
/// reference.
///
/// Witness: tools/data/matlab-parity/camera.h5 (see its README): 8-bit pairs with the mean SSIM that
/// `ssim_index.m` printed under GNU Octave, window 11, σ 1.5, K = [0.01 0.03], L = 255, 'valid' filtering.
@Suite struct MatlabParityTests {
    /// The MATLAB parity data committed in the repository, as the vectors read it (`tools/data/matlab-parity`).
    static let file = VectorSources.inRepository(packageRoot.path).matlabParity
    static let pairs: [String] = (try? HDF5File.open(file).root.childNames()) ?? []

    @Test func theParityDataIsThere() {
        #expect(Self.pairs.count >= 7, "expected the pairs of \(Self.file)")
    }

    @Test(arguments: pairs)
    func meanOfTheValidMapMatchesMatlab(pair: String) throws {
        let group = try HDF5File.open(Self.file).root.group(pair)
        let first = try group.dataset("img1"), second = try group.dataset("img2")
        let shape = [1, 1] + first.shape
        let img1 = try ImageTensor(shape: shape, values: try first.read(as: Double.self))
        let img2 = try ImageTensor(shape: [1, 1] + second.shape, values: try second.read(as: Double.self))
        let map = try ssim(img1, img2, windowSize: 11, maxVal: 255, eps: 0, padding: .valid)
        let options = try SSIMOptions(windowSize: 11, maxVal: 255, eps: 0, padding: .valid)
        let reference = try SSIMReference.evaluate(img1, img2, options: options, reduction: .none, gradients: false)
        #expect(try group.attribute("map_shape") == .ints(map.shape.dimensions.suffix(2).map(Int64.init)))
        let matlab = try group.doubleAttribute("matlab_mssim")
        for (name, values) in [("fast", map.values), ("reference", reference.ssimMap!.values)] {
            let mean = values.reduce(0, +) / Double(values.count)
            #expect(abs(mean - matlab) <= 1e-11, "\(pair): \(name) \(mean), MATLAB \(matlab)")
        }
    }
}
