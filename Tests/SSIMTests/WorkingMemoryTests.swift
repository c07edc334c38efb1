import SSIM
import Testing

/// Huge images are refused with a clear error before any working memory is asked for.
@Suite struct WorkingMemoryTests {
    @Test func aShapeNeedingTerabytesIsRefusedUpFront() {
        let shape = [1, 3, 1 << 20, 1 << 20]
        let error = #expect(throws: SSIMError.self) { try SSIMOptions.checkWorkingMemory(shape) }
        #expect(error?.category == .unsupported)
        #expect(error?.description.contains("[1, 3, 1048576, 1048576]") == true, "\(error.map { "\($0)" } ?? "")")
        // An overflowing product is still a clear error, not a trap.
        #expect(throws: SSIMError.self) { try SSIMOptions.checkWorkingMemory([1 << 40, 1 << 40, 1 << 40, 1 << 40]) }
        #expect(throws: Never.self) { try SSIMOptions.checkWorkingMemory([4, 3, 512, 512]) }
    }
}
