import Foundation
import SSIMVectors
import Testing

@Suite struct VectorStoreTests {
    @Test func splitMix64IsTheDocumentedGenerator() {
        // Reference outputs of SplitMix64 for seed 0, as published with the algorithm (and in every port of it).
        var random = SplitMix64(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(random.next() == 0x06C4_5D18_8009_454F)
        var unit = SplitMix64(seed: 0)
        #expect(unit.unit() == Double(UInt64(0xE220_A839_7B1D_CDAF) >> 11) * 0x1p-53)
    }
}
