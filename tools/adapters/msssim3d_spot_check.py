#!/usr/bin/env python3
"""Spot check of the 3-D MS-SSIM (`ms-ssim-3d`) adapters against the reference, each under its library's own convention.

    tools/.venv-adapters/bin/python tools/adapters/msssim3d_spot_check.py [--ssim-conform BIN] [--keep DIR] [LIB ...]

How the numbers are made: as msssim_spot_check.py and volume_spot_check.py (whose plumbing and volumes this uses), for
a request of `ms-ssim-3d` cases (below): for each library LIB (torchmetrics, pytorch_msssim; both by default)
`tools/adapters/run LIB REQUEST RESPONSE` and `ssim-conform eval REQUEST EXPECTED --convention NAME` (NAME:
torchmetrics or pytorch-msssim), then per case and output the largest |library − reference| and that difference
relative to the largest |reference| element, or the error category either side answered instead. Nothing is judged:
it prints, for a person to read (docs/ssim3d-provenance.md §9 records what it printed).

The cases are sized for both libraries where they can be: window 3 (pytorch-msssim asserts min(H, W) > 16·(window − 1)
whatever the scales, so H and W ≥ 33), two or three scales of weights of our own or Wang's five, depths that
torchmetrics' 11 reflected taps need at two scales (12) or do not have at three (13: the reference refuses it naming
the depth, torchmetrics fails in torch's pad); odd sizes along every axis (where the pooling rules differ), identical
slices, anti-correlated volumes, float64 and float32.
"""
import sys

import h5py
import numpy as np

from msssim_spot_check import compare, spot_check
from volume_spot_check import volumes

CONVENTIONS = {"torchmetrics": "torchmetrics", "pytorch_msssim": "pytorch-msssim"}
OUTPUTS = ("ms_ssim", "loss", "grad_img1", "grad_img2")
SEED = 20261207
TWO, THREE = (0.3, 0.7), (0.2, 0.3, 0.5)


def cases():
    """(id, shape, content, dtype, window, weights, reduction) of every case; every output is asked for."""
    return [
        ("s2-mean-random-f64", (1, 2, 12, 33, 34), "random", "float64", 3, TWO, "mean"),
        ("s2-none-odd-structured-f64", (2, 1, 13, 35, 33), "structured", "float64", 3, TWO, "none"),
        ("s3-sum-odd-random-f64", (1, 1, 13, 33, 35), "random", "float64", 3, THREE, "sum"),
        ("s2-mean-slices-f64", (1, 1, 12, 33, 33), "slices", "float64", 3, TWO, "mean"),
        ("s2-mean-anti-f64", (1, 1, 12, 33, 33), "anti", "float64", 3, TWO, "mean"),
        ("s5-mean-random-f64", (1, 1, 33, 33, 33), "random", "float64", 3, None, "mean"),
        ("s2-sum-random-f32", (1, 2, 12, 33, 34), "random", "float32", 3, TWO, "sum"),
    ]


def write_request(path):
    rng = np.random.default_rng(SEED)
    with h5py.File(path, "w") as request:
        request.attrs["protocol"] = "ssim-conformance-adapter/3"
        group = request.create_group("cases")
        for case_id, shape, content, dtype, window, weights, reduction in cases():
            x, y = volumes(content, shape, rng)
            case = group.create_group(case_id)
            case["img1"], case["img2"] = x.astype(dtype), y.astype(dtype)
            case.attrs.update(metric="ms-ssim-3d", window_size=np.int64(window), max_val=np.float64(1.0),
                              reduction=reduction, outputs=",".join(OUTPUTS), content=content)
            if weights is not None:
                case.attrs["weights"] = np.array(weights, dtype=np.float64)


def main():
    spot_check(__doc__.splitlines()[0], CONVENTIONS, write_request,
               lambda library, convention, expected, answered: compare(
                   library, expected, answered, convention, [case[0] for case in cases()], OUTPUTS, ("ms_ssim", "loss")),
               "msssim3d-spot-check-")


if __name__ == "__main__":
    sys.exit(main())
