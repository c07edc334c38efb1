#!/usr/bin/env python3
"""An adapter-protocol peer backed by Kornia 0.9.0: `kornia_adapter.py REQUEST.h5 RESPONSE.h5`.

Answers each SSIM case of the request with kornia.metrics.ssim and kornia.losses.ssim_loss, and each `ms-ssim-l1`
case (protocol version 3; `metrics` = ssim,ms-ssim-l1) with kornia.losses.MS_SSIMLoss, which is Zhao et al.'s
MS-SSIM + L1 loss, not Wang's MS-SSIM (it declares no `ms-ssim`), and each `ssim-3d` case (volumes, (B, C, D, H, W))
with kornia.metrics.ssim3d and kornia.losses.ssim3d_loss (DSSIM, clamped), computing in the precision of the case's
images, with gradients from torch's autograd (of the loss map's sum for 'none').
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


def rejection(img1, img2, padding, reduction, rank=4):
    """The protocol category of an input Kornia 0.9.0 rejects, or None when Kornia computes it (`rank` 5 for its
    ssim3d, which checks the rank, the shapes and the padding itself: kornia/metrics/ssim3d.py 107–121)."""
    if img1.ndim != rank or img2.ndim != rank:
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


# ssim3d's own failures inside torch that mean a category for every input raising them (measured on Kornia 0.9.0):
# torch's reflect padding of a volume with a zero channel or side, and the 'valid' crop of a side shorter than twice
# the window's radius (its reflect padding, which needs a side above the radius, ran first).
VOLUME_REJECTIONS = [
    (RuntimeError, "Expected 4D or 5D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions",
     "invalid_shape"),
    (RuntimeError, "narrow(): length must be non-negative", "image_too_small"),
]


def answer_ssim(case, volume):
    """An SSIM case by kornia.losses.ssim_loss and kornia.metrics.ssim, an `ssim-3d` one (`volume`) by ssim3d_loss
    and ssim3d (kornia/metrics/ssim3d.py, losses/ssim3d.py: a cubic Gaussian of σ 1.5 in one 3-D convolution, torch's
    reflect on every face; float16 and bfloat16 volumes computed in float32 by Kornia itself and answered in their
    dtype). Kornia checks the rank, the shapes and the padding before anything (named here in the protocol's order),
    the window when it builds the kernel, the reduction only after computing (so it is checked first here)."""
    ssim_map, ssim_loss, rank = ((kornia.metrics.ssim3d, kornia.losses.ssim3d_loss, 5) if volume
                                 else (kornia.metrics.ssim, kornia.losses.ssim_loss, 4))
    img1, img2, context = ssim_adapter.torch_images(case, as_stored=True)
    category = rejection(img1, img2, case.padding, case.reduction, rank)
    if category is not None:
        raise Rejected(category)
    window, max_val, eps, padding, reduction = case.window_size, case.max_val, case.eps, case.padding, case.reduction
    if volume and case.precision == "float64" and window > 0:
        # torch's float64 conv3d on CPU unfolds the volume: window³ doubles per voxel, in each of its five calls.
        ssim_adapter.refuse_beyond_memory(
            8 * window ** 3 * img1.numel(),
            f"Kornia's float64 3-D convolution (window {window}, shape {tuple(img1.shape)})")
    try:
        with context:
            loss = ssim_loss(img1, img2, window, max_val, eps, reduction, padding)
        outputs = {"loss": loss}
        if "ssim_map" in case.outputs:
            with torch.no_grad(), context:
                outputs["ssim_map"] = ssim_map(img1, img2, window, max_val, eps, padding)
    except RuntimeError as error:
        category = ssim_adapter.category_of(error, VOLUME_REJECTIONS if volume else [])
        if category is None:
            raise
        raise Rejected(category, str(error).splitlines()[0]) from error
    if case.wants_gradients:
        outputs.update(ssim_adapter.autograd_gradients(case, img1, img2, loss))
    return outputs


def answer(case):
    if case.metric == "ms-ssim-l1":
        return answer_ms_ssim_l1(case)
    return answer_ssim(case, volume=case.metric == "ssim-3d")


if __name__ == "__main__":
    torch.set_num_threads(1)  # a fixed summation order, so the witness files regenerate identically
    ssim_adapter.main(
        "kornia", f"{kornia.__version__} (torch {torch.__version__}{ssim_adapter.torch_version_note()})", answer,
        REJECTIONS, precisions=ssim_adapter.torch_precisions(), metrics=("ssim", "ms-ssim-l1", "ssim-3d"))
