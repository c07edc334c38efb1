"""Times the 3-D SSIM peer of `ssim-conform bench --metric ssim-3d` on the same inputs: Kornia's `ssim3d_loss`.

Usage: bench_ssim3d_peers.py --shape BxCxDxHxW --dtype float32|float64 [--gradient] [--runs N] [--seed S]

The volumes are the ones `ssim-conform bench` draws (bench_peers.images, the same SplitMix64 units in the same
order). Kornia computes `ssim3d_loss(x, y, window_size=11, max_val=1.0, reduction="mean")` ('same': one 3-D
convolution by the cubic Gaussian window, torch's reflect at every face), on the CPU with torch's own threads; with
--gradient, the loss's backward pass to both volumes. Time: one warm-up run, then the median and minimum of --runs
runs (bench_peers.timed). Prints one JSON object.
"""

import kornia

from bench_peers import print_kornia_peer

if __name__ == "__main__":
    print_kornia_peer(
        lambda dtype: lambda a, b: kornia.losses.ssim3d_loss(a, b, window_size=11, max_val=1.0, reduction="mean"), 5)
