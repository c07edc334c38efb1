#!/usr/bin/env python3
"""Writes the request whose Kornia 0.9.0 answers are the reference's witness values: `make_kornia_witness_request.py OUT.h5`.

Each case is an adapter-protocol case (see docs/adapter-protocol.md) plus two descriptive attributes: `content`
(how the images were made, below) and `seed` (numpy.random.default_rng's seed). Cases cover windows 1-13, both
paddings, all reductions, several data ranges, eps 0 and the default, B and C from 1 to 4, odd, even, non-square and
the smallest legal sizes, in float64, with float32 copies of some for the float32 tolerance.
"""
import sys

import h5py
import numpy as np


def images(content, shape, max_val, rng):
    """Two images of `shape` holding `content`, values scaled to the data range `max_val`."""
    x = rng.random(shape) * max_val
    if content == "random":
        y = rng.random(shape) * max_val
    elif content == "correlated":  # y is x plus mild noise: SSIM near 1 but not equal
        y = np.clip(x + rng.normal(0, 0.05 * max_val, shape), 0, max_val)
    elif content == "identical":
        y = x.copy()
    elif content == "anticorrelated":
        y = max_val - x
    elif content == "flat":  # two different constants
        x = np.full(shape, 0.25 * max_val)
        y = np.full(shape, 0.75 * max_val)
    elif content == "black":  # identical zero images: SSIM = 1 - eps / (C1 C2 + eps)
        x = np.zeros(shape)
        y = np.zeros(shape)
    elif content == "offset":  # a large constant offset under which E[x^2] - mu^2 cancels
        x = x + 20 * max_val
        y = np.clip(x + rng.normal(0, 0.1 * max_val, shape), 20 * max_val, 21 * max_val)
    elif content == "offset1000":  # so large that float32 loses every digit of the variances
        x = x + 1000 * max_val
        y = np.clip(x + rng.normal(0, 0.1 * max_val, shape), 1000 * max_val, 1001 * max_val)
    else:
        raise ValueError(content)
    return x, y


def cases():
    """(id, shape, window, max_val, eps, padding, reduction, content, dtype) of every witness case."""
    out = []
    # Windows 1-13 with both paddings and all reductions, on varied shapes.
    shapes = [(1, 1, 16, 16), (2, 3, 17, 23), (4, 2, 15, 14), (3, 4, 20, 13), (1, 2, 31, 18)]
    reductions = ["mean", "sum", "none"]
    for index, window in enumerate([1, 3, 5, 7, 9, 11, 13]):
        for padding in ["same", "valid"]:
            for reduction_index, reduction in enumerate(reductions):
                shape = shapes[(index + reduction_index) % len(shapes)]
                content = "random" if reduction_index != 1 else "correlated"
                out.append((f"w{window}-{padding}-{reduction}", shape, window, 1.0, 1e-12, padding, reduction, content, "float64"))
    # Data ranges and eps.
    for max_val in [1.0, 255.0, 0.5, 2.0, 4095.0]:
        for eps in [0.0, 1e-12]:
            out.append((f"maxval{max_val:g}-eps{eps:g}", (2, 2, 19, 21), 11, max_val, eps, "same", "mean", "correlated", "float64"))
    # Contents where conventions and conditioning matter.
    for content in ["identical", "anticorrelated", "flat", "black", "offset"]:
        for padding in ["same", "valid"]:
            for max_val in [1.0, 255.0]:
                out.append((f"{content}-{padding}-maxval{max_val:g}", (2, 1, 18, 17), 7, max_val, 1e-12, padding, "mean", content, "float64"))
    out.append(("black-eps0", (1, 1, 12, 12), 5, 1.0, 0.0, "same", "none", "black", "float64"))
    out.append(("black-small-maxval", (1, 1, 12, 12), 5, 0.01, 1e-12, "same", "none", "black", "float64"))
    # The smallest legal sizes: H = W = r + 1 for 'same', H = W = window for 'valid'; and thin images.
    for window in [1, 3, 5, 11, 13]:
        r = window // 2
        out.append((f"smallest-same-w{window}", (1, 2, r + 1, r + 1), window, 1.0, 1e-12, "same", "mean", "random", "float64"))
        out.append((f"smallest-valid-w{window}", (2, 1, window, window), window, 1.0, 1e-12, "valid", "sum", "random", "float64"))
    out.append(("thin-same", (1, 1, 6, 40), 11, 1.0, 1e-12, "same", "none", "random", "float64"))
    out.append(("thin-valid", (1, 1, 40, 11), 11, 1.0, 1e-12, "valid", "none", "random", "float64"))
    # float32 inputs: Kornia computes in float32; the reference in float64 from the same values.
    for window, padding, reduction, content in [
        (11, "same", "mean", "correlated"), (11, "valid", "mean", "random"), (7, "same", "none", "random"),
        (3, "same", "sum", "correlated"), (13, "valid", "none", "correlated"), (5, "same", "mean", "anticorrelated"),
    ]:
        out.append((f"f32-w{window}-{padding}-{reduction}-{content}", (2, 3, 24, 19), window, 1.0, 1e-12, padding, reduction, content, "float32"))
    out.append(("f32-maxval255", (1, 3, 32, 32), 11, 255.0, 1e-12, "same", "mean", "correlated", "float32"))
    # Ill-conditioned float32 cases: Kornia's float32 answers stray far from the exact ones here, which is what the
    # conditioning-aware bounds (SSIMErrorBounds) must allow.
    for content in ["offset", "offset1000", "flat", "black"]:
        out.append((f"f32-illconditioned-{content}", (1, 2, 16, 16), 11, 1.0, 1e-12, "same", "none", content, "float32"))
    return out


def main(path):
    with h5py.File(path, "w-") as request:
        request.attrs["protocol"] = "ssim-conformance-adapter/1"
        group = request.create_group("cases")
        for seed, (case_id, shape, window, max_val, eps, padding, reduction, content, dtype) in enumerate(cases()):
            x, y = images(content, shape, max_val, np.random.default_rng(seed))
            case = group.create_group(case_id)
            case.create_dataset("img1", data=x.astype(dtype), compression="gzip", shuffle=True)
            case.create_dataset("img2", data=y.astype(dtype), compression="gzip", shuffle=True)
            case.attrs["window_size"] = np.int64(window)
            case.attrs["max_val"] = np.float64(max_val)
            case.attrs["eps"] = np.float64(eps)
            case.attrs["padding"] = padding
            case.attrs["reduction"] = reduction
            case.attrs["outputs"] = "ssim_map,loss,grad_img1,grad_img2"
            case.attrs["content"] = content
            case.attrs["seed"] = np.int64(seed)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_kornia_witness_request.py OUT.h5")
    main(sys.argv[1])
