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
        case .ssim3D:
            guard let convention = conventions.ssim3D else { return .notApplicable("`\(conventions.name)` has no 3-D SSIM convention") }
            return under(ssim3D: convention)
        case .msSSIM3D:
            guard let convention = conventions.msssim3D else {
                return .notApplicable("`\(conventions.name)` has no 3-D MS-SSIM convention")
            }
            return under(msssim3D: convention)
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
        let outputs: [AdapterOutput]
        switch asked(of: convention.outputs, reduction: validated.reduction, by: "`\(convention.name)`", each: "image") {
        case .success(let asked): outputs = asked
        case .failure(let why): return .notApplicable(why.reason)
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
            return expectingImageTooSmall
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

    /// This 3-D SSIM case as an implementation of `convention` must answer it, from its stored inputs. How small a
    /// volume may be depends on the convention's axes (one that leaves a short axis unblurred computes it): a case the
    /// stored vectors expect to be too small (or accept Kornia's answer to) is computed if `convention` can, and one
    /// it cannot compute for its size expects `image_too_small` (or, as stored, accepts Kornia's answer too). A
    /// means-only convention is asked no map, and the loss map of 'none' is not applicable to it.
    func under(ssim3D convention: SSIM3DConvention) -> UnderConvention {
        volumeCase(convention, outputs: convention.plane.outputs) { validated, outputs, precisions throws(SSIMError) in
            try ReferenceExpectation(validated, outputs: outputs, precisions: precisions, ssim3D: convention)
        }
    }

    /// This 3-D MS-SSIM case as an implementation of `convention` must answer it, from its stored inputs, as
    /// ``under(ssim3D:)`` does for 3-D SSIM: how small a volume may be depends on the convention's scales and axes.
    func under(msssim3D convention: MSSSIM3DConvention) -> UnderConvention {
        volumeCase(convention, outputs: .map) { validated, outputs, precisions throws(SSIMError) in
            try ReferenceExpectation(validated, outputs: outputs, precisions: precisions, msssim3D: convention)
        }
    }

    /// A case of volumes under `convention`, whose per-scale or per-volume SSIM answers `conventionOutputs`: kept as it
    /// is where it expects an error other than image_too_small or its inputs are invalid; else computed by `expected`,
    /// or, where the convention finds a volume too small, expecting image_too_small (or, for a case accepting Kornia's
    /// answer, kept as it is); not applicable where the convention cannot express it.
    private func volumeCase(
        _ convention: some MetricConvention, outputs conventionOutputs: SSIMConvention.Outputs,
        _ expected: (ValidatedCase, [AdapterOutput], [Precision]) throws(SSIMError) -> ReferenceExpectation
    ) -> UnderConvention {
        let tooSmall = SSIMError.Category.imageTooSmall.rawValue
        let acceptable: Bool
        switch expectation {
        case .valid: acceptable = false
        case .invalid(let category) where category == tooSmall: acceptable = false
        case .acceptable(let category, _, _) where category == tooSmall: acceptable = true
        case .invalid, .acceptable: return .applicable(self)
        }
        guard let validated = try? ValidatedCase(request) else { return .applicable(self) }
        let outputs: [AdapterOutput]
        switch asked(of: conventionOutputs, reduction: validated.reduction, by: "`\(convention.name)`", each: "volume") {
        case .success(let asked): outputs = asked
        case .failure(let why): return .notApplicable(why.reason)
        }
        do throws(SSIMError) {
            let precision = convention.judgingPrecision(for: request.precision)
            return expecting(try expected(validated, outputs, [precision]), outputs: outputs, convention: convention)
        } catch .volumeTooSmall {
            // Too small for `convention` too: as stored, Kornia's own answer still acceptable where it computes.
            return acceptable ? .applicable(self) : expectingImageTooSmall
        } catch {
            return .notApplicable(Self.whyNot(error, convention))
        }
    }

    /// This case expecting `image_too_small`: too small for a convention that the stored vectors' computes.
    private var expectingImageTooSmall: UnderConvention {
        .applicable(StoredVectorCase(
            request: request, family: family, tags: tags,
            expectation: .invalid(category: SSIMError.Category.imageTooSmall.rawValue), source: source))
    }

    /// Why a case is not applicable to a convention.
    struct NotApplicable: Error {
        let reason: String
    }

    /// The outputs of this case an implementation giving `outputs` is asked (`describing` it, each `unit` an image
    /// or a volume): all of them, but no SSIM map from one giving each unit's mean SSIM only, which cannot answer the
    /// loss map of 'none' nor a case asking the map alone.
    private func asked(
        of outputs: SSIMConvention.Outputs, reduction: SSIMReduction, by describing: String, each unit: String
    ) -> Result<[AdapterOutput], NotApplicable> {
        guard outputs == .imageMeans else { return .success(request.outputs) }
        let why = "\(describing) gives only each \(unit)'s mean SSIM"
        guard reduction != .none else { return .failure(NotApplicable(reason: "\(why), not the loss map of reduction 'none'")) }
        let asked = request.outputs.filter { $0 != .ssimMap }
        return asked.isEmpty ? .failure(NotApplicable(reason: "\(why), not the SSIM map")) : .success(asked)
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
