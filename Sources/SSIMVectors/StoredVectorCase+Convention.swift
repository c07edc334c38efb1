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

    /// This case as an implementation of `conventions` must answer it: under the convention of its metric, and not
    /// applicable when `conventions` have none of it.
    public func under(_ conventions: ConventionsByMetric) -> UnderConvention {
        switch request.metric {
        case .ssim:
            guard let convention = conventions.ssim else { return .notApplicable("`\(conventions.name)` has no SSIM convention") }
            return under(convention)
        case .msSSIM:
            guard let convention = conventions.msssim else { return .notApplicable("`\(conventions.name)` has no MS-SSIM convention") }
            return under(msssim: convention)
        case .msSSIML1:
            guard let convention = conventions.msssimL1 else {
                return .notApplicable("`\(conventions.name)` has no MS-SSIM + L1 convention")
            }
            return under(msssimL1: convention)
        }
    }

    /// This SSIM case as an implementation of `convention` must answer it, from its stored inputs: the expected outputs
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
        do throws(SSIMError) {
            return expecting(
                try ReferenceExpectation(
                    validated, outputs: outputs, precisions: [convention.judgingPrecision(for: request.precision)],
                    convention: convention),
                outputs: outputs, convention: convention)
        } catch .imageTooSmall(let height, let width, _, _) {
            let taps = convention.tapCount(validated.options)
            return .notApplicable("`\(convention.name)`'s window of \(taps) taps does not fit in the \(height)x\(width) image")
        } catch {
            return .notApplicable(Self.whyNot(error, convention))
        }
    }

    /// This MS-SSIM case as an implementation of `convention` must answer it, as ``under(_:)-(SSIMConvention)``
    /// does for SSIM. How small an image may be depends on the convention's pyramid: a case the stored vectors expect
    /// to be too small is computed if `convention` can, and stays `image_too_small` if it cannot.
    func under(msssim convention: MSSSIMConvention) -> UnderConvention {
        let tooSmall: Bool
        switch expectation {
        case .valid: tooSmall = false
        case .invalid(let category) where category == SSIMError.Category.imageTooSmall.rawValue: tooSmall = true
        case .invalid, .acceptable: return .applicable(self)
        }
        guard let validated = try? ValidatedCase(request) else { return .applicable(self) }
        do throws(SSIMError) {
            return expecting(
                try ReferenceExpectation(
                    validated, outputs: request.outputs, precisions: [convention.judgingPrecision(for: request.precision)],
                    msssim: convention),
                outputs: request.outputs, convention: convention)
        } catch .imageTooSmallForScales where tooSmall {
            return .applicable(self)
        } catch .imageTooSmallForScales {
            return .applicable(StoredVectorCase(
                request: request, family: family, tags: tags,
                expectation: .invalid(category: SSIMError.Category.imageTooSmall.rawValue), source: source))
        } catch {
            return .notApplicable(Self.whyNot(error, convention))
        }
    }

    /// This MS-SSIM + L1 case as an implementation of `convention` must answer it, from its stored inputs. A case
    /// expecting an error is kept as it is: the protocol's checks of the inputs do not depend on the convention.
    func under(msssimL1 convention: MSSSIML1Convention) -> UnderConvention {
        guard case .valid = expectation, let validated = try? ValidatedCase(request) else { return .applicable(self) }
        let expected: ReferenceExpectation
        do throws(SSIMError) {
            let precision = convention.judgingPrecision(for: request.precision)
            expected = try ReferenceExpectation(validated, outputs: request.outputs, precisions: [precision], msssimL1: convention)
        } catch {
            return .notApplicable(Self.whyNot(error, convention))
        }
        return expecting(expected, outputs: request.outputs, convention: convention)
    }

    /// This case asking `outputs`, expecting `expectation`, the answers of `convention`.
    private func expecting(
        _ expectation: ReferenceExpectation, outputs: [AdapterOutput], convention: some MetricConvention
    ) -> UnderConvention {
        .applicable(StoredVectorCase(
            request: request.asking(outputs), family: family, tags: tags,
            expectation: .valid(ExpectedOutputs(
                values: expectation.outputs, bounds: expectation.bounds, convention: convention,
                precision: request.precision, notComputable: expectation.notComputable)),
            source: source))
    }

    /// Why the reference cannot compute the case under `convention`.
    private static func whyNot(_ error: SSIMError, _ convention: some MetricConvention) -> String {
        if case .outsideConvention(_, let reason) = error { return "`\(convention.name)` cannot express it: \(reason)" }
        return "the reference cannot compute it under `\(convention.name)`: \(error)"
    }
}
