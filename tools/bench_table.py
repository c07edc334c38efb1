"""Writes the tables of tools/bench: docs/bench.md in full, and the summary into README.md between markers.

Usage: bench_table.py WORKLOADS.jsonl SCALING.jsonl --msssim MSSSIM.jsonl --msssim-l1 MSSSIML1.jsonl
                      --ssim3d SSIM3D.jsonl --machine TEXT --command TEXT --load TEXT --docs PATH --readme PATH
(standard library only; the numbers all come from the JSON lines that tools/bench collected in one run)
"""

import argparse
import datetime
import json
import re
import statistics

# The issues' targets for each workload: how many times faster than Kornia (in the same run), the share of the
# multiply-add peak of the instructions used (achieved ÷ peak, measured in the same run), and a call's median time.
TARGETS = {
    "1920x1080 RGB float32 loss": {"kornia": 10, "share": 0.70},
    "1920x1080 RGB float32 loss + gradients": {"kornia": 10, "share": 0.45},
    "1920x1080 RGB float64 loss": {"kornia": 20, "share": 0.70},
    "16x3x256x256 float32 loss": {"kornia": 8, "share": 0.65},
    "64x3x64x64 float32 loss + gradients": {"kornia": 20, "share": 0.35},
    "1x1x32x32 float64 loss + gradients": {"seconds": 15e-6},
}


# Issue 25's MS-SSIM targets: how many times faster than the fastest of the Python libraries' MS-SSIM (in the same
# run), or at most how many times the fast 2-D SSIM's time per sample (B·C·H·W) on the 2-D workload beside it.
MSSSIM_TARGETS = {
    "MS-SSIM 1x3x512x512 float32 loss + gradients": {"peers": 20},
    "MS-SSIM 1x3x512x512 float32 loss": {"ssim": 1.5},
    "MS-SSIM 1x1x176x176 float64 loss + gradients": {"ssim": 4},
}
MSSSIM_PEERS = [("pytorch_msssim", "pytorch-msssim"), ("piq", "piq"), ("torchmetrics", "torchmetrics")]
# Issue 25's 3-D SSIM target: the fast loss + gradients against Kornia's ssim3d_loss, in the same run.
SSIM3D_TARGETS = {"3-D SSIM 1x1x64x128x128 float32 loss + gradients": 20}
# Issue 25's MS-SSIM + L1 target: the fast loss + gradients against Kornia's MS_SSIMLoss, in the same run.
MSSSIM_L1_TARGETS = {"Kornia MS_SSIMLoss 1x3x512x512 float32 loss + gradients": 20}


def seconds(value):
    if abs(value) < 0.001:  # a small call; ffmpeg's 8-bit filter on small batches
        return f"{value:.6f}"
    return f"{value:.4f}" if value < 1 else f"{value:.2f}"


def ratio(peer, ours):
    value = peer / ours
    return f"{value:.1f}×" if value >= 1 else f"{value:.2f}×"


def peer_cell(peer, ours):
    """A peer's median and, in brackets, its time ÷ the fast implementation's; n/a where it was not timed."""
    if peer is None:
        return "n/a"
    return f"{seconds(peer['median_seconds'])} ({ratio(peer['median_seconds'], ours['median_seconds'])})"


def summary_table(workloads):
    lines = [
        "| workload | fast (s) | Kornia 0.9.0 (s) | fast vs Kornia | fast, baseline instructions (s) | pytorch-msssim (s) | scikit-image (s) | OpenCV, Gaussian SSIM mean (s) | ffmpeg ssim, 8×8 uniform windows, 8-bit (s) | ffmpeg ssim, float frames (s) | peak memory (inputs) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for workload in workloads:
        ours, peers = workload["ours"], workload["peers"]
        kornia = peers["kornia"]["median_seconds"]
        speedup = kornia / ours["median_seconds"]
        msssim = peers["pytorch_msssim"]["median_seconds"]
        baseline = workload["baseline"]["median_seconds"]
        skimage_cell = peer_cell(peers["scikit_image"], ours)
        opencv_cell = peer_cell(peers.get("opencv"), ours)
        ffmpeg_8bit_cell = peer_cell(peers.get("ffmpeg_8bit"), ours)
        ffmpeg_float_cell = peer_cell(peers.get("ffmpeg_float"), ours)
        lines.append(
            f"| {workload['name']} | {seconds(ours['median_seconds'])} | {seconds(kornia)} | {speedup:.1f}× | "
            f"{seconds(baseline)} ({ratio(kornia, baseline)}) | {seconds(msssim)} ({ratio(msssim, ours['median_seconds'])}) | {skimage_cell} | "
            f"{opencv_cell} | {ffmpeg_8bit_cell} | {ffmpeg_float_cell} | "
            f"{ours['peak_rss_mib']:.0f} MiB ({ours['inputs_mib']:.0f} MiB) |")
    return "\n".join(lines)


def per_sample(result, seconds=None):
    """`seconds` (the result's median if not given) per sample (B·C·H·W) of the result's shape."""
    samples = 1
    for size in result["shape"]:
        samples *= size
    return (result["median_seconds"] if seconds is None else seconds) / samples


def paired_ratio(ours, other):
    """The median and quartiles of ours ÷ other per sample, round by round (tools/bench_rounds.py's round medians)."""
    ratios = [per_sample(ours, a) / per_sample(other, b) for a, b in zip(ours["round_medians"], other["round_medians"])]
    return statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3


def msssim_table(rows):
    """MS-SSIM against the Python libraries and against the fast 2-D SSIM, with issue 25's targets."""
    lines = [
        "| workload | fast MS-SSIM (s) | " + " | ".join(f"{label} (s)" for _, label in MSSSIM_PEERS)
        + " | fast 2-D SSIM (s), shape | MS-SSIM ÷ 2-D SSIM per sample | target | measured | met | peak memory (inputs) |",
        "|---|---:|" + "---:|" * len(MSSSIM_PEERS) + "---:|---:|---:|---:|:-:|---:|",
    ]
    for row in rows:
        ours, ssim, peers = row["ours"], row["ssim"], row["peers"]
        fastest = min(peers[key]["median_seconds"] for key, _ in MSSSIM_PEERS)
        low, relative, high = paired_ratio(ours, ssim)
        target = MSSSIM_TARGETS.get(row["name"], {})
        if "peers" in target:
            goal, measured = f"≥ {target['peers']}× the fastest peer", fastest / ours["median_seconds"]
            met, shown = measured >= target["peers"], f"{measured:.1f}×"
        else:
            goal, shown = f"≤ {target['ssim']}× the 2-D SSIM per sample", f"{relative:.2f}×"
            met = relative <= target["ssim"]
        shape = "x".join(str(size) for size in ssim["shape"])
        lines.append(
            f"| {row['name']} | {seconds(ours['median_seconds'])} | "
            + " | ".join(peer_cell(peers[key], ours) for key, _ in MSSSIM_PEERS)
            + f" | {seconds(ssim['median_seconds'])}, {shape} | {relative:.2f}× [{low:.2f}, {high:.2f}] | {goal} | {shown} | "
            f"{'yes' if met else 'no'} | "
            f"{ours['peak_rss_mib']:.0f} MiB ({ours['inputs_mib']:.0f} MiB) |")
    return "\n".join(lines)


def kornia_table(rows, metric, function, targets):
    """A fast metric against Kornia's own function for it, with issue 25's targets."""
    lines = [f"| workload | fast {metric} (s) | Kornia `{function}` (s) | target | measured | met | peak memory (inputs) |",
             "|---|---:|---:|---:|---:|:-:|---:|"]
    for row in rows:
        ours, kornia = row["ours"], row["peers"]["kornia"]
        speedup = kornia["median_seconds"] / ours["median_seconds"]
        target = targets.get(row["name"])
        goal, met = (f"≥ {target}× Kornia", "yes" if speedup >= target else "no") if target else ("", "")
        lines.append(
            f"| {row['name']} | {seconds(ours['median_seconds'])} | {peer_cell(kornia, ours)} | {goal} | "
            f"{speedup:.1f}× | {met} | {ours['peak_rss_mib']:.0f} MiB ({ours['inputs_mib']:.0f} MiB) |")
    return "\n".join(lines)


def ssim3d_table(rows):
    """3-D SSIM against Kornia's ssim3d_loss."""
    return kornia_table(rows, "3-D SSIM", "ssim3d_loss", SSIM3D_TARGETS)


def msssim_l1_table(rows):
    """MS-SSIM + L1 against Kornia's MS_SSIMLoss."""
    return kornia_table(rows, "MS-SSIM + L1", "MS_SSIMLoss", MSSSIM_L1_TARGETS)


def kornia_context(peers, ours, theirs, script):
    """The sentence before a table of a fast metric against Kornia's function for it."""
    return (f"{ours} beside Kornia {peers['versions']['kornia']}'s {theirs} with the same gradients, torch "
            f"{peers['versions']['torch']} with {peers['torch_threads']} threads ({script}); in brackets: Kornia's "
            f"time ÷ the fast implementation's.")


def share(workload):
    ours = workload["ours"]
    return ours["achieved_gflops"] / ours["peak_gflops"]


def targets_table(workloads):
    """One row per target of each workload: what this run measured against it, and whether it is met."""
    lines = ["| workload | target | measured | met |", "|---|---:|---:|:-:|"]
    for workload in workloads:
        ours, name = workload["ours"], workload["name"]
        target = TARGETS.get(name, {})
        rows = []
        if "kornia" in target:
            speedup = workload["peers"]["kornia"]["median_seconds"] / ours["median_seconds"]
            rows.append((f"≥ {target['kornia']}× Kornia", f"{speedup:.1f}×", speedup >= target["kornia"]))
        if "share" in target:
            rows.append((f"≥ {100 * target['share']:.0f} % of the peak", f"{100 * share(workload):.0f} %",
                         share(workload) >= target["share"]))
        if "seconds" in target:
            rows.append((f"≤ {1e6 * target['seconds']:.0f} µs a call", f"{1e6 * ours['median_seconds']:.1f} µs",
                         ours["median_seconds"] <= target["seconds"]))
        for goal, measured, met in rows:
            lines.append(f"| {name} | {goal} | {measured} | {'yes' if met else 'no'} |")
    return "\n".join(lines)


def peers_table(workloads, threads, torch_threads):
    """What each column computes and how it is timed, with the versions and threads of this run."""
    first = workloads[0]["peers"]
    versions = first["versions"]
    plain = [w for w in workloads if not w["peers"]["gradient"] and w["peers"].get("ffmpeg_8bit")]
    example = plain[0] if plain else None

    def answer(key):
        if example is None or example["peers"].get(key) is None or example["peers"][key].get("mean_ssim") is None:
            return ""
        return f" Mean SSIM on the {example['name']} inputs: {example['peers'][key]['mean_ssim']:.6f}."

    ffmpeg_float = example["peers"]["ffmpeg_float"] if example else {}
    ffmpeg_8bit = example["peers"]["ffmpeg_8bit"] if example else {}
    conversion = (
        f"the filter takes no float format, so ffmpeg converts the frames itself to {ffmpeg_float['filter_input']} "
        f"(16-bit integers) before the filter, and the conversion counts in the time"
        if ffmpeg_float and ffmpeg_float.get("filter_input") != ffmpeg_float.get("pix_fmt") else
        f"the filter takes {ffmpeg_float.get('pix_fmt', 'the float frames')} as they are")
    passes = ", ".join(f"{w['name']}: {w['peers']['ffmpeg_8bit']['passes']}" for w in plain)
    rows = [
        "| column | library | what it computes | borders | precision | gradients | threads | timed |",
        "|---|---|---|---|---|---|---|---|",
        f"| fast | this package (`ssim-conform bench`) | Kornia's SSIM loss, clamp((1 − SSIM)/2, 0, 1), 'mean'; Gaussian window of 11 taps, σ 1.5 | reflect (torch's) | the workload's | with --gradient, to both images | {threads} workers | in process |",
        f"| Kornia | kornia {versions['kornia']} (torch {versions['torch']}) | `kornia.losses.ssim_loss`: the same loss | reflect | the workload's | autograd, to both images | torch's ({torch_threads}) | in process |",
        f"| pytorch-msssim | pytorch-msssim {versions['pytorch_msssim']} | `1 − ssim(…, size_average=True)`: the SSIM map's mean, Gaussian 11 taps, σ 1.5 | none: the 'valid' map | the workload's | autograd, to both images | torch's ({torch_threads}) | in process |",
        f"| scikit-image | scikit-image {versions['scikit_image']} | `structural_similarity`, Gaussian weights σ 1.5 (11 taps), population covariance: the map's mean less a 5-pixel border, one (C, H, W) image at a time | cropped away | the workload's | none for both images: not timed | one | in process |",
        f"| OpenCV | opencv-python-headless {versions.get('opencv', '?')} | OpenCV's classic recipe: `cv2.GaussianBlur` 11 × 11, σ 1.5, of the images, their squares and product, the SSIM map by cv2 arithmetic, `cv2.mean` of each (H, W) plane, averaged: the Gaussian SSIM's mean.{answer('opencv')} | `BORDER_REFLECT_101` (torch's reflect) | the workload's (float32; float64 for the float64 workload) | none: forward only, not timed with gradients | OpenCV's ({first.get('opencv_threads', '?')}) | in process |",
        f"| ffmpeg 8-bit | ffmpeg {versions.get('ffmpeg', '?')} (Debian's), its `ssim` filter | a different, cheaper metric, x264's SSIM: sums over 4 × 4 blocks, the SSIM of each 8 × 8 window of uniform weight on a 4-pixel grid, averaged per plane, then over the planes; not Gaussian.{answer('ffmpeg_8bit')} | none: whole windows only | 8-bit integers: {ffmpeg_8bit.get('pix_fmt', 'gbrp')} frames of round(255 · x) | none: forward only | the filter's slice threads (ffmpeg's default, one per core) | a process per run on raw frames (one per image of the batch), net of reading them |",
        f"| ffmpeg float | the same | the same metric.{answer('ffmpeg_float')} | the same | {ffmpeg_float.get('pix_fmt', 'gbrpf32le')} frames (float64 rounded to float32); {conversion} | none | the same | the same |",
    ]
    timing = (
        "In process: one warm-up call, then the median of the runs. ffmpeg, a program, is timed in two kinds of "
        "runs, one after the other on the same raw files (in memory): with the `ssim` filter, and reading and "
        "decoding the same frames of both inputs without it (`[0:v]null[main];[1:v]nullsink`, the main frames to the null muxer as the `ssim` filter passes them on); its time is the "
        "difference of the medians, divided by the passes each run makes over the batch (`-stream_loop`, so that the "
        f"SSIM outweighs the process's start{'; passes: ' + passes if passes else ''}).")
    return "\n".join(rows) + "\n\n" + timing


def scaling_tables(scaling):
    tables = []
    for gradient in (False, True):
        rows = [row for row in scaling if row["gradient"] == gradient]
        shapes = []
        for row in rows:
            if row["shape"] not in shapes:
                shapes.append(row["shape"])
        lines = [
            f"**float32 loss{' + gradients' if gradient else ''}**",
            "",
            "| image (B×C×H×W) | samples | 1 worker (s) | 2 workers (s) | speed-up | ns per sample (1 worker) | megapixels/s (2 workers) | peak memory − inputs (2 workers) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for shape in shapes:
            by_threads = {row["threads"]: row for row in rows if row["shape"] == shape}
            one, two = by_threads.get(1), by_threads.get(2)
            samples = shape[0] * shape[1] * shape[2] * shape[3]
            two_seconds = seconds(two["median_seconds"]) if two else "n/a"
            speedup = f"{one['median_seconds'] / two['median_seconds']:.2f}×" if two else "n/a"
            rate = f"{two['megapixels_per_second']:.0f}" if two else "n/a"
            working = f"{two['peak_rss_mib'] - two['inputs_mib']:.0f} MiB" if two else "n/a"
            lines.append(
                f"| {'×'.join(map(str, shape))} | {samples / 1e6:.2f} M | {seconds(one['median_seconds'])} | "
                f"{two_seconds} | {speedup} | {1e9 * one['median_seconds'] / samples:.1f} | {rate} | {working} |")
        tables.append("\n".join(lines))
    return "\n\n".join(tables)


def peak_table(workloads):
    lines = [
        "| workload | work (GFLOP) | achieved (GFLOP/s) | multiply-add peak of its instructions (GFLOP/s) | used | baseline's peak (GFLOP/s) | the work at the baseline's peak (s) | Kornia's time ÷ target (s) | torch matmul peak (GFLOP/s) | used |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for workload in workloads:
        ours, peers = workload["ours"], workload["peers"]
        torch_peak = peers.get("torch_matmul_gflops")
        baseline_peak = workload["baseline"]["peak_gflops"]
        kornia_target = TARGETS.get(workload["name"], {}).get("kornia")
        lines.append(
            f"| {workload['name']} | {ours['algorithm_gflop']:.2g} | {ours['achieved_gflops']:.1f} | "
            f"{ours['peak_gflops']:.1f} | {100 * share(workload):.0f} % | "
            f"{baseline_peak:.1f} | {seconds(ours['algorithm_gflop'] / baseline_peak)} | "
            f"{seconds(peers['kornia']['median_seconds'] / kornia_target) if kornia_target else 'n/a'} | "
            f"{torch_peak:.0f} | {100 * ours['achieved_gflops'] / torch_peak:.0f} % |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("workloads")
    parser.add_argument("scaling")
    parser.add_argument("--machine", required=True)
    parser.add_argument("--command", required=True)
    parser.add_argument("--load", required=True)
    parser.add_argument("--docs", required=True)
    parser.add_argument("--readme", required=True)
    parser.add_argument("--msssim", required=True)
    parser.add_argument("--ssim3d", required=True)
    parser.add_argument("--msssim-l1", required=True)
    args = parser.parse_args()
    msssim_l1 = [json.loads(line) for line in open(args.msssim_l1) if line.strip()]
    msssim_l1_context = kornia_context(
        msssim_l1[0]["peers"], "MS-SSIM + L1: the fast implementation's Kornia `MS_SSIMLoss` (`ssim-conform bench "
        "--metric ms-ssim-l1`: σ 0.5…8 at full resolution, each 33-tap Gaussian as two 1-D passes, zero padding, α "
        "0.025, compensation 200, maxVal 1, 'mean')", "`kornia.losses.MS_SSIMLoss` at its defaults (grouped 2-D "
        "convolutions by the 33 × 33 masks) on the same images", "tools/bench_msssim_l1_peers.py")
    ssim3d = [json.loads(line) for line in open(args.ssim3d) if line.strip()]
    ssim3d_context = kornia_context(
        ssim3d[0]["peers"], "3-D SSIM: the fast implementation's Kornia `ssim3d` (`ssim-conform bench --metric "
        "ssim-3d`: window 11 on every axis as three 1-D passes, maxVal 1, 'same', 'mean')", "`ssim3d_loss` (one 3-D "
        "convolution by the cubic window) on the same volumes", "tools/bench_ssim3d_peers.py")
    msssim = [json.loads(line) for line in open(args.msssim) if line.strip()]
    msssim_versions = msssim[0]["peers"]["versions"]
    msssim_context = (
        f"MS-SSIM: the fast implementation's `wang-msssim` (`ssim-conform bench --metric ms-ssim`: Wang's five scales, "
        f"window 11, maxVal 1, loss 1 − MS-SSIM, 'mean') beside pytorch-msssim {msssim_versions['pytorch_msssim']} "
        f"(`ms_ssim`), piq {msssim_versions['piq']} (`multi_scale_ssim`) and torchmetrics "
        f"{msssim_versions['torchmetrics']} (`multiscale_structural_similarity_index_measure`), each `1 − MS-SSIM` at "
        f"its own convention with Wang's scales, window 11 and data range 1, with the same gradients "
        f"(tools/bench_msssim_peers.py), and beside the fast 2-D SSIM loss (`ssim-conform bench`) on the shape named; "
        f"in brackets: the peer's time ÷ the fast MS-SSIM's. Medians of "
        f"{', '.join(str(w['peers']['pytorch_msssim']['runs']) for w in msssim)} runs of each peer (row by row); "
        f"ours and the 2-D SSIM, calls of milliseconds whose medians move by half from one minute to the next, in "
        f"{', '.join(str(len(w['ours']['round_medians'])) for w in msssim)} rounds one after the other (the order "
        f"reversed every other round), each time the median of its rounds' medians, of "
        f"{', '.join(str(w['ours']['runs']) for w in msssim)} runs of ours in all (tools/bench_rounds.py); MS-SSIM ÷ "
        f"2-D SSIM per sample is the median of the rounds' ratios, their quartiles in brackets, so that a slow spell, "
        f"which falls on both of a round, moves it little.")
    workloads = [json.loads(line) for line in open(args.workloads) if line.strip()]
    scaling = [json.loads(line) for line in open(args.scaling) if line.strip()]
    date = datetime.date.today().isoformat()
    versions = workloads[0]["peers"]["versions"]
    threads = workloads[0]["ours"]["threads"]
    torch_threads = workloads[0]["peers"]["torch_threads"]
    runs = workloads[0]["ours"]["runs"]
    instructions = workloads[0]["ours"]["instructions"]
    context = (
        f"Measured on {date} on {args.machine}, by `{args.command}`: medians of {runs} runs after a warm-up, the "
        f"peers in the same run on the same inputs. Fast: `ssim-conform bench` (plain `swift build -c release`), "
        f"{threads} workers, inner loops on {instructions} (and, for comparison, on the baseline: SSE2 on x86-64, "
        f"what Swift code compiles to); peers on the CPU with torch's own threads ({torch_threads}): torch {versions['torch']}, "
        f"Kornia {versions['kornia']} (`kornia.losses.ssim_loss`), pytorch-msssim {versions['pytorch_msssim']} "
        f"(`1 − ssim`, 'valid' borders), scikit-image {versions['scikit_image']} (`structural_similarity`, Gaussian "
        f"weights, one image at a time; it has no gradient for both images); OpenCV {versions.get('opencv', '?')} "
        f"(the classic Gaussian-blur recipe: `cv2.GaussianBlur` 11 taps, σ 1.5, reflect-101 borders, in the "
        f"workload's dtype, with OpenCV's own threads ({workloads[0]['peers'].get('opencv_threads', '?')}): the "
        f"SSIM map's mean, forward only, no gradients) and ffmpeg {versions.get('ffmpeg', '?')}'s `ssim` filter (a "
        f"different, cheaper metric: x264's 8×8 windows of uniform weight on a 4-pixel grid, from 4×4 block sums, not "
        f"Gaussian; on 8-bit frames, and on float frames, which ffmpeg converts to 16-bit integers for the filter; "
        f"net of reading the frames; forward only). Window 11, maxVal 1, 'mean'. In brackets: the peer's time ÷ "
        f"the fast implementation's. Load averages (1, 5, 15 "
        f"minutes): {args.load}; with a core busy elsewhere, every number here is off, the peers' most. Peak "
        f"memory: the process's peak resident size, inputs included (in brackets: the two input images).")
    summary = summary_table(workloads)
    targets = targets_table(workloads)
    docs = f"""# Benchmarks of the fast implementation

<!-- Written by tools/bench ({args.command}); do not edit by hand. -->

{context}

## The targets

{targets}

## Against the peers

{summary}

## MS-SSIM

{msssim_context}

{msssim_table(msssim)}

{msssim_l1_context}

{msssim_l1_table(msssim_l1)}

## 3-D SSIM

{ssim3d_context}

{ssim3d_table(ssim3d)}

## What each column computes

{peers_table(workloads, threads, torch_threads)}

## Time against image size and workers

`ssim-conform bench --threads N` limits the workers. Time per sample staying flat as the image grows means time grows
linearly with the number of pixels; the speed-up column is what a second core buys. The last column is the process's
peak resident size less the two input images: the program itself, the row buffers and, with gradients, the two
gradient images (as large as the inputs); without gradients it does not grow with the image.

{scaling_tables(scaling)}

## How close to the machine

Work: the floating-point operations the algorithm needs per sample (`ssim-conform bench --peak` counts them in
their cheapest form: two blur passes of four moments (x, y, x² + y², xy) at 3r + 1 each, products, ratio and
clamp; with gradients, the moment gradients, two adjoint passes of four rows and the chain rule), times the samples. Peaks measured in the same
run: the multiply-and-add of the instructions the fast implementation ran ({instructions}; a register-only loop of
independent chains on that instruction set's vectors, on every worker), and torch's float matrix product, which uses
the processor's widest FMA (AVX-512 here) on data laid out for it. The baseline's peak (SSE2, no FMA: what Swift code
compiles to) bounds what the same algorithm could do without the C loops; where the work at that peak takes longer
than Kornia's time divided by the target, the target is out of reach on the baseline. How much of the peak this
arithmetic can use at all is measured apart, by `tools/perf/forward-ceiling` ([tools/perf/README.md](../tools/perf/README.md)):
the forward loss's parts, each as fast as it could be made with every buffer in the first-level cache, reach about 56 %
of the float32 peak on this core, and no schedule of the ports can pass about 67 %: the blur along W must move data
across vector lanes, and on this core the shuffles that do it take the place of multiply-adds. With gradients, the
parts reach about 58 %, and no schedule passes about 70 %. In a profile of the
fast forward loss (`perf record` of `ssim-conform bench`, 1920×1080 float32, two workers, on 2026-12-01), the blur
along W took 36 % of the kernel's time, the blur along H 33 %, and the sweep (the products, the SSIM ratio and
the loss, waiting on the input rows) 31 %. The achieved ÷ peak on 1 and 2 workers, and how the kernel will behave
on 16 or 64 cores: [docs/scaling.md](scaling.md).

{peak_table(workloads)}
"""
    with open(args.docs, "w") as handle:
        handle.write(docs)
    readme = open(args.readme).read()
    block = (f"<!-- bench:begin -->\n{targets}\n\n{summary}\n\n{msssim_table(msssim)}\n\n{msssim_l1_table(msssim_l1)}\n\n"
             f"{ssim3d_table(ssim3d)}\n\n{context} {msssim_context} {msssim_l1_context} {ssim3d_context} "
             f"Details, scaling and the machine's peak: "
             f"[docs/bench.md](docs/bench.md) (with what each peer computes).\n<!-- bench:end -->")
    updated, count = re.subn(r"<!-- bench:begin -->.*?<!-- bench:end -->", lambda _: block, readme, flags=re.S)
    if count != 1:
        raise SystemExit(f"{args.readme}: expected one <!-- bench:begin --> … <!-- bench:end --> block, found {count}")
    with open(args.readme, "w") as handle:
        handle.write(updated)


if __name__ == "__main__":
    main()
