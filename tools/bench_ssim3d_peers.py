"""Times the 3-D SSIM peer of `ssim-conform bench --metric ssim-3d` on the same inputs: Kornia's `ssim3d_loss`.

Usage: bench_ssim3d_peers.py --shape BxCxDxHxW --dtype float32|float64 [--gradient] [--runs N] [--seed S]

The volumes are the ones `ssim-conform bench` draws (bench_peers.images, the same SplitMix64 units in the same
order). Kornia computes `ssim3d_loss(x, y, window_size=11, max_val=1.0, reduction="mean")` ('same': one 3-D
convolution by the cubic Gaussian window, torch's reflect at every face), on the CPU with torch's own threads; with
--gradient, the loss's backward pass to both volumes. Time: one warm-up run, then the median and minimum of --runs
runs (bench_peers.timed). Prints one JSON object.
"""

import json

import kornia
import torch

from bench_peers import loss_run, parsed_inputs, timed


def main():
    args, shape, tx, ty = parsed_inputs(5)
    loss = lambda a, b: kornia.losses.ssim3d_loss(a, b, window_size=11, max_val=1.0, reduction="mean")  # noqa: E731
    result = {
        "shape": shape, "dtype": args.dtype, "gradient": args.gradient, "torch_threads": torch.get_num_threads(),
        "versions": {"torch": torch.__version__, "kornia": kornia.__version__},
        "kornia": timed(loss_run(loss, tx, ty, args.gradient), args.runs),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
