#!/usr/bin/env python3
"""An adapter-protocol peer backed by piq: `piq_adapter.py REQUEST.h5 RESPONSE.h5`.

piq.ssim (kernel_size = window_size, kernel_sigma 1.5, data_range = max_val, k1 0.01, k2 0.03, reduction='none',
downsample=False: by default piq first average-pools images whose shorter side is at least 384 pixels) in the
images' precision, on CPU. What it can be asked, and so what this adapter answers:

- it convolves without padding, so only 'valid' exists ('same' is unsupported), and it returns each image's mean SSIM
  (full=True adds the mean contrast-structure term, not the map): ssim_map and the 'none' loss cannot be given;
- the 'mean' and 'sum' losses follow from those means exactly (ssim_adapter.loss_from_image_means says why the clamp
  does not get in the way), and their gradients are torch's autograd through the library's own computation;
- float16 and bfloat16 cases are computed on torch.float16 / torch.bfloat16 tensors, or, with
  SSIM_ADAPTER_AUTOCAST, on float32 tensors under torch.autocast("cpu", ...) (ssim_adapter.torch_images);
- its ratio has no eps: it computes eps = 0 whatever the case asks, and the runner judges (and diagnoses) that;
- it asserts that every pixel lies in [0, data_range] (a NaN fails that too): such inputs are unsupported.

`import piq` imports every metric of the package, among them the VGG-based ones that need torchvision, which is not
installed (tools/adapters/setup says why); piq's SSIM needs only piq.utils and piq.functional, so this adapter
registers the package without running its __init__ and imports piq.ssim and piq.ms_ssim alone.

MS-SSIM cases (protocol version 3; `metrics` = ssim,ms-ssim), under the named MS-SSIM convention piq:
piq.multi_scale_ssim(x, y, kernel_size=window_size, kernel_sigma=1.5, data_range=max_val, reduction='none',
scale_weights=the case's weights as a tensor of the images' dtype (the dtype piq gives its own), or None for its
own, k1=0.01, k2=0.03). It returns each image's mean over its channels, so the channels are folded into the batch to
give each (sample, channel)'s (ssim_adapter.torch_ms_ssim); the loss is 1 − MS-SSIM. Weights a caller gives are
divided by their sum (ms_ssim.py 69–71); its own defaults are not. It refuses images smaller than
(kernel_size − 1)·2^(scales − 1) + 1 (image_too_small).
"""
import importlib.util
import sys
import types
from importlib.metadata import version
from pathlib import Path

import numpy as np
import torch

# The protocol's plumbing is the ssim_conform package of this checkout (python/ssim_conform/adapter.py), ahead of
# any installed wheel's, so that an adapter here always runs with the helper it was written against.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
from ssim_conform import adapter as ssim_adapter  # noqa: E402
from ssim_conform.adapter import unsupported  # noqa: E402

LIBRARY = "piq"
_package = types.ModuleType("piq")
_package.__path__ = list(importlib.util.find_spec("piq").submodule_search_locations)
sys.modules["piq"] = _package
from piq.ms_ssim import multi_scale_ssim  # noqa: E402
from piq.ssim import ssim  # noqa: E402

REJECTIONS = [
    (AssertionError, "Kernel size must be odd", "invalid_window_size"),
    (AssertionError, "Expected tensors with same size", "shape_mismatch"),
    (AssertionError, "Expected number of dimensions to be", "invalid_shape"),
    (AssertionError, "Expected values to be greater or equal to", "unsupported"),
    (AssertionError, "Expected values to be lower or equal to", "unsupported"),
    (ValueError, "Kernel size can't be greater than actual input size", "image_too_small"),
    (ValueError, "Invalid size of the input images, expected at least", "image_too_small"),
    # A negative odd window passes the library's oddness check and fails in torch.arange, building the window.
    (RuntimeError, "upper bound and lower bound inconsistent with step sign", "invalid_window_size"),
]


def answer_ms_ssim(case):
    def ms_ssim_per_image(x, y):
        weights = None if case.weights is None else torch.tensor(case.weights, dtype=x.dtype)
        return multi_scale_ssim(
            x, y, kernel_size=case.window_size, kernel_sigma=1.5, data_range=case.max_val, reduction="none",
            scale_weights=weights, k1=0.01, k2=0.03)
    return ssim_adapter.torch_ms_ssim(case, ms_ssim_per_image, per_channel=True)


def answer(case):
    if case.metric == "ms-ssim":
        return answer_ms_ssim(case)
    padding = case.checked_padding()
    reduction = case.checked_reduction()
    if padding == "same":
        raise unsupported(f"{LIBRARY} convolves without padding: it has only the 'valid' map")
    if reduction == "none" or "loss" not in case.outputs and not case.wants_gradients:
        raise unsupported(f"{LIBRARY} gives each image's mean SSIM, not the map (nor so the 'none' loss)")

    img1, img2, context = ssim_adapter.torch_images(case)
    with context:  # the forward pass, loss included, as a mixed-precision training step runs it
        image_means = ssim(
            img1, img2, kernel_size=case.window_size, kernel_sigma=1.5, data_range=case.max_val, reduction="none",
            downsample=False, k1=0.01, k2=0.03)
        pixels_per_image = img1.shape[1] * np.prod([max(0, n - 2 * case.radius) for n in img1.shape[2:]])
        loss = ssim_adapter.loss_from_image_means(image_means, pixels_per_image, reduction, LIBRARY)
    outputs = {"loss": loss}
    if case.wants_gradients:
        outputs.update(ssim_adapter.autograd_gradients(case, img1, img2, loss))
    return outputs


if __name__ == "__main__":
    torch.set_num_threads(1)  # a fixed summation order, and the other core left to the runner
    ssim_adapter.main(
        LIBRARY, f"{version(LIBRARY)} (torch {torch.__version__}{ssim_adapter.torch_version_note()})", answer,
        REJECTIONS, precisions=ssim_adapter.torch_precisions(), metrics=("ssim", "ms-ssim"))
