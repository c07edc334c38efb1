"""Times the peers of `ssim-conform bench` on the same inputs: Kornia 0.9.0, pytorch-msssim and scikit-image.

Usage: bench_peers.py --shape BxCxHxW --dtype float32|float64 [--gradient] [--runs N] [--seed S] [--peak]

The images are the ones `ssim-conform bench` draws (the vectors' SplitMix64 from --seed: img1 uniform in [0, 1),
img2 = 0.5·img1 + 0.5·noise, in the precision asked). Each peer computes the SSIM loss with an 11-tap Gaussian window
of σ 1.5 and data range 1, on the CPU with torch's own threads (torch.get_num_threads()); with --gradient, the loss's
backward pass to both images. Time: one warm-up run, then the median and minimum of --runs runs. scikit-image has no
gradient with respect to both images of a colour batch, so it is timed only without --gradient. With --peak, also the
machine's measured arithmetic peak as torch reaches it (a large matrix product, which uses the widest vector FMA the
processor has). Prints one JSON object.
"""

import argparse
import json
import statistics
import time

import numpy as np
import torch

import kornia
import pytorch_msssim
import skimage.metrics

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


def kornia_run(x, y, gradient):
    if not gradient:
        def forward():
            with torch.no_grad():
                kornia.losses.ssim_loss(x, y, window_size=11, max_val=1.0, reduction="mean").item()
        return forward

    def step():
        a, b = x.clone().requires_grad_(True), y.clone().requires_grad_(True)
        kornia.losses.ssim_loss(a, b, window_size=11, max_val=1.0, reduction="mean").backward()
    return step


def msssim_run(x, y, gradient):
    if not gradient:
        def forward():
            with torch.no_grad():
                (1 - pytorch_msssim.ssim(x, y, data_range=1.0, win_size=11, size_average=True)).item()
        return forward

    def step():
        a, b = x.clone().requires_grad_(True), y.clone().requires_grad_(True)
        (1 - pytorch_msssim.ssim(a, b, data_range=1.0, win_size=11, size_average=True)).backward()
    return step


def skimage_run(x, y):
    def step():
        for a, b in zip(x, y):  # one (C, H, W) image at a time
            skimage.metrics.structural_similarity(
                a, b, data_range=1.0, channel_axis=0, gaussian_weights=True, sigma=1.5, win_size=11,
                use_sample_covariance=False)
    return step


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
        "versions": {"torch": torch.__version__, "kornia": kornia.__version__,
                     "pytorch_msssim": getattr(pytorch_msssim, "__version__", "1.0.0"),
                     "scikit_image": skimage.__version__, "numpy": np.__version__},
        "kornia": timed(kornia_run(tx, ty, args.gradient), args.runs),
        "pytorch_msssim": timed(msssim_run(tx, ty, args.gradient), args.runs),
        "scikit_image": None if args.gradient else timed(skimage_run(x, y), args.runs),
    }
    if args.peak:
        result["torch_matmul_gflops"] = matmul_peak(torch.float32 if dtype == np.float32 else torch.float64) / 1e9
    print(json.dumps(result))


if __name__ == "__main__":
    main()
