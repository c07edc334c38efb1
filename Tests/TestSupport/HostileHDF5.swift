import CHDF5
import Foundation
import HDF5

/// Datasets that a hostile file can hold and our HDF5 layer never writes, made with the C API.
public enum HostileDataset {
    /// A chunked float64 dataset of `shape`, never written: a few hundred bytes on disk whatever it declares.
    case unwritten(shape: [Int])
    /// A float64 dataset of `count` elements whose values HDF5 would read from `path` (external storage).
    case externalStorage(path: String, count: Int)
    /// A virtual float64 dataset of `count` elements drawing on the dataset `/source` of the file `path`.
    case virtual(path: String, count: Int)

    /// Adds the dataset `name` to the existing group `group` of the existing file `file`, replacing one of that
    /// name.
    public func add(to file: String, group: String, name: String) throws {
        try HDF5File.withLibraryLock { try add(unlockedTo: file, group: group, name: name) }
    }

    private func add(unlockedTo file: String, group: String, name: String) throws {
        let fileID = H5Fopen(file, chdf5_acc_rdwr(), chdf5_default())
        guard fileID >= 0 else { throw HDF5Error(.cannotOpen, file: file, object: "/", detail: "cannot open read-write") }
        defer { H5Fclose(fileID) }
        let groupID = H5Gopen2(fileID, group, chdf5_default())
        defer { H5Gclose(groupID) }
        if H5Lexists(groupID, name, chdf5_default()) > 0 { H5Ldelete(groupID, name, chdf5_default()) }
        let creation = H5Pcreate(chdf5_dataset_create_plist())
        defer { H5Pclose(creation) }
        let dims: [hsize_t]
        switch self {
        case .unwritten(let shape):
            dims = shape.map { hsize_t($0) }
            H5Pset_chunk(creation, Int32(dims.count), [hsize_t](repeating: 1, count: dims.count))
        case .externalStorage(let path, let count):
            dims = [hsize_t(count)]
            H5Pset_external(creation, path, 0, hsize_t(count * 8))
        case .virtual(let path, let count):
            dims = [hsize_t(count)]
            let source = H5Screate_simple(1, dims, nil)
            defer { H5Sclose(source) }
            H5Pset_virtual(creation, source, path, "/source", source)
        }
        let space = H5Screate_simple(Int32(dims.count), dims, nil)
        defer { H5Sclose(space) }
        let id = H5Dcreate2(groupID, name, chdf5_ieee_f64le(), space, chdf5_default(), creation, chdf5_default())
        guard id >= 0 else { throw HDF5Error(.writeFailed, file: file, object: "\(group)/\(name)", detail: "cannot create") }
        H5Dclose(id)
    }
}
