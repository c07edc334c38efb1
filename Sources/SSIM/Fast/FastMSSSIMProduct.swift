/// MS-SSIM's arithmetic across scales in `S`, shared by the fast implementation's MS-SSIM of images
/// (``FastMSSSIM``) and of volumes (``FastMSSSIM3D``): from each scale's mean per unit, the treatment of negative
/// means, the powers, their product, the loss and its reduction, and back, the derivative of the reduced loss with
/// respect to each scale's mean of each unit. The reference's formulas (``MSSSIMPyramid``), in `S`.
struct FastMSSSIMProduct<S: FastSSIMScalar> {
    let convention: MSSSIMConvention
    /// Each scale's mean per unit, before the treatment of negative means: `means[j][u]`.
    let means: [[S]]
    /// Each scale's exponent.
    let exponents: [S]
    /// Each scale's treated mean per unit, and that raised to the scale's exponent.
    let bases: [[S]]
    let factors: [[S]]
    /// MS-SSIM per unit: the product of its factors.
    let msssim: [S]

    init(convention: MSSSIMConvention, means: [[S]]) {
        (self.convention, self.means) = (convention, means)
        // The exponents: each weight rounded to `S`, divided by their sum where the convention normalises them.
        let weights = convention.weights.map { S($0) }
        let total = weights.dropFirst().reduce(weights[0], +)
        let exponents = convention.normalisesWeights ? weights.map { $0 / total } : weights
        let bases = means.map { $0.map { Self.base($0, convention.negativeValues) } }
        let factors = bases.indices.map { j in bases[j].map { $0.power(exponents[j]) } }
        let units = means.first?.count ?? 0
        msssim = (0..<units).map { u in Self.product(factors.map { $0[u] }) }
        (self.exponents, self.bases, self.factors) = (exponents, bases, factors)
    }

    /// 1 − MS-SSIM per unit: the loss of the reduction 'none'.
    var loss: [S] { msssim.map { 1 - $0 } }

    /// The loss's mean or sum over the units; nil for 'none'.
    func reducedLoss(_ reduction: SSIMReduction) -> S? {
        guard reduction != .none else { return nil }
        let loss = self.loss, total = loss.dropFirst().reduce(loss[0], +)
        return reduction == .mean ? total / S(loss.count) : total
    }

    /// d(reduced loss)/d(mean of scale j, unit u), `[j][u]`: d/d(MS-SSIM of each unit) (−1/U for 'mean', −1
    /// otherwise), through the product (the other factors multiplied out, so that a zero factor gives no 0/0), the
    /// power and the treatment of negative means.
    func gradientsOfMeans(_ reduction: SSIMReduction) -> [[S]] {
        let units = msssim.count
        let gradMSSSIM = S(reduction == .mean ? -1 / Double(units) : -1)
        return means.indices.map { j in
            (0..<units).map { u in
                let others = Self.product(factors.indices.filter { $0 != j }.map { factors[$0][u] })
                let upstream = gradMSSSIM * others * Self.powerDerivative(bases[j][u], exponents[j])
                return Self.baseGradient(upstream: upstream, at: means[j][u], convention.negativeValues)
            }
        }
    }

    /// The base the mean `v` gives (``MSSSIMConvention/NegativeValues``): relu as torch's, NaN kept.
    private static func base(_ v: S, _ treatment: MSSSIMConvention.NegativeValues) -> S {
        switch treatment {
        case .none: v
        case .relu: v > 0 || v.isNaN ? v : 0
        case .halfShifted: (v + 1) / 2
        }
    }

    /// `upstream`, a derivative with respect to the base, passed back to the mean `v`: 0 where relu clamps (v ≤ 0,
    /// by selection), halved for (v + 1)/2.
    private static func baseGradient(upstream: S, at v: S, _ treatment: MSSSIMConvention.NegativeValues) -> S {
        switch treatment {
        case .none: upstream
        case .relu: v <= 0 ? 0 : upstream
        case .halfShifted: upstream / 2
        }
    }

    /// d(bʷ)/db = w·b^(w−1), as torch's `pow` backward: 0 for an exponent of 0 whatever b.
    private static func powerDerivative(_ b: S, _ w: S) -> S { w == 0 ? 0 : w * b.power(w - 1) }

    /// The product of `factors` from the first to the last; exactly 1 for none.
    private static func product(_ factors: [S]) -> S { factors.dropFirst().reduce(factors.first ?? 1, *) }
}
