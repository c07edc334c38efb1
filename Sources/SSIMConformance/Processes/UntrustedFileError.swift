/// A file the suite did not write that was refused before this process read it (``UntrustedFile``): the reader process
/// rejected it, crashed or hung on it, or no reader process could be run. Names the file.
public struct UntrustedFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What happened, in categories a caller can act on: the fuzz soak counts ``crashed(signal:)`` and
    /// ``timedOut(seconds:)`` as HDF5 failing on the file.
    public enum Kind: Equatable, Sendable {
        /// The reader process was killed by this signal while reading: HDF5 crashed on the file.
        case crashed(signal: Int32)
        /// The reader process overran this many seconds and was killed: HDF5 hung on the file.
        case timedOut(seconds: Double)
        /// No reader process could be run, or it ended in a way that says nothing about the file; the file was not
        /// read, there or here. The detail says why.
        case readerUnavailable(String)
        /// The reader process refused the file with this error (which names it). It is not read again here: HDF5
        /// can corrupt memory even on its way to rejecting a file.
        case refused(String)
    }

    public let kind: Kind
    /// The file refused.
    public let file: String

    public init(_ kind: Kind, file: String) {
        self.kind = kind
        self.file = file
    }

    public var description: String {
        switch kind {
        case .crashed(let signal):
            "\(file): /: the HDF5 library crashed (signal \(signal)) reading the file; it is damaged or hostile"
        case .timedOut(let seconds):
            "\(file): /: reading the file took more than \(seconds) s; it is damaged or hostile"
        case .readerUnavailable(let why):
            "\(file): not read: \(why)"
        case .refused(let error):
            error
        }
    }
}
