import SSIM

/// Why an implementation's answers disagree with the certified convention, in the implementation's own terms.
public struct Diagnosis: Codable, Sendable, Equatable {
    /// One explanation and the failing cases it covers.
    public struct Finding: Codable, Sendable, Equatable {
        /// The ``Explanation/name`` that reproduces these cases' answers: departures joined by "+"
        /// ("window-fixed-11+no-eps"), after another named convention's name when it starts from one
        /// ("scikit-image+eps-in-denominator"); several that fit these cases equally well joined by " | "
        /// ("border-replicate | border-symmetric"); nil for a difference no explanation reproduces, described by
        /// where it lies.
        @NullEncoded public private(set) var deviation: String?
        public let explanation: String
        public let cases: [String]
        /// The convention the (first) explanation computes, when it is not the certified one: what
        /// `--convention FILE` takes to certify the implementation as what it computes (mistakes, which no convention
        /// says, left out). Written beside the report (``ReportWriter``).
        @NullEncoded public private(set) var convention: SSIMConvention?
        /// The same for a finding of MS-SSIM cases: the MS-SSIM convention its (first) explanation computes, when it
        /// is not the certified one.
        @NullEncoded public private(set) var msssimConvention: MSSSIMConvention?
        /// The same for a finding of 3-D SSIM cases: the 3-D convention its (first) explanation computes, when it is
        /// not the certified one.
        @NullEncoded public private(set) var ssim3DConvention: SSIM3DConvention?
        /// The same for a finding of 3-D MS-SSIM cases: the 3-D MS-SSIM convention its (first) explanation computes,
        /// when it is not the certified one.
        @NullEncoded public private(set) var msssim3DConvention: MSSSIM3DConvention?
        /// The same for a finding of MS-SSIM + L1 cases: the MS-SSIM + L1 convention its (first) explanation computes,
        /// when it is not the certified one.
        @NullEncoded public private(set) var msssimL1Convention: MSSSIML1Convention?

        public init(
            deviation: String?, explanation: String, cases: [String], convention: SSIMConvention? = nil,
            msssimConvention: MSSSIMConvention? = nil, ssim3DConvention: SSIM3DConvention? = nil,
            msssim3DConvention: MSSSIM3DConvention? = nil, msssimL1Convention: MSSSIML1Convention? = nil
        ) {
            (self.deviation, self.explanation, self.cases) = (deviation, explanation, cases)
            (self.convention, self.msssimConvention, self.ssim3DConvention) = (convention, msssimConvention, ssim3DConvention)
            (self.msssim3DConvention, self.msssimL1Convention) = (msssim3DConvention, msssimL1Convention)
        }

        /// The convention written beside the report for this finding, of whichever metric.
        public var explainingConvention: (any MetricConvention)? {
            convention ?? msssimConvention ?? ssim3DConvention ?? msssim3DConvention ?? msssimL1Convention
        }

        /// The finding of `explanations`, which fit `cases` equally well, departing from `certified`.
        init(_ explanations: [SSIMExplanation], certified: SSIMConvention, cases: [String]) {
            self.init(explanations, cases: cases)
            convention = explanations[0].explainedConvention(certified: certified)
        }

        /// The finding of MS-SSIM `explanations`, which fit `cases` equally well, departing from `certified`.
        init(_ explanations: [MSSSIMExplanation], certified: MSSSIMConvention, cases: [String]) {
            self.init(explanations, cases: cases)
            msssimConvention = explanations[0].explainedConvention(certified: certified)
        }

        /// The finding of 3-D `explanations`, which fit `cases` equally well, departing from `certified`.
        init(_ explanations: [SSIM3DExplanation], certified: SSIM3DConvention, cases: [String]) {
            self.init(explanations, cases: cases)
            ssim3DConvention = explanations[0].explainedConvention(certified: certified)
        }

        /// The finding of 3-D MS-SSIM `explanations`, which fit `cases` equally well, departing from `certified`.
        init(_ explanations: [MSSSIM3DExplanation], certified: MSSSIM3DConvention, cases: [String]) {
            self.init(explanations, cases: cases)
            msssim3DConvention = explanations[0].explainedConvention(certified: certified)
        }

        /// The finding of MS-SSIM + L1 `explanations`, which fit `cases` equally well, departing from `certified`.
        init(_ explanations: [MSSSIML1Explanation], certified: MSSSIML1Convention, cases: [String]) {
            self.init(explanations, cases: cases)
            msssimL1Convention = explanations[0].explainedConvention(certified: certified)
        }

        private init<Deviation>(_ explanations: [Explanation<Deviation>], cases: [String]) {
            self.init(
                deviation: explanations.map(\.name).joined(separator: " | "),
                explanation: explanations.map(\.words).joined(separator: "; or equally "), cases: cases)
        }
    }

    /// In a sentence: "matches kornia except: it pads the borders with zeros", or where the differences lie.
    public let summary: String
    /// The explanations, those covering the most cases first.
    public let findings: [Finding]
}
