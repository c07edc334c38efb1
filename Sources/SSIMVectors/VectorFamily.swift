/// The families the vectors are split into, one file each (`Vectors/<family>.h5`), so a reader finds things.
public enum VectorFamily: String, CaseIterable, Sendable {
    /// The parameter sweep: every window 1–13, both paddings, all reductions, float32 and float64, several data
    /// ranges and eps, batch and channel counts 1–4, square and not, odd sizes, the smallest legal sizes.
    case core
    /// Pairs that differ only in the border band of width r, or by an impulse at an edge or corner: the cases that
    /// tell border conventions apart.
    case borders
    /// Inputs where precision and constants matter: identical and flat pairs, black images at small data ranges
    /// (where eps is visible), anti-correlation, large constant offsets (E[x²] − μ² cancels), impulse noise and
    /// extreme values.
    case conditioning
    /// Crops of CC0 and public-domain photographs from scikit-image with realistic distortions.
    case realImages = "real-images"
    /// Zhou Wang's MATLAB `ssim_index.m` settings ('valid', window 11, maxVal 255, eps 0) on the pairs of
    /// `tools/data/matlab-parity`, with the MATLAB value recorded beside ours.
    case matlabParity = "matlab-parity"
    /// One or more cases for every error category of the protocol.
    case invalid
    /// NaN, +∞ and −∞ pixels, single and in 2 × 2 patches, at a corner, on an edge and inside, in one image or both:
    /// the outputs are non-finite exactly where Kornia 0.9.0's are (the pixels whose window sees them), finite
    /// elsewhere.
    case nonFinite = "non-finite"
    /// MS-SSIM (``MSSSIMFamily``): its expected answers follow `wang-msssim`, Wang's msssim.m; real and pseudo-random
    /// pairs at and around the libraries' minimum sizes, odd sizes, weights, precisions, gradients and the inputs
    /// where MS-SSIM is delicate (a negative coarse-scale cs, flat and black images).
    case msSSIM = "ms-ssim"
    /// The MS-SSIM + L1 loss of Zhao et al. (``MSSSIML1Family``): its expected answers follow Kornia 0.9.0's
    /// `MS_SSIMLoss` (`kornia`); small pseudo-random pairs, one and three channels, every reduction, gradients, the
    /// four precisions, α and compensation of the case's own, flat, black, identical and anti-correlated images, a
    /// NaN pixel, invalid shapes and a data range of 0.
    case msSSIML1 = "ms-ssim-l1"
    /// 3-D SSIM (``VolumeFamily``): its expected answers follow Kornia 0.9.0's `ssim3d` (`kornia`); depths 1, 2, 3 and
    /// 20, every axis at and around the window's reach, anisotropic shapes, volumes of identical slices, real MRI
    /// volumes, the four precisions, gradients, non-finite voxels and invalid inputs.
    case volumes
    /// MS-SSIM on volumes (``MSSSIM3DFamily``): its expected answers follow torchmetrics 1.9.0's 3-D MS-SSIM
    /// (`torchmetrics`); small pseudo-random volumes on two scales, odd sizes along every axis, the four precisions,
    /// gradients, flat, identical and anti-correlated volumes, one scale alone, and invalid ones (a depth too small for
    /// the scales, mismatched shapes, rank 4).
    case msSSIM3D = "ms-ssim-3d"

    /// The file that holds the family.
    public var fileName: String { "\(rawValue).h5" }
}
