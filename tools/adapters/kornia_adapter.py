#!/usr/bin/env python3
"""An adapter-protocol peer backed by Kornia 0.9.0: `kornia_adapter.py REQUEST.h5 RESPONSE.h5`.

Answers each case of the request with kornia.metrics.ssim and kornia.losses.ssim_loss, computing in the
precision of the case's images, with gradients from torch's autograd (of the loss map's sum for 'none').
float16 and bfloat16 cases (protocol version 2) are computed on torch.float16 / torch.bfloat16 tensors, or, with
SSIM_ADAPTER_AUTOCAST=bfloat16 or float16, on float32 tensors under torch.autocast("cpu", ...) for the cases of
that precision (ssim_adapter.torch_images).
Kornia itself checks only some inputs; the checks it makes are reported with the protocol's categories and
everything else is computed as Kornia computes it. Needs torch, kornia==0.9.0, h5py and numpy (tools/kornia-witness
installs them into tools/.venv-kornia, tools/adapters/setup into tools/.venv-adapters).
"""
import sys
from pathlib import Path

import kornia
import torch

# The protocol's plumbing is the ssim_conform package of this checkout (python/ssim_conform/adapter.py), ahead of
# any installed wheel's, so that an adapter here always runs with the helper it was written against.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
from ssim_conform import adapter as ssim_adapter  # noqa: E402
from ssim_conform.adapter import Rejected  # noqa: E402


def rejection(img1, img2, padding, reduction):
    """The protocol category of an input Kornia 0.9.0 rejects, or None when Kornia computes it."""
    if img1.ndim != 4 or img2.ndim != 4:
        return "invalid_shape"
    if img1.shape != img2.shape:
        return "shape_mismatch"
    if padding.lower() not in ssim_adapter.PADDINGS:
        return "invalid_padding"
    if reduction not in ssim_adapter.REDUCTIONS:
        return "invalid_reduction"
    return None


# Kornia 0.9.0 rejects these inputs itself or from inside torch; the adapter names them with the protocol's
# categories. Any other exception is a crash, as it would be for Kornia's user.
REJECTIONS = [
    (Exception, "Kernel size must be an odd integer", "invalid_window_size"),
    (Exception, "Expected 3D or 4D", "invalid_shape"),
    (Exception, "Padding size should be less than the corresponding input dimension", "image_too_small"),
]


def answer(case):
    img1, img2, context = ssim_adapter.torch_images(case, as_stored=True)
    category = rejection(img1, img2, case.padding, case.reduction)
    if category is not None:
        raise Rejected(category)
    window, max_val, eps, padding, reduction = case.window_size, case.max_val, case.eps, case.padding, case.reduction
    with context:
        loss = kornia.losses.ssim_loss(img1, img2, window, max_val, eps, reduction, padding)
    outputs = {"loss": loss}
    if "ssim_map" in case.outputs:
        with torch.no_grad(), context:
            outputs["ssim_map"] = kornia.metrics.ssim(img1, img2, window, max_val, eps, padding)
    if case.wants_gradients:
        outputs.update(ssim_adapter.autograd_gradients(case, img1, img2, loss))
    return outputs


if __name__ == "__main__":
    torch.set_num_threads(1)  # a fixed summation order, so the witness files regenerate identically
    ssim_adapter.main(
        "kornia", f"{kornia.__version__} (torch {torch.__version__}{ssim_adapter.torch_version_note()})", answer,
        REJECTIONS, precisions=ssim_adapter.torch_precisions())
