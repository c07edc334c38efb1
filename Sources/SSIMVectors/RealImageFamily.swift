import HDF5
import SSIM
import SSIMAdapterProtocol

/// Cases made from the photograph pairs of `tools/data/real-image-pairs.h5` (see tools/make_real_image_pairs.py):
/// 8-bit crops of CC0 and public-domain scikit-image photographs and distorted copies of them.
///
/// The cases use the centre of each pair, 32 × 32 of the gray crops and 24 × 24 of the RGB ones, to keep the store
/// small. Pairs alternate between float64 holding the 8-bit values (maxVal 255) and float32 holding value / 255
/// rounded to float32 (maxVal 1); windows 11 and 7, both paddings, the mean and the per-pixel loss. Every third
/// pair then comes again in a half precision: float16 holding value / 255 (8-bit values squared overflow it), and
/// bfloat16 holding the 8-bit values themselves (exact: 8 significant bits) or value / 255, in turn.
enum RealImageFamily {
    static func cases(from path: String) throws -> [VectorCase] {
        let pairs = try HDF5File.open(path).root.group("pairs")
        let names = try pairs.childNames()
        var cases = try names.enumerated().map { index, name in
            let precision: Precision = index % 2 == 0 ? .float64 : .float32
            return try realImageCase(
                try pairs.group(name), name: name, index: index, precision: precision,
                maxVal: precision == .float64 ? 255 : 1)
        }
        for (half, name) in names.enumerated().filter({ $0.offset % 3 == 0 }).map(\.element).enumerated() {
            let precision: Precision = half % 2 == 0 ? .float16 : .bfloat16
            cases.append(try realImageCase(
                try pairs.group(name), name: name, index: cases.count, precision: precision,
                maxVal: precision == .bfloat16 && half % 4 == 1 ? 255 : 1))
        }
        return cases
    }

    /// The case of one pair: its centre crop, in `precision`, holding the 8-bit values for maxVal 255 and
    /// value / 255 for maxVal 1, its window, padding and reduction chosen by `index`.
    private static func realImageCase(
        _ pair: HDF5Group, name: String, index: Int, precision: Precision, maxVal: Double
    ) throws -> VectorCase {
        let first = try pair.dataset("img1"), second = try pair.dataset("img2")
        let (channels, height, width) = (first.shape[0], first.shape[1], first.shape[2])
        let side = channels == 1 ? 32 : 24
        let (top, left) = ((height - side) / 2, (width - side) / 2)
        let shape = [1, channels, side, side]
        func values(_ dataset: HDF5Dataset) throws -> [Double] {
            let all = try dataset.read(as: Double.self)
            return (0..<channels).flatMap { c in
                (top..<(top + side)).flatMap { row in
                    (left..<(left + side)).map { column in
                        let value = all[(c * height + row) * width + column]
                        return maxVal == 255 ? value : value / 255
                    }
                }
            }
        }
        let windowSize = index % 4 == 3 ? 7 : 11
        let padding: SSIMPadding = index % 3 == 2 ? .valid : .same
        let reduction: SSIMReduction = index % 4 == 1 ? .none : .mean
        let id = ["real-images", threeDigits(index), name, precision.caseIDName].joined(separator: "-")
        let request = AdapterCase(
            id: id, img1: ProtocolArray(shape: shape, rounding: try values(first), to: precision),
            img2: ProtocolArray(shape: shape, rounding: try values(second), to: precision),
            windowSize: Int64(windowSize), maxVal: maxVal, eps: 1e-12, padding: padding.rawValue,
            reduction: reduction.rawValue, outputs: outputs(for: precision))
        let image = try pair.stringAttribute("image"), distortion = try pair.stringAttribute("distortion")
        return VectorCase(
            request: request, family: VectorFamily.realImages.rawValue,
            tags: ["real-image", distortion, try pair.stringAttribute("color")] + (precision.isHalf ? ["half"] : []),
            description: "scikit-image's \(image), \(distortion) (\(try pair.stringAttribute("parameters"))), window \(windowSize), \(padding.rawValue), \(reduction.rawValue), \(precision.rawValue)",
            provenance: [
                ("source", .string("tools/data/real-image-pairs.h5:/pairs/\(name) (\(try pair.stringAttribute("source")))")),
                ("license", .string(try pair.stringAttribute("license"))),
                ("crop", try pair.attribute("crop")),
                ("centre", .ints([Int64(top), Int64(left), Int64(side), Int64(side)])),
            ])
    }
}
