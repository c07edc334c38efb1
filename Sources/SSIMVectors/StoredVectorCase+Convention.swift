import SSIM
import SSIMAdapterProtocol

extension StoredVectorCase {
    /// What a stored case becomes under a convention.
    public enum UnderConvention: Sendable {
        /// The case, its expected answers and bounds computed by the reference under the convention.
        case applicable(StoredVectorCase)
        /// The convention cannot express the case, for this reason: not a failure of anyone's.
        case notApplicable(String)
    }

    /// This case as an implementation of `convention` must answer it, from its stored inputs: the expected outputs
    /// and the bounds of the precision it computes in, by the reference under `convention`.
    ///
    /// A case expecting an error is kept as it is: the protocol's checks of the inputs do not depend on the
    /// convention (but an answer to an `acceptable` input is held to Kornia's only under a convention computing like
    /// Kornia's). A means-only convention (``SSIM/SSIMConvention/Outputs/imageMeans``) is asked no SSIM map, and a
    /// case of reduction 'none' (a loss map) or asking only the map is not applicable to it; nor is a case the
    /// reference cannot compute under the convention ('same' where only 'valid' exists, an image smaller than its
    /// taps).
    public func under(_ convention: SSIMConvention) -> UnderConvention {
        guard case .valid = expectation, let validated = try? ValidatedCase(request) else {
            // Kornia's answer to an acceptable input is not another convention's: there, any answer is accepted.
            guard case .acceptable(let category, let because, _) = expectation, !convention.computesLike(.kornia) else {
                return .applicable(self)
            }
            return .applicable(StoredVectorCase(
                request: request, family: family, tags: tags,
                expectation: .acceptable(category: category, because: because, korniaAnswer: nil), source: source))
        }
        var outputs = request.outputs
        if convention.outputs == .imageMeans {
            let why = "`\(convention.name)` gives only each image's mean SSIM"
            guard validated.reduction != .none else { return .notApplicable("\(why), not the loss map of reduction 'none'") }
            outputs.removeAll { $0 == .ssimMap }
            guard !outputs.isEmpty else { return .notApplicable("\(why), not the SSIM map") }
        }
        let expectation: ReferenceExpectation
        do throws(SSIMError) {
            expectation = try ReferenceExpectation(
                validated, outputs: outputs, precisions: [convention.judgingPrecision(for: request.precision)], convention: convention)
        } catch .outsideConvention(_, let reason) {
            return .notApplicable("`\(convention.name)` cannot express it: \(reason)")
        } catch .imageTooSmall(let height, let width, _, _) {
            let taps = convention.tapCount(validated.options)
            return .notApplicable("`\(convention.name)`'s window of \(taps) taps does not fit in the \(height)x\(width) image")
        } catch {
            return .notApplicable("the reference cannot compute it under `\(convention.name)`: \(error)")
        }
        let asked = AdapterCase(
            id: request.id, img1: request.img1, img2: request.img2, windowSize: request.windowSize, maxVal: request.maxVal,
            eps: request.eps, padding: request.padding, reduction: request.reduction, outputs: outputs)
        return .applicable(StoredVectorCase(
            request: asked, family: family, tags: tags,
            expectation: .valid(ExpectedOutputs(
                values: expectation.outputs, bounds: expectation.bounds, convention: convention, precision: request.precision,
                notComputable: expectation.notComputable)),
            source: source))
    }
}
