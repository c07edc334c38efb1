#!/usr/bin/env python3
"""An adapter-protocol peer backed by Kornia 0.9.0: `kornia_adapter.py REQUEST.h5 RESPONSE.h5`.

Answers each case of the request with kornia.metrics.ssim and kornia.losses.ssim_loss, computing in the
precision of the case's images, with gradients from torch's autograd (of the loss map's sum for 'none').
Kornia itself checks only some inputs; the checks it makes are reported with the protocol's categories and
everything else is computed as Kornia computes it. Needs torch, kornia==0.9.0, h5py and numpy (tools/kornia-witness
installs them into tools/.venv-kornia).
"""
import sys

import h5py
import kornia
import numpy as np
import torch

PROTOCOL = "ssim-conformance-adapter/1"


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def rejection(img1, img2, padding, reduction):
    """The protocol category of an input Kornia 0.9.0 rejects, or None when Kornia computes it."""
    if img1.ndim != 4 or img2.ndim != 4:
        return "invalid_shape"
    if img1.shape != img2.shape:
        return "shape_mismatch"
    if padding.lower() not in ("same", "valid"):
        return "invalid_padding"
    if reduction not in ("none", "mean", "sum"):
        return "invalid_reduction"
    return None


# Kornia 0.9.0 rejects these inputs itself or from inside torch; the adapter names them with the protocol's
# categories. Any other exception is a crash, as it would be for Kornia's user.
REJECTIONS = {
    "Kernel size must be an odd integer": "invalid_window_size",
    "Expected 3D or 4D": "invalid_shape",
    "Padding size should be less than the corresponding input dimension": "image_too_small",
}


def answer_or_reject(case, out):
    try:
        answer(case, out)
    except Exception as error:
        category = next((c for text, c in REJECTIONS.items() if text in str(error)), None)
        if category is None:
            raise
        for name in list(out):
            del out[name]
        out.attrs["error"] = category
        out.attrs["message"] = str(error).splitlines()[0]


def answer(case, out):
    img1 = torch.from_numpy(np.asarray(case["img1"][()]))
    img2 = torch.from_numpy(np.asarray(case["img2"][()]))
    window = int(case.attrs["window_size"])
    max_val = float(case.attrs["max_val"])
    eps = float(case.attrs["eps"])
    padding = text(case.attrs["padding"])
    reduction = text(case.attrs["reduction"])
    outputs = [name.strip() for name in text(case.attrs["outputs"]).split(",")]

    category = rejection(img1, img2, padding, reduction)
    if category is not None:
        out.attrs["error"] = category
        return
    wants_gradients = "grad_img1" in outputs or "grad_img2" in outputs
    img1.requires_grad_(wants_gradients)
    img2.requires_grad_(wants_gradients)
    loss = kornia.losses.ssim_loss(img1, img2, window, max_val, eps, reduction, padding)
    if "ssim_map" in outputs:
        with torch.no_grad():
            out["ssim_map"] = kornia.metrics.ssim(img1, img2, window, max_val, eps, padding).numpy()
    if "loss" in outputs:
        out["loss"] = loss.detach().numpy()
    if wants_gradients:
        (loss.sum() if reduction == "none" else loss).backward()
        if "grad_img1" in outputs:
            out["grad_img1"] = img1.grad.numpy()
        if "grad_img2" in outputs:
            out["grad_img2"] = img2.grad.numpy()


def main(request_path, response_path):
    torch.set_num_threads(1)  # a fixed summation order, so the witness files regenerate identically
    with h5py.File(request_path, "r") as request, h5py.File(response_path, "w-", track_order=False) as response:
        if text(request.attrs["protocol"]) != PROTOCOL:
            sys.exit(f"{request_path}: protocol is {request.attrs['protocol']!r}, expected {PROTOCOL!r}")
        response.attrs["protocol"] = PROTOCOL
        response.attrs["implementation"] = "kornia"
        response.attrs["implementation_version"] = f"{kornia.__version__} (torch {torch.__version__})"
        cases = response.create_group("cases")
        for case_id, case in request["cases"].items():
            answer_or_reject(case, cases.create_group(case_id))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: kornia_adapter.py REQUEST.h5 RESPONSE.h5")
    np.seterr(all="ignore")
    main(sys.argv[1], sys.argv[2])
