import FileSystem

extension DurableFile {
    /// Writes a new HDF5 file at `path` with what `body` puts in it (see ``DurableFile/write(to:overwrite:_:)``);
    /// the file is flushed and closed before it is synced.
    ///
    /// - Throws: `FileSystemError` naming the file, ``HDF5Error``, or what `body` throws.
    public static func writeHDF5(to path: String, overwrite: Bool, _ body: (HDF5File) throws -> Void) throws {
        try write(to: path, overwrite: overwrite) { temporary in
            try withExtendedLifetime(try HDF5File.create(temporary)) { file in
                try body(file)
                try file.flush()
            }
        }
    }
}
