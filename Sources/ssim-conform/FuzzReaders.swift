import ArgumentParser
import FoundationEssentials
import Glibc
import SSIM
import SSIMConformance
import SSIMVectors

/// `ssim-conform fuzz-readers`: a seeded mutation loop over the readers of untrusted files (hidden: a tool of the
/// suite's own soak, documented in the README).
///
/// Each round takes a seed file, mutates its bytes (bit flips, extreme bytes, truncation, splicing with another
/// seed, and overwriting the little-endian integers HDF5 uses for extents, sizes and addresses with extreme
/// values), writes the result to `SCRATCH/current.h5` and reads it as every ``UntrustedFileKind``, each in a reader
/// process (``UntrustedFile``). An input whose outcomes were not seen before is kept in the corpus folder; one that
/// crashed or hung a reader process (HDF5 itself) is kept with the prefix `crash-`. Should this process itself die,
/// the input that killed it is still in `current.h5`.
struct FuzzReaders: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz-readers", abstract: "Fuzz the readers of untrusted HDF5 files.", shouldDisplay: false)

    @Option(help: "Seconds to run.")
    var seconds: Double = 600

    @Option(help: "The seed of the mutations (default: random, printed).")
    var seed: UInt64?

    @Option(help: "Where inputs with errors not seen before are kept.")
    var corpus: String

    @Option(help: "Where the input being read is written (current.h5).")
    var scratch: String

    @Option(help: "The most inputs kept in the corpus folder.")
    var keep = 64

    @Argument(help: "Valid files to mutate.")
    var seeds: [String]

    func run() throws {
        let seedBytes = try seeds.map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))) }
        guard !seedBytes.isEmpty else { throw ValidationError("give at least one seed file") }
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let seed = seed ?? UInt64.random(in: .min ... .max)
        print("fuzz-readers: seed \(seed), \(seeds.count) seed files, \(seconds) s")
        var random = SplitMix64(seed: seed)
        let current = URL(fileURLWithPath: scratch).appendingPathComponent("current.h5")
        var seen = Set<String>()
        var kept = (try? FileManager.default.contentsOfDirectory(atPath: corpus).count) ?? 0
        let deadline = Date().addingTimeInterval(seconds)
        var executions = 0
        var crashes = 0
        while Date() < deadline {
            let input = mutate(seedBytes[random.next(below: seedBytes.count)], others: seedBytes, random: &random)
            try Data(input).write(to: current)
            let outcomes = try UntrustedFileKind.allCases.map { try outcome(of: current.path, as: $0) }
            executions += 1
            // Errors differ in their numbers (offsets, sizes) more than in kind: those are left out of the signature.
            let signature = outcomes.map { $0.text.filter { !$0.isNumber } }.joined(separator: "|")
            let crashed = outcomes.contains { $0.crashedHDF5 }
            if crashed { crashes += 1 }
            if seen.insert(signature).inserted, kept < keep, input.count <= 200_000 {
                let hex = String(seed, radix: 16)
                let name = "\(crashed ? "crash" : "input")-\(String(repeating: "0", count: 16 - hex.count))\(hex)-\(executions).h5"
                try Data(input).write(to: URL(fileURLWithPath: corpus).appendingPathComponent(name))
                kept += 1
            }
        }
        try? FileManager.default.removeItem(at: current)
        print("fuzz-readers: \(executions) executions, \(seen.count) distinct outcomes, \(crashes) inputs crashed HDF5 in the child")
    }

    /// What reading `file` as `kind` gave: "ok" or the error, and whether HDF5 crashed or hung on it.
    ///
    /// - Throws: the ``UntrustedFileError`` when no reader process could be run, which would make every outcome
    ///   meaningless.
    private func outcome(of file: String, as kind: UntrustedFileKind) throws -> (text: String, crashedHDF5: Bool) {
        do {
            try UntrustedFile.read(file, as: kind, timeout: 60)
            return ("ok", false)
        } catch let error as UntrustedFileError {
            switch error.kind {
            case .crashed, .timedOut: return ("\(error)", true)
            case .refused: return ("\(error)", false)
            case .readerUnavailable: throw error
            }
        } catch {
            return ("\(error)", false)
        }
    }

    /// One to four mutations of `bytes`.
    private func mutate(_ bytes: [UInt8], others: [[UInt8]], random: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        for _ in 0...random.next(below: 4) where !bytes.isEmpty {
            // Most of HDF5's metadata (superblock, root group, object headers) is near the start of a small file.
            let position = random.next(below: 2) == 0 ? random.next(below: min(bytes.count, 4096)) : random.next(below: bytes.count)
            switch random.next(below: 6) {
            case 0:
                bytes[position] ^= UInt8(1) << UInt8(random.next(below: 8))
            case 1:
                bytes[position] = [0x00, 0xFF, 0x7F, 0x80, 0x01][random.next(below: 5)]
            case 2:
                bytes = Array(bytes.prefix(position))
            case 3:
                let other = others[random.next(below: others.count)]
                let from = random.next(below: other.count)
                let length = min(random.next(below: 256) + 1, other.count - from, bytes.count - position)
                bytes.replaceSubrange(position..<position + length, with: other[from..<from + length])
            default:
                overwriteInteger(in: &bytes, near: position, random: &random)
            }
        }
        return bytes
    }

    /// Replaces a small little-endian integer at or after `position` (an extent, a size, an address) by an extreme
    /// one.
    private func overwriteInteger(in bytes: inout [UInt8], near position: Int, random: inout SplitMix64) {
        let width = [2, 4, 8][random.next(below: 3)]
        var offset = position
        while offset + width <= bytes.count {
            let value = (0..<width).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
            if value > 0, value < 1 << 20 {
                let extremes: [UInt64] = [0, 1, value + 1, value - 1, value << 20, UInt64.max, UInt64.max >> 1, 1 << 31]
                let replacement = extremes[random.next(below: extremes.count)]
                for index in 0..<width { bytes[offset + index] = UInt8(truncatingIfNeeded: replacement >> (8 * UInt64(index))) }
                return
            }
            offset += 1
        }
    }
}

extension SplitMix64 {
    /// A uniform integer in 0..<bound (bound > 0; the modulo bias is irrelevant here).
    mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }
}
