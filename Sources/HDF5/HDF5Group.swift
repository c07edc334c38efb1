import CHDF5

/// A group: named children that are groups or datasets.
///
/// Only hard links are followed. A soft or external link is reported as an error rather than resolved, so a file
/// cannot make the reader open another file or wander through its own structure.
public final class HDF5Group: HDF5Object, @unchecked Sendable {
    /// The names of the group's children, in name order.
    public func childNames() throws(HDF5Error) -> [String] {
        try HDF5Library.withLock { () throws(HDF5Error) -> [String] in
            var info = H5G_info_t()
            guard H5Gget_info(handle.id, &info) >= 0 else {
                throw error(.readFailed, "cannot list the group's members")
            }
            guard info.nlinks <= hsize_t(HDF5Limits.maximumGroupMembers) else {
                throw error(.tooLarge, "lists \(info.nlinks) members, more than the \(HDF5Limits.maximumGroupMembers) read at most")
            }
            return try (0..<info.nlinks).map { (index) throws(HDF5Error) -> String in
                let length = H5Lget_name_by_idx(
                    handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, chdf5_default())
                guard length >= 0, length < 1 << 16 else { throw error(.readFailed, "cannot read the name of member \(index)") }
                var buffer = [CChar](repeating: 0, count: Int(length) + 1)
                _ = H5Lget_name_by_idx(
                    handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, chdf5_default())
                return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
    }

    /// Whether the group has a child of that name (of any kind).
    public func contains(_ name: String) -> Bool {
        HDF5Library.withLock { H5Lexists(handle.id, name, chdf5_default()) > 0 }
    }

    /// Opens the child group `name`.
    public func group(_ name: String) throws(HDF5Error) -> HDF5Group {
        try HDF5Library.withLock { () throws(HDF5Error) -> HDF5Group in
            try requireHardLink(name, kind: "group")
            let id = H5Gopen2(handle.id, name, chdf5_default())
            guard id >= 0 else { throw error(.wrongType, "is not a group", at: childPath(name)) }
            return HDF5Group(handle: HDF5Handle(id, close: H5Gclose), file: file, path: childPath(name))
        }
    }

    /// Creates the child group `name`, which must not exist yet.
    public func createGroup(_ name: String) throws(HDF5Error) -> HDF5Group {
        try HDF5Library.withLock { () throws(HDF5Error) -> HDF5Group in
            let creation = H5Pcreate(chdf5_group_create_plist())
            defer { H5Pclose(creation) }
            H5Pset_obj_track_times(creation, false)
            let id = H5Gcreate2(handle.id, name, chdf5_default(), creation, chdf5_default())
            guard id >= 0 else { throw error(.writeFailed, "cannot create the group", at: childPath(name)) }
            return HDF5Group(handle: HDF5Handle(id, close: H5Gclose), file: file, path: childPath(name))
        }
    }

    /// Opens the child dataset `name`.
    public func dataset(_ name: String) throws(HDF5Error) -> HDF5Dataset {
        try HDF5Library.withLock { () throws(HDF5Error) -> HDF5Dataset in
            try requireHardLink(name, kind: "dataset")
            let id = H5Dopen2(handle.id, name, chdf5_default())
            guard id >= 0 else { throw error(.wrongType, "is not a dataset", at: childPath(name)) }
            return try HDF5Dataset.wrapping(HDF5Handle(id, close: H5Dclose), file: file, path: childPath(name))
        }
    }

    /// Creates the child dataset `name` holding `values` in row-major (C) order.
    ///
    /// - Parameters:
    ///   - shape: the dataset's dimensions; `[]` makes a scalar dataset of one value.
    ///   - archival: store the dataset as one chunk with the shuffle, deflate (level 9) and Fletcher32 filters, so
    ///     it is small and any corruption is detected when it is read. Scalars and empty datasets, which HDF5
    ///     cannot chunk, are stored plainly.
    public func createDataset<Scalar: HDF5Scalar>(
        _ name: String, shape: [Int], values: [Scalar], archival: Bool = false
    ) throws(HDF5Error) -> HDF5Dataset {
        try HDF5Library.withLock { () throws(HDF5Error) -> HDF5Dataset in
            let at = childPath(name)
            guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else {
                throw error(.invalidArgument, "shape \(shape) does not hold \(values.count) values", at: at)
            }
            let space = try dataspace(shape: shape, at: at)
            defer { H5Sclose(space) }
            let creation = H5Pcreate(chdf5_dataset_create_plist())
            defer { H5Pclose(creation) }
            H5Pset_obj_track_times(creation, false)
            if archival, !shape.isEmpty, !values.isEmpty {
                let chunk = shape.map { hsize_t($0) }
                guard H5Pset_chunk(creation, Int32(chunk.count), chunk) >= 0, H5Pset_shuffle(creation) >= 0,
                    H5Pset_deflate(creation, 9) >= 0, H5Pset_fletcher32(creation) >= 0
                else { throw error(.writeFailed, "cannot set up the archival filters", at: at) }
            }
            let id = H5Dcreate2(
                handle.id, name, Scalar.fileType, space, chdf5_default(), creation, chdf5_default())
            guard id >= 0 else { throw error(.writeFailed, "cannot create the dataset", at: at) }
            let dataset = try HDF5Dataset.wrapping(HDF5Handle(id, close: H5Dclose), file: file, path: at)
            let status = values.withUnsafeBytes { bytes in
                values.isEmpty ? 0 : H5Dwrite(id, Scalar.nativeType, chdf5_all(), chdf5_all(), chdf5_default(), bytes.baseAddress)
            }
            guard status >= 0 else { throw error(.writeFailed, "cannot write the dataset's values", at: at) }
            return dataset
        }
    }

    private func requireHardLink(_ name: String, kind: String) throws(HDF5Error) {
        // A name with a slash is a path, whose intermediate links HDF5 would follow: only direct members are opened.
        guard !name.isEmpty, !name.contains("/"), name != "." else {
            throw error(.notFound, "is not the name of a member", at: childPath(name))
        }
        guard H5Lexists(handle.id, name, chdf5_default()) > 0 else {
            throw error(.notFound, "no \(kind) of this name", at: childPath(name))
        }
        switch chdf5_link_type(handle.id, name) {
        case Int32(H5L_TYPE_HARD.rawValue): return
        case Int32(H5L_TYPE_SOFT.rawValue):
            throw error(.wrongType, "is a soft link; links are not followed", at: childPath(name))
        case Int32(H5L_TYPE_EXTERNAL.rawValue):
            throw error(.wrongType, "is an external link to another file; links are not followed", at: childPath(name))
        default:
            throw error(.wrongType, "is a link of an unsupported kind", at: childPath(name))
        }
    }
}
