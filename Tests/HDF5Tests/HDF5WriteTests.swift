import Foundation
import HDF5
import Testing

@Suite struct HDF5WriteTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hdf5-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func write(_ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        let file = try HDF5File.create(path)
        try file.root.setAttribute("text", .string("héllo"))
        try file.root.setAttribute("count", .int(42))
        try file.root.setAttribute("ratio", .double(0.125))
        try file.root.setAttribute("shape", .ints([2, 3]))
        try file.root.setAttribute("weights", .doubles([1, 2.5]))
        let group = try file.root.createGroup("cases")
        _ = try group.createDataset("rank4", shape: [1, 2, 2, 2], values: (0..<8).map { Float($0) })
        _ = try group.createDataset("scalar", shape: [], values: [Double(7)])
        try group.setAttribute("text", .string("first"))
        try group.setAttribute("text", .string("replaced"))
        return path
    }

    @Test func roundTripsWhatItWrites() throws {
        let path = try write("a.h5")
        let root = try HDF5File.open(path).root
        #expect(try root.attribute("text") == .string("héllo"))
        #expect(try root.attribute("count") == .int(42))
        #expect(try root.attribute("ratio") == .double(0.125))
        #expect(try root.attribute("shape") == .ints([2, 3]))
        #expect(try root.attribute("weights") == .doubles([1, 2.5]))
        let group = try root.group("cases")
        #expect(try group.stringAttribute("text") == "replaced")
        let rank4 = try group.dataset("rank4")
        #expect(rank4.shape == [1, 2, 2, 2] && rank4.elementType == .float32)
        #expect(try rank4.read(as: Double.self) == (0..<8).map { Double($0) })
        #expect(try group.dataset("scalar").shape == [])
    }

    @Test func writesTheSameBytesTwice() throws {
        let first = try Data(contentsOf: URL(fileURLWithPath: try write("first.h5")))
        let second = try Data(contentsOf: URL(fileURLWithPath: try write("second.h5")))
        #expect(first == second)
    }

    @Test func neverOverwritesUnlessAsked() throws {
        let path = try write("kept.h5")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let refusal = #expect(throws: HDF5Error.self) { try HDF5File.create(path) }
        #expect(refusal?.detail.contains("will not be overwritten") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        _ = try HDF5File.create(path, overwrite: true)
        #expect(try HDF5File.open(path).root.childNames() == [])
    }

    @Test func refusesAShapeThatDoesNotHoldTheValues() throws {
        let file = try HDF5File.create(folder.appendingPathComponent("bad.h5").path)
        let mismatch = #expect(throws: HDF5Error.self) {
            try file.root.createDataset("x", shape: [2, 2], values: [1.0, 2.0, 3.0])
        }
        #expect(mismatch?.kind == .invalidArgument)
    }
}
