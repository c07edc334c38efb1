import Synchronization

/// How the fast MS-SSIM, of images (``FastMSSSIM``) and of volumes (``FastMSSSIM3D``), gets its loss's gradients
/// with one pass of its kernels over every scale, forward and backward at once.
///
/// In that pass each element of a unit's map at scale j takes d(unit's mean)/d(element), 1/count, as its upstream
/// derivative: the kernels give each scale's row sums (the forward sweep's bits, hence its means) and the gradients of
/// each scale's mean with respect to that scale's images. The means give d(reduced loss)/d(each scale's mean of each
/// unit) (``FastMSSSIMProduct``); each scale's gradients multiplied by it are that scale's share of the loss's, and
/// from the coarsest scale to the finest each share is carried to the finer scale through the downsampling's adjoint
/// and added to that scale's share.
///
/// The reference instead multiplies every element's upstream derivative by d(reduced loss)/d(mean) before the blur's
/// adjoint: the same roundings in another order, which the error analysis allows (each gradient element is a sum of
/// terms, each rounded once more by the product either way). Where the order could change a non-finite result (a
/// derivative of a mean that is 0 or not finite, or a product that is not finite), the kernels run again with the
/// reference's upstream derivatives, so that NaN and ±∞ fall where the reference's do.
struct FastMSSSIMGradients<S: FastSSIMScalar> {
    let convention: MSSSIMConvention
    /// The unit of each plane (of images) or channel volume.
    let units: [Int]
    /// The elements of one unit's map at each scale.
    let counts: [S]

    /// MS-SSIM's arithmetic across scales for the means the one pass gives, its gradients left by the closures in the
    /// caller's buffers (those of the finest scale, the loss's gradients).
    ///
    /// - Parameters:
    ///   - runScales: runs every scale's kernels with gradients, each element of plane p's map at scale j taking
    ///     `upstream(j, p)` as its upstream derivative, writing every element of every scale's gradients; with
    ///     `summing`, into the row sums that `means` reads.
    ///   - means: each scale's mean per unit, `[j][u]`, from the row sums of the pass that summed.
    ///   - carryBack: from the coarsest scale to the finest, multiplies each scale j's gradients of plane p by
    ///     `factors[j][p]` in place (if given), then adds to them those of scale j + 1, carried back through the
    ///     downsampling's adjoint; whether every product is finite.
    func product(
        reduction: SSIMReduction,
        runScales: (_ upstream: (_ j: Int, _ plane: Int) -> S, _ summing: Bool) -> Void,
        means: () -> [[S]],
        carryBack: (_ factors: [[S]]?) -> Bool
    ) -> FastMSSSIMProduct<S> {
        let units = units
        // Each scale's factors per unit, per plane.
        func planeFactors(_ factors: [[S]]) -> [[S]] { factors.map { scale in units.map { scale[$0] } } }
        runScales({ j, _ in 1 / counts[j] }, true)
        let product = FastMSSSIMProduct(convention: convention, means: means())
        let gradMeans = product.gradientsOfMeans(reduction)
        let scalable = gradMeans.allSatisfy { $0.allSatisfy { $0.isFinite && $0 != 0 } }
        if !scalable || !carryBack(planeFactors(gradMeans)) {
            runScales({ j, plane in gradMeans[j][units[plane]] / counts[j] }, false)
            _ = carryBack(nil)
        }
        return product
    }

    /// Multiplies both gradients at one scale, `gradients`, laid out as planes of `shape`, plane by plane by
    /// `factors[plane]`, in place, on `fast`'s workers in bands of rows; whether every product is finite.
    static func scale(
        _ gradients: (UnsafeMutablePointer<S>, UnsafeMutablePointer<S>), of shape: Shape, by factors: [S], fast: FastSSIM
    ) -> Bool {
        let pair = FastGradientPair(grad1: gradients.0, grad2: gradients.1), instructions = fast.instructions
        let finite = Atomic(true)
        fast.forEachRowBand(of: shape, pixels: shape.count) { plane, rows in
            let first = plane * shape.planeSize + rows.lowerBound * shape.width, count = rows.count * shape.width
            // Both, whatever the first gives: the second's products are needed if the one pass is kept.
            let finite1 = S.scaleRow(instructions, pair.grad1 + first, count: count, by: factors[plane])
            let finite2 = S.scaleRow(instructions, pair.grad2 + first, count: count, by: factors[plane])
            if !(finite1 && finite2) { finite.store(false, ordering: .relaxed) }
        }
        return finite.load(ordering: .relaxed)
    }
}

/// The gradients with respect to both inputs at one scale, which the workers of
/// ``FastMSSSIMGradients/scale(_:of:by:fast:)`` scale.
///
/// `@unchecked Sendable`: each worker writes the rows its bands own alone.
private struct FastGradientPair<S>: @unchecked Sendable {
    let grad1: UnsafeMutablePointer<S>
    let grad2: UnsafeMutablePointer<S>
}
