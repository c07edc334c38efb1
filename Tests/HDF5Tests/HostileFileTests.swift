import Foundation
import HDF5
import Testing
import TestSupport

/// What a hostile file can declare is checked before anything is read: sizes, links, storage in other files.
@Suite struct HostileFileTests {
    /// A new file with an empty group `/g`, closed.
    func fileWithGroup() throws -> String {
        let path = try temporaryFolder().appendingPathComponent("hostile.h5").path
        _ = try HDF5File.create(path).root.createGroup("g")
        return path
    }

    @Test func filterPluginsAreNeverLoaded() throws {
        _ = try HDF5File.open(HDF5ReadTests.path)
        #expect(!HDF5File.loadsFilterPlugins)
    }

    @Test func refusesShapesBeyondTheLimitBeforeReading() throws {
        let path = try fileWithGroup()
        try HostileDataset.unwritten(shape: [1 << 20, 1 << 20, 1 << 20]).add(to: path, group: "/g", name: "exabytes")
        try HostileDataset.unwritten(shape: [4, 1 << 30]).add(to: path, group: "/g", name: "gigabytes")
        try HostileDataset.unwritten(shape: [3, 3]).add(to: path, group: "/g", name: "small")
        #expect(FileManager.default.contents(atPath: path)!.count < 100_000)
        let group = try HDF5File.open(path).root.group("g")
        for (name, shape) in [("exabytes", "[1048576, 1048576, 1048576]"), ("gigabytes", "[4, 1073741824]")] {
            let error = #expect(throws: HDF5Error.self) { try group.dataset(name).read(as: Double.self) }
            #expect(error?.kind == .tooLarge)
            #expect(error?.file == path && error?.object == "/g/\(name)")
            #expect(error?.detail.contains(shape) == true, "\(error.map { "\($0)" } ?? "")")
        }
        // A caller can ask for less.
        #expect(try group.dataset("small").read(as: Double.self).count == 9)
        #expect(throws: HDF5Error.self) { try group.dataset("small").read(as: Double.self, limit: 8) }
    }

    @Test func refusesDatasetsStoredInOtherFiles() throws {
        let path = try fileWithGroup()
        let outside = try temporaryFolder().appendingPathComponent("outside.h5").path
        _ = try HDF5File.create(outside).root.createDataset("source", shape: [4], values: [1.0, 2, 3, 4])
        try HostileDataset.externalStorage(path: "/etc/hostname", count: 1).add(to: path, group: "/g", name: "external")
        try HostileDataset.virtual(path: outside, count: 4).add(to: path, group: "/g", name: "virtual")
        let group = try HDF5File.open(path).root.group("g")
        let external = #expect(throws: HDF5Error.self) { try group.dataset("external") }
        #expect(external?.kind == .refused && external?.detail.contains("external files") == true)
        let virtual = #expect(throws: HDF5Error.self) { try group.dataset("virtual") }
        #expect(virtual?.kind == .refused && virtual?.detail.contains("virtual") == true)
    }

    @Test func boundsAttributesAndNames() throws {
        let file = try HDF5File.create(try temporaryFolder().appendingPathComponent("attributes.h5").path)
        try file.root.setAttribute("many", .ints([Int64](repeating: 1, count: HDF5Limits.maximumAttributeElements + 1)))
        let error = #expect(throws: HDF5Error.self) { try file.root.attribute("many") }
        #expect(error?.kind == .tooLarge)
        // Only direct members are opened: a path would make HDF5 follow the links along it.
        let types = try HDF5File.open(HDF5ReadTests.path).root
        #expect(throws: HDF5Error.self) { try types.dataset("group/float32_rank3") }
    }
}
