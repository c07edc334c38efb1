#!/usr/bin/env python3
"""An adapter-protocol peer backed by Kornia 0.9.0: `kornia_adapter.py REQUEST.h5 RESPONSE.h5`.

Answers each SSIM case of the request with kornia.metrics.ssim and kornia.losses.ssim_loss, and each `ms-ssim-l1`
case (protocol version 3; `metrics` = ssim,ms-ssim-l1) with kornia.losses.MS_SSIMLoss, which is Zhao et al.'s
MS-SSIM + L1 loss, not Wang's MS-SSIM (it declares no `ms-ssim`), computing in the precision of the case's images, with gradients from torch's autograd (of the loss map's sum for 'none').
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
    # MS_SSIMLoss (kornia/losses/ms_ssim.py 214-227): a rank other than 4, or shapes differing beyond a batch of 1.
    (ValueError, "we expect BxCxHxW", "invalid_shape"),
    (Exception, "Input and target must have the same shape", "shape_mismatch"),
]


def answer_ms_ssim_l1(case):
    """kornia.losses.MS_SSIMLoss at its default sigmas and K, with the case's data range, reduction, and alpha and
    compensation where the case gives them. Kornia checks the rank and the shapes itself (ShapeError, ValueError) and
    nothing else; the reduction is checked first, since Kornia raises for an unknown one only after computing."""
    reduction = case.checked_reduction()
    img1, img2, context = ssim_adapter.torch_images(case, as_stored=True)
    mix = {name: value for name, value in (("alpha", case.alpha), ("compensation", case.compensation)) if value is not None}
    with context:
        loss = kornia.losses.MS_SSIMLoss(data_range=case.max_val, reduction=reduction, **mix)(img1, img2)
    outputs = {"loss": loss}
    if case.wants_gradients:
        outputs.update(ssim_adapter.autograd_gradients(case, img1, img2, loss))
    return outputs


def answer(case):
    if case.metric == "ms-ssim-l1":
        return answer_ms_ssim_l1(case)
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
        REJECTIONS, precisions=ssim_adapter.torch_precisions(), metrics=("ssim", "ms-ssim-l1"))
