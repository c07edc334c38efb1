/// The properties of MS-SSIM's kin: 3-D MS-SSIM (`ms-ssim-3d-`, on small volumes,
/// ``PropertyInput/generateMultiScaleVolume(_:)``) and MS-SSIM + L1 (`ms-ssim-l1-`, Kornia's `MS_SSIMLoss`, on small
/// images, ``PropertyInput/generateMultiScaleL1(_:)``).
///
/// Each is the relation of an MS-SSIM property that holds of its metric as it is, so its requests and its check are
/// that property's (``multiScaleCounterpart``): the requests made of the input's metric, the answers held to the
/// acceptance bounds of the certified convention of that metric. Identity and symmetry hold of MS-SSIM + L1's loss
/// too: at x = y every scale's l and cs are 1 and |x − y| is 0, and l, cs (from μxμy, μx² + μy², σxy,
/// σx² + σy²) and |x − y| are unchanged when x and y are swapped, so the loss c·(α·(1 − MS-SSIM) + (1 − α)·G ∗ |x − y|
/// / L) is; it has no MS-SSIM output, so only its loss is compared. The order of 3-D MS-SSIM's units (volumes, or a
/// volume's channels) is MS-SSIM's (a channel volume in place of a plane), judged by the channel pooling of the 3-D
/// convention's ``SSIM/MSSSIM3DConvention/multiScale``. The other MS-SSIM properties have no counterpart here:
/// ``SSIM/SSIMValueRange`` claims a range for MS-SSIM of images and for 3-D SSIM, not yet for MS-SSIM of volumes
/// (whose scales' means run over D·H·W elements); a single scale of 3-D MS-SSIM is not asked as a 3-D SSIM case; and
/// MS-SSIM + L1 has neither weights nor units.
extension SSIMProperty {
    /// The MS-SSIM property whose requests and check a 3-D MS-SSIM or MS-SSIM + L1 property's are; nil for the others.
    var multiScaleCounterpart: SSIMProperty? {
        switch self {
        case .msssim3DIdentity, .msssimL1Identity: .msssimIdentity
        case .msssim3DSymmetry, .msssimL1Symmetry: .msssimSymmetry
        case .msssim3DGradient, .msssimL1Gradient: .msssimGradient
        case .msssim3DBatchOrder: .msssimBatchOrder
        case .msssim3DChannelOrder: .msssimChannelOrder
        default: nil
        }
    }
}
