import HDF5
import SSIM

/// An array as the protocol carries it: any rank, float32 or float64, values held exactly as `Double`.
public struct ProtocolArray: Equatable, Sendable {
    /// The dimensions; `[]` for a scalar.
    public let shape: [Int]
    /// The stored precision: for inputs, the precision the implementation is asked to compute in.
    public let precision: Precision
    /// The elements in row-major order (a float32 value converts to `Double` exactly).
    public let values: [Double]

    public init(shape: [Int], precision: Precision, values: [Double]) {
        self.shape = shape
        self.precision = precision
        self.values = values
    }

    /// Reads the dataset `name` of `group`, which must hold float32 or float64 values.
    public static func read(_ name: String, in group: HDF5Group) throws -> ProtocolArray {
        let dataset = try group.dataset(name)
        let precision: Precision
        switch dataset.elementType {
        case .float32: precision = .float32
        case .float64: precision = .float64
        default:
            throw AdapterFileError(
                file: group.file, object: dataset.path, detail: "holds \(dataset.elementType), expected float32 or float64")
        }
        return ProtocolArray(shape: dataset.shape, precision: precision, values: try dataset.read(as: Double.self))
    }

    /// Writes the array as the dataset `name` of `group`, in its precision (archival: see
    /// `HDF5Group.createDataset(_:shape:values:archival:)`).
    public func write(_ name: String, in group: HDF5Group, archival: Bool = false) throws {
        switch precision {
        case .float32: _ = try group.createDataset(name, shape: shape, values: values.map { Float($0) }, archival: archival)
        case .float64: _ = try group.createDataset(name, shape: shape, values: values, archival: archival)
        }
    }
}
