import CHDF5

/// A numeric Swift type that HDF5 datasets and attributes can hold.
///
/// Reading converts whatever is stored to the requested type (HDF5's own conversion: a float32 dataset read as
/// `Double` is exact); writing stores the type's little-endian IEEE or two's-complement file type.
public protocol HDF5Scalar: Sendable {
    /// The in-memory type, for reading and writing.
    static var nativeType: hid_t { get }
    /// The type written to files.
    static var fileType: hid_t { get }
    /// The element type a dataset written from this type has.
    static var elementType: HDF5ElementType { get }
    init()
}

extension Float: HDF5Scalar {
    public static var nativeType: hid_t { chdf5_native_float() }
    public static var fileType: hid_t { chdf5_ieee_f32le() }
    public static var elementType: HDF5ElementType { .float32 }
}

extension Float16: HDF5Scalar {
    public static var nativeType: hid_t { ieeeHalf }
    public static var fileType: hid_t { ieeeHalf }
    public static var elementType: HDF5ElementType { .float(bytes: 2) }

    /// IEEE 754 binary16, little-endian, as h5py defines it (HDF5 1.10 has no predefined half type): float32's
    /// layout narrowed to a sign bit, 5 exponent bits of bias 15 and 10 mantissa bits. h5py reads it as
    /// `numpy.float16`, h5dump prints its values. Made once, for the life of the process.
    private static let ieeeHalf: hid_t = {
        let type = H5Tcopy(chdf5_ieee_f32le())
        H5Tset_fields(type, 15, 10, 5, 0, 10)
        H5Tset_size(type, 2)
        H5Tset_ebias(type, 15)
        return type
    }()
}

extension Double: HDF5Scalar {
    public static var nativeType: hid_t { chdf5_native_double() }
    public static var fileType: hid_t { chdf5_ieee_f64le() }
    public static var elementType: HDF5ElementType { .float64 }
}

extension Int64: HDF5Scalar {
    public static var nativeType: hid_t { chdf5_native_int64() }
    public static var fileType: hid_t { chdf5_std_i64le() }
    public static var elementType: HDF5ElementType { .integer(bytes: 8, signed: true) }
}

extension Int32: HDF5Scalar {
    public static var nativeType: hid_t { chdf5_native_int32() }
    public static var fileType: hid_t { chdf5_std_i32le() }
    public static var elementType: HDF5ElementType { .integer(bytes: 4, signed: true) }
}

extension UInt8: HDF5Scalar {
    public static var nativeType: hid_t { chdf5_native_uint8() }
    public static var fileType: hid_t { chdf5_std_u8le() }
    public static var elementType: HDF5ElementType { .integer(bytes: 1, signed: false) }
}
