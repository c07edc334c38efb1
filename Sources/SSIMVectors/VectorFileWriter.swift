import HDF5
import SSIM
import SSIMAdapterProtocol

/// What a vector file says about where it came from, at its root.
public struct VectorProvenance: Sendable, Equatable {
    /// The generator's version: bumped whenever the generator's output changes.
    public static let generatorVersion = "1.0.0"
    /// The layout's version, `schema` at the root of every vector file.
    public static let schema = "ssim-conformance-vectors/1"

    /// The commit of this repository the vectors were generated at, or "unknown".
    public var gitCommit: String

    public init(gitCommit: String) {
        self.gitCommit = gitCommit
    }
}

/// Writes a family's cases, with the reference's expected outputs and the acceptance bounds, as one vector file.
public enum VectorFileWriter {
    /// Writes `cases` into the new, empty `file` as the family `family`, with the note of every tag they carry.
    ///
    /// - Parameter notes: what each tag means (``VectorTagNotes/notes`` for the store's families).
    /// - Throws: a ``VectorStoreError`` when the reference's verdict on a case contradicts what it expects or a tag
    ///   has no note, or an HDF5 error.
    public static func write(
        _ cases: [VectorCase], family: String, provenance: VectorProvenance, notes: [String: String] = VectorTagNotes.notes,
        to file: HDF5File
    ) throws {
        let root = file.root
        // A vector file is itself a request: version 2 when it holds a float16 or bfloat16 case.
        try root.setAttribute("protocol", .string(AdapterProtocol.version(of: cases.map(\.request))))
        try root.setAttribute("schema", .string(VectorProvenance.schema))
        try root.setAttribute("family", .string(family))
        try root.setAttribute("generator", .string("ssim-conform vectors generate"))
        try root.setAttribute("generator_version", .string(VectorProvenance.generatorVersion))
        try root.setAttribute("git_commit", .string(provenance.gitCommit))
        try root.setAttribute("hdf5_library", .string(HDF5File.libraryVersion))
        // Wycheproof's notes: the file explains its own tags.
        let notesGroup = try root.createGroup("notes")
        for tag in Set(cases.flatMap(\.tags)).sorted() {
            guard let note = notes[tag] else {
                throw VectorStoreError(.catalogContradicted, "the tag \"\(tag)\" has no note (VectorTagNotes)")
            }
            try notesGroup.setAttribute(tag, .string(note))
        }
        let casesGroup = try root.createGroup("cases")
        for vectorCase in cases {
            try write(vectorCase, to: casesGroup.createGroup(vectorCase.request.id))
        }
    }

    private static func write(_ vectorCase: VectorCase, to group: HDF5Group) throws {
        let request = vectorCase.request
        try request.write(to: group, archival: true)
        try group.setAttribute("family", .string(vectorCase.family))
        try group.setAttribute("tags", .string(vectorCase.tags.joined(separator: ",")))
        try group.setAttribute("description", .string(vectorCase.description))
        for (name, value) in vectorCase.provenance {
            try group.setAttribute(name, value)
        }
        let expected = try group.createGroup("expected")
        let expectation: ReferenceExpectation
        do throws(SSIMError) {
            // The protocol's checks, then the reference's own: an MS-SSIM image too small for its scales is
            // rejected only by the pyramid of its convention.
            expectation = try ReferenceExpectation(
                try ValidatedCase(request), outputs: request.outputs, precisions: boundPrecisions(request.precision),
                conventions: .vectors)
        } catch {
            guard error.category == vectorCase.expectedError else {
                throw VectorStoreError(.catalogContradicted, "\(request.id): the reference rejects it with \(error.category.rawValue), the catalog expects \(vectorCase.expectedError?.rawValue ?? "outputs")")
            }
            try expected.setAttribute("error", .string(error.category.rawValue))
            try expected.setAttribute(resultAttribute, .string(vectorCase.acceptableBecause == nil ? "invalid" : "acceptable"))
            if let reason = vectorCase.acceptableBecause {
                try expected.setAttribute(acceptableBecauseAttribute, .string(reason))
                guard let kornia = try KorniaLeniency.answer(to: request, rejectedWith: error) else {
                    throw VectorStoreError(.catalogContradicted, "\(request.id): the catalog says Kornia 0.9.0 computes it, but its answer is not known")
                }
                let answers = try expected.createGroup(korniaAnswerGroup), bounds = try expected.createGroup(korniaBoundsGroup)
                for (output, array) in kornia.outputs.sorted(by: { $0.key < $1.key }) {
                    try array.write(output.rawValue, in: answers, archival: true)
                    try kornia.bounds[output]!.write(output.rawValue, in: bounds, archival: true)
                }
            }
            return
        }
        if let category = vectorCase.expectedError {
            throw VectorStoreError(.catalogContradicted, "\(request.id): the catalog expects \(category.rawValue), but the reference accepts it")
        }
        for (output, array) in expectation.outputs.sorted(by: { $0.key < $1.key }) {
            try array.write(output.rawValue, in: expected, archival: true)
        }
        try expected.setAttribute(resultAttribute, .string("valid"))
        // An SSIM case's answers are Kornia's, as they always were; another metric's say whose they are.
        let conventions = ConventionsByMetric.vectors
        switch request.metric {
        case .ssim: break
        case .msSSIM: try conventions.msssim.map { try expected.setAttribute(conventionAttribute, .string($0.name)) }
        case .msSSIML1: try conventions.msssimL1.map { try expected.setAttribute(conventionAttribute, .string($0.name)) }
        case .ssim3D: try conventions.ssim3D.map { try expected.setAttribute(conventionAttribute, .string($0.name)) }
        case .msSSIM3D: try conventions.msssim3D.map { try expected.setAttribute(conventionAttribute, .string($0.name)) }
        }
        if let reason = expectation.notComputable {
            try expected.setAttribute(notComputableAttribute, .string(reason))
        }
        let boundsGroup = try group.createGroup("bounds")
        for precision in boundPrecisions(request.precision) {
            let precisionGroup = try boundsGroup.createGroup(precision.rawValue)
            for (output, array) in expectation.bounds[precision, default: [:]].sorted(by: { $0.key < $1.key }) {
                // Already float32 values: converting them back is exact.
                _ = try precisionGroup.createDataset(
                    output.rawValue, shape: array.shape, values: array.values.map(Float.init), archival: true)
            }
        }
    }

    /// The attribute of every case's `expected` saying what it expects (``CaseExpectation/result``), and the one of an
    /// acceptable case's saying why answering is acceptable too.
    static let resultAttribute = "result", acceptableBecauseAttribute = "acceptable_because"

    /// The groups of an `acceptable` case's `expected` holding Kornia 0.9.0's answer and its float64 bounds.
    static let korniaAnswerGroup = "kornia", korniaBoundsGroup = "kornia_bounds"

    /// The attribute of a valid MS-SSIM case's `expected` naming the convention whose answers it holds.
    static let conventionAttribute = "convention"

    /// The attribute of `expected` saying why a half-precision case cannot be computed meaningfully in its precision.
    static let notComputableAttribute = "not_computable"

    /// The precisions whose bounds a case of `precision` stores: float32 and float64 (the diagnosis judges a float64
    /// case by float32's to recognise float32 arithmetic), and a half precision's own.
    static func boundPrecisions(_ precision: Precision) -> [Precision] {
        precision.isHalf ? [.float32, .float64, precision] : [.float32, .float64]
    }
}
