import SSIM

/// What each tag on a vector case means: Wycheproof's `notes`. Every vector file stores, in its group `notes`, one
/// string attribute per tag its cases carry, holding that tag's note, so that a file explains itself;
/// `Vectors/README.md` lists the same notes (a test checks that the two agree).
public enum VectorTagNotes {
    /// The note of every tag a vector case may carry, by tag.
    public static let notes: [String: String] = {
        var notes = [
            "sweep": "a case of the parameter sweep: windows, paddings, reductions, data ranges, eps, batch and channel counts, sizes",
            "smallest": "the smallest image the window and padding accept",
            "half": "a float16 or bfloat16 case, judged by that precision's bounds (or not computable in it)",
            "border": "a pair equal everywhere but in an edge band: what tells border conventions apart",
            "flat": "a constant image: the variances vanish and only the constants C1, C2 (and eps) decide the answer",
            "identity": "img1 and img2 are the same image: the SSIM is 1 up to the eps term",
            "eps": "images so dark that eps in the denominator changes the answer",
            "anticorrelated": "img2 mirrors img1 about the mid-range: negative covariance, SSIM below 0",
            "cancellation": "a large constant offset: E[x²] − μ² cancels, and precision is lost to it",
            "impulse": "salt-and-pepper noise: isolated extreme pixels",
            "extreme": "saturated or near-black images, at the ends of the data range",
            "real-image": "a crop of a real photograph (CC0 or public domain), with a distortion",
            "matlab-parity": "Zhou Wang's ssim_index.m settings, with MATLAB's mean SSIM recorded beside ours",
            "gray": "a one-channel real image",
            "rgb": "a three-channel real image",
            "noise": "distortion: additive Gaussian noise, σ = 10 in 8-bit units",
            "blur": "distortion: Gaussian blur, σ = 1.5",
            "jpeg": "distortion: a JPEG round trip at quality 10",
            "shift": "distortion: a mean shift of +25 in 8-bit units",
            "contrast": "distortion: contrast reduced to 60 % about the mean",
            "non-finite": "NaN or ±Inf pixels: the outputs must be non-finite exactly where Kornia 0.9.0's are",
            "nan": "the non-finite pixels are NaN",
            "inf": "the non-finite pixels are +Inf",
            "-inf": "the non-finite pixels are −Inf",
            "corner": "the non-finite pixels are at a corner",
            "edge": "the non-finite pixels are on an edge",
            "inside": "the non-finite pixels are inside, away from the edges",
            "invalid": "an input the protocol rejects: the error category is the expected answer",
            "acceptable": "an invalid input Kornia 0.9.0 computes: rejecting it passes, and so does answering exactly as Kornia does",
            "minimum-size": "MS-SSIM at or around a library's smallest image for five scales of an 11-tap window (160 too small, 161, 175, 176)",
            "odd-size": "MS-SSIM on an odd height or width, where the libraries' downsampling rules differ",
            "weights": "MS-SSIM with weights of our own, one per scale, given in the case",
            "single-scale": "MS-SSIM of one scale, whose weight is 1: the mean SSIM of its convention's per-scale SSIM",
            "nan-pixel": "a NaN pixel in an MS-SSIM (or MS-SSIM + L1) case: it reaches every scale, and the MS-SSIM of its plane is NaN (every loss whose windows read it)",
            "mix": "MS-SSIM + L1 with the case's own alpha and compensation (Zhao's α = 0.84, or the MS-SSIM term alone)",
            "gradients": "a case asking for the gradients",
            "channels": "more than one channel, each filtered on its own and averaged per pixel",
            "tiny": "an image smaller than the window, which the zero border allows",
            "data-range": "a data range other than 1",
            "depth-1": "a volume of one slice: too small for a 3-tap window under reflect, computed with a window of 1",
            "depth-2": "a volume of two slices: enough for a 3-tap window under reflect ('same'), too few for its 'valid' crop",
            "depth-3": "a volume of three slices: the 'valid' crop of a 3-tap window, 'same' for a 5-tap one",
            "depth-20": "a volume of 20 slices, deeper than an 11-tap window",
            "reach": "one axis of the volume at or around the reach of a 5-tap window (3 and 5 voxels computed, 2 and 4 refused), the others at 7",
            "depth": "the axis at the window's reach is the depth (D)",
            "height": "the axis at the window's reach is the height (H)",
            "width": "the axis at the window's reach is the width (W)",
            "anisotropic": "a volume whose three axes differ widely",
            "batch": "more than one sample in the batch",
            "identical-slices": "a volume whose slices along the depth are all the same: each slice's map is the 2-D map of that slice",
            "depth-border": "volumes equal everywhere but in their first and last slices: what tells depth borders apart",
            "face": "the non-finite voxel is in the middle of the first slice, a face of the volume",
            "real-volume": "a crop of a real MRI series (nibabel's test data, MIT): two acquisitions, or each frame against the next",
        ]
        for category in SSIMError.Category.invalidInputCategories {
            notes[category.rawValue] = "an invalid input whose expected answer is the error \(category.rawValue)"
        }
        return notes
    }()

    /// The Markdown table of every note, by tag, as `Vectors/README.md` holds it.
    public static var markdownTable: String {
        (["| tag | note |", "|---|---|"] + notes.keys.sorted().map { "| `\($0)` | \(notes[$0]!) |" }).joined(separator: "\n")
    }
}
