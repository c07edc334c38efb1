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
    static func wrapping(_ handle: HDF5Handle, file: String, path: String) throws -> HDF5Dataset {
        let space = H5Dget_space(handle.id)
        defer { H5Sclose(space) }
        let type = H5Dget_type(handle.id)
        defer { H5Tclose(type) }
        guard space >= 0, type >= 0 else {
            throw HDF5Error(.readFailed, file: file, object: path, detail: "cannot read the dataset's shape or type")
        }
        return HDF5Dataset(
            handle: handle, file: file, path: path,
            shape: try readExtent(space: space, file: file, path: path), elementType: HDF5ElementType(typeID: type))
    }

    /// The number of elements: the product of ``shape`` (1 for a scalar dataset).
    public var count: Int { shape.reduce(1, *) }

    /// Reads every element in row-major order, converted by HDF5 to `Scalar`.
    ///
    /// Only numeric datasets can be read; converting a float to an integer type is refused because it would
    /// silently truncate.
    public func read<Scalar: HDF5Scalar>(as _: Scalar.Type = Scalar.self) throws -> [Scalar] {
        try HDF5Library.withLock {
            guard elementType.isNumeric else {
                throw error(.wrongType, "holds \(elementType), not numbers")
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
func readExtent(space: hid_t, file: String, path: String) throws -> [Int] {
    switch H5Sget_simple_extent_type(space) {
    case H5S_SCALAR:
        return []
    case H5S_NULL:
        return [0]
    case H5S_SIMPLE:
        let rank = Int(H5Sget_simple_extent_ndims(space))
        var dims = [hsize_t](repeating: 0, count: rank)
        guard rank >= 0, H5Sget_simple_extent_dims(space, &dims, nil) >= 0 else { break }
        return dims.map { Int($0) }
    default:
        break
    }
    throw HDF5Error(.readFailed, file: file, object: path, detail: "cannot read the dataspace")
}
