import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import Testing
import TestSupport

// The README's "Certifying an implementation" example, compiled and run: keep the two in step.

/// An implementation answering the suite's cases; this package's public API stands in for yours.
struct MySSIM: SSIMImplementation {
    let name = "my-ssim", version = "1.0"

    func evaluate(_ request: AdapterCase) -> AdapterAnswer {
        // This one computes in Double only: float32 cases are not supported, which is not a failure.
        guard request.img1.precision == .float64 else { return .error(category: AdapterProtocol.unsupported, message: nil) }
        do throws(SSIMError) {
            let img1 = try ImageTensor<Double>(shape: request.img1.shape, values: request.img1.values)
            let img2 = try ImageTensor<Double>(shape: request.img2.shape, values: request.img2.values)
            guard img1.shape == img2.shape else { throw .shapeMismatch(img1: request.img1.shape, img2: request.img2.shape) }
            let (padding, reduction) = (try SSIMPadding(name: request.padding), try SSIMReduction(name: request.reduction))
            let map = try ssim(img1, img2, windowSize: Int(request.windowSize), maxVal: request.maxVal, eps: request.eps, padding: padding)
            let loss = try ssimLoss(
                img1, img2, windowSize: Int(request.windowSize), maxVal: request.maxVal, eps: request.eps,
                reduction: reduction, padding: padding)
            return .outputs([
                .ssimMap: ProtocolArray(shape: map.shape.dimensions, precision: .float64, values: map.values),
                .loss: ProtocolArray(shape: loss.shape, precision: .float64, values: loss.values),
            ])
        } catch {
            return .error(category: error.category.rawValue, message: "\(error)")
        }
    }
}

@Test func mySSIMConforms() throws {
    let vectors = packageRoot.appendingPathComponent("Vectors").path  // the README: "path/to/Vectors"
    let (files, cases) = try ConformanceRunner.loadCases(from: vectors)
    let report = ConformanceRunner.certify(
        MySSIM(), cases: cases.filter { $0.family != "matlab-parity" }, vectors: files, requireFull: false,
        properties: PropertyRunner(seed: 1, inputsPerProperty: 2, reproducerFolder: nil))
    #expect(report.isConformant, "\(report.diagnosis?.summary ?? "") \(report.cases.filter { $0.verdict != .pass && $0.verdict != .notSupported }.map(\.id))")
    #expect(report.summary.level == .partial)  // float32 cases and gradients are not given
}
