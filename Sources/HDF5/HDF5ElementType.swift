import CHDF5

/// What a dataset or attribute stores, as far as this layer distinguishes it.
public enum HDF5ElementType: Equatable, Sendable, CustomStringConvertible {
    case float32
    case float64
    /// Any other floating-point width (e.g. half precision).
    case float(bytes: Int)
    case integer(bytes: Int, signed: Bool)
    case string
    /// Compound, enum, reference, opaque and the other classes this layer does not read.
    case other

    init(typeID: hid_t) {
        let size = H5Tget_size(typeID)
        // A damaged type can declare any width; numbers wider than any real format are not converted.
        guard size > 0, size <= HDF5Limits.maximumElementBytes || H5Tget_class(typeID) == H5T_STRING else {
            self = .other
            return
        }
        switch H5Tget_class(typeID) {
        case H5T_FLOAT:
            switch size {
            case 4: self = .float32
            case 8: self = .float64
            default: self = .float(bytes: size)
            }
        case H5T_INTEGER:
            self = .integer(bytes: size, signed: H5Tget_sign(typeID) == H5T_SGN_2)
        case H5T_STRING:
            self = .string
        default:
            self = .other
        }
    }

    public var isNumeric: Bool {
        switch self {
        case .float32, .float64, .float, .integer: true
        case .string, .other: false
        }
    }

    public var description: String {
        switch self {
        case .float32: "float32"
        case .float64: "float64"
        case .float(let bytes): "float\(bytes * 8)"
        case .integer(let bytes, let signed): "\(signed ? "int" : "uint")\(bytes * 8)"
        case .string: "string"
        case .other: "an unsupported HDF5 type"
        }
    }
}
