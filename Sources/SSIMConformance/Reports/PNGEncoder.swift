import CZlib
import FoundationEssentials

/// Writes 8-bit RGB PNG files (Foundation on Linux has no image encoder): unfiltered scanlines, deflated by zlib at
/// its best compression, so that report.html stays small however many failing cases it pictures. zlib also gives
/// the chunks' CRC-32; the PNG container around them is a few lines.
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
        png += chunk("IDAT", zlibStream(scanlines))
        png += chunk("IEND", [])
        return png
    }

    /// A chunk: length, type, data, and the CRC-32 of type and data.
    private static func chunk(_ type: String, _ data: [UInt8]) -> Data {
        let typeAndData = Array(type.utf8) + data
        let crc = typeAndData.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, uInt($0.count))) }
        return Data(bigEndian(UInt32(data.count)) + typeAndData + bigEndian(crc))
    }

    /// `bytes` as a zlib stream (RFC 1950), deflated at level 9.
    static func zlibStream(_ bytes: [UInt8]) -> [UInt8] {
        var size = compressBound(uLong(bytes.count))
        var stream = [UInt8](repeating: 0, count: Int(size))
        let status = compress2(&stream, &size, bytes, uLong(bytes.count), Z_BEST_COMPRESSION)
        // compress2 fails only without memory or with a buffer smaller than compressBound, neither of which a
        // report can recover from.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        return Array(stream.prefix(Int(size)))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
