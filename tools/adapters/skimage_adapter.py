#!/usr/bin/env python3
"""An adapter-protocol peer backed by scikit-image: `skimage_adapter.py REQUEST.h5 RESPONSE.h5`.

skimage.metrics.structural_similarity with Wang et al.'s settings (Gaussian weights, sigma 1.5, population
covariance, data_range = max_val, full=True for the map), once per (batch sample, channel) plane, in the images'
precision. What it can be asked, and so what this adapter answers:

- its Gaussian window is not a parameter: with gaussian_weights it always has 2·int(3.5σ + 0.5) + 1 taps (truncate
  is fixed at 3.5 inside the function), 11 for σ = 1.5, whatever win_size says; the adapter passes win_size as a
  user would and lets the runner find the difference;
- its map is full size, filtered with scipy's 'reflect' border, which repeats the edge pixel (torch's 'reflect' does
  not): the 'valid' map is that map without its r-pixel band, but there is no way to get the 'same' map, so 'same'
  is unsupported;
- its ratio has no eps: it computes eps = 0 whatever the case asks, and the runner judges (and diagnoses) that;
- the loss is the protocol's formula applied to its map;
- its gradient (gradient=True) is ∂/∂im2 of the mean of the whole symmetric-border map, neither the 'valid' map
  (the mean it returns is over the cropped map) nor the 'same' one, so gradients are left out.

The adapter's own steps check their own inputs, in the protocol's order: splitting (B, C, H, W) into matching planes
(invalid_shape, shape_mismatch) and the names of the padding and the reduction. Then comes the question scikit-image
cannot be asked ('same': unsupported); scikit-image checks the rest itself (a window larger than the image).
"""
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
from skimage.metrics import structural_similarity

# The protocol's plumbing is the ssim_conform package of this checkout (python/ssim_conform/adapter.py), ahead of
# any installed wheel's, so that an adapter here always runs with the helper it was written against.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
from ssim_conform import adapter as ssim_adapter  # noqa: E402
from ssim_conform.adapter import Rejected, unsupported  # noqa: E402

SIGMA = 1.5

REJECTIONS = [
    (ValueError, "win_size exceeds image extent", "image_too_small"),
    (ValueError, "Input images must have the same dimensions", "shape_mismatch"),
]


def answer(case):
    if case.img1.ndim != 4 or case.img2.ndim != 4:
        raise Rejected("invalid_shape", "not a (B, C, H, W) batch of planes")
    if case.img1.shape != case.img2.shape:
        raise Rejected("shape_mismatch", f"shapes {case.img1.shape} and {case.img2.shape} do not pair into planes")
    padding = case.checked_padding()
    reduction = case.checked_reduction()
    if padding == "same":
        raise unsupported("scikit-image filters with a symmetric border (edge repeated), not torch's 'reflect'")

    img1, img2 = case.img1.astype(case.dtype), case.img2.astype(case.dtype)
    ssim_map = np.empty_like(img1)
    for b in range(img1.shape[0]):
        for c in range(img1.shape[1]):
            _, ssim_map[b, c] = structural_similarity(
                img1[b, c], img2[b, c], win_size=case.window_size, data_range=case.max_val, gaussian_weights=True,
                sigma=SIGMA, use_sample_covariance=False, full=True)
    r = case.radius
    valid = ssim_map[:, :, r:ssim_map.shape[2] - r, r:ssim_map.shape[3] - r]
    return {"ssim_map": valid, "loss": ssim_adapter.loss_from_map(valid, reduction)}


if __name__ == "__main__":
    ssim_adapter.main(
        "scikit-image", f"{version('scikit-image')} (scipy {version('scipy')}, numpy {version('numpy')})", answer,
        REJECTIONS)
