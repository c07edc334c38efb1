import Foundation
import HDF5
import SSIMAdapterProtocol
import Testing
import TestSupport

/// The metric a case asks for (protocol version 3): written only where it is not SSIM, read back as written, and
/// declared by responses.
@Suite struct CaseMetricTests {
    static let images = (
        ProtocolArray(shape: [1, 1, 2, 2], precision: .float64, values: [0, 0.5, 1, 0.25]),
        ProtocolArray(shape: [1, 1, 2, 2], precision: .float64, values: [1, 0.5, 0, 0.25]))
    static let msssim = AdapterCase.msSSIM(
        id: "ms", img1: images.0, img2: images.1, windowSize: 7, maxVal: 255, weights: [0.25, 0.75], reduction: "none",
        outputs: [.msSSIM, .loss, .gradImg1])
    static let ssim = AdapterCase(
        id: "plain", img1: images.0, img2: images.1, windowSize: 3, maxVal: 1, eps: 1e-12, padding: "same",
        reduction: "mean", outputs: [.ssimMap, .loss])

    @Test func anMSSSIMCaseRoundTripsInAVersion3Request() throws {
        let path = try temporaryFolder().appendingPathComponent("request.h5").path
        let withDefaultWeights = AdapterCase.msSSIM(
            id: "ms-default", img1: Self.images.0, img2: Self.images.1, windowSize: 11, maxVal: 1, weights: nil,
            reduction: "mean", outputs: [.msSSIM])
        let request = AdapterRequest(cases: [Self.msssim, withDefaultWeights, Self.ssim])  // in the order of their ids, as read
        try request.write(to: path)
        #expect(try AdapterRequest.read(from: path) == request)
        let file = try HDF5File.open(path)
        #expect(try file.root.stringAttribute("protocol") == AdapterProtocol.version3)
        let cases = try file.root.group("cases")
        // An SSIM case is written as version 1 wrote it; an MS-SSIM case holds no eps or padding.
        #expect(!(try cases.group("plain")).hasAttribute("metric"))
        let ms = try cases.group("ms")
        #expect(try ms.stringAttribute("metric") == "ms-ssim")
        #expect(try ms.attribute("weights") == .doubles([0.25, 0.75]))
        #expect(!ms.hasAttribute("eps") && !ms.hasAttribute("padding"))
        #expect(!(try cases.group("ms-default")).hasAttribute("weights"))
        #expect(AdapterProtocol.version(of: [Self.ssim]) == AdapterProtocol.version)
    }

    @Test func anUnknownMetricOrAnOutputOfAnotherMetricIsNamed() throws {
        for (metric, outputs, named) in [("ms-ssim-4d", "loss", "\"ms-ssim-4d\""), ("ms-ssim", "ssim_map,loss", "\"ssim_map\"")] {
            // Written through the HDF5 layer, as a faulty writer would.
            let path = try temporaryFolder().appendingPathComponent("request.h5").path
            do {
                let file = try HDF5File.create(path)
                try file.root.setAttribute("protocol", .string(AdapterProtocol.version3))
                let group = try file.root.createGroup("cases").createGroup("ms")
                _ = try group.createDataset("img1", shape: [1, 1, 2, 2], values: Self.images.0.values)
                _ = try group.createDataset("img2", shape: [1, 1, 2, 2], values: Self.images.1.values)
                for (name, value) in [("window_size", HDF5AttributeValue.int(3)), ("max_val", .double(1)),
                                      ("reduction", .string("mean")), ("outputs", .string(outputs)), ("metric", .string(metric))] {
                    try group.setAttribute(name, value)
                }
            }
            let error = #expect(throws: AdapterFileError.self) { try AdapterRequest.read(from: path) }
            #expect(error?.description.contains(named) == true, "\(String(describing: error))")
        }
    }

    @Test func responsesDeclareTheirMetrics() throws {
        let path = try temporaryFolder().appendingPathComponent("response.h5").path
        let response = AdapterResponse(
            implementation: "x", implementationVersion: "1", metrics: ["ms-ssim", "ssim"], answers: [:])
        try response.write(to: path, protocolVersion: AdapterProtocol.version3)
        #expect(try AdapterResponse.read(from: path) == response)
        #expect(try HDF5File.open(path).root.stringAttribute(AdapterProtocol.metricsAttribute) == "ssim,ms-ssim")

        let unknown = try temporaryFolder().appendingPathComponent("unknown.h5").path
        do {
            let file = try HDF5File.create(unknown)
            for (name, value) in [("protocol", AdapterProtocol.version3), ("implementation", "x"), ("implementation_version", "1"),
                                  (AdapterProtocol.metricsAttribute, "ssim,psnr")] {
                try file.root.setAttribute(name, .string(value))
            }
            _ = try file.root.createGroup("cases")
        }
        let error = #expect(throws: AdapterFileError.self) { try AdapterResponse.read(from: unknown) }
        #expect(error?.detail.contains("\"psnr\"") == true && error?.detail.contains("ms-ssim") == true)
    }
}
