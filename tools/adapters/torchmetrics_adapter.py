#!/usr/bin/env python3
"""An adapter-protocol peer backed by torchmetrics: `torchmetrics_adapter.py REQUEST.h5 RESPONSE.h5`.

torchmetrics.functional.image.structural_similarity_index_measure (gaussian_kernel=True, sigma 1.5, kernel_size =
window_size, data_range = max_val, k1 0.01, k2 0.03, reduction='none', return_full_image=True) in the images'
precision, on CPU. What it can be asked, and so what this adapter answers:

- with a Gaussian kernel, kernel_size is only checked (odd, positive), never used: the kernel has
  2·int(3.5σ + 0.5) + 1 taps, 11 for σ = 1.5; the adapter passes kernel_size as a user would and lets the runner
  find the difference;
- it pads with torch's 'reflect' by the kernel's radius and returns the whole H × W map: Kornia's 'same' map. The
  'valid' map is that map without its r-pixel band (what Kornia does too);
- the loss is the protocol's formula applied to its map, and gradients are torch's autograd through it all;
- its ratio has no eps: it computes eps = 0 whatever the case asks, and the runner judges (and diagnoses) that;
- it clamps σx² and σy² at 0 before the ratio (they can round below 0 where E[x²] - μ² cancels).

float16 and bfloat16 cases are computed on torch.float16 / torch.bfloat16 tensors, or, with SSIM_ADAPTER_AUTOCAST,
on float32 tensors under torch.autocast("cpu", ...) (ssim_adapter.torch_images); outputs are what it returns.

MS-SSIM cases (protocol version 3; `metrics` = ssim,ms-ssim), under the named MS-SSIM convention torchmetrics:
multiscale_structural_similarity_index_measure(preds, target, gaussian_kernel=True, sigma=1.5,
kernel_size=window_size, reduction='none', data_range=max_val, k1=0.01, k2=0.03, betas=tuple(the case's weights) or
its own, normalize='relu'): one MS-SSIM per image, its channels pooled together, which is the protocol's unit for a
per-image convention; the loss is 1 − MS-SSIM (ssim_adapter.torch_ms_ssim). It makes the betas a float32 tensor
whatever the images' dtype, so half images come back float32. kernel_size enters only its size rule (H // (len(betas)
− 1)² > kernel_size − 1, and H, W ≥ 2^len(betas)), which it raises as ValueError (image_too_small).
SSIM_ADAPTER_TORCHMETRICS_NORMALIZE=simple or none calls it with normalize='simple' or None instead, what the named
conventions torchmetrics-normalize-simple and torchmetrics-normalize-none describe. SSIM_ADAPTER_TORCHMETRICS_DATA_RANGE
=none calls it with data_range=None, its default (the range estimated at every scale from the images there), what the
named convention torchmetrics-data-range-none describes; the case's max_val is then not passed.

`ssim-3d` cases (volumes, (B, C, D, H, W); `metrics` = ssim,ms-ssim,ssim-3d): the same function called the same way on
5-D tensors, which it takes as volumes (docs/ssim3d-provenance.md §6): an 11-tap Gaussian on every axis (σ 1.5) in one
3-D convolution, torch's reflect border; D and H padded by that kernel's radius, but the last axis, W, by
(kernel_size − 1)//2, so that for a window_size other than 11 its map is not the volume's size along W (a bug of
torchmetrics, tools/adapters/evidence/torchmetrics_volume_last_axis_padding.py): the adapter answers the map it
returns, and its 'valid' map is that map without an r-voxel band on D and H, as in 2-D, and along W without what is
left of one: its map there already lacks 5 − (window_size − 1)//2 voxels at each end, so windows 7 and up give the
'valid' voxels (r − that), while windows 3 and 5 cannot (the map lacks 'valid' voxels; the whole map is answered).
It takes 4-D tensors as images, so an `ssim-3d` case whose images are not 5-D is named invalid_shape here rather than
answered with 2-D SSIM.
`ms-ssim-3d` cases (volumes; `metrics` = ssim,ms-ssim,ssim-3d,ms-ssim-3d), under the named 3-D MS-SSIM convention
torchmetrics: multiscale_structural_similarity_index_measure called as for `ms-ssim` on 5-D tensors (each volume's
channels pooled), whose scales are its 3-D SSIM and its pooling avg_pool3d((2, 2, 2)) (docs/ssim3d-provenance.md §9);
its size rules read H and W only (image_too_small), and a depth too shallow for the reflect pad of a coarse scale fails
inside torch (its bug: evidence/torchmetrics_msssim_volume_depth.py; the message is torch's padding one, which the
rejections name image_too_small). A pair that is not 5-D is named invalid_shape.
In float64, float16 and bfloat16 torch's CPU conv3d asks for 5·B·C·11³·D·H·W elements at once (measured: 14 GB for
one 64³ float64 volume); a case that would ask for more than half the machine's memory is answered unsupported.
"""
import os
import sys
from importlib.metadata import version
from pathlib import Path

import torch
from torchmetrics.functional.image import (
    multiscale_structural_similarity_index_measure, structural_similarity_index_measure)

# The protocol's plumbing is the ssim_conform package of this checkout (python/ssim_conform/adapter.py), ahead of
# any installed wheel's, so that an adapter here always runs with the helper it was written against.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
from ssim_conform import adapter as ssim_adapter  # noqa: E402

LIBRARY = "torchmetrics"
SIGMA = 1.5
GAUSSIAN_TAPS = 2 * int(3.5 * SIGMA + 0.5) + 1  # its kernel's taps on every axis (functional/image/ssim.py 126)
CONV3D_ELEMENT_BYTES = {"float64": 8, "float16": 2, "bfloat16": 2}  # the precisions whose CPU conv3d unfolds (measured)
NORMALIZATIONS = {"relu": "relu", "simple": "simple", "none": None}  # SSIM_ADAPTER_TORCHMETRICS_NORMALIZE's values
NORMALIZE_ASKED = os.environ.get("SSIM_ADAPTER_TORCHMETRICS_NORMALIZE") or "relu"
DATA_RANGE_ASKED = os.environ.get("SSIM_ADAPTER_TORCHMETRICS_DATA_RANGE") or "given"  # or "none": data_range=None

REJECTIONS = [
    (RuntimeError, "Predictions and targets are expected to have the same shape", "shape_mismatch"),
    (ValueError, "to have BxCxHxW or BxCxDxHxW shape", "invalid_shape"),
    (ValueError, "Expected `kernel_size` to have odd positive number", "invalid_window_size"),
    (Exception, "Padding size should be less than the corresponding input dimension", "image_too_small"),
    # A volume whose W, padded by kernel_size's reach only, is shorter than the 11 taps of its conv3d: torch's own
    # check (the padded input is named "too small" for the kernel).
    (RuntimeError, "Kernel size can't be greater than actual input size", "image_too_small"),
    # MS-SSIM's size rules (functional/image/ssim.py 384–400).
    (ValueError, "the image height and width dimensions must be larger than or equal to", "image_too_small"),
    (ValueError, "the image height must be larger than", "image_too_small"),
    (ValueError, "the image width must be larger than", "image_too_small"),
]


def answer_ms_ssim(case):
    betas = {} if case.weights is None else {"betas": tuple(case.weights)}
    return ssim_adapter.torch_ms_ssim(case, lambda x, y: multiscale_structural_similarity_index_measure(
        x, y, gaussian_kernel=True, sigma=SIGMA, kernel_size=case.window_size, reduction="none",
        data_range=None if DATA_RANGE_ASKED == "none" else case.max_val, k1=0.01, k2=0.03,
        normalize=NORMALIZATIONS[NORMALIZE_ASKED], **betas), per_channel=False)


def refuse_volumes_not_asked(case):
    """For a case of volumes (`ssim-3d`, `ms-ssim-3d`), what the adapter cannot ask torchmetrics: a pair that is not
    5-D (which it would compute as 2-D images), or a volume its 3-D convolution would need more than half the
    machine's memory for (MS-SSIM's finest scale is the largest)."""
    if case.img1.ndim != 5 or case.img2.ndim != 5:
        raise ssim_adapter.Rejected("invalid_shape", f"images of shapes {case.img1.shape} and {case.img2.shape}: not "
                                    "(B, C, D, H, W) (torchmetrics would compute a 4-D pair as 2-D images)")
    autocast = ssim_adapter.autocast_precision()
    precision = autocast if case.is_half and case.precision == autocast else case.precision
    if precision in CONV3D_ELEMENT_BYTES:
        ssim_adapter.refuse_beyond_memory(
            5 * GAUSSIAN_TAPS ** 3 * case.img1.size * CONV3D_ELEMENT_BYTES[precision],
            f"torchmetrics' {precision} 3-D convolution on CPU (5·B·C·{GAUSSIAN_TAPS}³·D·H·W elements, shape "
            f"{case.img1.shape})")


def answer(case):
    if case.metric == "ms-ssim-3d":
        refuse_volumes_not_asked(case)
    if case.metric in ("ms-ssim", "ms-ssim-3d"):
        return answer_ms_ssim(case)
    padding = case.checked_padding()
    reduction = case.checked_reduction()
    if case.metric == "ssim-3d":
        refuse_volumes_not_asked(case)

    img1, img2, context = ssim_adapter.torch_images(case)
    with context:  # the forward pass, loss included, as a mixed-precision training step runs it
        _, ssim_map = structural_similarity_index_measure(
            img1, img2, gaussian_kernel=True, sigma=SIGMA, kernel_size=case.window_size, data_range=case.max_val,
            k1=0.01, k2=0.03, reduction="none", return_full_image=True)
        if padding == "valid":  # the map without its band of r on each side of every spatial axis
            r = case.radius
            # A volume's map lacks at each end of W the voxels its padding there, (window_size − 1)//2, falls short of
            # the taps' reach (its bug): those are cropped already, and where more are lacking than r the whole map
            # is answered, all the library has.
            lacking = [0] * (ssim_map.dim() - 2)
            if case.metric == "ssim-3d":
                lacking[-1] = GAUSSIAN_TAPS // 2 - (case.window_size - 1) // 2
            crops = [max(0, r - short) for short in lacking]
            ssim_map = ssim_map[(slice(None), slice(None))
                                + tuple(slice(crop, n - crop) for crop, n in zip(crops, ssim_map.shape[2:]))]
        loss = ssim_adapter.loss_from_map(ssim_map, reduction)
    outputs = {"ssim_map": ssim_map, "loss": loss}
    if case.wants_gradients:
        outputs.update(ssim_adapter.autograd_gradients(case, img1, img2, loss))
    return outputs


if __name__ == "__main__":
    if NORMALIZE_ASKED not in NORMALIZATIONS:
        print(f"torchmetrics_adapter.py: SSIM_ADAPTER_TORCHMETRICS_NORMALIZE={NORMALIZE_ASKED!r}: expected one of "
              f"{', '.join(NORMALIZATIONS)}", file=sys.stderr)
        sys.exit(2)
    if DATA_RANGE_ASKED not in ("given", "none"):
        print(f"torchmetrics_adapter.py: SSIM_ADAPTER_TORCHMETRICS_DATA_RANGE={DATA_RANGE_ASKED!r}: expected given or none",
              file=sys.stderr)
        sys.exit(2)
    torch.set_num_threads(1)  # a fixed summation order, and the other core left to the runner
    ssim_adapter.main(
        LIBRARY, f"{version(LIBRARY)} (torch {torch.__version__}{ssim_adapter.torch_version_note()})", answer,
        REJECTIONS, precisions=ssim_adapter.torch_precisions(), metrics=("ssim", "ms-ssim", "ssim-3d", "ms-ssim-3d"))
