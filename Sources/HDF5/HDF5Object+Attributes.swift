import FoundationEssentials
import CHDF5
import Glibc

extension HDF5Object {
    /// Whether the object has an attribute of that name.
    public func hasAttribute(_ name: String) -> Bool {
        HDF5Library.withLock { H5Aexists(handle.id, name) > 0 }
    }

    /// Reads the attribute `name`.
    ///
    /// Integers of any width are read as `Int64`, floats of any width as `Double`; a scalar or one-element
    /// attribute gives `.int`/`.double`, a longer one `.ints`/`.doubles`. Strings may be variable-length or
    /// fixed-length (null- or space-padded), in ASCII or UTF-8.
    public func attribute(_ name: String) throws(HDF5Error) -> HDF5AttributeValue {
        try HDF5Library.withLock { () throws(HDF5Error) -> HDF5AttributeValue in
            let at = "\(path) attribute \"\(name)\""
            guard H5Aexists(handle.id, name) > 0 else { throw error(.notFound, "missing", at: at) }
            let attribute = H5Aopen(handle.id, name, chdf5_default())
            guard attribute >= 0 else { throw error(.readFailed, "cannot open", at: at) }
            defer { H5Aclose(attribute) }
            let type = H5Aget_type(attribute)
            defer { H5Tclose(type) }
            let space = H5Aget_space(attribute)
            defer { H5Sclose(space) }
            let shape = try readExtent(space: space, file: file, path: at)
            guard let count = HDF5Limits.elementCount(shape), count <= HDF5Limits.maximumAttributeElements else {
                throw error(.tooLarge, "has the shape \(shape), more than the \(HDF5Limits.maximumAttributeElements) elements read at most", at: at)
            }
            let elementType = HDF5ElementType(typeID: type)
            switch elementType {
            case .integer:
                let values: [Int64] = try readNumbers(attribute, count: count, at: at)
                return shape.isEmpty || count == 1 ? .int(values[0]) : .ints(values)
            case .float32, .float64, .float:
                let values: [Double] = try readNumbers(attribute, count: count, at: at)
                return shape.isEmpty || count == 1 ? .double(values[0]) : .doubles(values)
            case .string where count == 1:
                return .string(try readString(attribute, fileType: type, space: space, at: at))
            case .string:
                throw error(.wrongType, "is an array of \(count) strings, not one string", at: at)
            case .other:
                throw error(.wrongType, "has \(elementType)", at: at)
            }
        }
    }

    /// Reads a string attribute; any other type is a `wrongType` error.
    public func stringAttribute(_ name: String) throws(HDF5Error) -> String {
        let value = try attribute(name)
        guard case .string(let string) = value else {
            throw attributeTypeError(name, value: value, expected: "a string")
        }
        return string
    }

    /// Reads an integer attribute holding one value; any other type is a `wrongType` error.
    public func intAttribute(_ name: String) throws(HDF5Error) -> Int64 {
        let value = try attribute(name)
        guard case .int(let int) = value else {
            throw attributeTypeError(name, value: value, expected: "one integer")
        }
        return int
    }

    /// Reads a numeric attribute holding one value, integer or float, as a `Double`.
    public func doubleAttribute(_ name: String) throws(HDF5Error) -> Double {
        let value = try attribute(name)
        switch value {
        case .double(let double): return double
        case .int(let int): return Double(int)
        default: throw attributeTypeError(name, value: value, expected: "one number")
        }
    }

    /// Writes the attribute `name`, replacing one of the same name. Strings are written variable-length UTF-8.
    public func setAttribute(_ name: String, _ value: HDF5AttributeValue) throws(HDF5Error) {
        try HDF5Library.withLock { () throws(HDF5Error) -> Void in
            let at = "\(path) attribute \"\(name)\""
            if H5Aexists(handle.id, name) > 0, H5Adelete(handle.id, name) < 0 {
                throw error(.writeFailed, "cannot replace", at: at)
            }
            switch value {
            case .string(let string):
                let type = H5Tcopy(chdf5_c_s1())
                defer { H5Tclose(type) }
                H5Tset_size(type, chdf5_variable_size())
                H5Tset_cset(type, H5T_CSET_UTF8)
                // withCString rethrows untyped: its closure hands the outcome out instead of throwing.
                try string.withCString { pointer in
                    var pointers: [UnsafePointer<CChar>?] = [pointer]
                    return Result { () throws(HDF5Error) in
                        try writeAttribute(name, fileType: type, memoryType: type, shape: [], at: at, bytes: &pointers)
                    }
                }.get()
            case .int(let int):
                var values = [int]
                try writeAttribute(name, fileType: Int64.fileType, memoryType: Int64.nativeType, shape: [], at: at, bytes: &values)
            case .double(let double):
                var values = [double]
                try writeAttribute(name, fileType: Double.fileType, memoryType: Double.nativeType, shape: [], at: at, bytes: &values)
            case .ints(var values):
                try writeAttribute(
                    name, fileType: Int64.fileType, memoryType: Int64.nativeType, shape: [values.count], at: at, bytes: &values)
            case .doubles(var values):
                try writeAttribute(
                    name, fileType: Double.fileType, memoryType: Double.nativeType, shape: [values.count], at: at,
                    bytes: &values)
            }
        }
    }

    private func attributeTypeError(_ name: String, value: HDF5AttributeValue, expected: String) -> HDF5Error {
        error(.wrongType, "is \(value), expected \(expected)", at: "\(path) attribute \"\(name)\"")
    }

    private func writeAttribute<Element>(
        _ name: String, fileType: hid_t, memoryType: hid_t, shape: [Int], at: String, bytes: inout [Element]
    ) throws(HDF5Error) {
        let space = try dataspace(shape: shape, at: at)
        defer { H5Sclose(space) }
        let attribute = H5Acreate2(handle.id, name, fileType, space, chdf5_default(), chdf5_default())
        guard attribute >= 0 else { throw error(.writeFailed, "cannot create", at: at) }
        defer { H5Aclose(attribute) }
        let status = bytes.withUnsafeMutableBytes { H5Awrite(attribute, memoryType, $0.baseAddress) }
        guard status >= 0 else { throw error(.writeFailed, "cannot write", at: at) }
    }

    private func readNumbers<Scalar: HDF5Scalar>(_ attribute: hid_t, count: Int, at: String) throws(HDF5Error) -> [Scalar] {
        guard count > 0 else { throw error(.wrongType, "is empty", at: at) }
        var values = [Scalar](repeating: Scalar(), count: count)
        let status = values.withUnsafeMutableBytes { H5Aread(attribute, Scalar.nativeType, $0.baseAddress) }
        guard status >= 0 else { throw error(.readFailed, "cannot read", at: at) }
        return values
    }

    private func readString(_ attribute: hid_t, fileType: hid_t, space: hid_t, at: String) throws(HDF5Error) -> String {
        let memoryType = H5Tcopy(chdf5_c_s1())
        defer { H5Tclose(memoryType) }
        H5Tset_cset(memoryType, H5Tget_cset(fileType))
        if H5Tis_variable_str(fileType) > 0 {
            H5Tset_size(memoryType, chdf5_variable_size())
            var pointer: UnsafeMutablePointer<CChar>? = nil
            guard H5Aread(attribute, memoryType, &pointer) >= 0 else { throw error(.readFailed, "cannot read", at: at) }
            defer { _ = chdf5_reclaim_vlen(memoryType, space, &pointer) }
            guard let pointer else { return "" }
            let length = strnlen(pointer, HDF5Limits.maximumStringBytes + 1)
            guard length <= HDF5Limits.maximumStringBytes else {
                throw error(.tooLarge, "is a string longer than the \(HDF5Limits.maximumStringBytes) bytes read at most", at: at)
            }
            return String(decoding: UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: length), as: UTF8.self)
        }
        let size = H5Tget_size(fileType)
        guard size > 0, size <= HDF5Limits.maximumStringBytes else {
            throw error(.tooLarge, "is a fixed-length string of \(size) bytes", at: at)
        }
        H5Tset_size(memoryType, size)
        H5Tset_strpad(memoryType, H5T_STR_NULLPAD)
        var bytes = [UInt8](repeating: 0, count: size)
        guard H5Aread(attribute, memoryType, &bytes) >= 0 else { throw error(.readFailed, "cannot read", at: at) }
        var text = bytes.prefix { $0 != 0 }
        if H5Tget_strpad(fileType) == H5T_STR_SPACEPAD {
            while text.last == UInt8(ascii: " ") { text = text.dropLast() }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
