#!/usr/bin/env python3
"""Spot check of the MS-SSIM adapters against the reference, each under its own named MS-SSIM convention.

    tools/.venv-adapters/bin/python tools/adapters/msssim_spot_check.py [--ssim-conform BIN] [--keep DIR] [LIB ...]

How the numbers are made: this script writes one adapter-protocol request (version 3) of MS-SSIM cases (below), then
for each library LIB (pytorch_msssim, piq, torchmetrics; all three by default) runs `tools/adapters/run LIB REQUEST
RESPONSE` and `ssim-conform eval REQUEST EXPECTED --convention NAME` (NAME: LIB's own MS-SSIM convention,
pytorch-msssim, piq or torchmetrics), and prints for every case and output the largest |library − reference| over
the output's elements and that difference relative to the largest |reference| element ("rel"), or the error
category either side answered instead. BIN is `$SSIM_CONFORM`, else `.build-rel/release/ssim-conform` (`swift build
-c release --scratch-path .build-rel --product ssim-conform`). Nothing is judged: it prints, for a person to read. In
float64 a library that computes its convention as the reference models it agrees to about 1e-12 relative (the
libraries build their Gaussian taps in float32 (pytorch-msssim) or in the images' dtype; the reference models the
taps each convention uses); in float32 to about 1e-6.

The images (numpy.random.default_rng(SEED), values in [0, max_val], since piq asserts that range):
- random: x uniform, y = x plus Gaussian noise of 0.1·max_val, clipped;
- structured: smooth ramps and sinusoids of several periods, y a blurred-and-noised copy;
- anti-coarse: a fine texture shared by x and y plus a coarse pattern added to x and subtracted from y, so that the
  fine scales' cs is positive and the coarse scales' negative (the relu's business: MS-SSIM 0);
- weak-coarse: the same with y's coarse pattern 0.05 times x's: the coarse scales' cs small but positive;
- anti: y = max_val − x for random x (every cs negative: MS-SSIM 0 under relu);
- identical: y = x.
"""
import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
CONVENTIONS = {"pytorch_msssim": "pytorch-msssim", "piq": "piq", "torchmetrics": "torchmetrics"}
OUTPUTS = ("ms_ssim", "loss", "grad_img1", "grad_img2")
SEED = 20261206
WANG = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


def images(content, shape, max_val, rng):
    b, c, h, w = shape
    if content == "random":
        x = rng.random(shape)
        y = np.clip(x + rng.normal(0, 0.1, shape), 0, 1)
    elif content == "structured":
        rows, cols = np.meshgrid(np.arange(h) / h, np.arange(w) / w, indexing="ij")
        x = np.empty(shape)
        for i in range(b):
            for j in range(c):
                period = 3 + 5 * i + 2 * j
                x[i, j] = 0.5 + 0.2 * np.sin(2 * np.pi * period * rows) * np.cos(2 * np.pi * (period + 1) * cols) \
                    + 0.2 * (rows - cols) * (-1) ** j
        x = np.clip(x, 0, 1)
        kernel = np.ones(3) / 3
        y = np.apply_along_axis(lambda v: np.convolve(v, kernel, mode="same"), 3, x)
        y = np.clip(y + rng.normal(0, 0.03, shape), 0, 1)
    elif content in ("anti-coarse", "weak-coarse"):
        rows, cols = np.meshgrid(np.arange(h) / h, np.arange(w) / w, indexing="ij")
        coarse = 0.25 * np.sin(2 * np.pi * 2 * rows) * np.sin(2 * np.pi * 2 * cols)
        fine = 0.1 * rng.standard_normal(shape)
        x = np.clip(0.5 + fine + coarse, 0, 1)
        y = np.clip(0.5 + fine + (-1 if content == "anti-coarse" else 0.05) * coarse, 0, 1)
    elif content == "anti":
        x = rng.random(shape)
        y = 1 - x
    elif content == "identical":
        x = rng.random(shape)
        y = x.copy()
    else:
        raise ValueError(content)
    return x * max_val, y * max_val


def cases():
    """(id, shape, content, dtype, window, max_val, weights, reduction, outputs) of every case."""
    everything = ",".join(OUTPUTS)
    out = [
        ("odd-203x241-random-f64", (2, 3, 203, 241), "random", "float64", 11, 1.0, None, "mean", everything),
        ("odd-241x203-structured-f64", (1, 2, 241, 203), "structured", "float64", 11, 1.0, None, "none", everything),
        ("size161-random-f64", (2, 1, 161, 161), "random", "float64", 11, 1.0, None, "sum", everything),
        ("size175-structured-f64", (1, 2, 175, 175), "structured", "float64", 11, 1.0, None, "none", everything),
        ("size176-random-f64", (2, 2, 176, 176), "random", "float64", 11, 1.0, None, "mean", everything),
        ("size176x203-random-f64", (1, 1, 176, 203), "random", "float64", 11, 1.0, None, "none", everything),
        ("anti-coarse-192-f64", (2, 1, 192, 192), "anti-coarse", "float64", 11, 1.0, None, "none", everything),
        ("anti-coarse-203x241-f64", (1, 3, 203, 241), "anti-coarse", "float64", 11, 1.0, None, "mean", everything),
        ("weak-coarse-192-f64", (2, 1, 192, 192), "weak-coarse", "float64", 11, 1.0, None, "none", everything),
        ("weak-coarse-203x241-f32", (1, 2, 203, 241), "weak-coarse", "float32", 11, 1.0, None, "mean", everything),
        ("anti-180-f64", (1, 1, 180, 180), "anti", "float64", 11, 1.0, None, "none", everything),
        ("identical-180-f64", (1, 2, 180, 180), "identical", "float64", 11, 1.0, None, "mean", everything),
        ("maxval255-203x241-f64", (1, 1, 203, 241), "structured", "float64", 11, 255.0, None, "mean", everything),
        ("window7-200x200-f64", (1, 1, 200, 200), "random", "float64", 7, 1.0, None, "mean", everything),
        ("wang-weights-given-180-f64", (1, 1, 180, 180), "random", "float64", 11, 1.0, WANG, "none", everything),
        ("3scales-sum1-64x72-f64", (2, 2, 64, 72), "random", "float64", 11, 1.0, (0.2, 0.3, 0.5), "none", everything),
        ("3scales-wang3-65x71-f64", (1, 1, 65, 71), "structured", "float64", 11, 1.0, WANG[:3], "mean", everything),
        ("3scales-wang3-203x241-f64", (1, 2, 203, 241), "random", "float64", 11, 1.0, WANG[:3], "mean", everything),
        ("6scales-176-f64", (1, 1, 176, 176), "random", "float64", 11, 1.0, (0.1,) * 6, "mean", everything),
        ("odd-203x241-random-f32", (2, 3, 203, 241), "random", "float32", 11, 1.0, None, "mean", everything),
        ("size176-structured-f32", (1, 2, 176, 176), "structured", "float32", 11, 1.0, None, "none", everything),
        ("anti-coarse-192-f32", (2, 1, 192, 192), "anti-coarse", "float32", 11, 1.0, None, "sum", everything),
        ("3scales-sum1-64x72-f32", (2, 2, 64, 72), "random", "float32", 11, 1.0, (0.2, 0.3, 0.5), "mean", everything),
    ]
    return out


def write_request(path):
    rng = np.random.default_rng(SEED)
    with h5py.File(path, "w") as request:
        request.attrs["protocol"] = "ssim-conformance-adapter/3"
        group = request.create_group("cases")
        for case_id, shape, content, dtype, window, max_val, weights, reduction, outputs in cases():
            x, y = images(content, shape, max_val, rng)
            case = group.create_group(case_id)
            case["img1"] = x.astype(dtype)
            case["img2"] = y.astype(dtype)
            case.attrs["metric"] = "ms-ssim"
            case.attrs["window_size"] = np.int64(window)
            case.attrs["max_val"] = np.float64(max_val)
            if weights is not None:
                case.attrs["weights"] = np.asarray(weights, dtype=np.float64)
            case.attrs["reduction"] = reduction
            case.attrs["outputs"] = outputs
            case.attrs["content"] = content


def read(path):
    with h5py.File(path, "r") as response:
        answers = {}
        for case_id, group in response["cases"].items():
            if "error" in group.attrs:
                message = group.attrs.get("message", "")
                message = message.decode() if isinstance(message, bytes) else message
                answers[case_id] = ("error", f"{group.attrs['error']}: {message}"[:110])
            else:
                answers[case_id] = ("outputs", {name: np.asarray(group[name][()]) for name in group})
        return answers


def compare(library, expected, answered, convention=None, case_ids=None, outputs=OUTPUTS,
            scalars=("ms_ssim", "loss")):
    """Prints, per case of `case_ids` (this check's by default) and output, the library's largest difference from the
    reference under `convention` (the library's own MS-SSIM one by default), and the worst per precision (the case
    id's last part: f64, f32); `scalars` are the outputs whose first values are shown. volume_spot_check.py uses it
    too."""
    print(f"\n## {library} under the convention {convention or CONVENTIONS[library]}\n")
    print(f"{'case':32} {'output':9} {'shapes':24} {'max |diff|':>11} {'rel':>9}  values")
    worst = {}  # the largest relative difference over every output of the cases of each precision
    for case_id in case_ids or [case[0] for case in cases()]:
        ref, lib = expected.get(case_id), answered.get(case_id)
        if ref is None or lib is None or ref[0] == "error" or lib[0] == "error":
            say = lambda answer: "missing" if answer is None else ("answered" if answer[0] == "outputs" else answer[1])
            print(f"{case_id:32} reference: {say(ref)}\n{'':32} {library}: {say(lib)}")
            continue
        for name in outputs:
            if name not in ref[1] or name not in lib[1]:
                continue
            r, a = ref[1][name].astype(np.float64), lib[1][name].astype(np.float64)
            shapes = f"{r.shape}/{a.shape}".replace(" ", "")
            if r.shape != a.shape:
                print(f"{case_id:32} {name:9} {shapes:24} shapes differ")
                continue
            both_nan = np.isnan(r) & np.isnan(a)
            diff = np.where(both_nan, 0.0, np.abs(r - a))
            largest = np.nanmax(np.abs(r)) if r.size and not np.all(np.isnan(r)) else 0.0
            top = float(np.max(diff)) if diff.size else 0.0
            sample = f"ref {r.ravel()[:3]} lib {a.ravel()[:3]}" if name in scalars else ""
            if largest > 0:  # a reference of zeros (identical images' gradients) has no relative difference
                rel = top / largest
                dtype = case_id.rsplit("-", 1)[1]
                worst[dtype] = max(worst.get(dtype, 0.0), rel)
            print(f"{case_id:32} {name:9} {shapes:24} {top:11.3e} {f'{rel:9.2e}' if largest > 0 else '—':>9}  {sample}")
    print(f"\nworst relative difference by precision: " + ", ".join(f"{k} {v:.2e}" for k, v in sorted(worst.items())))


def spot_check(description, conventions, write, comparison, prefix):
    """The command line of a spot check: `conventions` maps each library to the named convention it is compared under,
    `write(path)` writes the request, `comparison(library, convention, expected, answered)` prints; the request and the
    responses go to --keep or a new temporary folder named with `prefix`. volume_spot_check.py runs on it too."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("libraries", nargs="*", help="of " + ", ".join(conventions) + " (default: all)")
    parser.add_argument("--ssim-conform", default=os.environ.get("SSIM_CONFORM",
                                                                 str(ROOT / ".build-rel/release/ssim-conform")))
    parser.add_argument("--keep", help="a folder to keep the request and the responses in")
    arguments = parser.parse_args()
    unknown = [name for name in arguments.libraries if name not in conventions]
    if unknown:
        parser.error(f"unknown libraries {unknown}: expected some of {list(conventions)}")
    arguments.libraries = arguments.libraries or list(conventions)
    folder = Path(arguments.keep or tempfile.mkdtemp(prefix=prefix))
    folder.mkdir(parents=True, exist_ok=True)
    request = folder / "request.h5"
    if request.exists():
        request.unlink()
    write(request)
    for library in arguments.libraries:
        convention = conventions[library]
        expected, answered = folder / f"expected-{convention}.h5", folder / f"{library}.h5"
        for path in (expected, answered):
            if path.exists():
                path.unlink()
        subprocess.run([arguments.ssim_conform, "eval", str(request), str(expected), "--convention", convention],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([str(ROOT / "tools/adapters/run"), library, str(request), str(answered)], check=True)
        comparison(library, convention, read(expected), read(answered))
    print(f"\nrequest and responses in {folder}")


def main():
    spot_check(__doc__.splitlines()[0], CONVENTIONS, write_request,
               lambda library, _, expected, answered: compare(library, expected, answered), "msssim-spot-check-")


if __name__ == "__main__":
    sys.exit(main())
