import CFastKernels

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

        /// The C kernels' name for these instructions; `package` so that the command line's peak measurement
        /// (`ArithmeticPeak`), which only the benchmark needs, runs on the same instructions without being library API.
        package var kernels: fast_isa {
            switch self {
            case .baseline: fast_isa_baseline
            case .avx2FMA: fast_isa_avx2_fma
            case .avx512: fast_isa_avx512
            }
        }
    }
}
