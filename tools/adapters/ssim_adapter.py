"""The adapter protocol's plumbing (docs/adapter-protocol.md), shared by every adapter in this folder.

An adapter says only how its library answers one case and which of the library's exceptions mean which error
category; `main` does the rest: it checks the request's protocol, writes the response's attributes, answers every
case, and writes either the requested outputs or `error` and `message`.

    import ssim_adapter
    def answer(case): ...              # -> {"ssim_map": array, "loss": ..., ...}, or raise
    ssim_adapter.main("mylib", "1.0", answer, rejections=[(ValueError, "must be odd", "invalid_window_size")])

When the environment variable SSIM_ADAPTER_LOG names a file, `main` appends to it one JSON line naming the
implementation and one per case answered with an error (id, category, message): the reports of `ssim-conform
certify` do not keep the messages of `unsupported` answers, and tools/adapters/make-table reports them.

Needs only h5py and numpy: the helpers below that touch tensors use methods numpy arrays and torch tensors share.
"""
import json
import os
import sys
from dataclasses import dataclass

import h5py
import numpy as np

PROTOCOL = "ssim-conformance-adapter/1"
PADDINGS = ("same", "valid")  # matched case-insensitively, as Kornia does
REDUCTIONS = ("none", "mean", "sum")  # matched exactly
GRADIENTS = ("grad_img1", "grad_img2")


class Rejected(Exception):
    """A case answered with an error category (a protocol category, or `unsupported`) instead of outputs."""

    def __init__(self, category, message=None):
        super().__init__(message or "")
        self.category = category


def unsupported(why):
    """The answer for a valid question the library cannot be asked: say why, do not answer something else."""
    return Rejected("unsupported", why)


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


@dataclass
class Case:
    """One request case, read as stored: the images keep their dtype, the attributes their values."""

    id: str
    img1: np.ndarray
    img2: np.ndarray
    window_size: int
    max_val: float
    eps: float
    padding: str
    reduction: str
    outputs: tuple

    @classmethod
    def read(cls, case_id, group):
        attrs = group.attrs
        return cls(
            id=case_id,
            img1=np.asarray(group["img1"][()]),
            img2=np.asarray(group["img2"][()]),
            window_size=int(attrs["window_size"]),
            max_val=float(attrs["max_val"]),
            eps=float(attrs["eps"]),
            padding=text(attrs["padding"]),
            reduction=text(attrs["reduction"]),
            outputs=tuple(name.strip() for name in text(attrs["outputs"]).split(",")),
        )

    @property
    def dtype(self):
        """The precision to compute in: the images' type, float64 when the two differ (the protocol's rule)."""
        return self.img1.dtype if self.img1.dtype == self.img2.dtype else np.dtype(np.float64)

    @property
    def wants_gradients(self):
        return any(name in self.outputs for name in GRADIENTS)

    @property
    def radius(self):
        return self.window_size // 2

    def checked_padding(self):
        """'same' or 'valid'; any other name is not the protocol's, whatever library answers."""
        if self.padding.lower() not in PADDINGS:
            raise Rejected("invalid_padding", f"padding {self.padding!r} is neither 'same' nor 'valid'")
        return self.padding.lower()

    def checked_reduction(self):
        if self.reduction not in REDUCTIONS:
            raise Rejected("invalid_reduction", f"reduction {self.reduction!r} is not 'none', 'mean' or 'sum'")
        return self.reduction


def loss_from_map(ssim_map, reduction):
    """The protocol's loss from an SSIM map: clamp((1 - SSIM)/2, 0, 1), then reduced (numpy or torch alike)."""
    loss = ((1 - ssim_map) / 2).clip(0, 1)
    return {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction]


def loss_from_image_means(image_means, pixels_per_image, reduction, library):
    """The protocol's 'mean' or 'sum' loss from a library that gives only each image's mean SSIM over C·H'·W'.

    SSIM lies in [-1, 1] (|2μxμy| ≤ μx² + μy² and |2σxy| ≤ σx² + σy² with C1, C2 > 0), so the clamp in
    clamp((1 - SSIM)/2, 0, 1) never acts in exact arithmetic and the mean of the loss map is (1 - mean SSIM)/2:
    the two differ only by rounding, which the acceptance bounds judge. Every image has the same number of map
    elements, so the mean over the batch of the images' means is the mean of the whole map. 'none' needs the map.
    """
    if reduction == "none":
        raise unsupported(f"{library} gives only each image's mean SSIM, not the map 'none' needs")
    if reduction == "mean":
        return (1 - image_means.mean()) / 2
    return pixels_per_image * ((1 - image_means) / 2).sum()


def autograd_gradients(case, img1, img2, loss):
    """grad_img1 and grad_img2 of a torch loss by autograd (of its sum for 'none'), for the requested ones."""
    loss.sum().backward()
    grads = {"grad_img1": img1.grad, "grad_img2": img2.grad}
    return {name: grad for name, grad in grads.items() if name in case.outputs}


def as_array(value):
    """A numpy array from a numpy value or a torch tensor, keeping its precision."""
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    return np.asarray(value)


def category_of(error, rejections):
    """The category an exception stands for: (exception type, message substring, category) rules, first match."""
    if isinstance(error, Rejected):
        return error.category
    for kind, substring, category in rejections:
        if isinstance(error, kind) and substring in str(error):
            return category
    return None


def log(**entry):
    if os.environ.get("SSIM_ADAPTER_LOG"):
        with open(os.environ["SSIM_ADAPTER_LOG"], "a") as file:
            file.write(json.dumps(entry) + "\n")


def answer_case(case, group, answer, rejections):
    try:
        outputs = answer(case)
    except Exception as error:
        category = category_of(error, rejections)
        message = str(error).splitlines()[0] if str(error) else None
        if category is None:
            # Not a rejection the library is known to make. Named as no protocol category, it is judged a wrong
            # error on this case alone; raising would crash the whole batch and lose the other cases' verdicts.
            category = "library_error"
            message = f"{type(error).__name__}: {message or ''}"
    else:
        requested = {name: value for name, value in outputs.items() if name in case.outputs and value is not None}
        if requested:
            for name, value in requested.items():
                group[name] = as_array(value)
            return
        category = "unsupported"
        message = "none of the requested outputs (" + ", ".join(case.outputs) + ") can be given"
    group.attrs["error"] = category
    if message:
        group.attrs["message"] = message
    log(id=case.id, error=category, message=message)


def main(implementation, version, answer, rejections=()):
    """Answers the request named on the command line: `ADAPTER REQUEST.h5 RESPONSE.h5`."""
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} REQUEST.h5 RESPONSE.h5")
    request_path, response_path = sys.argv[1:]
    np.seterr(all="ignore")  # NaN and ±Inf pixels are inputs like any other, not warnings
    with h5py.File(request_path, "r") as request, h5py.File(response_path, "w-", track_order=False) as response:
        if text(request.attrs["protocol"]) != PROTOCOL:
            sys.exit(f"{request_path}: protocol is {request.attrs['protocol']!r}, expected {PROTOCOL!r}")
        response.attrs["protocol"] = PROTOCOL
        response.attrs["implementation"] = implementation
        response.attrs["implementation_version"] = version
        log(implementation=implementation, implementation_version=version)
        cases = response.create_group("cases")
        for case_id, group in request["cases"].items():
            answer_case(Case.read(case_id, group), cases.create_group(case_id), answer, rejections)
