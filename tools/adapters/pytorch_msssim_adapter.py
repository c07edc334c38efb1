#!/usr/bin/env python3
"""An adapter-protocol peer backed by pytorch-msssim: `pytorch_msssim_adapter.py REQUEST.h5 RESPONSE.h5`.

pytorch_msssim.ssim (win_size = window_size, win_sigma 1.5, data_range = max_val, K = (0.01, 0.03),
size_average=False) in the images' precision, on CPU. What it can be asked, and so what this adapter answers:

- it blurs without padding, so only 'valid' exists ('same' is unsupported), and it returns each image's mean SSIM
  over its channels and valid map, never the map: ssim_map and the 'none' loss cannot be given;
- the 'mean' and 'sum' losses follow from those means exactly (ssim_adapter.loss_from_image_means says why the clamp
  does not get in the way), and their gradients are torch's autograd through the library's own computation;
- float16 and bfloat16 cases are computed on torch.float16 / torch.bfloat16 tensors, or, with
  SSIM_ADAPTER_AUTOCAST, on float32 tensors under torch.autocast("cpu", ...) (ssim_adapter.torch_images);
- its ratio has no eps: it computes eps = 0 whatever the case asks, and the runner judges (and diagnoses) that.

It builds its Gaussian window in float32 and casts it to the images' type, so float64 answers carry float32 taps.
It does not reject an image smaller than the window: it skips the blur along that axis (with a warning).

MS-SSIM cases (protocol version 3; `metrics` = ssim,ms-ssim), under the named MS-SSIM convention pytorch-msssim:
pytorch_msssim.ms_ssim(X, Y, data_range=max_val, win_size=window_size, win_sigma=1.5, weights=the case's (a list,
which it makes a tensor of the images' dtype) or None for its own, size_average=False, K=(0.01, 0.03)). It returns
each image's mean over its channels, so the channels are folded into the batch to give each (sample, channel)'s
(ssim_adapter.torch_ms_ssim); the loss is 1 − MS-SSIM. It asserts min(H, W) > (win_size − 1)·16 whatever the number
of weights (image_too_small), and, like ssim, squeezes away unit dimensions after the channels.

`ssim-3d` cases (volumes, (B, C, D, H, W); `metrics` = ssim,ms-ssim,ssim-3d): pytorch_msssim.ssim called the same way
on 5-D tensors, which it blurs separably, one conv3d per axis with the 1-D window and no padding
(docs/ssim3d-provenance.md §7): as for images, only 'valid' and only the 'mean' and 'sum' losses, eps = 0, float32
taps; an axis shorter than the window is not blurred (a warning) rather than refused, and a depth of 1 is squeezed
away, computing the 2-D SSIM of the slices. It takes 4-D tensors as images, so an `ssim-3d` case whose images are not 5-D is named invalid_shape
here rather than answered with 2-D SSIM.

`ms-ssim-3d` cases (volumes; `metrics` = ssim,ms-ssim,ssim-3d,ms-ssim-3d), under the named 3-D MS-SSIM convention
pytorch-msssim: pytorch_msssim.ms_ssim called as for `ms-ssim` on 5-D tensors (the channels folded into the batch,
(B·C, 1, D, H, W)), which pools with avg_pool3d(padding=[s % 2 ...]) and blurs each scale as its 5-D ssim does
(docs/ssim3d-provenance.md §9); its assert reads H and W only (image_too_small), and an axis of 1 that avg_pool3d is
asked to pool fails inside torch (its bug: evidence/pytorch_msssim_msssim_volume_depth.py). A pair that is not 5-D is
named invalid_shape rather than answered with 2-D MS-SSIM.
"""
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pytorch_msssim
import torch

# The protocol's plumbing is the ssim_conform package of this checkout (python/ssim_conform/adapter.py), ahead of
# any installed wheel's, so that an adapter here always runs with the helper it was written against.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
from ssim_conform import adapter as ssim_adapter  # noqa: E402
from ssim_conform.adapter import unsupported  # noqa: E402

LIBRARY = "pytorch-msssim"
REJECTIONS = [
    (ValueError, "Input images should have the same dimensions", "shape_mismatch"),
    (ValueError, "Input images should be 4-d or 5-d tensors", "invalid_shape"),
    (ValueError, "Window size should be odd", "invalid_window_size"),
    # A negative odd window passes the library's oddness check and fails in torch.arange, building the window.
    (RuntimeError, "upper bound and lower bound inconsistent with step sign", "invalid_window_size"),
    # ms_ssim: min(H, W) > (win_size - 1)·2⁴, asserted whatever the number of scales.
    (AssertionError, "Image size should be larger than", "image_too_small"),
]


def answer_ms_ssim(case):
    weights = None if case.weights is None else list(case.weights)
    return ssim_adapter.torch_ms_ssim(case, lambda x, y: pytorch_msssim.ms_ssim(
        x, y, data_range=case.max_val, size_average=False, win_size=case.window_size, win_sigma=1.5,
        weights=weights, K=(0.01, 0.03)), per_channel=True)


def answer(case):
    if case.metric in ssim_adapter.VOLUME_METRICS and (case.img1.ndim != 5 or case.img2.ndim != 5):
        raise ssim_adapter.Rejected("invalid_shape", f"images of shapes {case.img1.shape} and {case.img2.shape}: not "
                                    f"(B, C, D, H, W) ({LIBRARY} would compute a 4-D pair as 2-D images)")
    if case.metric in ("ms-ssim", "ms-ssim-3d"):
        return answer_ms_ssim(case)
    padding = case.checked_padding()
    reduction = case.checked_reduction()
    if padding == "same":
        raise unsupported(f"{LIBRARY} blurs without padding: it has only the 'valid' map")
    if reduction == "none" or "loss" not in case.outputs and not case.wants_gradients:
        raise unsupported(f"{LIBRARY} gives each image's mean SSIM, not the map (nor so the 'none' loss)")

    img1, img2, context = ssim_adapter.torch_images(case)
    with context:  # the forward pass, loss included, as a mixed-precision training step runs it
        image_means = pytorch_msssim.ssim(
            img1, img2, data_range=case.max_val, size_average=False, win_size=case.window_size, win_sigma=1.5,
            K=(0.01, 0.03))
        # An axis shorter than the window is not blurred (it warns), so its map keeps every voxel there.
        pixels_per_image = img1.shape[1] * np.prod(
            [n if n < case.window_size else n - 2 * case.radius for n in img1.shape[2:]])
        loss = ssim_adapter.loss_from_image_means(image_means, pixels_per_image, reduction, LIBRARY)
    outputs = {"loss": loss}
    if case.wants_gradients:
        outputs.update(ssim_adapter.autograd_gradients(case, img1, img2, loss))
    return outputs


if __name__ == "__main__":
    torch.set_num_threads(1)  # a fixed summation order, and the other core left to the runner
    ssim_adapter.main(
        LIBRARY, f"{version(LIBRARY)} (torch {torch.__version__}{ssim_adapter.torch_version_note()})", answer,
        REJECTIONS, precisions=ssim_adapter.torch_precisions(), metrics=("ssim", "ms-ssim", "ssim-3d", "ms-ssim-3d"))
