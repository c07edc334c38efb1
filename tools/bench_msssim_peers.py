"""Times the MS-SSIM peers of `ssim-conform bench --metric ms-ssim` on the same inputs: pytorch-msssim's `ms_ssim`,
piq's `multi_scale_ssim` and torchmetrics' `multiscale_structural_similarity_index_measure`.

Usage: bench_msssim_peers.py --shape BxCxHxW --dtype float32|float64 [--gradient] [--runs N] [--seed S]

The images are the ones `ssim-conform bench` draws (bench_peers.images). Each peer computes its loss 1 − MS-SSIM,
averaged over the batch, at its defaults as close to `wang-msssim` as it has them: five scales with Wang's weights, an
11-tap Gaussian window of σ 1.5, data range 1 (each library's own convention otherwise: pytorch-msssim and piq
'valid' windows with relu on the means, torchmetrics a reflected border; `ssim-conform conventions` has them all), on
the CPU with torch's own threads; with --gradient, the loss's backward pass to both images. Time: one warm-up run,
then the median and minimum of --runs runs (bench_peers.timed). Prints one JSON object.

piq is imported as tools/adapters/piq_adapter.py imports it: its package __init__ imports torchvision, which the
adapters' venv does not have, so piq.ms_ssim is imported alone.
"""

import importlib.util
import json
import sys
import types
from importlib.metadata import version

import torch

import pytorch_msssim
from torchmetrics.functional.image import multiscale_structural_similarity_index_measure

from bench_peers import loss_run, parsed_inputs, timed

_package = types.ModuleType("piq")
_package.__path__ = list(importlib.util.find_spec("piq").submodule_search_locations)
sys.modules["piq"] = _package
from piq.ms_ssim import multi_scale_ssim  # noqa: E402

PEERS = {
    "pytorch_msssim": lambda a, b: 1 - pytorch_msssim.ms_ssim(a, b, data_range=1.0, win_size=11, size_average=True),
    "piq": lambda a, b: 1 - multi_scale_ssim(a, b, kernel_size=11, kernel_sigma=1.5, data_range=1.0, reduction="mean"),
    "torchmetrics": lambda a, b: 1 - multiscale_structural_similarity_index_measure(
        a, b, gaussian_kernel=True, sigma=1.5, kernel_size=11, data_range=1.0, reduction="elementwise_mean"),
}


def main():
    args, shape, tx, ty = parsed_inputs(4)
    result = {
        "shape": shape, "dtype": args.dtype, "gradient": args.gradient, "torch_threads": torch.get_num_threads(),
        "versions": {"torch": torch.__version__, "pytorch_msssim": version("pytorch-msssim"), "piq": version("piq"),
                     "torchmetrics": version("torchmetrics")},
    }
    for name, loss in PEERS.items():
        result[name] = timed(loss_run(loss, tx, ty, args.gradient), args.runs)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
