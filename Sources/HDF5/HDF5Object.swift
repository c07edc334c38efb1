import CHDF5

/// A group, dataset or file open in this process: the common part, which carries attributes.
///
/// Objects keep their file open; they are safe to share between threads because every call into HDF5 is
/// serialised (see `HDF5Library`).
public class HDF5Object: @unchecked Sendable {
    let handle: HDF5Handle
    /// The file this object lives in, as the caller named it.
    public let file: String
    /// The object's HDF5 path inside the file (`/` for the root group).
    public let path: String

    init(handle: HDF5Handle, file: String, path: String) {
        self.handle = handle
        self.file = file
        self.path = path
    }

    func error(_ kind: HDF5Error.Kind, _ detail: String, at object: String? = nil) -> HDF5Error {
        HDF5Error(kind, file: file, object: object ?? path, detail: detail)
    }

    func childPath(_ name: String) -> String {
        path == "/" ? "/\(name)" : "\(path)/\(name)"
    }

    /// A dataspace for `shape`: scalar for `[]`, simple otherwise. The caller closes it.
    func dataspace(shape: [Int], at object: String) throws(HDF5Error) -> hid_t {
        let space: hid_t
        if shape.isEmpty {
            space = H5Screate(H5S_SCALAR)
        } else {
            let dims = shape.map { hsize_t($0) }
            space = H5Screate_simple(Int32(dims.count), dims, nil)
        }
        guard space >= 0 else { throw error(.invalidArgument, "cannot make a dataspace of shape \(shape)", at: object) }
        return space
    }
}
