"""Times the MS-SSIM + L1 peer of `ssim-conform bench --metric ms-ssim-l1` on the same inputs: Kornia's
`kornia.losses.MS_SSIMLoss`.

Usage: bench_msssim_l1_peers.py --shape BxCxHxW --dtype float32|float64 [--gradient] [--runs N] [--seed S]

The images are the ones `ssim-conform bench` draws (bench_peers.images). Kornia computes `MS_SSIMLoss()` at its
defaults (σ 0.5, 1, 2, 4, 8; 33 × 33 taps; data range 1; α 0.025; compensation 200; 'mean'; grouped 2-D
convolutions, zero padding), its mask buffer cast to the workload's dtype, on the CPU with torch's own threads; with
--gradient, the loss's backward pass to both images. Time: one warm-up run, then the median and minimum of --runs
runs (bench_peers.timed). Prints one JSON object.
"""

import kornia

from bench_peers import print_kornia_peer

if __name__ == "__main__":
    print_kornia_peer(lambda dtype: kornia.losses.MS_SSIMLoss().to(dtype), 4)
