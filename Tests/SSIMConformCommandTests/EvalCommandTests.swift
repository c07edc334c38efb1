import Foundation
import HDF5
import SSIM
import SSIMAdapterProtocol
import SSIMConformance
import Testing
import TestSupport

/// `ssim-conform eval` end to end, on requests written by h5py.
@Suite struct EvalCommandTests {
    /// Written by tools/h5py-fixtures (tools/make_h5py_fixtures.py): one case per invalid input, each with the
    /// attribute `expected_error` naming the category issue 2 assigns to it, and one valid case whose strings are
    /// fixed-length.
    static let invalidRequest = packageRoot.appendingPathComponent("Tests/SSIMAdapterProtocolTests/Fixtures/h5py-invalid-request.h5").path
    /// Written by tools/kornia-witness (tools/make_kornia_witness_request.py) with h5py.
    static let korniaRequest = packageRoot.appendingPathComponent("Tests/SSIMConformanceTests/Witness/kornia-request.h5").path

    @Test func answersEveryErrorCategory() throws {
        let response = try temporaryFolder().appendingPathComponent("response.h5").path
        let run = try SSIMConformExecutable.run(["eval", Self.invalidRequest, response])
        #expect(run.status == 0, "\(run.stderr)")
        let answers = try AdapterResponse.read(from: response).answers
        let cases = try HDF5File.open(Self.invalidRequest).root.group("cases")
        var categories: Set<String> = []
        for id in try cases.childNames() {
            let group = try cases.group(id)
            guard group.hasAttribute("expected_error") else {
                guard case .outputs(let outputs)? = answers[id] else {
                    Issue.record("\(id): expected outputs, got \(String(describing: answers[id]))")
                    continue
                }
                #expect(Set(outputs.keys) == Set(CaseMetric.ssim.outputs))
                continue
            }
            let expected = try group.stringAttribute("expected_error")
            categories.insert(expected)
            guard case .error(let category, let message)? = answers[id] else {
                Issue.record("\(id): expected \(expected), got \(String(describing: answers[id]))")
                continue
            }
            #expect(category == expected, "\(id)")
            #expect(message?.hasPrefix(expected) == true, "\(id): \(message ?? "no message")")
        }
        #expect(categories == Set(SSIMError.Category.invalidInputCategories.map(\.rawValue)))
    }

    @Test func roundTripsTheKorniaWitnessRequest() throws {
        let response = try temporaryFolder().appendingPathComponent("response.h5").path
        let run = try SSIMConformExecutable.run(["eval", Self.korniaRequest, response])
        #expect(run.status == 0, "\(run.stderr)")
        let request = try AdapterRequest.read(from: Self.korniaRequest)
        let written = try AdapterResponse.read(from: response)
        #expect(written.implementation == ReferenceImplementation().name)
        #expect(written.answers.count == request.cases.count)
        for adapterCase in request.cases {
            #expect(written.answers[adapterCase.id] == ReferenceImplementation().evaluate(adapterCase), "\(adapterCase.id)")
            guard case .outputs(let outputs)? = written.answers[adapterCase.id] else { continue }
            let r = Int(adapterCase.windowSize / 2)
            let shape = adapterCase.img1.shape
            let mapShape = adapterCase.padding == "valid" ? [shape[0], shape[1], shape[2] - 2 * r, shape[3] - 2 * r] : shape
            #expect(outputs[.ssimMap]?.shape == mapShape)
            #expect(outputs[.loss]?.shape == (adapterCase.reduction == "none" ? mapShape : []))
            #expect(outputs[.gradImg1]?.shape == shape && outputs[.gradImg2]?.shape == shape)
        }
    }

    @Test func neverOverwritesAnExistingResponse() throws {
        let response = try temporaryFolder().appendingPathComponent("response.h5")
        try Data("precious".utf8).write(to: response)
        let run = try SSIMConformExecutable.run(["eval", Self.invalidRequest, response.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("will not be overwritten"))
        #expect(try Data(contentsOf: response) == Data("precious".utf8))
    }

    @Test func exitsWithTwoOnAnUnreadableRequest() throws {
        let folder = try temporaryFolder()
        let notHDF5 = folder.appendingPathComponent("request.h5")
        try Data("not hdf5".utf8).write(to: notHDF5)
        for request in [notHDF5.path, folder.appendingPathComponent("missing.h5").path] {
            let response = folder.appendingPathComponent("response.h5").path
            let run = try SSIMConformExecutable.run(["eval", request, response])
            #expect(run.status == 2)
            #expect(run.stderr.contains(request))
            #expect(!FileManager.default.fileExists(atPath: response))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["request.h5"])
    }

    /// Paths in messages are the ones the user gave: a folder is named as a folder, a response's missing folder as
    /// the user wrote it, not as a temporary file.
    @Test func namesTheUsersPaths() throws {
        let folder = try temporaryFolder()
        let asFolder = try SSIMConformExecutable.run(["eval", folder.path, folder.appendingPathComponent("r.h5").path])
        #expect(asFolder.status == 2)
        #expect(asFolder.stderr == "ssim-conform eval: \(folder.path) is a folder, not a request file\n")
        let missing = folder.appendingPathComponent("nonexistent/r.h5").path
        let noFolder = try SSIMConformExecutable.run(["eval", Self.invalidRequest, missing])
        #expect(noFolder.status == 2)
        #expect(noFolder.stderr == "ssim-conform eval: cannot write \(missing): there is no folder \(folder.path)/nonexistent\n")
    }
}
