import CFastKernels
import Dispatch

extension FastSSIM {
    /// The instructions the fast implementation's inner loops (the blurs and the SSIM arithmetic) run on.
    ///
    /// Swift cannot compile one function for other instructions than its target's baseline, and a package cannot
    /// give `-march` flags to the packages that depend on it; the inner loops are therefore C (`CFastKernels`),
    /// compiled for each instruction set through target attributes, and chosen here at run time. The results of
    /// different instruction sets differ only within the acceptance bounds of the golden vectors: with FMA, `w·a + s`
    /// is rounded once instead of twice. Each is tested and certified on its own.
    public enum InstructionSet: String, CaseIterable, Sendable {
        /// The target's baseline: SSE2 on x86-64; the only one on other processors.
        case baseline
        /// AVX2 with FMA (x86-64-v3), on 32-byte vectors.
        case avx2FMA = "avx2-fma"
        /// AVX-512 (F, VL, DQ, BW: x86-64-v4), on 64-byte vectors.
        case avx512

        /// The instruction sets this processor runs, from the baseline to the fastest.
        public static let supported: [InstructionSet] = allCases.filter { fast_supports($0.kernels) != 0 }

        /// The fastest instruction set this processor runs.
        public static var best: InstructionSet { supported[supported.count - 1] }

        var kernels: fast_isa {
            switch self {
            case .baseline: fast_isa_baseline
            case .avx2FMA: fast_isa_avx2_fma
            case .avx512: fast_isa_avx512
            }
        }

        /// The arithmetic peak of these instructions on `threads` workers, in floating-point operations per second: the
        /// rate of independent multiply-and-add chains in registers, with no memory traffic, on the vectors the fast
        /// implementation uses with these instructions. For benchmarks, to compare the rate it achieves with.
        public func multiplyAddPeak<Scalar: SSIMScalar>(_: Scalar.Type, threads: Int) -> Double {
            let iterations = 20_000_000
            let isFloat = Scalar.self == Float.self
            let start = DispatchTime.now().uptimeNanoseconds
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                let chains = isFloat
                    ? Double(fast_multiply_add_peak_f32(kernels, iterations))
                    : fast_multiply_add_peak_f64(kernels, iterations)
                // The chains' sum is used, so that the loop is not optimised away.
                if chains.isNaN { print("note: the peak loop produced NaN") }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            // 12 chains × lanes × (one multiply + one add) per iteration, on each worker.
            let lanes = Int(fast_lanes(kernels, Int32(MemoryLayout<Scalar>.size)))
            return Double(threads * iterations * 12 * lanes * 2) / seconds
        }
    }
}
