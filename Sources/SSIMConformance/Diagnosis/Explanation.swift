import SSIM

/// What an implementation computes, as a convention to start from and at most three ``ConventionDeviation``s from
/// it: the certified convention with departures ("no-eps+border-symmetric"), or another named convention, alone or
/// with departures ("scikit-image+eps-in-denominator"). Of SSIM (``SSIMExplanation``), MS-SSIM
/// (``MSSSIMExplanation``), 3-D SSIM (``SSIM3DExplanation``), 3-D MS-SSIM (``MSSSIM3DExplanation``) or MS-SSIM + L1
/// (``MSSSIML1Explanation``).
public struct Explanation<Deviation: ConventionDeviation>: Hashable, Sendable {
    /// The convention departed from.
    public let base: Deviation.Convention
    /// Whether ``base`` is the certified convention, rather than another named one.
    public let fromCertified: Bool
    /// The departures, in the order the search lists them (``KnownDeviation/all``), each making another choice.
    public let deviations: [Deviation]
    /// The convention an implementation of this explanation computes: ``base`` with every departure's choice made
    /// (mistakes are no convention's, and are left out).
    public let convention: Deviation.Convention

    /// The explanation, or nil when a departure makes a choice ``base`` already makes or two make the same choice:
    /// such an explanation is another, smaller one.
    init?(base: Deviation.Convention, fromCertified: Bool, deviations: [Deviation]) {
        var convention = base
        for (index, deviation) in deviations.enumerated() {
            guard !deviations[..<index].contains(where: { $0.choice == deviation.choice }),
                let changed = deviation.applied(to: convention)
            else { return nil }
            convention = changed
        }
        (self.base, self.fromCertified, self.deviations, self.convention) = (base, fromCertified, deviations, convention)
    }

    /// How many departures it takes to say: the deviations, and one more for another named convention.
    var size: Int { deviations.count + (fromCertified ? 0 : 1) }

    /// The machine-readable name: the deviations' ``KnownDeviation/name``s joined by "+", after the named
    /// convention's name when it starts from another one ("scikit-image+eps-in-denominator").
    public var name: String {
        ((fromCertified ? [] : [base.name]) + deviations.map(\.name)).joined(separator: "+")
    }

    /// In words, after "it": "leaves eps out of the denominator, and uses sample covariance (N/(N − 1))", or
    /// "computes scikit-image's convention, except that it adds eps to the denominator". Another metric's convention
    /// is said with its metric ("computes piq's ms-ssim convention"): a library's conventions of two metrics share its
    /// name, and one certification can find both.
    public var words: String {
        let metric = Deviation.Convention.metricName == SSIMConvention.metricName ? "" : "\(Deviation.Convention.metricName) "
        return fromCertified
            ? departures
            : "computes \(base.name)'s \(metric)convention" + (deviations.isEmpty ? "" : ", except that it \(departures)")
    }

    /// As the whole diagnosis: "matches kornia except: it leaves eps out of the denominator", "matches scikit-image
    /// except: it adds eps to the denominator", "matches scikit-image".
    func sentence(certified: Deviation.Convention) -> String {
        let name = fromCertified ? certified.name : base.name
        return "matches \(name)" + (deviations.isEmpty ? "" : " except: it \(departures)")
    }

    /// The name of the convention it computes: the certified convention's followed by the departures that are no
    /// mistake ("kornia+border-symmetric"), or ``name``.
    func conventionName(certified: Deviation.Convention) -> String {
        fromCertified ? ([certified.name] + deviations.filter { !$0.isMistake }.map(\.name)).joined(separator: "+") : name
    }

    private var departures: String { deviations.map(\.explanation).joined(separator: ", and ") }
}

extension Explanation where Deviation.Convention: ExplainableConvention {
    /// The convention it computes, named after its departures (``conventionName(certified:)``) and said to be what
    /// the diagnosis found; nil when it computes like `certified`.
    func explainedConvention(certified: Deviation.Convention) -> Deviation.Convention? {
        guard !convention.computesLike(certified) else { return nil }
        var explained = convention
        (explained.name, explained.summary, explained.provenance) = (
            conventionName(certified: certified), "what the diagnosis found the implementation computes: \(explained.description)", nil)
        return explained
    }
}

/// A convention a finding can be written as: SSIM's, MS-SSIM's, 3-D SSIM's, 3-D MS-SSIM's or MS-SSIM + L1's.
protocol ExplainableConvention: CustomStringConvertible {
    var name: String { get set }
    var summary: String { get set }
    var provenance: SSIMConvention.Provenance? { get set }
    func computesLike(_ other: Self) -> Bool
}

extension SSIMConvention: ExplainableConvention {}

extension MSSSIMConvention: ExplainableConvention {}

extension SSIM3DConvention: ExplainableConvention {}

extension MSSSIM3DConvention: ExplainableConvention {}

extension MSSSIML1Convention: ExplainableConvention {}

/// An explanation of SSIM answers.
public typealias SSIMExplanation = Explanation<KnownDeviation>
