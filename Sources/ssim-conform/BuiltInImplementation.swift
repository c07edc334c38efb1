import ArgumentParser
import SSIM
import SSIMConformance

/// The implementations built into the suite, as `--implementation` names them in `certify`, `eval` and `bench`.
enum BuiltInImplementation: String, CaseIterable, ExpressibleByArgument {
    /// ``SSIM/SSIMReference``: computes in float64 whatever the input's precision, and answers in float64.
    case reference
    /// ``SSIM/FastSSIM``, on all cores: computes in the images' precision and answers in it.
    case fast

    /// The names `--implementation` accepts, for the options' help: "reference, fast".
    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// This implementation as `certify` judges it, case by case.
    var implementation: any SSIMImplementation { implementation(computing: .vectors) }

    /// This implementation asked to compute `conventions` (a metric without one: its cases are unsupported): the
    /// reference computes any; the fast implementation computes Kornia's SSIM, the MS-SSIM conventions whose
    /// scales are Kornia's 'valid' SSIM, Kornia's 3-D SSIM, the 3-D MS-SSIM cases whose every scale its volume kernel
    /// computes and the MS-SSIM + L1 conventions with Kornia's zero border, and declares the cases of any other
    /// convention or metric unsupported.
    func implementation(computing conventions: ConventionsByMetric) -> any SSIMImplementation {
        switch self {
        case .reference:
            ReferenceImplementation(
                convention: conventions.ssim, msssimConvention: conventions.msssim, msssimL1Convention: conventions.msssimL1,
                ssim3DConvention: conventions.ssim3D, msssim3DConvention: conventions.msssim3D)
        case .fast:
            FastImplementation(
                convention: conventions.ssim ?? .kornia, msssimConvention: conventions.msssim,
                ssim3DConvention: conventions.ssim3D, msssim3DConvention: conventions.msssim3D,
                msssimL1Convention: conventions.msssimL1)
        }
    }
}
