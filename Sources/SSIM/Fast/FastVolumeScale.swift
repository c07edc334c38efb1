/// One scale of a 3-D MS-SSIM as the fast implementation's volume kernel (``FastVolumeKernel``) computes it, read
/// from the reference's computation of one channel volume there (its window and crop along each axis): one window
/// along H and W, the same along D or none (a depth left unblurred, as pytorch-msssim leaves an axis shorter than its
/// window), and a map cropped along each axis by 0 (torch's `reflect` beyond the faces) or by the axis's reach
/// (reading no voxel beyond them, whatever the border), H and W alike.
struct FastVolumeScale {
    /// The window along H and W (2r + 1 taps), and along D (the same, or the one tap [1]).
    let window: [Double]
    let depthWindow: [Double]
    /// The rows and columns the map drops at each end of H and W, and the planes at each end of D.
    let crop: Int
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
        guard axes[1].window == axes[2].window, taps[1] > 1, axes[0].window == axes[1].window || taps[0] == 1 else {
            throw refuse(
                "blurs H and W by one window of several taps and D by the same or not at all, not D, H, W by \(taps.map(String.init).joined(separator: ", ")) taps (an axis shorter than the window left unblurred: along D only)")
        }
        guard zip(axes, crops).allSatisfy({ $1 == $0.radius || ($1 == 0 && $0.border == .reflect) }), crops[1] == crops[2] else {
            throw refuse(
                "crops H and W alike, and each axis by its taps' reach or by 0 (torch's reflect beyond the faces), not D, H, W by \(crops.map(String.init).joined(separator: ", "))")
        }
        (window, depthWindow) = (axes[1].window, axes[0].window)
        (crop, depthCrop, mapCount) = (crops[1], crops[0], volume.mapPixels.count)
    }

    /// The sizes of the scale's planes, of `height` × `width`, for the kernels working on vectors of `lanes`.
    func geometry(height: Int, width: Int, lanes: Int) -> FastGeometry {
        FastGeometry(
            height: height, width: width, radius: radius, crop: crop, mapHeight: height - 2 * crop,
            mapWidth: width - 2 * crop, lanes: lanes)
    }
}
