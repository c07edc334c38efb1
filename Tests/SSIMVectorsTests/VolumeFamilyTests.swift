import Foundation
import SSIM
import SSIMAdapterProtocol
@testable import SSIMVectors
import Testing
import TestSupport

/// The committed `volumes` family (issue 23): what it covers, that its volumes of identical slices expect the 2-D
/// answer, that its refusals name the axis at fault, and that the whole store stays under 30 MB.
@Suite struct VolumeFamilyTests {
    static let file = try! VectorFile.read(
        from: packageRoot.appendingPathComponent("Vectors/\(VectorFamily.volumes.fileName)").path)

    /// Every slice of the expected map of a volume of identical slices is the 2-D reference's map of that slice, and
    /// so is the loss: the stored answers, not only the reference (which `SSIM3DReferenceTests` checks).
    @Test func identicalSlicesExpectThe2DAnswer() throws {
        let stacked = Self.file.cases.filter { $0.tags.contains("identical-slices") }
        #expect(stacked.count >= 3)
        for stored in stacked {
            let request = stored.request, shape = request.img1.shape
            let (batch, channels, depth, height, width) = (shape[0], shape[1], shape[2], shape[3], shape[4])
            let sliceCount = height * width
            /// The first slice of every (sample, channel) volume, as a (B, C, H, W) image.
            func firstSlices(_ array: ProtocolArray) throws -> ImageTensor<Double> {
                let values = (0..<(batch * channels)).flatMap { unit in
                    array.values[(unit * depth * sliceCount)..<(unit * depth * sliceCount + sliceCount)]
                }
                return try ImageTensor(shape: [batch, channels, height, width], values: values)
            }
            let options = try SSIMOptions(
                windowSize: Int(request.windowSize), maxVal: request.maxVal, eps: request.eps,
                padding: SSIMPadding(name: request.padding))
            let planar = try SSIMReference.evaluate(
                try firstSlices(request.img1), try firstSlices(request.img2), options: options,
                reduction: SSIMReduction(name: request.reduction), gradients: false)
            let expected = try #require(stored.expectation.outputs?.values[.ssimMap], "\(request.id)")
            let map = planar.ssimMap!
            let mapDepth = expected.shape[2]
            #expect(expected.shape == [batch, channels, mapDepth, map.height, map.width], "\(request.id)")
            #expect(mapDepth == (options.padding == .same ? depth : depth - 2 * (options.windowSize / 2)))
            let mapSlice = map.height * map.width
            for unit in 0..<(batch * channels) {
                for slice in 0..<mapDepth {
                    for pixel in 0..<mapSlice {
                        let volumetric = expected.values[(unit * mapDepth + slice) * mapSlice + pixel]
                        let flat = map.values[unit * mapSlice + pixel]
                        #expect(abs(volumetric - flat) <= 1e-13, "\(request.id) unit \(unit) slice \(slice) pixel \(pixel)")
                    }
                }
            }
            if let loss = stored.expectation.outputs?.values[.loss], loss.values.count == 1 {
                #expect(abs(loss.values[0] - planar.reducedLoss!) <= 1e-13, "\(request.id)")
            }
        }
    }

    /// The family holds what issue 23 asks: depths 1, 2, 3 and about 20; every axis at the window's reach;
    /// anisotropic shapes; real volumes; the four precisions; gradients; NaN, +∞ and −∞ voxels; and every invalid
    /// category a volume can earn.
    @Test func coversWhatTheFamilyPromises() {
        let cases = Self.file.cases
        #expect(cases.allSatisfy { $0.request.metric == .ssim3D })
        let depths = Set(cases.compactMap { $0.request.img1.shape.count == 5 ? $0.request.img1.shape[2] : nil })
        #expect(depths.isSuperset(of: [1, 2, 3, 20]), "\(depths.sorted())")
        #expect(Set(cases.flatMap(\.tags)).isSuperset(of: [
            "reach", "depth", "height", "width", "anisotropic", "identical-slices", "depth-border", "real-volume",
            "nan", "inf", "-inf", "half", "invalid",
        ]))
        #expect(Set(cases.map(\.request.img1.precision)) == Set(Precision.allCases))
        #expect(cases.contains { $0.request.outputs.contains(.gradImg1) && $0.request.img1.precision.isHalf })
        #expect(cases.contains { $0.request.outputs.contains(.gradImg2) && $0.tags.contains("real-volume") })
        let categories = Set(cases.compactMap(\.expectation.errorCategory))
        #expect(categories == ["image_too_small", "invalid_shape", "shape_mismatch", "invalid_window_size", "invalid_max_val"])
    }

    /// A volume refused as too small along one axis is refused by the reference with that axis named.
    @Test func refusalsNameTheAxisAtFault() throws {
        let reach = Self.file.cases.filter { $0.tags.contains("reach") && $0.expectation.errorCategory != nil }
        #expect(reach.count == 6)
        for stored in reach {
            let axis = try #require(["depth", "height", "width"].first { stored.tags.contains($0) })
            let validated = try ValidatedCase(stored.request)
            let volumes = try #require(validated.volumes)
            #expect {
                _ = try SSIM3DReference.evaluate(
                    volumes.img1, volumes.img2, options: validated.options, reduction: validated.reduction,
                    gradients: false)
            } throws: { error in
                guard let error = error as? SSIMError, case .volumeTooSmall(_, _, let reason) = error else { return false }
                return reason.hasPrefix(axis)
            }
        }
    }

    /// `Vectors/` stays under 30 MB in all (issue 23), volumes included.
    @Test func theStoreStaysUnder30MB() throws {
        let folder = packageRoot.appendingPathComponent("Vectors")
        let bytes = try FileManager.default.contentsOfDirectory(atPath: folder.path).reduce(0) { total, name in
            let size = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.size]
            return total + ((size as? NSNumber)?.intValue ?? 0)
        }
        #expect(bytes < 30_000_000, "Vectors/ holds \(bytes) bytes")
    }
}
