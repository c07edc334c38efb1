import SSIM
import SSIMAdapterProtocol
@testable import SSIMConformance
import SSIMVectors
import Testing
import TestSupport

/// Warnings on answers no correct computation of the convention gives (issue 26, point 4): found by the judge on
/// any verdict, `not_computable` included, and refused only by `--require full-without-warnings`.
@Suite struct ImpossibleAnswerTests {
    /// The reference, but with every element of its SSIM map `value` (1.3: torchmetrics' issue 1290 under autocast
    /// answered 1.32), on every case, or only on the half-precision ones.
    struct SSIMMapSetTo: SSIMImplementation {
        var value = 1.3
        var onlyHalfPrecision = false
        let name = "ssim map set", version = "test"
        /// Images and volumes: a volume's SSIM map holds the same promises.
        let metrics: Set<String> = [CaseMetric.ssimName, CaseMetric.ssim3DName]

        func evaluate(_ adapterCase: AdapterCase) -> AdapterAnswer {
            let answer = ReferenceImplementation().evaluate(adapterCase)
            guard case .outputs(var outputs) = answer, let map = outputs[.ssimMap],
                adapterCase.holdsHalfPrecision || !onlyHalfPrecision
            else { return answer }
            outputs[.ssimMap] = ProtocolArray(shape: map.shape, precision: map.precision, values: map.values.map { _ in value })
            return .outputs(outputs)
        }
    }

    /// Answers each case with its expected outputs, `edit`ed.
    struct EditedExpected: SSIMImplementation {
        let cases: [String: StoredVectorCase]
        let edit: @Sendable (AdapterOutput, [Double]) -> [Double]
        let name = "edited expected answers", version = "test"
        let metrics = Set(CaseMetric.names)

        init(_ cases: [StoredVectorCase], edit: @escaping @Sendable (AdapterOutput, [Double]) -> [Double]) {
            self.cases = Dictionary(uniqueKeysWithValues: cases.map { ($0.request.id, $0) })
            self.edit = edit
        }

        func evaluate(_ adapterCase: AdapterCase) -> AdapterAnswer {
            let answer = cases[adapterCase.id]!.expectation.passingAnswer
            guard case .outputs(let outputs) = answer else { return answer }
            return .outputs(Dictionary(uniqueKeysWithValues: outputs.map { output, array in
                (output, ProtocolArray(shape: array.shape, precision: array.precision, values: edit(output, array.values)))
            }))
        }
    }

    /// The half-precision cases the vectors mark not computable that ask for the SSIM map.
    static let notComputableMaps = ConformanceRunnerTests.loaded.cases.filter {
        $0.request.holdsHalfPrecision && $0.expectation.outputs?.notComputable != nil && $0.request.outputs.contains(.ssimMap)
    }

    @Test func anSSIMOf1_3OnANotComputableHalfPrecisionCaseIsAWarningNotASilentPass() throws {
        let cases = Self.notComputableMaps
        try #require(cases.count >= 2)
        for requireNoWarnings in [false, true] {
            let report = ConformanceRunner.certify(
                SSIMMapSetTo(), cases: cases, vectors: [], requireFull: true, requireNoWarnings: requireNoWarnings)
            #expect(report.cases.allSatisfy { $0.verdict == .notComputable }, "still not computable, not a failure")
            #expect(report.summary.level == .full)
            #expect(report.summary.warnings == cases.count)
            #expect(report.isConformant == !requireNoWarnings, "only the stricter requirement refuses warnings")
            for (result, stored) in zip(report.cases, cases) {
                let warning = try #require(result.warnings.first, "\(result.id)")
                #expect(result.warnings.count == 1, "\(result.id): \(result.warnings)")
                let mapCount = try #require(stored.expectation.outputs?.values[.ssimMap]?.values.count)
                #expect(warning.output == "ssim_map" && warning.kind == .outOfRange)
                #expect(warning.value == 1.3 && warning.index == 0 && warning.elements == mapCount)
                // The value, the edge no rounding passes, and why the SSIM cannot exceed 1 (these cases' images
                // are identical, or not).
                let precision = stored.request.precision.rawValue
                let why = stored.request.img1 == stored.request.img2
                    ? ["lies in [0, 1] (for identical images it is A/(A + eps)"] : ["lies in [-1, 1]", "Cauchy–Schwarz"]
                for words in ["is 1.3", "above 1.0", "a correct \(precision) computation"] + why {
                    #expect(warning.reason.contains(words), "\(result.id): \(warning.reason) lacks \(words)")
                }
            }
        }
        // The same cases answered by the reference itself carry none.
        let reference = ConformanceRunner.certify(ReferenceImplementation(), cases: cases, vectors: [], requireFull: true, requireNoWarnings: true)
        #expect(reference.summary.warnings == 0 && reference.isConformant)
    }

    /// The expected answers of every case of the vectors, half precisions and non-finite inputs included, are
    /// possible: no warning is false.
    @Test func theExpectedAnswersOfEveryCaseCarryNone() {
        let cases = ConformanceRunnerTests.loaded.cases
        let report = ConformanceRunner.certify(EditedExpected(cases) { $1 }, cases: cases, vectors: [], requireFull: true)
        #expect(report.summary.warnings == 0, "\(report.cases.filter { !$0.warnings.isEmpty }.prefix(3).map { "\($0.id): \($0.warnings)" })")
        #expect(report.summary.level == .full)
    }

    /// A loss beyond its range, and NaN where every input is finite, are warned of on a failing case too; NaN where
    /// an input pixel is NaN is not (the non-finite family judges those exactly).
    @Test func aLossBeyondItsRangeAndANaNFromFiniteInputsAreWarningsOnFailingCasesToo() throws {
        let float64 = ConformanceRunnerTests.loaded.cases.filter {
            $0.family == "core" && $0.request.precision == .float64 && $0.request.outputs.contains(.loss)
                && $0.request.outputs.contains(.ssimMap) && $0.request.reduction == "mean"
        }.prefix(3)
        try #require(float64.count == 3)
        let lossAbove = ConformanceRunner.certify(
            EditedExpected(Array(float64)) { output, values in output == .loss ? values.map { _ in 1.5 } : values },
            cases: Array(float64), vectors: [], requireFull: false)
        for result in lossAbove.cases {
            #expect(result.verdict == .fail)
            #expect(result.warnings.map(\.output) == ["loss"] && result.warnings.first?.value == 1.5, "\(result.id)")
            #expect(result.warnings.first?.reason.contains("mean loss of `kornia` (halved-then-clamped) lies in [0, 1]") == true)
        }
        let nan = ConformanceRunner.certify(
            EditedExpected(Array(float64)) { output, values in output == .ssimMap ? [.nan] + values.dropFirst() : values },
            cases: Array(float64), vectors: [], requireFull: false)
        for result in nan.cases {
            #expect(result.verdict == .fail)
            let warning = try #require(result.warnings.first)
            #expect(result.warnings.count == 1 && warning.kind == .nan && warning.index == 0 && warning.elements == 1)
            #expect(warning.reason.contains("every input pixel is finite"))
        }
        let nonFinite = ConformanceRunnerTests.loaded.cases.filter {
            $0.family == "non-finite" && $0.request.outputs.contains(.ssimMap)
                && !($0.request.img1.values + $0.request.img2.values).allSatisfy(\.isFinite)
        }
        try #require(!nonFinite.isEmpty)
        let scrubbed = ConformanceRunner.certify(
            EditedExpected(nonFinite) { output, values in values.map { $0.isNaN ? 2 : $0 } }, cases: nonFinite, vectors: [],
            requireFull: false)
        #expect(scrubbed.summary.warnings == 0, "no promise where an input is not finite")
    }

    /// For identical images the SSIM is A/(A + eps) ≥ 0: a negative one is impossible, but nothing nearer 1 is
    /// claimed, and between −1 and 0 differing images may well score.
    @Test func identicalImagesCannotScoreBelowZero() throws {
        let identical = ConformanceRunnerTests.loaded.cases.filter {
            $0.request.img1 == $0.request.img2 && $0.request.img1.values.allSatisfy(\.isFinite)
                && $0.request.outputs.contains(.ssimMap) && $0.expectation.outputs != nil
        }
        let differing = ConformanceRunnerTests.loaded.cases.filter {
            $0.family == "core" && $0.request.img1 != $0.request.img2 && $0.request.outputs.contains(.ssimMap)
                && $0.expectation.outputs != nil
        }.prefix(3)
        try #require(!identical.isEmpty && !differing.isEmpty)
        #expect(identical.contains { $0.request.metric == .ssim3D }, "volumes hold the promise too")
        for (value, warned) in [(-0.5, true), (0.5, false)] {
            let report = ConformanceRunner.certify(
                SSIMMapSetTo(value: value), cases: identical, vectors: [], requireFull: false)
            #expect(report.cases.allSatisfy { $0.warnings.isEmpty != warned }, "\(value)")
            if warned {
                #expect(report.cases.allSatisfy { $0.warnings.first?.reason.contains("lies in [0, 1] (for identical images") == true })
            }
        }
        let report = ConformanceRunner.certify(SSIMMapSetTo(value: -0.5), cases: Array(differing), vectors: [], requireFull: false)
        #expect(report.cases.allSatisfy { $0.warnings.isEmpty })
    }
}
