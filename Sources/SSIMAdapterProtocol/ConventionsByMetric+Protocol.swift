import SSIM

extension ConventionsByMetric {
    /// The error of a case of `metric` where these conventions have none of it: the case is outside them
    /// (`unsupported`, not a failure).
    public func missing(_ metric: CaseMetric) -> SSIMError {
        .outsideConvention(convention: name, reason: "`\(name)` has no \(metric.name) convention")
    }
}
