import Foundation
import HDF5
import Testing

/// Reading a file written by h5py: Tests/HDF5Tests/Fixtures/h5py-types.h5, made by tools/h5py-fixtures
/// (tools/make_h5py_fixtures.py, function write_types, which states every value checked here).
@Suite struct HDF5ReadTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/h5py-types.h5").path

    @Test func readsEveryAttributeType() throws {
        let root = try HDF5File.open(Self.path).root
        #expect(try root.attribute("vlen_string") == .string("variable ✓"))
        #expect(try root.attribute("fixed_string") == .string("fixed"))
        #expect(try root.attribute("int32") == .int(-7))
        #expect(try root.attribute("int64") == .int(1 << 40))
        #expect(try root.attribute("uint8") == .int(200))
        #expect(try root.attribute("float32") == .double(0.25))
        #expect(try root.attribute("float64") == .double(1e-12))
        #expect(try root.attribute("int_array") == .ints([3, 4]))
        #expect(try root.attribute("float_array") == .doubles([0.5, 1.5, 2.5]))
        #expect(try root.doubleAttribute("int32") == -7)
        #expect(try root.group("group").stringAttribute("inner") == "inside")
    }

    @Test func readsDatasetsOfAnyRankAndType() throws {
        let group = try HDF5File.open(Self.path).root.group("group")
        #expect(try group.childNames() == ["deflated", "float32_rank3", "float64_scalar", "int16_rank1", "strings", "uint8_rank2"])
        let rank3 = try group.dataset("float32_rank3")
        #expect(rank3.shape == [2, 3, 4] && rank3.elementType == .float32)
        #expect(try rank3.read(as: Float.self) == (0..<24).map { Float($0) / 8 })
        let scalar = try group.dataset("float64_scalar")
        #expect(scalar.shape == [] && scalar.count == 1)
        #expect(try scalar.read(as: Double.self) == [Double.pi])
        #expect(try group.dataset("uint8_rank2").read(as: UInt8.self) == [0, 1, 2, 3, 4, 5])
        #expect(try group.dataset("int16_rank1").elementType == .integer(bytes: 2, signed: true))
        #expect(try group.dataset("int16_rank1").read(as: Int64.self) == [-2, 0, 2])
        let deflated = try group.dataset("deflated").read(as: Double.self)
        #expect(deflated.count == 1000 && deflated.first == 0 && deflated.last == 1)
    }

    @Test func refusesWhatItDoesNotRead() throws {
        let root = try HDF5File.open(Self.path).root
        #expect(throws: HDF5Error.self) { try root.group("group").dataset("strings").read(as: Double.self) }
        #expect(throws: HDF5Error.self) { try root.group("group").dataset("float32_rank3").read(as: Int64.self) }
        #expect(throws: HDF5Error.self) { try root.attribute("string_array") }
        #expect(throws: HDF5Error.self) { try root.stringAttribute("int64") }
        #expect(throws: HDF5Error.self) { try root.intAttribute("float64") }
        let missing = #expect(throws: HDF5Error.self) { try root.attribute("absent") }
        #expect(missing?.kind == .notFound)
        #expect(missing?.description.contains("absent") == true)
    }

    @Test func doesNotFollowLinks() throws {
        let root = try HDF5File.open(Self.path).root
        let soft = #expect(throws: HDF5Error.self) { try root.dataset("soft_link") }
        #expect(soft?.detail.contains("soft link") == true)
        let external = #expect(throws: HDF5Error.self) { try root.dataset("external_link") }
        #expect(external?.detail.contains("external link") == true)
    }

    @Test func namesTheFileItCannotOpen() throws {
        let missing = #expect(throws: HDF5Error.self) { try HDF5File.open("/nonexistent/file.h5") }
        #expect(missing?.description.contains("/nonexistent/file.h5") == true)
        let notHDF5 = #expect(throws: HDF5Error.self) { try HDF5File.open(#filePath) }
        #expect(notHDF5?.detail == "not an HDF5 file")
    }
}
