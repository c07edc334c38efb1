import SSIM

/// `docs/conventions.md`: each convention's choices in words and where they were read, made from the same values
/// `conventions --json` prints (`ssim-conform conventions --markdown > docs/conventions.md`): the SSIM conventions,
/// then the MS-SSIM ones, the MS-SSIM + L1 ones, the 3-D SSIM ones and the 3-D MS-SSIM ones.
enum ConventionsPage {
    static func markdown(_ conventions: [any MetricConvention]) -> String {
        var page = """
            # SSIM conventions

            <!-- Made by `ssim-conform conventions --markdown > docs/conventions.md`: edit the conventions in
            Sources/SSIM/Reference/SSIMConvention+Named.swift, Sources/SSIM/MultiScale/MSSSIMConvention+Named.swift and
            Sources/SSIM/MultiScaleL1/MSSSIML1Convention+Named.swift, Sources/SSIM/Volume/SSIM3DConvention+Named.swift and
            Sources/SSIM/Volume/MSSSIM3DConvention+Named.swift
            (their provenance in
            Sources/SSIM/Resources/provenance.json), not this page. -->

            A convention is every choice an SSIM implementation makes besides what a case asks (window size, data range,
            eps, padding, reduction): the border, the window and its taps, the moments, the constants, the 'valid' crop,
            whether it gives the map or only each image's mean, the loss, the arithmetic precision. `SSIMConvention`
            documents each choice; `ssim-conform conventions` lists the named ones, `conventions --json NAME` prints
            its conventions as the JSON that `--convention FILE` reads (a missing key takes Kornia's value, an unknown
            key or an impossible value is an error naming it). `certify --convention NAME|FILE` judges an implementation by that
            convention's expected answers and bounds, computed by the reference from the vectors' inputs; the cases it
            cannot express ('same' without a border, a map from a convention of means) are `not_applicable`.

            The libraries with an adapter in `tools/adapters/` are described as that adapter calls them. The research
            with every pin is in [conventions-provenance.md](conventions-provenance.md).


            """
        for case let convention as SSIMConvention in conventions {
            page += section(
                heading: "`\(convention.name)`", convention.summary, choices(convention), convention.provenance)
        }
        let multiScale = conventions.compactMap { $0 as? MSSSIMConvention }
        let withL1 = conventions.compactMap { $0 as? MSSSIML1Convention }
        let volumes = conventions.compactMap { $0 as? SSIM3DConvention }
        let multiScaleVolumes = conventions.compactMap { $0 as? MSSSIM3DConvention }
        guard !multiScale.isEmpty || !withL1.isEmpty || !volumes.isEmpty || !multiScaleVolumes.isEmpty else { return page }
        page += """
            # MS-SSIM conventions

            An MS-SSIM convention (`MSSSIMConvention`, metric `ms-ssim`) is every choice an MS-SSIM implementation makes
            besides what a case asks (window size, data range, weights, reduction): the SSIM of each scale (itself an SSIM
            convention) and the padding of its maps, the scales' weights and what becomes of weights a caller gives,
            which mean each scale contributes, the downsampling of odd sizes, what a negative mean becomes before its
            fractional power, how channels are pooled, the data range, and the smallest images computed. Its JSON is
            marked `"metric": "ms-ssim"` and its missing keys take `wang-msssim`'s values; a library's name denotes its
            SSIM and its MS-SSIM convention alike (`conventions --json torchmetrics` prints both, as an array
            `--convention FILE` reads back). The research with every pin is in [msssim-provenance.md](msssim-provenance.md).


            """
        for convention in multiScale {
            page += section(
                heading: "`\(convention.name)` (MS-SSIM)", convention.summary, choices(convention), convention.provenance)
        }
        page += """
            # MS-SSIM + L1 conventions

            The MS-SSIM + L1 loss of Zhao et al. (2017), metric `ms-ssim-l1` (`MSSSIML1Convention`), is not Wang's
            MS-SSIM: its scales are Gaussians of growing σ at full resolution, without pyramid or powers, and its loss
            mixes 1 − MS-SSIM with a Gaussian-weighted L1. Its JSON is marked `"metric": "ms-ssim-l1"`, and its missing
            keys take Kornia's values.


            """
        for convention in withL1 {
            page += section(
                heading: "`\(convention.name)` (MS-SSIM + L1)", convention.summary, choices(convention), convention.provenance)
        }
        page += """
            # 3-D SSIM conventions

            SSIM on volumes (B, C, D, H, W), metric `ssim-3d` (`SSIM3DConvention`): the 2-D choices on every plane
            (itself an SSIM convention, its border that of H and W), and what volumes add: the depth's own border,
            σ or taps, one 3-D convolution or a 1-D pass per axis, an axis padded by `window_size`'s reach rather than
            the taps', axes shorter than the window left unblurred, half precisions computed in float32. Its JSON is
            marked `"metric": "ssim-3d"`, and its missing keys take Kornia's `ssim3d` values. The research with every
            pin is in [ssim3d-provenance.md](ssim3d-provenance.md).


            """
        for convention in volumes {
            page += section(
                heading: "`\(convention.name)` (3-D SSIM)", convention.summary, choices(convention), convention.provenance)
        }
        page += """
            # 3-D MS-SSIM conventions

            MS-SSIM on volumes (B, C, D, H, W), metric `ms-ssim-3d` (`MSSSIM3DConvention`): the MS-SSIM model whose
            per-scale SSIM is a 3-D SSIM convention, downsampled 2 × 2 × 2 by the MS-SSIM convention's rule on each
            axis; the minimum size of H and W is the MS-SSIM convention's, the depth needs what every scale's 3-D SSIM
            needs. Its JSON is marked `"metric": "ms-ssim-3d"` and holds a `volume` (3-D SSIM) and a `multi_scale`
            (MS-SSIM) convention; missing ones are `torchmetrics`'. The research with every pin is in
            [ssim3d-provenance.md](ssim3d-provenance.md).


            """
        for convention in multiScaleVolumes {
            page += section(
                heading: "`\(convention.name)` (3-D MS-SSIM)", convention.summary, choices(convention), convention.provenance)
        }
        return page
    }

    private static func section(
        heading: String, _ summary: String, _ choices: [(String, String)], _ provenance: SSIMConvention.Provenance?
    ) -> String {
        var text = "## \(heading)\n\n\(summary)\n\n| choice | value |\n|---|---|\n"
        for (choice, value) in choices {
            text += "| \(choice) | \(value) |\n"
        }
        guard let provenance else { return text + "\n" }
        text += "\nRead from \(provenance.source), version \(provenance.version) (\(provenance.pin))"
        text += provenance.verified ? ".\n" : ". **UNVERIFIED**: not read from a primary source.\n"
        if let adapter = provenance.adapter { text += "\nAs our adapter calls it: \(adapter).\n" }
        text += "\n| file | lines | choices |\n|---|---|---|\n"
        for location in provenance.locations {
            text += "| `\(location.file)` | \(location.lines) | \(location.choices) |\n"
        }
        if !provenance.notes.isEmpty {
            text += "\n" + provenance.notes.map { "- \($0)\n" }.joined()
        }
        return text + "\n"
    }

    /// Each choice in words.
    private static func choices(_ convention: SSIMConvention) -> [(String, String)] {
        let border = switch convention.border {
        case .reflect: "torch `reflect` (mirrored, the edge not repeated)"
        case .reflect101: "`reflect-101` (mirrored as often as the window reaches, the edge not repeated)"
        case .symmetric: "`symmetric` (mirrored, the edge repeated)"
        case .replicate: "`replicate` (the edge pixel repeated)"
        case .zero: "`zero`"
        case .circular: "`circular` (wrapped around)"
        case .none: "`none`: only the 'valid' region exists (no 'same' map)"
        }
        let crop = (convention.cropsByTaps ? "the taps' radius" : "the radius of `window_size` asked")
            + (convention.extraValidCrop == 0 ? "" : ", plus \(convention.extraValidCrop)")
        let loss = switch convention.loss {
        case .halvedThenClamped: "clamp((1 − SSIM)/2, 0, 1)"
        case .oneMinusSSIM: "1 − SSIM"
        case .clampedThenHalved: "clamp(1 − SSIM, 0, 1)/2"
        }
        return [
            ("border", border), ("window", words(convention.window)), ("taps", words(convention.taps)),
            ("taps built in", convention.tapsPrecision == .float32
                ? "float32, then used in float64 (the bounds allow each tap (k + 4)·u of float32)" : "float64"),
            ("moments", convention.sampleCovariance ? "sample (N/(N − 1))" : "population"),
            ("K1, K2", "\(convention.k1), \(convention.k2)"),
            ("eps", convention.includesEps ? "added to the denominator" : "left out"),
            ("'valid' cropped by", crop),
            ("outputs", convention.outputs == .map ? "the SSIM map" : "each image's mean SSIM only"),
            ("loss", loss),
            ("arithmetic", convention.arithmetic.map { "\($0.rawValue), whatever is asked" } ?? "the case's precision"),
            ("data range", "`max_val`, as given"),
        ]
    }

    /// A window's shape in words.
    private static func words(_ window: SSIMConvention.Window) -> String {
        switch window {
        case .gaussian(let sigma): "Gaussian, σ = \(sigma)"
        case .uniform: "uniform"
        }
    }

    /// A rule of the taps in words.
    private static func words(_ taps: SSIMConvention.Taps) -> String {
        switch taps {
        case .asked: "`window_size`, as asked"
        case .fixed(let count): "\(count), whatever `window_size` asks"
        case .truncated(let truncate): "2·⌊\(truncate)·σ + 0.5⌋ + 1, `window_size` ignored"
        }
    }

    /// Each choice of an MS-SSIM convention in words.
    private static func choices(_ convention: MSSSIMConvention) -> [(String, String)] {
        let scale = choices(convention.scale).filter { $0.0 != "outputs" && $0.0 != "loss" && $0.0 != "data range" }
            .map { ("per-scale \($0.0)", $0.1) }
        let padding = "\(convention.padding.rawValue) for the SSIM maps"
            + (convention.csPadding.map { $0 == convention.padding ? "" : ", \($0.rawValue) for the cs maps" } ?? "")
        let weights = "\(convention.weights)" + (convention.normalisesWeights ? ", divided by their sum" : ", as given")
        let given = convention.givenWeights == .asGiven ? "used as given" : "\(convention.givenWeights.rawValue)"
        let downsampling = switch convention.downsampling {
        case .repeatLastThenAverage: "2 × 2 averages, an odd size's last row/column repeated (⌈n/2⌉)"
        case .zeroPadBothSides: "2 × 2 averages counting a zero before an odd size's first row/column (⌈n/2⌉)"
        case .replicateTopLeft: "2 × 2 averages, the first row and column repeated when either side is odd (⌊(n+1)/2⌋)"
        case .floor: "2 × 2 averages, an odd size's last row/column dropped (⌊n/2⌋)"
        }
        let negative = switch convention.negativeValues {
        case .none: "raised as they are (NaN)"
        case .relu: "clamped at 0 (relu)"
        case .halfShifted: "mapped to (v + 1)/2"
        }
        let range = switch convention.dataRange {
        case .given: "`max_val`, as given"
        case .fixed(let fixed): "\(fixed), whatever `max_val` is"
        case .estimatedPerScale: "estimated at every scale from the images there (max − min of either image, the larger), whatever `max_val` is"
        }
        let minimum = switch convention.minimumSide {
        case .pyramid: "every scale large enough for its SSIM"
        case .beyondWindowTimesScale: "sides beyond (k − 1)·2^(M − 1), and every scale large enough for its SSIM"
        }
        return [("per-scale SSIM", "`\(convention.scale.name)`")] + scale + [
            ("window", "`window_size`, as asked (\(convention.windowSize) by default)"),
            ("padding", padding),
            ("eps", convention.scale.includesEps ? "\(convention.eps), in the SSIM ratio" : "left out"),
            ("weights", weights), ("weights a caller gives", given),
            ("terms", convention.terms == .csThenSSIM
                ? "the mean cs at scales 1…M − 1, the mean SSIM at scale M" : "the mean SSIM at every scale"),
            ("downsampling", downsampling), ("negative means", negative),
            ("channels", convention.channelPooling == .perChannel ? "each channel's MS-SSIM, then their mean" : "each image's channels pooled at every scale"),
            ("pooling", "each scale's mean, then the powers and their product"),
            ("loss", "1 − MS-SSIM"), ("data range", range), ("smallest images", minimum),
        ]
    }

    /// Each choice of a 3-D SSIM convention in words.
    private static func choices(_ convention: SSIM3DConvention) -> [(String, String)] {
        let plane = choices(convention.plane).map { ("per-plane \($0.0)", $0.1) }
        let depth = convention.along(.depth)
        let padded = convention.paddedByWindowSize.isEmpty
            ? "every axis by its taps' reach"
            : "\(convention.paddedByWindowSize.map(\.rawValue).joined(separator: ", ")) by `window_size`'s reach (its 'same' map shorter there by twice the difference), the others by their taps'"
        return [("per-plane SSIM", "`\(convention.plane.name)`")] + plane + [
            ("depth border", "`\(depth.border.rawValue)`"), ("depth window", words(depth.window)), ("depth taps", words(depth.taps)),
            ("convolution", convention.convolution == .cubic
                ? "one 3-D convolution by the outer product of the axes' windows (k³ products per voxel)"
                : "one 1-D pass per axis (D, H, W)"),
            ("padding", padded),
            ("axes shorter than the window", convention.skipsShortAxes ? "not blurred" : "refused (image_too_small, naming the axis)"),
            ("half precisions", convention.computesHalfInFloat32 ? "computed in float32, the answer rounded" : "computed in their precision"),
        ]
    }

    /// Each choice of a 3-D MS-SSIM convention in words: its per-scale 3-D SSIM's, then its multi-scale ones.
    private static func choices(_ convention: MSSSIM3DConvention) -> [(String, String)] {
        let perScale = choices(convention.volume).map { ("per-scale \($0.0)", $0.1) }
        let multiScale = choices(convention.multiScale).filter { !$0.0.hasPrefix("per-scale") }
        return [("per-scale 3-D SSIM", "`\(convention.volume.name)`")] + perScale + multiScale
            + [("downsampling axes", "D, H and W, each by the rule (`avg_pool3d`)"), ("size rule of H and W only", "the depth needs only what every scale's 3-D SSIM needs")]
    }

    /// Each choice of an MS-SSIM + L1 convention in words.
    private static func choices(_ convention: MSSSIML1Convention) -> [(String, String)] {
        [
            ("σ of the scales", "\(convention.sigmas), at full resolution"),
            ("taps", "\(convention.taps) at every scale (⌊\(convention.reachInSigmas)·σ_M⌋ each side)"),
            ("taps built in", convention.tapsPrecision == .float32 ? "float32, the 2-D window their outer product" : "float64"),
            ("border", "`\(convention.border.rawValue)`"),
            ("K1, K2", "\(convention.k1), \(convention.k2)"),
            ("per pixel", "the luminance at the last σ times every σ's cs, averaged over the channels"),
            ("loss", "c·(α·(1 − MS-SSIM) + (1 − α)·G_σM ∗ |x − y| / L), α = \(convention.alpha) and c = \(convention.compensation) where the case gives none"),
            ("half precisions", convention.computesHalfInFloat32 ? "computed in float32, the answer rounded" : "computed in their precision"),
        ]
    }
}
