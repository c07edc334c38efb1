import FoundationEssentials

/// How much this layer reads from one file, whatever the file declares.
///
/// A hostile or damaged file can declare a 10¹² × 10¹² dataset that takes a few bytes on disk (chunked, never
/// written), millions of group members or a string of gigabytes. Every size is checked against these limits
/// *before* anything is allocated or read, and exceeding one is an ``HDF5Error`` of kind `tooLarge` naming the file,
/// the object and the size.
public enum HDF5Limits {
    /// The most elements one dataset read may hold: 2²⁸ (2 GiB as `Double`), far above the largest golden case
    /// (3 × 512 × 512). The environment variable `SSIM_CONFORM_MAX_ELEMENTS` lowers or raises it for the process
    /// (the fuzz soak lowers it so that mutated extents do not allocate gigabytes).
    public static let maximumElements: Int = {
        if let text = ProcessInfo.processInfo.environment["SSIM_CONFORM_MAX_ELEMENTS"], let value = Int(text), value > 0 {
            return value
        }
        return 1 << 28
    }()

    /// The most elements one numeric attribute may hold.
    public static let maximumAttributeElements = 1 << 16

    /// The longest string attribute, in bytes (1 MiB).
    public static let maximumStringBytes = 1 << 20

    /// The most members one group may list (a request or vector file holds at most thousands of cases).
    public static let maximumGroupMembers = 1 << 20

    /// The widest element this layer converts, in bytes (HDF5 types can declare any size).
    static let maximumElementBytes = 16

    /// The product of `extent`, or nil when it overflows `Int`.
    static func elementCount(_ extent: [Int]) -> Int? {
        var count = 1
        for dimension in extent {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }
}
