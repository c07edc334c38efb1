import Foundation
import HDF5
import SSIMAdapterProtocol
import Testing
import TestSupport

/// Requests and responses written by this package read back as they were written, and malformed ones are named.
@Suite struct AdapterFileTests {
    static let request = AdapterRequest(cases: [
        AdapterCase(
            id: "a.case-1", img1: ProtocolArray(shape: [1, 1, 2, 3], precision: .float32, values: [0, 0.5, 1, 0.25, 0.75, 1]),
            img2: ProtocolArray(shape: [1, 1, 2, 3], precision: .float32, values: [1, 0.5, 0, 0.25, 0.75, 0]),
            windowSize: 3, maxVal: 1, eps: 1e-12, padding: "same", reduction: "none", outputs: [.loss, .ssimMap]),
        AdapterCase(
            id: "rank2", img1: ProtocolArray(shape: [2, 2], precision: .float64, values: [1, 2, 3, 4]),
            img2: ProtocolArray(shape: [2, 2], precision: .float64, values: [1, 2, 3, 4]),
            windowSize: 11, maxVal: 255, eps: 0, padding: "valid", reduction: "mean", outputs: [.gradImg2]),
    ])

    @Test func requestsRoundTrip() throws {
        let path = try temporaryFolder().appendingPathComponent("request.h5").path
        try Self.request.write(to: path)
        #expect(try AdapterRequest.read(from: path) == Self.request)
        #expect(try HDF5File.open(path).root.group("cases").group("a.case-1").dataset("img1").elementType == .float32)
    }

    @Test func responsesRoundTrip() throws {
        let path = try temporaryFolder().appendingPathComponent("response.h5").path
        let response = AdapterResponse(
            implementation: "test", implementationVersion: "0", answers: [
                "x": .outputs([.loss: ProtocolArray(shape: [], precision: .float32, values: [0.5])]),
                "y": .error(category: "invalid_shape", message: "rank 2"),
                "z": .error(category: AdapterProtocol.unsupported, message: nil),
            ])
        try response.write(to: path)
        #expect(try AdapterResponse.read(from: path) == response)
    }

    @Test func namesWhatIsWrongInARequest() throws {
        let folder = try temporaryFolder()
        /// A one-case request written through the HDF5 layer, as a faulty writer would, then edited.
        func request(_ edit: (HDF5Group) throws -> Void) throws -> String {
            let path = folder.appendingPathComponent("\(UUID().uuidString).h5").path
            let file = try HDF5File.create(path)
            try file.root.setAttribute("protocol", .string(AdapterProtocol.version))
            let group = try file.root.createGroup("cases").createGroup("a.case-1")
            _ = try group.createDataset("img1", shape: [1, 1, 2, 2], values: [0.0, 0.5, 1, 0.5])
            _ = try group.createDataset("img2", shape: [1, 1, 2, 2], values: [1.0, 0.5, 0, 0.5])
            for (name, value) in [("window_size", HDF5AttributeValue.int(3)), ("max_val", .double(1)), ("eps", .double(0)),
                                  ("padding", .string("same")), ("reduction", .string("mean")), ("outputs", .string("loss"))] {
                try group.setAttribute(name, value)
            }
            try edit(group)
            return path
        }
        #expect(try AdapterRequest.read(from: try request { _ in }).cases.map(\.id) == ["a.case-1"])
        let unknownOutput = #expect(throws: AdapterFileError.self) {
            try AdapterRequest.read(from: try request { try $0.setAttribute("outputs", .string("loss,psnr")) })
        }
        #expect(unknownOutput?.detail.contains("\"psnr\"") == true)
        #expect(unknownOutput?.object == "/cases/a.case-1")
        let missing = #expect(throws: HDF5Error.self) {
            try AdapterRequest.read(from: try request { try $0.setAttribute("window_size", .string("eleven")) })
        }
        #expect(missing?.description.contains("window_size") == true)
    }

    @Test func refusesAnotherProtocolVersion() throws {
        let path = try temporaryFolder().appendingPathComponent("old.h5").path
        let file = try HDF5File.create(path)
        try file.root.setAttribute("protocol", .string("ssim-conformance-adapter/0"))
        _ = try file.root.createGroup("cases")
        let error = #expect(throws: AdapterFileError.self) { try AdapterRequest.read(from: path) }
        #expect(error?.detail.contains("ssim-conformance-adapter/0") == true)
    }

    @Test func validatesCaseIDs() {
        #expect(AdapterProtocol.isValidCaseID("core.w11-same_mean"))
        #expect(!AdapterProtocol.isValidCaseID(""))
        #expect(!AdapterProtocol.isValidCaseID("a/b"))
        #expect(!AdapterProtocol.isValidCaseID("é"))
        #expect(!AdapterProtocol.isValidCaseID("a b"))
    }
}
