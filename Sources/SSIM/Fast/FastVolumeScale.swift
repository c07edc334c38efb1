/// One scale of a 3-D MS-SSIM as the fast implementation's volume kernel (``FastVolumeKernel``) computes it, read
/// from the reference's computation of one channel volume there (its window and crop along each axis): one window
/// along H and W, the same along D or none (a depth left unblurred, as pytorch-msssim leaves an axis shorter than its
/// window; H and W left unblurred together are the one tap [1] along each), and a map cropped along each axis by its
/// reach (reading no voxel beyond the faces, whatever the border) or, under torch's `reflect`, by less (torchmetrics
/// crops its whole map along W alone).
struct FastVolumeScale {
    /// The window along H and W (2r + 1 taps), and along D (the same, or the one tap [1]).
    let window: [Double]
    let depthWindow: [Double]
    /// The rows, columns and planes the map drops at each end of H, W and D.
    let crop: Int
    let columnCrop: Int
    let depthCrop: Int
    /// The map elements of one channel volume.
    let mapCount: Int

    var radius: Int { window.count / 2 }
    var depthRadius: Int { depthWindow.count / 2 }

    /// Scale `j` (0 the finest) computed as `volume` computes each channel volume there, under the convention
    /// called `name`.
    ///
    /// - Throws: ``SSIMError/outsideConvention(convention:reason:)`` where the volume kernel does not compute it,
    ///   saying why.
    init(_ volume: Plane, scale j: Int, convention name: String) throws(SSIMError) {
        let axes = volume.blur.axes, crops = volume.crops
        func refuse(_ reason: String) -> SSIMError {
            .outsideConvention(convention: name, reason: "the fast implementation \(reason), at scale \(j + 1)")
        }
        let taps = axes.map(\.window.count)
        guard axes[1].window == axes[2].window, axes[0].window == axes[1].window || taps[0] == 1 else {
            throw refuse(
                "blurs H and W by one window and D by the same or not at all, not D, H, W by \(taps.map(String.init).joined(separator: ", ")) taps (an axis shorter than the window left unblurred: along D alone, or along H and W together)")
        }
        guard zip(axes, crops).allSatisfy({ $1 == $0.radius || ($0.border == .reflect && (0...$0.radius).contains($1)) }) else {
            throw refuse(
                "crops each axis by its taps' reach or, under torch's reflect beyond the faces, by less, not D, H, W by \(crops.map(String.init).joined(separator: ", "))")
        }
        (window, depthWindow) = (axes[1].window, axes[0].window)
        (crop, columnCrop, depthCrop, mapCount) = (crops[1], crops[2], crops[0], volume.mapPixelCount)
    }

    /// The sizes of the scale's planes, of `height` × `width`, for the kernels working on vectors of `lanes`.
    func geometry(height: Int, width: Int, lanes: Int) -> FastGeometry {
        FastGeometry(
            height: height, width: width, radius: radius, crop: crop, columnCrop: columnCrop, mapHeight: height - 2 * crop,
            mapWidth: width - 2 * columnCrop, lanes: lanes)
    }
}
