import CHDF5

/// A dataset: an array of any rank with one element type.
public final class HDF5Dataset: HDF5Object, @unchecked Sendable {
    /// The dimensions; `[]` for a scalar dataset.
    public let shape: [Int]
    /// What the file stores.
    public let elementType: HDF5ElementType

    private init(handle: HDF5Handle, file: String, path: String, shape: [Int], elementType: HDF5ElementType) {
        self.shape = shape
        self.elementType = elementType
        super.init(handle: handle, file: file, path: path)
    }

    /// Wraps an open dataset identifier, reading its shape and element type.
    ///
    /// A dataset whose values HDF5 would fetch from other files (a virtual dataset, or external storage) is
    /// refused here, before anything is read: a file must not make this process open paths it names.
    static func wrapping(_ handle: HDF5Handle, file: String, path: String) throws(HDF5Error) -> HDF5Dataset {
        let space = H5Dget_space(handle.id)
        defer { H5Sclose(space) }
        let type = H5Dget_type(handle.id)
        defer { H5Tclose(type) }
        let creation = H5Dget_create_plist(handle.id)
        defer { H5Pclose(creation) }
        guard space >= 0, type >= 0, creation >= 0 else {
            throw HDF5Error(.readFailed, file: file, object: path, detail: "cannot read the dataset's shape or type")
        }
        let layout = H5Pget_layout(creation)
        if layout == H5D_VIRTUAL {
            throw HDF5Error(.refused, file: file, object: path, detail: "is a virtual dataset drawing on other files; not read")
        }
        if H5Pget_external_count(creation) != 0 {
            throw HDF5Error(.refused, file: file, object: path, detail: "keeps its values in external files; not read")
        }
        let shape = try readExtent(space: space, file: file, path: path)
        guard HDF5Limits.elementCount(shape) != nil else {
            throw HDF5Error(.tooLarge, file: file, object: path, detail: "declares the shape \(shape), whose size overflows")
        }
        if layout == H5D_CHUNKED {
            // HDF5 allocates a whole chunk to read any of it: a damaged chunk extent must not make it allocate more
            // than the dataset may hold.
            let rank = max(0, Int(H5Pget_chunk(creation, 0, nil)))
            var chunk = [hsize_t](repeating: 0, count: rank)
            if rank > 0, H5Pget_chunk(creation, Int32(rank), &chunk) >= 0 {
                let extent = chunk.map { $0 > hsize_t(Int.max) ? Int.max : Int($0) }
                guard let count = HDF5Limits.elementCount(extent), count <= HDF5Limits.maximumElements else {
                    throw HDF5Error(
                        .tooLarge, file: file, object: path,
                        detail: "declares chunks of \(extent) elements, more than the \(HDF5Limits.maximumElements) read at most")
                }
            }
        }
        return HDF5Dataset(
            handle: handle, file: file, path: path, shape: shape, elementType: HDF5ElementType(typeID: type))
    }

    /// The number of elements: the product of ``shape`` (1 for a scalar dataset); checked not to overflow when the
    /// dataset was opened.
    public var count: Int { HDF5Limits.elementCount(shape) ?? .max }

    /// Reads every element in row-major order, converted by HDF5 to `Scalar`.
    ///
    /// Only numeric datasets can be read; converting a float to an integer type is refused because it would
    /// silently truncate. The size is checked before anything is allocated: a dataset of more than `limit`
    /// elements is a `tooLarge` error naming its shape.
    public func read<Scalar: HDF5Scalar>(
        as _: Scalar.Type = Scalar.self, limit: Int = HDF5Limits.maximumElements
    ) throws(HDF5Error) -> [Scalar] {
        try HDF5Library.withLock { () throws(HDF5Error) -> [Scalar] in
            guard elementType.isNumeric else {
                throw error(.wrongType, "holds \(elementType), not numbers")
            }
            guard count <= limit else {
                throw error(
                    .tooLarge, "has the shape \(shape): \(count) elements, more than the \(limit) read at most")
            }
            if case .integer = Scalar.elementType, !(elementType.isInteger) {
                throw error(.wrongType, "holds \(elementType), which is not read as \(Scalar.elementType)")
            }
            var values = [Scalar](repeating: Scalar(), count: count)
            guard !values.isEmpty else { return values }
            let status = values.withUnsafeMutableBytes { bytes in
                H5Dread(handle.id, Scalar.nativeType, chdf5_all(), chdf5_all(), chdf5_default(), bytes.baseAddress)
            }
            guard status >= 0 else { throw error(.readFailed, "cannot read the values (damaged or filtered data)") }
            return values
        }
    }
}

extension HDF5ElementType {
    var isInteger: Bool {
        if case .integer = self { true } else { false }
    }
}

/// The dimensions of a dataspace: `[]` for a scalar, `[0]` for a null dataspace.
func readExtent(space: hid_t, file: String, path: String) throws(HDF5Error) -> [Int] {
    switch H5Sget_simple_extent_type(space) {
    case H5S_SCALAR:
        return []
    case H5S_NULL:
        return [0]
    case H5S_SIMPLE:
        let rank = Int(H5Sget_simple_extent_ndims(space))
        guard rank >= 0 else { break }
        var dims = [hsize_t](repeating: 0, count: rank)
        guard H5Sget_simple_extent_dims(space, &dims, nil) >= 0 else { break }
        guard dims.allSatisfy({ $0 <= hsize_t(Int.max) }) else {
            throw HDF5Error(.tooLarge, file: file, object: path, detail: "declares the extent \(dims), beyond any memory")
        }
        return dims.map { Int($0) }
    default:
        break
    }
    throw HDF5Error(.readFailed, file: file, object: path, detail: "cannot read the dataspace")
}
