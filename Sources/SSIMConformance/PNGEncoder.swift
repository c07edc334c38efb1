import Foundation

/// Writes 8-bit RGB PNG files (Foundation on Linux has no image encoder): no filtering, and the zlib stream in
/// "stored" deflate blocks, uncompressed, which costs little on the report's small pictures and needs no compressor.
enum PNGEncoder {
    /// The PNG file of a `width` × `height` image whose pixels are given row by row, top row first.
    static func encode(width: Int, height: Int, pixels: [Colormap.RGB]) -> Data {
        precondition(width > 0 && height > 0 && pixels.count == width * height)
        var scanlines: [UInt8] = []
        scanlines.reserveCapacity(height * (1 + 3 * width))
        for row in 0..<height {
            scanlines.append(0)  // filter type None
            for pixel in pixels[row * width..<(row + 1) * width] {
                scanlines += [pixel.red, pixel.green, pixel.blue]
            }
        }
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // Bit depth 8, colour type 2 (RGB), deflate compression, adaptive filtering, no interlace.
        png += chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 2, 0, 0, 0])
        png += chunk("IDAT", zlibStored(scanlines))
        png += chunk("IEND", [])
        return png
    }

    /// A chunk: length, type, data, and the CRC-32 of type and data.
    private static func chunk(_ type: String, _ data: [UInt8]) -> Data {
        let typeAndData = Array(type.utf8) + data
        return Data(bigEndian(UInt32(data.count)) + typeAndData + bigEndian(crc32(typeAndData)))
    }

    /// A zlib stream (RFC 1950) holding `bytes` in stored deflate blocks (RFC 1951 §3.2.4) of at most 65 535 bytes.
    static func zlibStored(_ bytes: [UInt8]) -> [UInt8] {
        // CMF 0x78: deflate with a 32 KiB window; FLG 0x01: no dictionary, and 0x7801 is a multiple of 31.
        var stream: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let count = min(65_535, bytes.count - start)
            let isFinal = start + count == bytes.count
            stream.append(isFinal ? 1 : 0)  // BFINAL, then BTYPE 00 (stored)
            let length = UInt16(count)
            stream += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            stream += bytes[start..<start + count]
            start += count
        } while start < bytes.count
        return stream + bigEndian(adler32(bytes))
    }

    /// CRC-32 as PNG and zlib use it (ISO 3309: reflected polynomial 0xEDB88320, initial and final complement).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        ~bytes.reduce(~UInt32(0)) { crc, byte in crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    }

    private static let crcTable: [UInt32] = (0..<256).map { (n: UInt32) in
        (0..<8).reduce(n) { c, _ in c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    }

    /// Adler-32 (RFC 1950 §8.2).
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var (a, b): (UInt32, UInt32) = (1, 0)
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
