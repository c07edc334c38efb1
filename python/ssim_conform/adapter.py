"""The adapter protocol's plumbing (docs/adapter-protocol.md): an adapter is a function and a table.

An adapter says only how its library answers one case and which of the library's exceptions mean which error
category; `main` does the rest: it checks the request's protocol, writes the response's attributes, answers every
case, and writes either the requested outputs or `error` and `message`. The suite's own adapters
(tools/adapters/) are written with it, and so can yours, with the wheel installed (`pip install ssim-conform`):

    from ssim_conform import adapter
    def answer(case): ...              # -> {"ssim_map": array, "loss": ..., ...}, or raise
    adapter.main("mylib", "1.0", answer, rejections=[(ValueError, "must be odd", "invalid_window_size")])

then `ssim-conform certify --adapter "python3 my_adapter.py"`. `Case.checked()` names an invalid input's category in
the protocol's order, for a library (plain numpy, say) that checks nothing itself.

When the environment variable SSIM_ADAPTER_LOG names a file, `main` appends to it one JSON line naming the
implementation and one per case answered with an error (id, category, message): the reports of `ssim-conform
certify` do not keep the messages of `unsupported` answers, and tools/adapters/make-table reports them.

Half precision (protocol version 2). A request holding a float16 or bfloat16 image says `ssim-conformance-adapter/2`
and is sent only to an adapter whose responses name the precisions it computes in (root attribute `precisions`):
`main(..., precisions=...)` writes it in every response; without it the adapter is a version-1 one and is never sent
a half case. float16 images are HDF5 IEEE half datasets (numpy float16); bfloat16 images are float32 datasets whose
attribute `precision` says `bfloat16` (`Case.precision` tells them apart). The torch adapters hold such images as
torch.float16 / torch.bfloat16 tensors (`torch_images`) and write what the library returns: float16 as float16,
bfloat16 as float32 (numpy has no bfloat16; the conversion is exact).

SSIM_ADAPTER_AUTOCAST (unset: off; `bfloat16` or `float16`): the torch adapters compute the cases of that precision
as mixed-precision training runs these losses: float32 tensors holding the stored half values, the library called
under `torch.autocast("cpu", dtype=...)`, gradients by autograd outside it. Such an adapter declares only that half
precision (`torch_precisions`), so the cases of the other one are not sent to it (not supported, not failed), and its
implementation version says `autocast bfloat16` or `autocast float16`.

MS-SSIM (protocol version 3). A case may name its metric (attribute `metric`: `ssim` when absent, or `ms-ssim`, with
optional per-scale `weights`); an MS-SSIM case has no `eps` or `padding` (its convention fixes them) and asks for
`ms_ssim` (per unit of the library's pooling) instead of `ssim_map`. Such a case is sent only to an adapter whose
responses name the metrics it answers (root attribute `metrics`): `main(..., metrics=("ssim", "ms-ssim"))`; without
it the adapter answers SSIM alone and is never sent another metric's case. `torch_ms_ssim` answers such a case from
a torch library's MS-SSIM per image (`ms_ssim_loss` makes the protocol's loss). The metric `ms-ssim-l1` (Zhao et
al.'s MS-SSIM + L1 loss, Kornia's `MS_SSIMLoss`) asks only for `loss` and the gradients, with optional `alpha` and
`compensation` (`Case.alpha`, `Case.compensation`: None where the library's own apply). The metric `ssim-3d` is
SSIM on volumes: the same attributes and outputs as SSIM, on images of rank 5 (B, C, D, H, W), the window's taps on
every axis (`Case.spatial_axes` names D, H, W for it, H, W otherwise; `Case.checked()` checks either). The metric
`ms-ssim-3d` is MS-SSIM on volumes: MS-SSIM's attributes and outputs on images of rank 5 (`torch_ms_ssim` answers it
as it answers `ms-ssim`).

Needs only h5py and numpy (torch is imported by the torch helpers alone): the helpers below that touch tensors use
methods numpy arrays and torch tensors share.
"""
import json
import os
import sys
from dataclasses import dataclass

import h5py
import numpy as np

PROTOCOL = "ssim-conformance-adapter/1"
PROTOCOL_2 = "ssim-conformance-adapter/2"  # requests holding a float16 or bfloat16 image
PROTOCOL_3 = "ssim-conformance-adapter/3"  # requests holding a case of another metric than SSIM
HALF = ("float16", "bfloat16")
AUTOCAST_VARIABLE = "SSIM_ADAPTER_AUTOCAST"
PADDINGS = ("same", "valid")  # matched case-insensitively, as Kornia does
REDUCTIONS = ("none", "mean", "sum")  # matched exactly
GRADIENTS = ("grad_img1", "grad_img2")
SPATIAL_AXES = {"ssim": ("H", "W"), "ssim-3d": ("D", "H", "W")}  # the metrics with a padding and a map, and their axes
VOLUME_METRICS = ("ssim-3d", "ms-ssim-3d")  # the metrics whose images are volumes (B, C, D, H, W)


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


def stored_precision(dataset):
    """The protocol precision of an image dataset: its type's, or bfloat16 for float32 marked `precision`."""
    marked = dataset.attrs.get("precision")
    if marked is not None and text(marked) == "bfloat16":
        return "bfloat16"
    return str(dataset.dtype)


@dataclass
class Case:
    """One request case, read as stored: the images keep their dtype (bfloat16 ones are float32 arrays holding the
    bfloat16 values, their precision in `precisions`), the attributes their values."""

    id: str
    img1: np.ndarray
    img2: np.ndarray
    window_size: int
    max_val: float
    eps: float  # SSIM's; None for an MS-SSIM case
    padding: str  # SSIM's; None for an MS-SSIM case
    reduction: str
    outputs: tuple
    precisions: tuple = ()  # the images' protocol precisions: 'float32', 'float64', 'float16' or 'bfloat16'
    metric: str = "ssim"  # 'ssim', 'ssim-3d', 'ms-ssim', 'ms-ssim-3d' or 'ms-ssim-l1'
    weights: tuple = None  # an MS-SSIM case's weights, finest scale first; None: the library's own
    alpha: float = None  # an MS-SSIM + L1 case's weight of its MS-SSIM term; None: the library's own
    compensation: float = None  # an MS-SSIM + L1 case's factor of the whole loss; None: the library's own

    @classmethod
    def read(cls, case_id, group):
        attrs = group.attrs
        return cls(
            id=case_id,
            img1=np.asarray(group["img1"][()]),
            img2=np.asarray(group["img2"][()]),
            precisions=(stored_precision(group["img1"]), stored_precision(group["img2"])),
            window_size=int(attrs["window_size"]),
            max_val=float(attrs["max_val"]),
            eps=float(attrs["eps"]) if "eps" in attrs else None,
            padding=text(attrs["padding"]) if "padding" in attrs else None,
            reduction=text(attrs["reduction"]),
            outputs=tuple(name.strip() for name in text(attrs["outputs"]).split(",")),
            metric=text(attrs["metric"]) if "metric" in attrs else "ssim",
            weights=tuple(float(w) for w in np.atleast_1d(attrs["weights"])) if "weights" in attrs else None,
            alpha=float(attrs["alpha"]) if "alpha" in attrs else None,
            compensation=float(attrs["compensation"]) if "compensation" in attrs else None,
        )

    @property
    def precision(self):
        """The protocol precision to compute in: the images', float64 when the two differ (the protocol's rule)."""
        first, second = self.precisions or (str(self.img1.dtype), str(self.img2.dtype))
        return first if first == second else "float64"

    @property
    def dtype(self):
        """The numpy type of the precision to compute in (float32 for bfloat16: numpy has none, torch_images does)."""
        return np.dtype({"bfloat16": "float32"}.get(self.precision, self.precision))

    @property
    def is_half(self):
        return self.precision in HALF

    @property
    def wants_gradients(self):
        return any(name in self.outputs for name in GRADIENTS)

    @property
    def radius(self):
        return self.window_size // 2

    @property
    def spatial_axes(self):
        """The names of the axes after (B, C) of the metric's images: D, H, W for volumes (`ssim-3d`, `ms-ssim-3d`),
        H, W otherwise."""
        return ("D", "H", "W") if self.metric in VOLUME_METRICS else ("H", "W")

    def checked_padding(self):
        """'same' or 'valid'; any other name is not the protocol's, whatever library answers."""
        if self.padding.lower() not in PADDINGS:
            raise Rejected("invalid_padding", f"padding {self.padding!r} is neither 'same' nor 'valid'")
        return self.padding.lower()

    def checked_reduction(self):
        if self.reduction not in REDUCTIONS:
            raise Rejected("invalid_reduction", f"reduction {self.reduction!r} is not 'none', 'mean' or 'sum'")
        return self.reduction

    def checked(self):
        """(padding, reduction) (padding None for MS-SSIM), after checking the whole case in the order of the protocol's table of categories
        and raising the first fault's: for code that checks nothing itself, so that each invalid input is named as
        the suite's reference names it rather than answered. (The inputs the vectors mark `acceptable`, which Kornia
        computes, are rejected too: that passes.) An `ssim-3d` case's images are (B, C, D, H, W), and its sizes are
        checked on all three axes, the first too small named."""
        shapes = (self.img1.shape, self.img2.shape)
        if any(len(shape) != 2 + len(self.spatial_axes) or 0 in shape for shape in shapes):
            layout = ", ".join(("B", "C") + self.spatial_axes)
            raise Rejected("invalid_shape", f"images of shapes {shapes[0]} and {shapes[1]}: not ({layout}), or empty")
        if shapes[0] != shapes[1]:
            raise Rejected("shape_mismatch", f"images of shapes {shapes[0]} and {shapes[1]}")
        if self.window_size < 1 or self.window_size % 2 == 0:
            raise Rejected("invalid_window_size", f"window_size {self.window_size} is not odd and positive")
        padding = self.checked_padding() if self.metric in SPATIAL_AXES else None
        reduction = self.checked_reduction()
        if not 0 < self.max_val < float("inf"):
            raise Rejected("invalid_max_val", f"max_val {self.max_val} is not finite and positive")
        if self.metric not in SPATIAL_AXES:
            return padding, reduction  # the size an MS-SSIM needs depends on its scales: the library's to check
        too_small = [(axis, side) for axis, side in zip(self.spatial_axes, shapes[0][2:])
                     if (side <= self.radius if padding == "same" else side < self.window_size)]
        if too_small:
            axis, side = too_small[0]
            where = f"the volume's {axis} of {side}" if len(self.spatial_axes) == 3 else \
                f"an image side of {min(shapes[0][2:])}"
            raise Rejected("image_too_small", f"{where} is too small for {padding} padding "
                           f"with window_size {self.window_size}")
        return padding, reduction


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


def ms_ssim_loss(values, reduction):
    """The protocol's MS-SSIM loss from MS-SSIM per unit (numpy or torch alike): 1 − MS-SSIM, per unit for 'none',
    its mean or sum over the units otherwise. No clamp: the protocol's loss is 1 − MS-SSIM as it comes."""
    loss = 1 - values
    return {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction]


def torch_ms_ssim(case, ms_ssim_per_image, per_channel):
    """An MS-SSIM case's outputs (ms_ssim per unit, the loss, gradients by autograd) from a torch library:
    `ms_ssim_per_image(img1, img2)` calls the library as the case asks (window, range, weights) and returns one
    MS-SSIM per image of the batch it is given. The images are the case's (torch_images: its precision, or
    autocast), and the outputs are written as the library returns them.

    Under a per-image convention (`per_channel` False: torchmetrics pools each image's channels together) the
    library's (B) values are the units. Under a per-channel one (pytorch-msssim, piq) the library returns each
    image's mean over its channels of their MS-SSIM, while the protocol asks for each (sample, channel): the
    channels are folded into the batch, (B, C, H, W) → (B·C, 1, H, W) (volumes (B, C, D, H, W) → (B·C, 1, D, H, W)),
    which these libraries compute channel by channel anyway (grouped convolutions, per-channel means, powers and
    product), so that each single-channel image's value is that channel's, and the B·C values become (B, C). Images
    that are not two equal shapes of the metric's rank are passed as they are, for the library to reject (or answer)
    as its user would meet it.
    """
    reduction = case.checked_reduction()
    img1, img2, context = torch_images(case)
    fold = per_channel and img1.dim() == 2 + len(case.spatial_axes) and img1.shape == img2.shape
    with context:  # the forward pass, loss included, as a mixed-precision training step runs it
        if fold:
            units = tuple(img1.shape[:2])
            folded = (units[0] * units[1], 1, *img1.shape[2:])
            values = ms_ssim_per_image(img1.reshape(folded), img2.reshape(folded)).reshape(units)
        else:
            values = ms_ssim_per_image(img1, img2)
        loss = ms_ssim_loss(values, reduction)
    outputs = {"ms_ssim": values, "loss": loss}
    if case.wants_gradients:
        outputs.update(autograd_gradients(case, img1, img2, loss))
    return outputs


def refuse_beyond_memory(bytes_asked, what):
    """Raises `unsupported`, saying why, when a library would ask for `bytes_asked` at once and that is more than half
    of this machine's physical memory: the case is not answered rather than the machine (shared with the runner)
    driven into swapping or the adapter killed, which would lose the whole batch. `what` says what would allocate it."""
    physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    if bytes_asked > physical / 2:
        raise unsupported(f"{what} would allocate {bytes_asked:,} bytes at once, more than half of this machine's "
                          f"{physical:,} bytes of memory")


def autograd_gradients(case, img1, img2, loss):
    """grad_img1 and grad_img2 of a torch loss by autograd (of its sum for 'none'), for the requested ones."""
    loss.sum().backward()
    grads = {"grad_img1": img1.grad, "grad_img2": img2.grad}
    return {name: grad for name, grad in grads.items() if name in case.outputs}


def autocast_precision():
    """The half precision SSIM_ADAPTER_AUTOCAST names, or None when it is unset or empty (autocast off)."""
    value = os.environ.get(AUTOCAST_VARIABLE, "")
    if value and value not in HALF:
        sys.exit(f"{AUTOCAST_VARIABLE}={value!r}: expected bfloat16 or float16 (or unset, for no autocast)")
    return value or None


def torch_precisions():
    """The precisions a torch adapter declares: all four, or under autocast float32, float64 and the autocast one."""
    autocast = autocast_precision()
    return ("float32", "float64") + ((autocast,) if autocast else HALF)


def torch_version_note():
    """What a torch adapter's implementation version says after torch's: the autocast in force, if any."""
    autocast = autocast_precision()
    return f", autocast {autocast}" if autocast else ""


def torch_images(case, as_stored=False):
    """img1, img2 as the library's user holds them, and the context to call the library in: (img1, img2, context).

    The tensors are in the case's precision (torch.float16 / torch.bfloat16 for half cases, from the stored values,
    which they represent exactly), or with `as_stored` each in its own image's (for a library that takes the two
    types as they come), requiring gradients when the case asks for them. Under SSIM_ADAPTER_AUTOCAST, a
    case in that precision gets float32 tensors holding the same values and `torch.autocast("cpu", dtype=...)` as
    the context; otherwise the context does nothing. Take gradients after leaving the context, as autocast's
    documentation asks.
    """
    import contextlib

    import torch

    kinds = {"float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32, "float64": torch.float64}
    autocast = autocast_precision()
    context = contextlib.nullcontext()
    dtype = kinds.get(case.precision)
    if case.is_half and case.precision == autocast:
        dtype = torch.float32
        context = torch.autocast("cpu", dtype=kinds[autocast])
    dtypes = [dtype, dtype]
    if as_stored and not (case.is_half and case.precision == autocast):
        dtypes = [kinds.get(precision) for precision in case.precisions]
    images = [torch.from_numpy(np.ascontiguousarray(image)) for image in (case.img1, case.img2)]
    images = [
        (image if kind is None else image.to(kind)).requires_grad_(case.wants_gradients)
        for image, kind in zip(images, dtypes)
    ]
    return images[0], images[1], context


def as_array(value):
    """A numpy array from a numpy value or a torch tensor, keeping its precision (bfloat16, which numpy has not, as
    float32: exactly)."""
    if hasattr(value, "detach"):
        value = value.detach().cpu()
        if str(value.dtype) == "torch.bfloat16":
            value = value.float()
        value = value.numpy()
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


def main(implementation, version, answer, rejections=(), precisions=None, metrics=None):
    """Answers the request named on the command line: `ADAPTER REQUEST.h5 RESPONSE.h5`.

    `precisions` (e.g. `torch_precisions()`) are the precisions the adapter computes in, named in every response
    (protocol version 2); None leaves the attribute out: a version-1 adapter, never sent half cases. `metrics`
    (e.g. `("ms-ssim",)`) are the metrics it answers (protocol version 3); None: SSIM alone.
    """
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} REQUEST.h5 RESPONSE.h5")
    request_path, response_path = sys.argv[1:]
    np.seterr(all="ignore")  # NaN and ±Inf pixels are inputs like any other, not warnings
    with h5py.File(request_path, "r") as request, h5py.File(response_path, "w-", track_order=False) as response:
        protocol = text(request.attrs["protocol"])
        accepted = (PROTOCOL,) + ((PROTOCOL_2,) if precisions else ()) + ((PROTOCOL_3,) if metrics else ())
        if protocol not in accepted:
            sys.exit(f"{request_path}: protocol is {protocol!r}, expected " + " or ".join(map(repr, accepted)))
        response.attrs["protocol"] = protocol
        response.attrs["implementation"] = implementation
        response.attrs["implementation_version"] = version
        if precisions:
            response.attrs["precisions"] = ",".join(precisions)
        if metrics:
            response.attrs["metrics"] = ",".join(metrics)
        log(implementation=implementation, implementation_version=version)
        cases = response.create_group("cases")
        for case_id, group in request["cases"].items():
            answer_case(Case.read(case_id, group), cases.create_group(case_id), answer, rejections)


def run_file(arguments):
    """`python -m ssim_conform.adapter ADAPTER.py REQUEST.h5 RESPONSE.h5`: answers with the adapter that ADAPTER.py
    defines without any plumbing of its own: a function `answer(case)`, and optionally `REJECTIONS` (the table of
    which exceptions mean which category), `PRECISIONS`, `METRICS`, `IMPLEMENTATION` (the file's name by default) and
    `VERSION`.
    The file is loaded as a module, so it must not call `main` itself."""
    import importlib.util
    from pathlib import Path

    if len(arguments) != 3:
        sys.exit("usage: python -m ssim_conform.adapter ADAPTER.py REQUEST.h5 RESPONSE.h5")
    path = arguments[0]
    spec = importlib.util.spec_from_file_location(Path(path).stem, path)
    if spec is None:
        sys.exit(f"{path}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not callable(getattr(module, "answer", None)):
        sys.exit(f"{path}: defines no function answer(case)")
    sys.argv = [path, *arguments[1:]]
    main(getattr(module, "IMPLEMENTATION", Path(path).stem), getattr(module, "VERSION", "unknown"), module.answer,
         getattr(module, "REJECTIONS", ()), getattr(module, "PRECISIONS", None), getattr(module, "METRICS", None))


if __name__ == "__main__":
    # Run as `python -m ssim_conform.adapter`, this file is the module __main__; the adapter's file imports
    # ssim_conform.adapter, a second copy whose Rejected is the one its answers raise: the plumbing must be that one's.
    from ssim_conform import adapter as _adapter

    _adapter.run_file(sys.argv[1:])
