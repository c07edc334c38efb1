import CFastKernels
import Dispatch
import SSIM

/// The machine's arithmetic peak, which `bench --peak` compares the fast implementation's rate with. Bench-only, so
/// it lives here and not in the library's API; its loops are in `CFastKernels` because they must be compiled for each
/// instruction set, like the kernels they stand beside.
enum ArithmeticPeak {
    /// The arithmetic peak of `instructions` on `threads` workers, in floating-point operations per second: the rate
    /// of independent multiply-and-add chains in registers, with no memory traffic, on the vectors the fast
    /// implementation uses with these instructions.
    static func multiplyAdd<Scalar: SSIMScalar>(
        _: Scalar.Type, instructions: FastSSIM.InstructionSet, threads: Int
    ) -> Double {
        let iterations = 20_000_000
        let isFloat = Scalar.self == Float.self
        let kernels = instructions.kernels
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
