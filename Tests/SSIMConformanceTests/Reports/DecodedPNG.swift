import CZlib
import Foundation

/// A PNG file read back by a decoder independent of the report's encoder, strict about everything the encoder
/// promises: the signature, every chunk's CRC-32 (computed bit by bit here, not by zlib), an 8-bit RGB IHDR, one
/// zlib stream that zlib inflates whole (checking its Adler-32) to exactly the scanlines, and unfiltered scanlines.
struct DecodedPNG {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    let width: Int
    let height: Int
    /// Row-major (red, green, blue) triples.
    let pixels: [[UInt8]]
    /// The bytes of the zlib stream, and the type of its first deflate block (RFC 1951 §3.2.3: 0 stored,
    /// 1 fixed Huffman codes, 2 dynamic ones).
    let compressedSize: Int
    let firstBlockType: UInt8

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Failure("no PNG signature") }
        var chunks: [(type: String, data: [UInt8])] = []
        var offset = 8
        while offset < bytes.count {
            guard offset + 12 <= bytes.count else { throw Failure("truncated chunk at \(offset)") }
            let length = Int(Self.bigEndian(bytes, offset))
            guard offset + 12 + length <= bytes.count else { throw Failure("chunk at \(offset) overruns the file") }
            let typeAndData = Array(bytes[offset + 4..<offset + 8 + length])
            guard Self.bitwiseCRC32(typeAndData) == Self.bigEndian(bytes, offset + 8 + length) else {
                throw Failure("bad CRC on the chunk at \(offset)")
            }
            chunks.append((String(decoding: typeAndData.prefix(4), as: UTF8.self), Array(typeAndData.dropFirst(4))))
            offset += 12 + length
        }
        guard chunks.first?.type == "IHDR", chunks.last?.type == "IEND", let header = chunks.first?.data, header.count == 13 else {
            throw Failure("chunks \(chunks.map(\.type)): expected IHDR first and IEND last")
        }
        guard header[8...] == [8, 2, 0, 0, 0] else { throw Failure("not 8-bit RGB, unfiltered, not interlaced: \(header[8...])") }
        width = Int(Self.bigEndian(header, 0))
        height = Int(Self.bigEndian(header, 4))

        let stream = chunks.filter { $0.type == "IDAT" }.flatMap(\.data)
        guard stream.count >= 6, stream[0] == 0x78, (Int(stream[0]) << 8 | Int(stream[1])) % 31 == 0 else {
            throw Failure("not a zlib stream")
        }
        compressedSize = stream.count
        firstBlockType = stream[2] >> 1 & 0b11
        // One byte more than the scanlines need, so that a stream holding too much is caught.
        var inflated = [UInt8](repeating: 0, count: height * (1 + 3 * width) + 1)
        var inflatedSize = uLong(inflated.count)
        guard uncompress(&inflated, &inflatedSize, stream, uLong(stream.count)) == Z_OK else {
            throw Failure("zlib cannot inflate the stream, or its Adler-32 is wrong")
        }
        inflated.removeLast(inflated.count - Int(inflatedSize))
        guard inflated.count == height * (1 + 3 * width) else { throw Failure("\(inflated.count) bytes of scanlines") }
        var pixels: [[UInt8]] = []
        for row in 0..<height {
            let line = inflated[row * (1 + 3 * width)..<(row + 1) * (1 + 3 * width)]
            guard line.first == 0 else { throw Failure("row \(row) is filtered") }
            for column in 0..<width {
                let start = line.startIndex + 1 + 3 * column
                pixels.append(Array(line[start..<start + 3]))
            }
        }
        self.pixels = pixels
    }

    /// The PNG of a data URI `data:image/png;base64,…`.
    init(dataURI: Substring) throws {
        guard dataURI.hasPrefix("data:image/png;base64,"),
            let data = Data(base64Encoded: String(dataURI.dropFirst("data:image/png;base64,".count)))
        else { throw Failure("not a base64 PNG data URI") }
        try self.init(data)
    }

    func pixel(row: Int, column: Int) -> [UInt8] { pixels[row * width + column] }

    private static func bigEndian(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// CRC-32 bit by bit, without the encoder's table.
    static func bitwiseCRC32(_ bytes: [UInt8]) -> UInt32 {
        var crc = UInt32.max
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
