import Foundation
import HDF5
import SSIM
import SSIMAdapterProtocol
import SSIMVectors
import Testing
import TestSupport

/// float16 and bfloat16 through the adapter protocol: stored so that any HDF5 reader reads them, sent only to an
/// adapter that declares them, and judged by their own bounds.
@Suite struct HalfPrecisionProtocolTests {
    static let core = packageRoot.appendingPathComponent("Vectors/core.h5").path

    /// A version-1 adapter (one naming no precisions) is sent no half-precision case: those are not supported, with
    /// why, and the others are judged as before.
    @Test func aVersion1AdapterIsSentNoHalfPrecisionCase() throws {
        let cases = try VectorFile.read(from: Self.core).cases
        let path = try MisbehavingAdapterTests.response(to: Self.core)
        let verdicts = try MisbehavingAdapterTests.certify("cp \(path) \"$2\" #", vectors: Self.core, status: 0)
        let half = cases.filter(\.request.holdsHalfPrecision)
        #expect(half.count >= 40)
        for stored in cases {
            let verdict = try #require(verdicts[stored.request.id])
            if stored.request.holdsHalfPrecision {
                #expect(verdict.verdict == "not_supported", "\(stored.request.id): \(verdict)")
                #expect(verdict.detail.contains("not sent") && verdict.detail.contains(stored.request.precision.rawValue))
            } else {
                #expect(verdict.verdict == "pass", "\(stored.request.id): \(verdict)")
            }
        }
    }

    /// An adapter declaring the half precisions is sent them and judged by their bounds: the expected answers pass,
    /// or are reported not computable where the vectors say so.
    @Test func anAdapterDeclaringThemIsJudgedOnThem() throws {
        let cases = try VectorFile.read(from: Self.core).cases
        let path = try MisbehavingAdapterTests.response(to: Self.core, precisions: Set(Precision.allCases))
        let verdicts = try MisbehavingAdapterTests.certify("cp \(path) \"$2\" #", vectors: Self.core, status: 0)
        let notComputable = cases.filter { $0.expectation.outputs?.notComputable != nil }
        #expect(!notComputable.isEmpty)
        for stored in cases {
            let verdict = try #require(verdicts[stored.request.id])
            #expect(verdict.verdict == (stored.expectation.outputs?.notComputable == nil ? "pass" : "not_computable"), "\(stored.request.id): \(verdict)")
        }
    }

    /// At the precision's own resolution the bounds hold both ways: of the values a half-precision answer can take,
    /// the last within an output's bound passes, and one a few spacings past it fails.
    @Test func halfPrecisionBoundsHoldAtTheirResolution() throws {
        var checked = 0
        for stored in try VectorFile.read(from: Self.core).cases where stored.request.holdsHalfPrecision && stored.expectation.outputs?.notComputable == nil {
            guard let expected = stored.expectation.outputs?.values else { continue }
            let precision = stored.request.precision
            for (output, array) in expected {
                let wanted = array.values[0], bound = stored.expectation.outputs!.bounds[precision]![output]!.values[0]
                guard bound.isFinite, wanted.isFinite else { continue }
                let edge = wanted + bound
                var inside = precision.rounded(edge)
                if inside > edge { inside -= Self.spacing(below: inside, in: precision) }
                var outside = precision.rounded(edge)
                if outside <= edge { outside += Self.spacing(below: outside, in: precision).magnitude * 2 }
                outside += 3 * Self.spacing(below: outside, in: precision)
                #expect(SSIMErrorBounds.accepts(inside, expected: wanted, bound: bound), "\(stored.request.id) \(output)")
                #expect(!SSIMErrorBounds.accepts(outside, expected: wanted, bound: bound), "\(stored.request.id) \(output)")
                checked += 1
            }
        }
        #expect(checked >= 100)
    }

    /// The distance from the value of `precision` just below `value` (a value of it) to `value`.
    static func spacing(below value: Double, in precision: Precision) -> Double {
        // 2^(e − p + 1) = 2u·2^e, the exponent no lower than the normal range's.
        let exponent = max(value.magnitude.nextDown.exponent, precision.smallestNormal.exponent)
        return 2 * precision.unitRoundoff * Double(sign: .plus, exponent: exponent, significand: 1)
    }

    /// float16 arrays are HDF5 IEEE half (two bytes, read back exactly); bfloat16 arrays are float32 marked as such,
    /// and a value bfloat16 does not represent is refused, naming the element.
    @Test func halfPrecisionArraysRoundTrip() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("arrays.h5").path
        let values = [0, 1, -2.5, 65504, 0x1p-24, .infinity, 1 / 3.0]
        let file = try HDF5File.create(path)
        for precision in [Precision.float16, .bfloat16] {
            try ProtocolArray(shape: [values.count], precision: precision, values: values.map(precision.rounded))
                .write(precision.rawValue, in: file.root)
        }
        _ = try file.root.createDataset("unmarked", shape: [1], values: [Float(1.5)])
        let marked = try file.root.createDataset("not-bfloat16", shape: [1], values: [Float(1 + 0x1p-12)])
        try marked.setAttribute(ProtocolArray.precisionAttribute, .string("bfloat16"))
        let reopened = try HDF5File.open(path).root
        let half = try ProtocolArray.read("float16", in: reopened)
        #expect(try reopened.dataset("float16").elementType == .float(bytes: 2))
        #expect(half.precision == .float16)
        #expect(half.values == values.map(Precision.float16.rounded))
        #expect(half.values[3] == 65504 && half.values[4] == 0x1p-24 && half.values[6] == 0.333251953125)
        let brain = try ProtocolArray.read("bfloat16", in: reopened)
        #expect(brain.precision == .bfloat16)
        #expect(try reopened.dataset("bfloat16").elementType == .float32)
        #expect(brain.values == values.map(Precision.bfloat16.rounded))
        #expect(try ProtocolArray.read("unmarked", in: reopened).precision == .float32)
        #expect(throws: AdapterFileError.self) { try ProtocolArray.read("not-bfloat16", in: reopened) }
        do {
            _ = try ProtocolArray.read("not-bfloat16", in: reopened)
        } catch let error as AdapterFileError {
            #expect(error.detail.contains("element 0") && error.detail.contains("bfloat16"), "\(error)")
        }
    }

    /// A response naming a precision the protocol does not have is refused, naming it.
    @Test func anUnknownDeclaredPrecisionIsRefused() throws {
        let folder = try temporaryFolder()
        let written = folder.appendingPathComponent("written.h5").path
        try AdapterResponse(implementation: "x", implementationVersion: "1", precisions: [.float16], answers: [:]).write(to: written)
        #expect(try AdapterResponse.read(from: written).precisions == [.float16])
        let path = folder.appendingPathComponent("response.h5").path
        do {
            let file = try HDF5File.create(path)
            for (name, value) in [
                ("protocol", AdapterProtocol.version), ("implementation", "x"), ("implementation_version", "1"),
                (AdapterProtocol.precisionsAttribute, "float16,float8"),
            ] {
                try file.root.setAttribute(name, .string(value))
            }
            _ = try file.root.createGroup("cases")
        }
        #expect {
            try AdapterResponse.read(from: path)
        } throws: { error in
            "\(error)".contains("float8")
        }
    }
}
