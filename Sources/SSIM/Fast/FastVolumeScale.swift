/// One scale of a 3-D MS-SSIM as the fast implementation's volume kernel (``FastVolumeKernel``) computes it, read
/// from the reference's computation of one channel volume there (its window and crop along each axis): one window
/// along D, H and W, and a map cropped along each axis by 0 (torch's `reflect` beyond the faces) or by the window's
/// reach (reading no voxel beyond them, whatever the border), H and W alike.
struct FastVolumeScale {
    /// The window of every axis (2r + 1 taps).
    let window: [Double]
    /// The rows and columns the map drops at each end of H and W, and the planes at each end of D.
    let crop: Int
    let depthCrop: Int
    /// The map elements of one channel volume.
    let mapCount: Int

    var radius: Int { window.count / 2 }

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
        guard axes.allSatisfy({ $0.window == axes[0].window }), taps[0] > 1 else {
            throw refuse(
                "blurs D, H and W by one window of several taps, not by \(taps.map(String.init).joined(separator: ", ")) taps (an axis shorter than the window left unblurred)")
        }
        let radius = taps[0] / 2
        guard zip(axes, crops).allSatisfy({ $1 == radius || ($1 == 0 && $0.border == .reflect) }), crops[1] == crops[2] else {
            throw refuse(
                "crops H and W alike, and each axis by its taps' reach \(radius) or by 0 (torch's reflect beyond the faces), not D, H, W by \(crops.map(String.init).joined(separator: ", "))")
        }
        (window, crop, depthCrop, mapCount) = (axes[0].window, crops[1], crops[0], volume.mapPixels.count)
    }

    /// The sizes of the scale's planes, of `height` × `width`, for the kernels working on vectors of `lanes`.
    func geometry(height: Int, width: Int, lanes: Int) -> FastGeometry {
        FastGeometry(
            height: height, width: width, radius: radius, crop: crop, mapHeight: height - 2 * crop,
            mapWidth: width - 2 * crop, lanes: lanes)
    }
}
