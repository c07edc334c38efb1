@testable import SSIM
import Testing

/// Huge images are refused with a clear error before any working memory is asked for; each implementation checks
/// what it allocates itself.
@Suite struct WorkingMemoryTests {
    @Test func aShapeNeedingTerabytesIsRefusedUpFrontByTheReference() {
        let shape: Shape = [1, 3, 1 << 20, 1 << 20]
        let error = #expect(throws: SSIMError.self) { try SSIMReference.checkWorkingMemory(shape) }
        #expect(error?.category == .unsupported)
        #expect(error?.description.contains("[1, 3, 1048576, 1048576]") == true, "\(error.map { "\($0)" } ?? "")")
        // An overflowing product is still a clear error, not a trap.
        #expect(throws: SSIMError.self) { try SSIMReference.checkWorkingMemory([1 << 40, 1 << 40, 1 << 40, 1 << 40]) }
        #expect(throws: Never.self) { try SSIMReference.checkWorkingMemory([4, 3, 512, 512]) }
    }

    /// The fast implementation holds only the outputs asked for: a loss alone needs nothing of the image's size.
    @Test func theFastImplementationCountsOnlyTheOutputsItAllocates() {
        let shape: Shape = [1, 3, 1 << 20, 1 << 20]
        let error = #expect(throws: SSIMError.self) {
            try FastSSIM.checkWorkingMemory(shape, products: .gradients, bytesPerElement: 4)
        }
        #expect(error?.category == .unsupported)
        #expect(throws: Never.self) { try FastSSIM.checkWorkingMemory(shape, products: [], bytesPerElement: 4) }
    }
}
