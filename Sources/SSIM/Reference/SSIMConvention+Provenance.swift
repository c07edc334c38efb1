import FoundationEssentials

extension SSIMConvention {
    /// Where a named convention's choices were read: the pinned source, the places in it, and how far they are
    /// verified. `docs/conventions-provenance.md` holds the research these are taken from; MS-SSIM conventions
    /// (``MSSSIMConvention/provenance``) carry the same record, from `docs/msssim-provenance.md`.
    ///
    /// The named conventions' records are data, not code: `Resources/provenance.json`, embedded in the library
    /// when it is built, holds each by metric and name (``recorded(ssim:)``, ``recorded(msssim:)``), in the JSON
    /// form a convention file's `provenance` takes.
    public struct Provenance: Hashable, Sendable, Codable {
        /// A place in the source that a choice was read from.
        public struct Location: Hashable, Sendable, Codable {
            /// The file (or document) read, as its source names it.
            public var file: String
            /// The lines read, "172–183", or the section of a document.
            public var lines: String
            /// The choices read there.
            public var choices: String

            public init(file: String, lines: String, choices: String) {
                (self.file, self.lines, self.choices) = (file, lines, choices)
            }
        }

        /// What was read: the library, repository or document.
        public var source: String
        /// The version read.
        public var version: String
        /// How the version is pinned: a tag and commit, a wheel's digest.
        public var pin: String
        public var locations: [Location]
        /// How our adapter in `tools/adapters/` calls the library, when there is one: the convention describes the
        /// library as called so.
        public var adapter: String?
        /// False when choices could not be read from a primary source (no source code, only documentation): the
        /// convention is then a best reading, to be confirmed.
        public var verified: Bool
        /// What a user of the convention should know: choices the model leaves out, unverified readings.
        public var notes: [String]

        public init(
            source: String, version: String, pin: String, locations: [Location], adapter: String? = nil,
            verified: Bool = true, notes: [String] = []
        ) {
            (self.source, self.version, self.pin, self.locations) = (source, version, pin, locations)
            (self.adapter, self.verified, self.notes) = (adapter, verified, notes)
        }

        /// The record of the named SSIM convention `name` in `Resources/provenance.json`.
        static func recorded(ssim name: String) -> Provenance { recorded("ssim", name) }

        /// The record of the named MS-SSIM convention `name` in `Resources/provenance.json`.
        static func recorded(msssim name: String) -> Provenance { recorded("ms-ssim", name) }

        /// The record of the named MS-SSIM + L1 convention `name` in `Resources/provenance.json`.
        static func recorded(msssimL1 name: String) -> Provenance { recorded("ms-ssim-l1", name) }

        /// The record of the named 3-D SSIM convention `name` in `Resources/provenance.json`.
        static func recorded(ssim3D name: String) -> Provenance { recorded("ssim-3d", name) }

        /// The record of the named 3-D MS-SSIM convention `name` in `Resources/provenance.json`.
        static func recorded(msssim3D name: String) -> Provenance { recorded("ms-ssim-3d", name) }

        /// Every record of `Resources/provenance.json`, by metric ("ssim", "ms-ssim", "ms-ssim-l1", "ssim-3d", "ms-ssim-3d") and convention name, read
        /// once. The file is part of the library's source: a record that is missing or does not decode is a
        /// mistake in the build, which the tests of the named conventions catch, not something a user can cause.
        private static let records: [String: [String: Provenance]] = {
            do {
                return try JSONDecoder().decode([String: [String: Provenance]].self, from: Data(PackageResources.provenance_json))
            } catch {
                preconditionFailure("Resources/provenance.json does not decode: \(error)")
            }
        }()

        private static func recorded(_ metric: String, _ name: String) -> Provenance {
            guard let record = records[metric]?[name] else {
                preconditionFailure("Resources/provenance.json has no record of the \(metric) convention \(name)")
            }
            return record
        }
    }
}
