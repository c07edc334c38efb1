import SSIM
import TestSupport
import SSIMAdapterProtocol
import SSIMVectors
import Testing

/// The stored acceptance bounds of the SSIM cases, tested both ways: a correct implementation that sums in other
/// orders (``AlternativeSSIM``) passes every case at the bounds of its precision, and answers just past a bound, or off
/// by 1e-4 on well-conditioned cases, fail. (The MS-SSIM family's are tested by `MSSSIMFamilyTests` and
/// `MSSSIMErrorBoundsTests`.)
@Suite struct VectorBoundsTests {
    static let valid = VectorStoreTests.cases.filter {
        if case .valid = $0.expectation { $0.request.metric == .ssim } else { false }
    }

    /// The map and the loss `AlternativeSSIM` gives for a case, in the precision of its inputs, as `Double`: in
    /// `Float` for float32, and for float16 and bfloat16 with every result rounded to them; `defect` is added to
    /// every SSIM value (and its loss shifted accordingly).
    static func alternative(_ stored: StoredVectorCase, defect: Double = 0) -> [AdapterOutput: [Double]] {
        let request = stored.request
        func run<T: BinaryFloatingPoint>(_: T.Type, rounding: @escaping (T) -> T = { $0 }) -> [AdapterOutput: [Double]] {
            let implementation = AlternativeSSIM<T>(
                windowSize: Int(request.windowSize), maxVal: T(request.maxVal), eps: T(request.eps),
                valid: request.padding == "valid", rounding: rounding)
            let (map, loss) = implementation.maps(
                request.img1.values.map { T($0) }, request.img2.values.map { T($0) }, shape: request.img1.shape)
            let ssim = map.map { Double($0) + defect }
            let shift = request.reduction == "sum" ? defect / 2 * Double(loss.count) : defect / 2
            let reduced = implementation.reduced(loss, request.reduction).map { [Double($0) - shift] }
                ?? loss.map { Double($0) - defect / 2 }
            return [.ssimMap: ssim, .loss: reduced]
        }
        switch request.precision {
        case .float64: return run(Double.self)
        case .float32: return run(Float.self)
        case .float16: return run(Float.self, rounding: HalfRounding.float16)
        case .bfloat16: return run(Float.self, rounding: HalfRounding.bfloat16)
        }
    }

    static func outside(_ stored: StoredVectorCase, _ answers: [AdapterOutput: [Double]]) -> [String] {
        guard let expected = stored.expectation.outputs?.values else { return ["no expected outputs"] }
        let precision = stored.request.precision
        var outside: [String] = []
        for (output, values) in answers where expected[output] != nil {
            let wanted = expected[output]!.values, bounds = stored.expectation.outputs!.bounds[precision]![output]!.values
            for i in values.indices where !SSIMErrorBounds.accepts(values[i], expected: wanted[i], bound: bounds[i]) {
                outside.append("\(output.rawValue)[\(i)]: |\(values[i]) − \(wanted[i])| > \(bounds[i])")
            }
        }
        return outside
    }

    @Test func anotherSummationOrderPassesEveryCase() {
        #expect(Self.valid.count >= 400)
        for stored in Self.valid {
            let outside = Self.outside(stored, Self.alternative(stored))
            #expect(outside.isEmpty, "\(stored.request.id): \(outside.count) outside, first \(outside.first ?? "")")
        }
    }

    @Test func answersJustPastABoundFail() {
        for stored in Self.valid {
            guard let expected = stored.expectation.outputs?.values else { continue }
            for (output, array) in expected {
                for bounds in stored.expectation.outputs!.bounds.values {
                    let bound = bounds[output]!.values[0], wanted = array.values[0]
                    // A perturbation of a few ulps cannot be placed just inside or just outside: skip those.
                    guard bound.isFinite, bound > 1000 * wanted.ulp else { continue }
                    #expect(SSIMErrorBounds.accepts(wanted + 0.99 * bound, expected: wanted, bound: bound))
                    #expect(!SSIMErrorBounds.accepts(wanted + 1.01 * bound, expected: wanted, bound: bound), "\(stored.request.id)")
                }
            }
        }
    }

    @Test func aDefectOf1eMinus4FailsEveryWellConditionedCase() {
        let wellConditioned = Self.valid.filter {
            $0.tags.contains("sweep") && $0.request.windowSize > 1 && !$0.request.precision.isHalf
        }
        #expect(wellConditioned.count >= 150)
        for stored in wellConditioned {
            #expect(!Self.outside(stored, Self.alternative(stored, defect: 1e-4)).isEmpty, "\(stored.request.id) let a 1e-4 defect through")
        }
    }
}
