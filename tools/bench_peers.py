"""Times the peers of `ssim-conform bench` on the same inputs: Kornia 0.9.0, pytorch-msssim, scikit-image, OpenCV's
Gaussian-blur SSIM and ffmpeg's `ssim` filter.

Usage: bench_peers.py --shape BxCxHxW --dtype float32|float64 [--gradient] [--runs N] [--seed S] [--peak]

The images are the ones `ssim-conform bench` draws (the vectors' SplitMix64 from --seed: img1 uniform in [0, 1),
img2 = 0.5·img1 + 0.5·noise, in the precision asked). Each peer computes the SSIM loss with an 11-tap Gaussian window
of σ 1.5 and data range 1, on the CPU with torch's own threads (torch.get_num_threads()); with --gradient, the loss's
backward pass to both images. Time: one warm-up run, then the median and minimum of --runs runs. scikit-image has no
gradient with respect to both images of a colour batch, so it is timed only without --gradient. With --peak, also the
machine's measured arithmetic peak as torch reaches it (a large matrix product, which uses the widest vector FMA the
processor has). Prints one JSON object.

OpenCV (opencv-python-headless, with OpenCV's own threads, cv2.getNumThreads()): the classic recipe (OpenCV's
tutorial getMSSISM) on each (H, W) plane, in the workload's dtype (float32, or float64 for the float64 workload):
cv2.GaussianBlur of 11 × 11 taps, σ 1.5, cv2.BORDER_REFLECT_101 (torch's 'reflect', Kornia's border) of the images,
their squares and product; the SSIM map with C1 = 0.01², C2 = 0.03² by cv2 arithmetic; cv2.mean of each plane's map,
averaged. The SSIM's mean only, forward: OpenCV has no gradient, so it is timed only without --gradient.

ffmpeg (Debian's `ffmpeg` binary, its `ssim` filter, the filter's own slice threads): a different and cheaper
metric, x264's: sums over 4 × 4 blocks, SSIM of each 8 × 8 window of uniform weight (two by two blocks) on a grid of
4 pixels, averaged per plane, then over the planes. No Gaussian, no borders. Timed on 8-bit frames (gbrp for 3
channels, gray for 1: round(255 · x)) and on float frames (gbrpf32le or grayf32le, float64 rounded to float32): the
filter takes no float format, so ffmpeg itself inserts a conversion to 16-bit integer planes (gbrp16le, gray16le)
before it, and that conversion counts in the float time. The B images of a batch are B frames of one raw video; each
ffmpeg run reads the batch `passes` times (-stream_loop, so that the SSIM outweighs the process's start), from files
in a temporary folder (in the page cache after the warm-up). Net of reading the frames: the median of the runs with
the ssim filter minus the median of the runs that read and decode the same frames of both inputs without it (input 0
through the `null` filter to the null muxer, input 1 into `nullsink`: the same frames in and out as with the ssim
filter), divided by the passes; the min the same with the minima. Without --gradient only.
"""

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time

import numpy as np
import torch

import kornia
import pytorch_msssim
import skimage.metrics
import cv2

MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def splitmix64_units(seed, count):
    """The first `count` values of SplitMix64(seed).unit(), as float64 (the same numbers as the Swift side)."""
    with np.errstate(over="ignore"):
        state = np.uint64(seed) + np.uint64(0x9E3779B97F4A7C15) * np.arange(1, count + 1, dtype=np.uint64)
        z = state
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0**-53


def images(shape, dtype, seed):
    count = int(np.prod(shape))
    units = splitmix64_units(seed, 2 * count)
    x = units[:count].astype(dtype)
    y = dtype(0.5) * x + dtype(0.5) * units[count:].astype(dtype)
    return x.reshape(shape), y.reshape(shape)


def timed(function, runs):
    function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return {"median_seconds": statistics.median(times), "min_seconds": min(times), "runs": runs}


def loss_run(loss, x, y, gradient):
    """A function that computes `loss(x, y)` once: without gradients, or with its backward pass to both inputs (on
    fresh leaves, so that every run does the same work)."""
    if not gradient:
        def forward():
            with torch.no_grad():
                loss(x, y).item()
        return forward

    def step():
        a, b = x.clone().requires_grad_(True), y.clone().requires_grad_(True)
        loss(a, b).backward()
    return step


def parsed_inputs(rank):
    """The arguments of a peers script (--shape of `rank` sizes, --dtype, --gradient, --runs, --seed) and the two
    inputs `ssim-conform bench` draws for them, as torch tensors."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--shape", required=True)
    parser.add_argument("--dtype", choices=["float32", "float64"], required=True)
    parser.add_argument("--gradient", action="store_true")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args()
    shape = [int(size) for size in args.shape.lower().split("x")]
    if len(shape) != rank:
        parser.error(f"--shape has {rank} sizes")
    x, y = images(shape, np.float32 if args.dtype == "float32" else np.float64, args.seed)
    return args, shape, torch.from_numpy(x), torch.from_numpy(y)


def print_kornia_peer(loss_for, rank):
    """The main of a peers script whose one peer is a Kornia loss: `loss_for(dtype)` timed on the inputs of `rank`
    sizes `ssim-conform bench` draws, printed as one JSON object."""
    args, shape, tx, ty = parsed_inputs(rank)
    result = {
        "shape": shape, "dtype": args.dtype, "gradient": args.gradient, "torch_threads": torch.get_num_threads(),
        "versions": {"torch": torch.__version__, "kornia": kornia.__version__},
        "kornia": timed(loss_run(loss_for(tx.dtype), tx, ty, args.gradient), args.runs),
    }
    print(json.dumps(result))


def kornia_run(x, y, gradient):
    return loss_run(
        lambda a, b: kornia.losses.ssim_loss(a, b, window_size=11, max_val=1.0, reduction="mean"), x, y, gradient)


def msssim_run(x, y, gradient):
    return loss_run(
        lambda a, b: 1 - pytorch_msssim.ssim(a, b, data_range=1.0, win_size=11, size_average=True), x, y, gradient)


def skimage_run(x, y):
    def step():
        for a, b in zip(x, y):  # one (C, H, W) image at a time
            skimage.metrics.structural_similarity(
                a, b, data_range=1.0, channel_axis=0, gaussian_weights=True, sigma=1.5, win_size=11,
                use_sample_covariance=False)
    return step


def opencv_run(x, y):
    """The SSIM map's mean by OpenCV's classic Gaussian-blur recipe, plane by plane; returns the mean SSIM."""
    c1, c2 = 0.01**2, 0.03**2

    def blur(plane):
        return cv2.GaussianBlur(plane, (11, 11), 1.5, sigmaY=1.5, borderType=cv2.BORDER_REFLECT_101)

    def plane_mean(i1, i2):
        mu1, mu2 = blur(i1), blur(i2)
        mu1_2, mu2_2, mu1_mu2 = cv2.multiply(mu1, mu1), cv2.multiply(mu2, mu2), cv2.multiply(mu1, mu2)
        sigma1_2 = cv2.subtract(blur(cv2.multiply(i1, i1)), mu1_2)
        sigma2_2 = cv2.subtract(blur(cv2.multiply(i2, i2)), mu2_2)
        sigma12 = cv2.subtract(blur(cv2.multiply(i1, i2)), mu1_mu2)
        t3 = cv2.multiply(cv2.add(cv2.multiply(mu1_mu2, 2.0), c1), cv2.add(cv2.multiply(sigma12, 2.0), c2))
        t1 = cv2.multiply(cv2.add(cv2.add(mu1_2, mu2_2), c1), cv2.add(cv2.add(sigma1_2, sigma2_2), c2))
        return cv2.mean(cv2.divide(t3, t1))[0]

    planes = [(x[b, c], y[b, c]) for b in range(x.shape[0]) for c in range(x.shape[1])]  # contiguous (H, W) views

    def step():
        return sum(plane_mean(a, b) for a, b in planes) / len(planes)
    return step


def ffmpeg_frames(x, y, pixel, folder):
    """Writes x and y as raw video files (one frame per image of the batch, channels as planes); returns
    the ffmpeg pixel format and the two paths."""
    channels = x.shape[1]
    if channels not in (1, 3):
        raise SystemExit(f"ffmpeg's ssim filter: {channels} channels, not 1 (gray) or 3 (gbrp)")
    if pixel == "8-bit":
        fmt = "gray" if channels == 1 else "gbrp"
        convert = lambda a: np.clip(np.rint(a * 255.0), 0, 255).astype(np.uint8)
    else:
        fmt = "grayf32le" if channels == 1 else "gbrpf32le"
        convert = lambda a: a.astype("<f4")
    paths = []
    for name, image in (("x", x), ("y", y)):
        path = os.path.join(folder, f"{name}-{fmt}.raw")
        convert(image).tofile(path)
        paths.append(path)
    return fmt, paths


def ffmpeg_timed(x, y, pixel, runs, folder, samples_per_run=60e6):
    batch, _, height, width = x.shape
    fmt, (path_x, path_y) = ffmpeg_frames(x, y, pixel, folder)
    passes = max(1, math.ceil(samples_per_run / x.size))
    inputs = []
    for path in (path_x, path_y):
        inputs += ["-stream_loop", str(passes - 1), "-f", "rawvideo", "-pix_fmt", fmt,
                   "-s", f"{width}x{height}", "-i", path]
    head = ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-loglevel", "info"]
    with_ssim = head + inputs + ["-lavfi", "[0:v][1:v]ssim", "-f", "null", "-"]
    # The same frames of both inputs read and decoded, through a filter graph with one output stream of the same
    # frames, as with the ssim filter (which passes its main input on): only the SSIM is missing.
    read_only = head + inputs + ["-lavfi", "[0:v]null[main];[1:v]nullsink", "-map", "[main]", "-f", "null", "-"]

    def run(command):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
        return elapsed, done.stderr

    # Warm-up (both files into the page cache), verbose once to see what the filter is given: a format the filter does
    # not take gets a conversion ffmpeg inserts itself ("auto_scale_0 ... fmt:gbrpf32le ... -> ... fmt:gbrp16le").
    _, verbose = run([part if part != "info" else "verbose" for part in with_ssim])
    run(read_only)
    conversion = re.search(r"auto_scale_0 .*fmt:(\S+) .*-> .*fmt:(\S+)", verbose)
    ssim_times, read_times = [], []
    for _ in range(runs):
        elapsed, log = run(with_ssim)
        ssim_times.append(elapsed)
        read_times.append(run(read_only)[0])
    found = re.findall(r"SSIM .*All:([0-9.]+)", log)
    ssim_median, read_median = statistics.median(ssim_times), statistics.median(read_times)
    return {
        "median_seconds": (ssim_median - read_median) / passes,
        "min_seconds": (min(ssim_times) - min(read_times)) / passes,
        "runs": runs, "passes": passes, "frames_per_pass": batch, "pix_fmt": fmt,
        "filter_input": conversion.group(2) if conversion else fmt,
        "run_with_ssim_median_seconds": ssim_median, "run_reading_only_median_seconds": read_median,
        "mean_ssim": float(found[-1]) if found else None,
    }


def ffmpeg_version():
    try:
        first = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True, check=True).stdout.split("\n")[0]
    except (OSError, subprocess.CalledProcessError) as error:
        raise SystemExit(f"ffmpeg is needed (tools/bench installs Debian's ffmpeg): {error}")
    match = re.match(r"ffmpeg version (\S+)", first)
    return match.group(1) if match else first


def matmul_peak(dtype, size=2048, runs=5):
    a = torch.rand(size, size, dtype=dtype)
    b = torch.rand(size, size, dtype=dtype)
    result = timed(lambda: torch.mm(a, b), runs)
    return 2 * size**3 / result["min_seconds"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shape", required=True)
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    parser.add_argument("--gradient", action="store_true")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--peak", action="store_true")
    args = parser.parse_args()
    shape = [int(size) for size in args.shape.lower().split("x")]
    dtype = np.float32 if args.dtype == "float32" else np.float64
    x, y = images(shape, dtype, args.seed)
    tx, ty = torch.from_numpy(x), torch.from_numpy(y)
    torch.set_grad_enabled(True)
    result = {
        "shape": shape, "dtype": args.dtype, "gradient": args.gradient, "torch_threads": torch.get_num_threads(),
        "opencv_threads": cv2.getNumThreads(),
        "versions": {"torch": torch.__version__, "kornia": kornia.__version__,
                     "pytorch_msssim": getattr(pytorch_msssim, "__version__", "1.0.0"),
                     "scikit_image": skimage.__version__, "numpy": np.__version__, "opencv": cv2.__version__,
                     "ffmpeg": ffmpeg_version()},
        "kornia": timed(kornia_run(tx, ty, args.gradient), args.runs),
        "pytorch_msssim": timed(msssim_run(tx, ty, args.gradient), args.runs),
        "scikit_image": None if args.gradient else timed(skimage_run(x, y), args.runs),
        "opencv": None,
        "ffmpeg_8bit": None,
        "ffmpeg_float": None,
    }
    if not args.gradient:
        step = opencv_run(x, y)
        result["opencv"] = timed(step, args.runs)
        result["opencv"]["mean_ssim"] = step()
        folder = tempfile.mkdtemp(prefix="bench-ffmpeg-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
        try:
            result["ffmpeg_8bit"] = ffmpeg_timed(x, y, "8-bit", args.runs, folder)
            result["ffmpeg_float"] = ffmpeg_timed(x, y, "float", args.runs, folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if args.peak:
        result["torch_matmul_gflops"] = matmul_peak(torch.float32 if dtype == np.float32 else torch.float64) / 1e9
    print(json.dumps(result))


if __name__ == "__main__":
    main()
