#!/usr/bin/env python3
"""Spot check of the 3-D SSIM (volume) adapters against the reference, each under its library's own named convention.

    tools/.venv-adapters/bin/python tools/adapters/volume_spot_check.py [--ssim-conform BIN] [--keep DIR] [LIB ...]

How the numbers are made: as msssim_spot_check.py (whose plumbing this uses), for a request of `ssim-3d` cases
(below): for each library LIB (kornia, torchmetrics, pytorch_msssim; all three by default) `tools/adapters/run LIB
REQUEST RESPONSE` and `ssim-conform eval REQUEST EXPECTED --convention NAME` (NAME: kornia, torchmetrics or
pytorch-msssim), then per case and output the largest |library − reference| and that difference relative to the
largest |reference| element, or the error category either side answered instead. Nothing is judged: it prints, for
a person to read. Where the named convention models what the library computes, float64 agrees to about 1e-12
relative, float32 to about 1e-5 (Kornia and torchmetrics sum the k³ products of a cubic kernel in float32:
docs/ssim3d-provenance.md); torchmetrics' map for a window other than 11 has another shape along W (its bug, that
document's §6), which the comparison prints as shapes that differ.

The volumes (numpy.random.default_rng(SEED), values in [0, 1]):
- random: x uniform, y = x plus Gaussian noise of 0.1, clipped;
- structured: smooth sinusoids along D, H and W, y a copy blurred along W and noised;
- slices: every slice along D the same random image (x and y each), which must give the 2-D SSIM on every slice;
- anti: y = 1 − x for random x.
"""
import sys

import h5py
import numpy as np

from msssim_spot_check import compare, spot_check

CONVENTIONS = {"kornia": "kornia", "torchmetrics": "torchmetrics", "pytorch_msssim": "pytorch-msssim"}
OUTPUTS = ("ssim_map", "loss", "grad_img1", "grad_img2")
SEED = 20261206


def volumes(content, shape, rng):
    b, c, d, h, w = shape
    if content == "random":
        x = rng.random(shape)
        y = np.clip(x + rng.normal(0, 0.1, shape), 0, 1)
    elif content == "structured":
        depth, rows, cols = np.meshgrid(np.arange(d) / d, np.arange(h) / h, np.arange(w) / w, indexing="ij")
        x = np.clip(0.5 + 0.3 * np.sin(2 * np.pi * (2 * depth + 3 * rows)) * np.cos(2 * np.pi * 5 * cols)
                    + 0.1 * (depth - cols), 0, 1) * np.ones(shape)
        y = np.apply_along_axis(lambda v: np.convolve(v, np.ones(3) / 3, mode="same"), 4, x)
        y = np.clip(y + rng.normal(0, 0.03, shape), 0, 1)
    elif content == "slices":
        x = np.repeat(rng.random((b, c, 1, h, w)), d, axis=2)
        y = np.repeat(rng.random((b, c, 1, h, w)), d, axis=2)
    elif content == "anti":
        x = rng.random(shape)
        y = 1 - x
    else:
        raise ValueError(content)
    return x, y


def cases():
    """(id, shape, content, dtype, window, padding, reduction, eps) of every case; every output is asked for."""
    return [
        ("w11-same-mean-random-f64", (1, 2, 12, 13, 14), "random", "float64", 11, "same", "mean", 1e-12),
        ("w11-valid-none-structured-f64", (2, 1, 13, 14, 15), "structured", "float64", 11, "valid", "none", 0.0),
        ("w11-valid-sum-random-f64", (1, 1, 12, 16, 20), "random", "float64", 11, "valid", "sum", 0.0),
        ("w7-same-none-random-f64", (1, 1, 9, 10, 11), "random", "float64", 7, "same", "none", 1e-12),
        ("w7-valid-mean-structured-f64", (2, 2, 9, 12, 15), "structured", "float64", 7, "valid", "mean", 0.0),
        ("w3-valid-mean-random-f64", (1, 1, 6, 16, 16), "random", "float64", 3, "valid", "mean", 0.0),
        ("w5-same-mean-slices-f64", (1, 1, 7, 9, 10), "slices", "float64", 5, "same", "mean", 1e-12),
        ("w11-same-mean-anti-f64", (1, 1, 12, 12, 12), "anti", "float64", 11, "same", "mean", 0.0),
        ("w11-same-mean-random-f32", (1, 2, 12, 13, 14), "random", "float32", 11, "same", "mean", 1e-12),
        ("w7-valid-sum-structured-f32", (2, 1, 9, 12, 15), "structured", "float32", 7, "valid", "sum", 0.0),
    ]


def write_request(path):
    rng = np.random.default_rng(SEED)
    with h5py.File(path, "w") as request:
        request.attrs["protocol"] = "ssim-conformance-adapter/3"
        group = request.create_group("cases")
        for case_id, shape, content, dtype, window, padding, reduction, eps in cases():
            x, y = volumes(content, shape, rng)
            case = group.create_group(case_id)
            case["img1"], case["img2"] = x.astype(dtype), y.astype(dtype)
            case.attrs.update(metric="ssim-3d", window_size=np.int64(window), max_val=np.float64(1.0),
                              eps=np.float64(eps), padding=padding, reduction=reduction, outputs=",".join(OUTPUTS),
                              content=content)


def main():
    spot_check(__doc__.splitlines()[0], CONVENTIONS, write_request,
               lambda library, convention, expected, answered: compare(
                   library, expected, answered, convention, [case[0] for case in cases()], OUTPUTS, ("loss",)),
               "volume-spot-check-")


if __name__ == "__main__":
    sys.exit(main())
