import CHDF5
import FoundationEssentials

/// An HDF5 file, opened read-only or created anew.
///
/// Files this layer creates are reproducible: object creation and modification times are not recorded, so
/// writing the same content with the same HDF5 library gives the same bytes.
public final class HDF5File: HDF5Object, @unchecked Sendable {
    /// The file's root group.
    public let root: HDF5Group

    private init(handle: HDF5Handle, file: String) {
        root = HDF5Group(handle: handle, file: file, path: "/")
        super.init(handle: handle, file: file, path: "/")
    }

    /// Opens an existing file for reading.
    public static func open(_ path: String) throws(HDF5Error) -> HDF5File {
        try HDF5Library.withLock { () throws(HDF5Error) -> HDF5File in
            guard FileManager.default.fileExists(atPath: path) else {
                throw HDF5Error(.cannotOpen, file: path, object: "/", detail: "no such file")
            }
            guard H5Fis_hdf5(path) > 0 else {
                throw HDF5Error(.cannotOpen, file: path, object: "/", detail: "not an HDF5 file")
            }
            let id = H5Fopen(path, chdf5_acc_rdonly(), chdf5_default())
            guard id >= 0 else {
                throw HDF5Error(.cannotOpen, file: path, object: "/", detail: "HDF5 could not open the file")
            }
            return HDF5File(handle: HDF5Handle(id, close: H5Fclose), file: path)
        }
    }

    /// Creates a new file. An existing file at `path` is an error unless `overwrite` is true.
    ///
    /// Files are written in the HDF5 1.10 format (compact indexes for small chunked datasets), which every HDF5
    /// library from 1.10 on reads, h5py's wheels and h5dump among them.
    public static func create(_ path: String, overwrite: Bool = false) throws(HDF5Error) -> HDF5File {
        try HDF5Library.withLock { () throws(HDF5Error) -> HDF5File in
            let creation = H5Pcreate(chdf5_file_create_plist())
            defer { H5Pclose(creation) }
            // The root group is created under the file-creation list, so its times are switched off here.
            H5Pset_obj_track_times(creation, false)
            let access = H5Pcreate(chdf5_file_access_plist())
            defer { H5Pclose(access) }
            H5Pset_libver_bounds(access, H5F_LIBVER_V110, H5F_LIBVER_V110)
            let mode = overwrite ? chdf5_acc_trunc() : chdf5_acc_excl()
            let id = H5Fcreate(path, mode, creation, access)
            guard id >= 0 else {
                let exists = FileManager.default.fileExists(atPath: path)
                throw HDF5Error(
                    .cannotOpen, file: path, object: "/",
                    detail: exists && !overwrite ? "the file exists and will not be overwritten" : "cannot create the file")
            }
            return HDF5File(handle: HDF5Handle(id, close: H5Fclose), file: path)
        }
    }

    /// The HDF5 library's version, e.g. "1.10.8": files written by this layer are byte-identical only under the
    /// same version.
    public static var libraryVersion: String {
        HDF5Library.withLock {
            var (major, minor, release): (UInt32, UInt32, UInt32) = (0, 0, 0)
            H5get_libversion(&major, &minor, &release)
            return "\(major).\(minor).\(release)"
        }
    }

    /// Runs `body` under the lock every call of this layer into HDF5 holds: for code that calls the C API
    /// directly (the tests that make hostile files), which would otherwise race this layer's calls.
    public static func withLibraryLock<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        try HDF5Library.withLock(body)
    }

    /// Whether HDF5 may load filter plugins in this process: false once this layer has made any call.
    public static var loadsFilterPlugins: Bool {
        HDF5Library.withLock {
            var state: UInt32 = 0
            return H5PLget_loading_state(&state) < 0 || state != 0
        }
    }

    /// Writes everything buffered for this file to disk.
    public func flush() throws(HDF5Error) {
        try HDF5Library.withLock { () throws(HDF5Error) -> Void in
            guard H5Fflush(handle.id, H5F_SCOPE_GLOBAL) >= 0 else {
                throw error(.writeFailed, "cannot flush the file")
            }
        }
    }
}
