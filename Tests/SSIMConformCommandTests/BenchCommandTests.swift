import Foundation
import SSIM
import Testing
import TestSupport

/// `ssim-conform bench` as a command: what it prints and what it refuses. How fast anything is, is measured by
/// tools/bench, not here.
@Suite struct BenchCommandTests {
    /// The last line of `--json` is one object with the numbers the issue asks for, for each instruction set this
    /// processor runs, the peak included.
    @Test(arguments: FastSSIM.InstructionSet.supported)
    func printsItsNumbersAsJSON(instructions: FastSSIM.InstructionSet) throws {
        let run = try SSIMConformExecutable.runCapturingOutput([
            "bench", "--shape", "2x3x40x37", "--dtype", "float64", "--gradient", "--runs", "3", "--threads", "2",
            "--instructions", instructions.rawValue, "--peak", "--json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let lastLine = try #require(run.stdout.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any])
        let median = try #require(object["median_seconds"] as? Double), fastest = try #require(object["min_seconds"] as? Double)
        #expect(median > 0 && fastest > 0 && fastest <= median)
        #expect(object["shape"] as? [Int] == [2, 3, 40, 37] && object["dtype"] as? String == "float64")
        #expect(object["gradient"] as? Bool == true && object["runs"] as? Int == 3 && object["threads"] as? Int == 2)
        #expect(object["instructions"] as? String == instructions.rawValue)
        #expect((object["megapixels_per_second"] as? Double ?? 0) > 0)
        #expect((object["peak_rss_mib"] as? Double ?? 0) > (object["inputs_mib"] as? Double ?? .infinity))
        #expect((object["peak_gflops"] as? Double ?? 0) > 0 && (object["algorithm_gflop"] as? Double ?? 0) > 0)
        #expect(run.stdout.contains("megapixels/s") && run.stdout.contains("median"))
    }

    @Test(arguments: [
        (["--shape", "1x3x0x5"], "--shape"), (["--shape", "3x224x224"], "--shape"), (["--runs", "0"], "--runs"),
        (["--threads", "0"], "--threads"), (["--instructions", "avx9000"], "avx9000"), (["--dtype", "float16"], "float16"),
        (["--metric", "ms-ssim", "--peak"], "--peak"), (["--metric", "3d"], "3d"),
    ])
    func refusesBadArgumentsByName(arguments: [String], named: String) throws {
        let run = try SSIMConformExecutable.runCapturingOutput(["bench"] + arguments)
        #expect(run.status != 0)
        #expect(run.stderr.contains(named), "\(run.stderr)")
    }
}

extension BenchCommandTests {
    /// Inputs that cannot fit are refused before they are allocated, with the library's own error.
    @Test func refusesImagesThatCannotFit() throws {
        let run = try SSIMConformExecutable.runCapturingOutput(["bench", "--shape", "1x3x100000x100000"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("ssim-conform bench: unsupported: images of shape [1, 3, 100000, 100000] need about"), "\(run.stderr)")
    }
}

extension BenchCommandTests {
    /// `--metric ms-ssim` times wang-msssim's loss on the fast implementation (and the reference), gradients
    /// included; images too small for its five scales are refused with the library's error.
    @Test(arguments: BuiltInImplementationName.allCases)
    func timesMSSSIM(implementation: BuiltInImplementationName) throws {
        let object = try Self.timedWithGradients("ms-ssim", implementation, shape: "1x2x176x181", dtype: "float64")
        #expect(object["metric"] as? String == "ms-ssim" && object["gradient"] as? Bool == true)
        let small = try SSIMConformExecutable.runCapturingOutput(["bench", "--metric", "ms-ssim", "--shape", "1x1x64x64"])
        #expect(small.status == 2 && small.stderr.contains("image_too_small"), "\(small.stderr)")
    }

    /// `--metric ssim-3d` times Kornia's ssim3d_loss on volumes (BxCxDxHxW) on the fast implementation (and the
    /// reference), gradients included; a four-dimensional shape is refused, and a depth too small for the window
    /// with the library's error naming the axis.
    @Test(arguments: BuiltInImplementationName.allCases)
    func timesSSIM3D(implementation: BuiltInImplementationName) throws {
        let object = try Self.timedWithGradients("ssim-3d", implementation, shape: "1x2x12x20x17", dtype: "float32")
        #expect(object["metric"] as? String == "ssim-3d" && object["shape"] as? [Int] == [1, 2, 12, 20, 17])
        let flat = try SSIMConformExecutable.runCapturingOutput(["bench", "--metric", "ssim-3d", "--shape", "1x1x64x64"])
        #expect(flat.status != 0 && flat.stderr.contains("BxCxDxHxW"), "\(flat.stderr)")
        let thin = try SSIMConformExecutable.runCapturingOutput(["bench", "--metric", "ssim-3d", "--shape", "1x1x4x64x64"])
        #expect(thin.status == 2 && thin.stderr.contains("depth 4"), "\(thin.stderr)")
    }

    /// `--metric ms-ssim-3d` times pytorch-msssim's 3-D MS-SSIM loss on volumes on the fast implementation (and the
    /// reference), gradients included; volumes whose coarsest scale would leave H unblurred are refused by the fast
    /// implementation, saying why.
    @Test(arguments: BuiltInImplementationName.allCases)
    func timesMSSSIM3D(implementation: BuiltInImplementationName) throws {
        let object = try Self.timedWithGradients("ms-ssim-3d", implementation, shape: "1x1x65x66x67", dtype: "float64")
        #expect(object["metric"] as? String == "ms-ssim-3d" && object["shape"] as? [Int] == [1, 1, 65, 66, 67])
        guard implementation == .fast else { return }
        let short = try SSIMConformExecutable.runCapturingOutput(["bench", "--metric", "ms-ssim-3d", "--shape", "1x1x80x64x80"])
        #expect(short.status == 2 && short.stderr.contains("left unblurred"), "\(short.stderr)")
    }

    /// The JSON of `bench --metric metric --gradient` on two runs of `implementation`, which must succeed and take
    /// some time.
    static func timedWithGradients(
        _ metric: String, _ implementation: BuiltInImplementationName, shape: String, dtype: String
    ) throws -> [String: Any] {
        let run = try SSIMConformExecutable.runCapturingOutput([
            "bench", "--metric", metric, "--implementation", implementation.rawValue, "--shape", shape,
            "--dtype", dtype, "--gradient", "--runs", "2", "--json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let lastLine = try #require(run.stdout.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any])
        #expect((object["median_seconds"] as? Double ?? 0) > 0)
        return object
    }

    enum BuiltInImplementationName: String, CaseIterable {
        case fast, reference
    }
}
