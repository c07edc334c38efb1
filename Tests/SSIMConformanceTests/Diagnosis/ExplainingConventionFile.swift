import Foundation
import SSIM
import SSIMConformance
import Testing
import TestSupport

/// Writes `report` (one finding that departs from the certified convention) to a temporary folder, checks that one
/// explaining convention is written beside it, and reads that file back as `--convention FILE` reads it.
func writtenExplainingConvention(_ report: ConformanceReport) throws -> ConventionsByMetric {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try ReportWriter.write([report], to: folder.path)
    #expect(ReportWriter.conventionFiles([report]).map(\.name) == ["explaining-convention-1.json"])
    return try ConventionsByMetric.read(folder.appendingPathComponent("explaining-convention-1.json").path)
}
