import SSIM

/// `docs/conventions.md`: each convention's choices in words and where they were read, made from the same values
/// `conventions --json` prints (`ssim-conform conventions --markdown > docs/conventions.md`).
enum ConventionsPage {
    static func markdown(_ conventions: [SSIMConvention]) -> String {
        var page = """
            # SSIM conventions

            <!-- Made by `ssim-conform conventions --markdown > docs/conventions.md`: edit the conventions in
            Sources/SSIM/Reference/SSIMConvention+Named.swift, not this page. -->

            A convention is every choice an SSIM implementation makes besides what a case asks (window size, data range,
            eps, padding, reduction): the border, the window and its taps, the moments, the constants, the 'valid' crop,
            whether it gives the map or only each image's mean, the loss, the arithmetic precision. `SSIMConvention`
            documents each choice; `ssim-conform conventions` lists the named ones, `conventions --json NAME` prints one
            as the JSON that `--convention FILE` reads (a missing key takes Kornia's value, an unknown key or an
            impossible value is an error naming it). `certify --convention NAME|FILE` judges an implementation by that
            convention's expected answers and bounds, computed by the reference from the vectors' inputs; the cases it
            cannot express ('same' without a border, a map from a convention of means) are `not_applicable`.

            The libraries with an adapter in `tools/adapters/` are described as that adapter calls them. The research
            with every pin is in [conventions-provenance.md](conventions-provenance.md).


            """
        for convention in conventions {
            page += section(convention)
        }
        return page
    }

    private static func section(_ convention: SSIMConvention) -> String {
        var text = "## `\(convention.name)`\n\n\(convention.summary)\n\n| choice | value |\n|---|---|\n"
        for (choice, value) in choices(convention) {
            text += "| \(choice) | \(value) |\n"
        }
        guard let provenance = convention.provenance else { return text + "\n" }
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
        let window = switch convention.window {
        case .gaussian(let sigma): "Gaussian, σ = \(sigma)"
        case .uniform: "uniform"
        }
        let taps = switch convention.taps {
        case .asked: "`window_size`, as asked"
        case .fixed(let count): "\(count), whatever `window_size` asks"
        case .truncated(let truncate): "2·⌊\(truncate)·σ + 0.5⌋ + 1, `window_size` ignored"
        }
        let crop = (convention.cropsByTaps ? "the taps' radius" : "the radius of `window_size` asked")
            + (convention.extraValidCrop == 0 ? "" : ", plus \(convention.extraValidCrop)")
        let loss = switch convention.loss {
        case .halvedThenClamped: "clamp((1 − SSIM)/2, 0, 1)"
        case .oneMinusSSIM: "1 − SSIM"
        case .clampedThenHalved: "clamp(1 − SSIM, 0, 1)/2"
        }
        return [
            ("border", border), ("window", window), ("taps", taps),
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
}
