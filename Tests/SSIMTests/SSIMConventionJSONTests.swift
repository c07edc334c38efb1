import Foundation
@testable import SSIM
import Testing
import TestSupport

/// Conventions as JSON: every named one round-trips, missing keys take Kornia's values, and every fault is a typed
/// error naming the key and the value.
@Suite struct SSIMConventionJSONTests {
    static func decode(_ text: String) throws(SSIMConventionError) -> SSIMConvention {
        try SSIMConvention.decode(json: Data(text.utf8))
    }

    @Test(arguments: SSIMConvention.named.map(\.name))
    func aNamedConventionRoundTrips(name: String) throws {
        let convention = try #require(SSIMConvention.named(name))
        let decoded = try SSIMConvention.decode(json: convention.json())
        #expect(decoded == convention)
        #expect(decoded.provenance?.locations.isEmpty == false, "every named convention says where it was read")
    }

    @Test func theNamedConventionsAreDistinctAndKorniaIsTheReferences() {
        let named = SSIMConvention.named
        #expect(named.map(\.name) == [
            "kornia", "scikit-image", "pytorch-msssim", "torchmetrics", "piq", "matlab-ssim-index", "matlab-ssim", "tensorflow",
        ])
        for (i, a) in named.enumerated() {
            for b in named[(i + 1)...] { #expect(!a.computesLike(b), "\(a.name) and \(b.name) compute alike") }
        }
        #expect(SSIMConvention.kornia.computesLike(SSIMConvention()))
        #expect(SSIMConvention.kornia.description == "Kornia's convention")
        #expect(SSIMConvention.matlabSSIM.provenance?.verified == false, "read from documentation only")
        #expect(named.filter { $0.provenance?.verified == false }.map(\.name) == ["matlab-ssim"])
    }

    @Test func missingKeysTakeKorniasValues() throws {
        let empty = try Self.decode("{}")
        #expect(empty.computesLike(.kornia))
        #expect(empty.name == "custom")
        let named = try SSIMConvention.decode(json: Data(#"{"border": "none"}"#.utf8), defaultName: "mine.json")
        #expect(named.name == "mine.json")
        #expect(named.computesLike(SSIMConvention(border: .none)))
        let partial = try Self.decode(#"{"taps": {"rule": "truncated", "truncate": 3.5}, "window": {"shape": "gaussian"}}"#)
        #expect(partial.computesLike(SSIMConvention(taps: .truncated(3.5))))
    }

    @Test(arguments: [
        (#"{"borders": "zero"}"#, SSIMConventionError.Kind.unknownKey, "`borders`"),
        (#"{"window": {"shape": "gaussian", "sgima": 2}}"#, .unknownKey, "`window.sgima`"),
        (#"{"provenance": {"source": "s", "version": "v", "pin": "p", "url": "u"}}"#, .unknownKey, "`provenance.url`"),
        (#"{"border": "mirror"}"#, .impossibleValue, "`border` is \"mirror\""),
        (#"{"taps": {"rule": "fixed", "count": 4}}"#, .impossibleValue, "`taps.count` is 4"),
        (#"{"taps": {"rule": "fixed", "count": -3}}"#, .impossibleValue, "`taps.count` is -3"),
        (#"{"taps": {"rule": "fixed"}}"#, .missingValue, "`taps.count` is missing"),
        (#"{"taps": {"rule": "asked", "count": 7}}"#, .impossibleValue, "`taps.count` is 7"),
        (#"{"window": {"shape": "uniform"}, "taps": {"rule": "truncated", "truncate": 3}}"#, .impossibleValue, "`taps.rule`"),
        (#"{"window": {"sigma": -1.5}}"#, .impossibleValue, "`window.sigma` is -1.5"),
        (#"{"window": {"sigma": 0}}"#, .impossibleValue, "`window.sigma` is 0"),
        (#"{"k1": -0.01}"#, .impossibleValue, "`k1` is -0.01"),
        (#"{"k1": "0.01"}"#, .wrongType, "`k1`: expected a number"),
        (#"{"sample_covariance": 1}"#, .wrongType, "`sample_covariance`: expected true or false"),
        (#"{"valid_crop": {"extra": 1.5}}"#, .wrongType, "`valid_crop.extra`: expected a whole number"),
        (#"{"taps": "asked"}"#, .wrongType, "`taps` must be a JSON object"),
        (#"{"arithmetic": "float128"}"#, .impossibleValue, "`arithmetic` is \"float128\""),
        (#"{"outputs": "means"}"#, .impossibleValue, "\"image-means\""),
        (#"{"name": ""}"#, .impossibleValue, "`name`"),
        (#"[1, 2]"#, .notJSON, "a JSON object"),
        (#"{"border": "none""#, .notJSON, "not JSON"),
    ])
    func aFaultIsATypedErrorNamingTheKeyAndValue(json: String, kind: SSIMConventionError.Kind, saying: String) {
        #expect {
            try Self.decode(json)
        } throws: { error in
            guard let error = error as? SSIMConventionError else { return false }
            return error.kind == kind && error.description.contains(saying)
        }
    }

    @Test func readsANameOrAFileNamingTheFileInErrors() throws {
        #expect(try SSIMConvention.read("piq") == .piq)
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("conv.json")
        try SSIMConvention.scikitImage.json().write(to: file)
        #expect(try SSIMConvention.read(file.path) == .scikitImage)
        try Data(#"{"includes_eps": false}"#.utf8).write(to: file)
        let unnamed = try SSIMConvention.read(file.path)
        #expect(unnamed.name == file.path && !unnamed.includesEps)
        try Data(#"{"loss": "squared"}"#.utf8).write(to: file)
        #expect(throws: SSIMConventionError.self) { try SSIMConvention.read(file.path) }
        do {
            _ = try SSIMConvention.read(file.path)
        } catch {
            #expect(error.kind == .impossibleValue && error.description.hasPrefix("\(file.path): `loss`"), "\(error)")
        }
        do {
            _ = try SSIMConvention.read("sckit-image")
        } catch {
            #expect(error.kind == .unknownName && error.description.contains("scikit-image"), "\(error)")
        }
    }
}
