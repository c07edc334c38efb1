extension MSSSIML1Convention {
    /// The named MS-SSIM + L1 conventions: Kornia's, the only library read that ships this loss.
    public static let named: [MSSSIML1Convention] = [kornia]

    /// The named convention called `name`, or nil.
    public static func named(_ name: String) -> MSSSIML1Convention? { named.first { $0.name == name } }

    /// Kornia 0.9.0's `kornia.losses.MS_SSIMLoss` at its defaults but the case's data range, α, compensation and
    /// reduction: σ = 0.5, 1, 2, 4, 8 at full resolution, 33-tap Gaussians built in float32, zero padding, luminance
    /// at σ = 8 times every σ's cs per pixel and channel, the channels' mean, a Gaussian (σ = 8) weighted L1 / L,
    /// α = 0.025, c = 200; half precisions computed in float32.
    public static let kornia = MSSSIML1Convention(
        name: "kornia",
        summary: "Kornia 0.9.0 kornia.losses.MS_SSIMLoss: Zhao et al.'s MS-SSIM + L1, σ 0.5…8 at full resolution, 33 taps (float32), zero padding, l at σ 8 × Π cs per pixel, channel mean, alpha 0.025, compensation 200",
        provenance: .recorded(msssimL1: "kornia"))
}
