import HDF5
import SSIM

/// An array as the protocol carries it: any rank, in one of the protocol's precisions, values held exactly as
/// `Double`.
///
/// How each precision is stored, so that h5py and h5dump read it: float32 and float64 as HDF5's IEEE types, float16
/// as IEEE binary16 (h5py's `float16`), and bfloat16, which HDF5 has no type for, as float32 values that bfloat16
/// represents exactly, the dataset's attribute `precision` saying `bfloat16`.
public struct ProtocolArray: Equatable, Sendable {
    /// The dimensions; `[]` for a scalar.
    public let shape: [Int]
    /// The stored precision: for inputs, the precision the implementation is asked to compute in.
    public let precision: Precision
    /// The elements in row-major order (every stored value converts to `Double` exactly).
    public let values: [Double]

    /// The dataset attribute that marks float32 values as bfloat16's.
    public static let precisionAttribute = "precision"

    public init(shape: [Int], precision: Precision, values: [Double]) {
        self.shape = shape
        self.precision = precision
        self.values = values
    }

    /// Reads the dataset `name` of `group`, which must hold float16, float32 (bfloat16 where its attribute
    /// `precision` says so) or float64 values.
    public static func read(_ name: String, in group: HDF5Group) throws -> ProtocolArray {
        let dataset = try group.dataset(name)
        var precision: Precision
        switch dataset.elementType {
        case .float(bytes: 2): precision = .float16
        case .float32: precision = .float32
        case .float64: precision = .float64
        default:
            throw AdapterFileError(
                file: group.file, object: dataset.path,
                detail: "holds \(dataset.elementType), expected float16, float32 or float64")
        }
        if dataset.hasAttribute(precisionAttribute) {
            let marked = try dataset.stringAttribute(precisionAttribute)
            guard marked == Precision.bfloat16.rawValue, precision == .float32 else {
                throw AdapterFileError(
                    file: group.file, object: dataset.path,
                    detail: "holds \(dataset.elementType) marked as \"\(marked)\"; only float32 values are marked, as \"bfloat16\"")
            }
            precision = .bfloat16
        }
        let values = try dataset.read(as: Double.self)
        if precision.isHalf, let index = values.firstIndex(where: { !precision.represents($0) }) {
            throw AdapterFileError(
                file: group.file, object: dataset.path,
                detail: "element \(index) is \(values[index]), which \(precision.rawValue) does not represent")
        }
        return ProtocolArray(shape: dataset.shape, precision: precision, values: values)
    }

    /// Writes the array as the dataset `name` of `group`, in its precision, each value rounded to it (archival: see
    /// `HDF5Group.createDataset(_:shape:values:archival:)`).
    public func write(_ name: String, in group: HDF5Group, archival: Bool = false) throws {
        switch precision {
        case .float64: _ = try group.createDataset(name, shape: shape, values: values, archival: archival)
        case .float32: _ = try group.createDataset(name, shape: shape, values: values.map { Float($0) }, archival: archival)
        case .float16: _ = try group.createDataset(name, shape: shape, values: values.map { Float16($0) }, archival: archival)
        case .bfloat16:
            let dataset = try group.createDataset(
                name, shape: shape, values: values.map { Float(Precision.bfloat16.rounded($0)) }, archival: archival)
            try dataset.setAttribute(Self.precisionAttribute, .string(Precision.bfloat16.rawValue))
        }
    }
}
