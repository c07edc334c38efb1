#!/usr/bin/env python3
"""Recomputes the golden vectors with independent witnesses: `crosscheck.py [VECTOR_DIR [OUTPUT.json]]`.

Witnesses:
  kornia_float64  every valid case through Kornia 0.9.0 (kornia.metrics.ssim, kornia.losses.ssim_loss, gradients by
                  torch autograd of the loss, of its sum for 'none'), in float64 whatever the stored input dtype, as
                  the expected values were computed. Per requested output: the largest absolute difference and the
                  largest scaled difference |a - e| / max(1, |e|) from the expected values. The cases of the metric
                  `ssim-3d` (volumes, (B, C, D, H, W)) go the same way through Kornia's 3-D SSIM,
                  kornia.metrics.ssim3d and kornia.losses.ssim3d_loss (docs/ssim3d-provenance.md), with the same
                  limit; the summary also gives the worst scaled difference per metric.
  skimage         the cases with the MATLAB settings (padding 'valid', window 11, eps 0) and the matlab-parity cases
                  through skimage.metrics.structural_similarity (Gaussian weights, sigma 1.5, which scikit-image
                  truncates at 3.5 sigma: an 11-tap window; population covariance; data_range = max_val), one call per
                  batch sample, averaged over the batch. Compared with the mean of the expected ssim_map, or for
                  matlab-parity cases (which ask only for the loss) with their reference_mssim attribute, and also
                  with matlab_mssim.

MS-SSIM witnesses, for the cases whose `metric` is `ms-ssim` (expected answers `wang-msssim`'s; tools/crosscheck_msssim.py,
their section `ms_ssim` of the output; the SSIM records and summary above leave these cases out):
  tensorflow      TensorFlow 2.21.0's tf.image.ssim_multiscale (tools/crosscheck_tensorflow.py: its source read at
                  that version), which computes in float32 whatever the input, called with the case's max_val,
                  window size, sigma 1.5, K = (0.01, 0.03) and power_factors (the case's weights, or its own, Wang's),
                  each (sample, channel) as its own NHWC image. Per case: the largest absolute and scaled difference
                  of ms_ssim and loss (1 - MS-SSIM, reduced in float32) from the expected values; the limit is the
                  float32 bound at the worst element that `ssim-conform certify` gives TensorFlow under the named
                  convention `tensorflow` (wang-msssim's rules with relu on the means, float32 arithmetic and taps:
                  1.7e-2 to 3e-2 on the cameraman crops, 5e-4 on the small noisy ones), with certify's verdict. TF
                  applies relu to the means and wang-msssim does not: where TF answers 0 (relu, or an exactly zero
                  mean, decided it), the case is recorded under `relu` and not compared (the anti-correlated case,
                  expected NaN); where it answers above 0, relu changed nothing. The invalid cases rejected as too
                  small record what TensorFlow does with them (its Assert fails inside the computation).
  libraries       pytorch-msssim, piq and torchmetrics certified under their own named MS-SSIM conventions through
                  tools/adapters (`ssim-conform certify --adapter "tools/adapters/run LIB" --convention LIB`, no
                  property checks): per case the verdict and the largest error in bound units per output, and for a
                  failing case (fail, wrong error, crash, timeout) the bug of tools/adapters/library-bugs.json that
                  names it, with whether its evidence script reproduces it here.
The ssim-conform binary is $SSIM_CONFORM (tools/crosscheck builds it when unset). Cases of a metric no witness here
recomputes (the MS-SSIM + L1 loss, `ms-ssim-l1`) are counted under `not_cross_checked`, not compared.

Writes OUTPUT.json (default VECTOR_DIR/crosscheck.json) with sorted keys and every float rounded to 3 significant
digits, so that a rerun gives the same bytes. Exits 1, naming the cases, when Kornia differs from the expected values
by more than 1e-10 (scaled) or scikit-image differs from the reference by more than 1e-8, on a case whose inputs are
float64, float16 or bfloat16 (the expected values of a half-precision case are float64 computations on its stored
values, so Kornia in float64 must agree as closely); float32-input cases are recorded but never fail; when TensorFlow differs from a case's expected answer by more than
its limit where relu cannot matter; or when a library fails a case under its own convention that no reproduced bug
names. Exits 2 on an unreadable vector file or a certify run that could not be made.
Needs torch, kornia==0.9.0, scikit-image, tensorflow-cpu==2.21.0, h5py and numpy (tools/crosscheck installs them into
tools/.venv-crosscheck).
"""
import glob
import json
import math
import os
import sys
import time

import h5py
import kornia
import numpy as np
import skimage
import torch
from skimage.metrics import structural_similarity

from crosscheck_msssim import crosscheck_msssim, is_msssim

SCHEMA = "ssim-conformance-vectors/1"
KORNIA_LIMIT = 1e-10  # largest scaled difference allowed on a case whose input dtype is in JUDGED_DTYPES
SKIMAGE_LIMIT = 1e-8  # largest |mssim - reference| allowed on a case whose input dtype is in JUDGED_DTYPES
JUDGED_DTYPES = ("float64", "float16", "bfloat16")
OUTPUT_ORDER = ("ssim_map", "loss", "grad_img1", "grad_img2")
# Kornia's map and loss functions of each metric the Kornia witness recomputes (the metric attribute's value).
KORNIA_FUNCTIONS = {"ssim": (kornia.metrics.ssim, kornia.losses.ssim_loss),
                    "ssim-3d": (kornia.metrics.ssim3d, kornia.losses.ssim3d_loss)}


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def sig3(x):
    """x rounded to 3 significant digits, as a JSON-safe value (None for a NaN, a string for an infinity)."""
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return None
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return float(f"{x:.3g}")


def differences(actual, expected):
    """(max_abs, max_scaled) of actual against expected; equal non-finite values count as equal, others as inf."""
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if actual.shape != expected.shape:
        raise ValueError(f"shape {list(actual.shape)} where the expected value has {list(expected.shape)}")
    if actual.size == 0:
        return 0.0, 0.0
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(actual - expected)
        same = (actual == expected) | (np.isnan(actual) & np.isnan(expected))
        diff = np.where(same, 0.0, diff)
        diff = np.where(np.isnan(diff), np.inf, diff)
        scale = np.maximum(1.0, np.abs(expected))
        scaled = np.where(np.isfinite(scale), diff / scale, np.where(same, 0.0, np.inf))
    return float(diff.max()), float(scaled.max())


def case_settings(case):
    attrs = case.attrs
    return {
        "window_size": int(attrs["window_size"]),
        "max_val": float(attrs["max_val"]),
        "eps": float(attrs["eps"]),
        "padding": text(attrs["padding"]),
        "reduction": text(attrs["reduction"]),
        "outputs": [name.strip() for name in text(attrs["outputs"]).split(",") if name.strip()],
        "metric": text(attrs.get("metric", "ssim")),
        "family": text(attrs.get("family", "")),
        "tags": [tag.strip() for tag in text(attrs.get("tags", "")).split(",") if tag.strip()],
    }


def kornia_witness(img1_np, img2_np, settings):
    """Kornia 0.9.0's answers in float64, for the outputs the case requests, by the functions of the case's metric."""
    outputs = settings["outputs"]
    img1 = torch.from_numpy(np.array(img1_np, dtype=np.float64))
    img2 = torch.from_numpy(np.array(img2_np, dtype=np.float64))
    wants_gradients = "grad_img1" in outputs or "grad_img2" in outputs
    img1.requires_grad_(wants_gradients)
    img2.requires_grad_(wants_gradients)
    window, max_val, eps = settings["window_size"], settings["max_val"], settings["eps"]
    padding, reduction = settings["padding"], settings["reduction"]
    answers = {}
    ssim_map, ssim_loss = KORNIA_FUNCTIONS[settings["metric"]]
    loss = ssim_loss(img1, img2, window, max_val, eps, reduction, padding)
    if "ssim_map" in outputs:
        with torch.no_grad():
            answers["ssim_map"] = ssim_map(img1, img2, window, max_val, eps, padding).numpy()
    if "loss" in outputs:
        answers["loss"] = loss.detach().numpy()
    if wants_gradients:
        (loss.sum() if reduction == "none" else loss).backward()
        if "grad_img1" in outputs:
            answers["grad_img1"] = img1.grad.numpy()
        if "grad_img2" in outputs:
            answers["grad_img2"] = img2.grad.numpy()
    return answers


def skimage_selected(case, settings):
    matlab = settings["family"] == "matlab-parity" or "matlab-parity" in settings["tags"] or "matlab_mssim" in case.attrs
    matlab_settings = (settings["padding"].lower() == "valid" and settings["window_size"] == 11
                       and settings["eps"] == 0.0)
    return matlab or matlab_settings


def skimage_mssim(img1_np, img2_np, max_val):
    """Mean SSIM of scikit-image over the batch: one structural_similarity call per (C, H, W) sample, in float64. A
    volume's (C, D, H, W) sample is filtered on its three spatial axes alike (scikit-image's SSIM is n-dimensional)."""
    img1 = np.asarray(img1_np, dtype=np.float64)
    img2 = np.asarray(img2_np, dtype=np.float64)
    values = []
    for b in range(img1.shape[0]):
        x, y = img1[b], img2[b]
        if x.shape[0] == 1:
            values.append(structural_similarity(x[0], y[0], gaussian_weights=True, sigma=1.5,
                                                use_sample_covariance=False, data_range=max_val))
        else:
            values.append(structural_similarity(x, y, gaussian_weights=True, sigma=1.5,
                                                use_sample_covariance=False, data_range=max_val, channel_axis=0))
    return float(np.mean(np.asarray(values, dtype=np.float64)))


def skimage_witness(case, img1_np, img2_np, settings, expected):
    record = {}
    mssim = skimage_mssim(img1_np, img2_np, settings["max_val"])
    record["mssim"] = mssim
    if "ssim_map" in settings["outputs"] and "ssim_map" in expected:
        reference = float(np.mean(expected["ssim_map"][()], dtype=np.float64))
        record["reference"] = "mean of expected ssim_map"
    elif "reference_mssim" in case.attrs:
        reference = float(case.attrs["reference_mssim"])
        record["reference"] = "reference_mssim"
    else:
        reference = None
        record["reference"] = None
    if reference is not None:
        record["reference_mssim"] = reference
        record["abs_diff"] = abs(mssim - reference)
    if "matlab_mssim" in case.attrs:
        matlab = float(case.attrs["matlab_mssim"])
        record["matlab_mssim"] = matlab
        record["matlab_abs_diff"] = abs(mssim - matlab)
        if reference is not None:
            record["reference_vs_matlab_abs_diff"] = abs(reference - matlab)
    return record


def check_case(case_id, case, vector_file):
    """The crosscheck record of one case, or None for an invalid case that Kornia rejects too; raw (unrounded) floats.
    An `acceptable` invalid case (one Kornia computes) is checked against the Kornia answer it stores."""
    expected = case["expected"]
    if "error" in expected.attrs:
        if text(expected.attrs.get("result", "")) != "acceptable":
            return None
        expected = expected["kornia"]
    settings = case_settings(case)
    img1_np, img2_np = case["img1"][()], case["img2"][()]
    record = {
        "file": vector_file,
        "family": settings["family"],
        # bfloat16 is stored as float32 values marked by the dataset attribute `precision`.
        "input_dtype": str(case["img1"].attrs.get("precision", img1_np.dtype)),
        "kornia_float64": {},
    }
    if settings["metric"] != "ssim":
        record["metric"] = settings["metric"]
    try:
        answers = kornia_witness(img1_np, img2_np, settings)
        for output in settings["outputs"]:
            if output not in expected:
                record["kornia_float64"][output] = {"error": "no expected dataset"}
                continue
            max_abs, max_scaled = differences(answers[output], expected[output][()])
            record["kornia_float64"][output] = {"max_abs": max_abs, "max_scaled": max_scaled}
    except Exception as error:  # recorded and failed, not raised: the other cases still get checked
        record["kornia_float64"] = {"error": f"{type(error).__name__}: {error}"}
    if skimage_selected(case, settings):
        try:
            record["skimage"] = skimage_witness(case, img1_np, img2_np, settings, expected)
        except Exception as error:
            record["skimage"] = {"error": f"{type(error).__name__}: {error}"}
    return record


def worst_kornia(record):
    """(max_scaled, max_abs, output) of the output furthest from expected, inf for an error."""
    results = record["kornia_float64"]
    if "error" in results:
        return math.inf, math.inf, "error"
    worst = (0.0, 0.0, None)
    for output, result in results.items():
        if "error" in result:
            return math.inf, math.inf, output
        if (result["max_scaled"], result["max_abs"]) > worst[:2]:
            worst = (result["max_scaled"], result["max_abs"], output)
    return worst


def round_record(value):
    if isinstance(value, dict):
        return {key: round_record(item) for key, item in value.items()}
    if isinstance(value, list):
        return [round_record(item) for item in value]
    if isinstance(value, float):
        return sig3(value)
    return value


def summarise(cases, invalid_count):
    failures = {"kornia": [], "skimage": []}
    worst_by_group = {}  # "family/dtype" -> worst Kornia case
    worst_by_metric = {}  # metric -> worst Kornia case
    skimage_worst = {}  # dtype -> worst skimage case
    skimage_count = 0
    for case_id, record in sorted(cases.items()):
        dtype = record["input_dtype"]
        scaled, absolute, output = worst_kornia(record)
        group = f"{record['family']}/{dtype}"
        best = worst_by_group.get(group)
        if best is None or (scaled, absolute) > (best["max_scaled"], best["max_abs"]):
            worst_by_group[group] = {"case": case_id, "output": output, "max_scaled": scaled, "max_abs": absolute}
        metric = record.get("metric", "ssim")
        best = worst_by_metric.get(metric)
        if best is None or (scaled, absolute) > (best["max_scaled"], best["max_abs"]):
            worst_by_metric[metric] = {"case": case_id, "output": output, "max_scaled": scaled,
                                                 "max_abs": absolute, "input_dtype": dtype}
        if dtype in JUDGED_DTYPES and not scaled <= KORNIA_LIMIT:
            failures["kornia"].append({"case": case_id, "output": output, "max_scaled": scaled, "max_abs": absolute})
        if "skimage" in record:
            skimage_count += 1
            sk = record["skimage"]
            diff = math.inf if "error" in sk else sk.get("abs_diff")
            if diff is None:
                continue
            best = skimage_worst.get(dtype)
            if best is None or diff > best["abs_diff"]:
                skimage_worst[dtype] = {"case": case_id, "abs_diff": diff}
            if dtype in JUDGED_DTYPES and not diff <= SKIMAGE_LIMIT:
                failures["skimage"].append({"case": case_id, "abs_diff": diff, "error": sk.get("error")})
    dtypes = sorted({record["input_dtype"] for record in cases.values()})
    return {
        "valid_cases": len(cases),
        "invalid_cases_skipped": invalid_count,
        "cases_by_input_dtype": {d: sum(r["input_dtype"] == d for r in cases.values()) for d in dtypes},
        "skimage_cases": skimage_count,
        "limits": {"kornia_max_scaled_float64": KORNIA_LIMIT, "skimage_abs_diff_float64": SKIMAGE_LIMIT},
        "kornia_worst_by_family_and_dtype": worst_by_group,
        "kornia_worst_by_metric": worst_by_metric,
        "skimage_worst_by_dtype": skimage_worst,
        "failures": failures,
        "passed": not failures["kornia"] and not failures["skimage"],
    }


def show(x):
    if isinstance(x, str) or x is None:
        return str(x)
    return f"{x:.3g}"


def print_summary(report, elapsed):
    summary = report["summary"]
    print(f"crosscheck: kornia {report['kornia']} (torch {report['torch']}), scikit-image {report['scikit_image']}")
    print(f"  vector files: {', '.join(f'{name}@{commit[:12]}' for name, commit in sorted(report['vectors'].items()))}")
    by_dtype = ", ".join(f"{n} {d}" for d, n in summary["cases_by_input_dtype"].items())
    print(f"  {summary['valid_cases']} valid cases ({by_dtype}) checked with Kornia in float64; "
          f"{summary['invalid_cases_skipped']} invalid cases skipped; {summary['skimage_cases']} checked with scikit-image")
    print("  Kornia, worst scaled difference |a-e|/max(1,|e|) per family and input dtype:")
    for group, worst in sorted(summary["kornia_worst_by_family_and_dtype"].items()):
        print(f"    {group:24s} {show(worst['max_scaled']):>9s} (abs {show(worst['max_abs']):>9s}) "
              f"{worst['case']} {worst['output']}")
    print("  Kornia, worst scaled difference per metric:")
    for metric, worst in sorted(summary["kornia_worst_by_metric"].items()):
        print(f"    {metric:24s} {show(worst['max_scaled']):>9s} (abs {show(worst['max_abs']):>9s}) "
              f"{worst['case']} {worst['output']} ({worst['input_dtype']})")
    for metric, count in sorted(report.get("not_cross_checked", {}).items()):
        print(f"  not cross-checked (no witness here): {count} {metric} case(s)")
    print("  scikit-image, worst |mssim - reference| per input dtype:")
    for dtype, worst in sorted(summary["skimage_worst_by_dtype"].items()):
        print(f"    {dtype:24s} {show(worst['abs_diff']):>9s} {worst['case']}")
    for case_id, record in sorted(report["cases"].items()):
        sk = record.get("skimage", {})
        if "matlab_mssim" in sk:
            print(f"    {case_id}: mssim {sk['mssim']:.15f}, vs reference_mssim {show(sk.get('abs_diff'))}, "
                  f"vs matlab_mssim {show(sk['matlab_abs_diff'])}")
    failures = summary["failures"]
    for failure in failures["kornia"]:
        print(f"  FAIL kornia {failure['case']} {failure['output']}: max_scaled {show(failure['max_scaled'])} "
              f"> {KORNIA_LIMIT:g}")
    for failure in failures["skimage"]:
        extra = f" ({failure['error']})" if failure.get("error") else ""
        print(f"  FAIL skimage {failure['case']}: abs_diff {show(failure['abs_diff'])} > {SKIMAGE_LIMIT:g}{extra}")
    verdict = "PASSED" if summary["passed"] else \
        f"FAILED ({len(failures['kornia'])} Kornia, {len(failures['skimage'])} scikit-image)"
    print(f"  {verdict} in {elapsed:.1f} s")


def ssim_conform_binary():
    binary = os.environ.get("SSIM_CONFORM")
    if not binary or not os.access(binary, os.X_OK):
        sys.exit("crosscheck: SSIM_CONFORM names no executable ssim-conform (tools/crosscheck sets it)")
    return binary


def print_msssim_summary(section):
    tf = section["tensorflow"]
    print(f"  MS-SSIM ({', '.join(section['files'])}, expected answers {section['expected_convention']}'s):")
    print(f"    TensorFlow {tf['version']} ssim_multiscale in float32: {tf['compared_cases']} cases compared, worst "
          f"|ms_ssim - expected| {show(tf['worst_ms_ssim_abs'])}, worst difference {show(tf['worst_abs_over_limit'])} x "
          f"its float32 limit; not compared (relu): {', '.join(tf['relu_cases']) or 'none'}")
    for case_id, record in sorted(tf["cases"].items()):
        if "expected_error" in record:
            print(f"      {case_id} (expected {record['expected_error']}): {record['tensorflow'][:100]}")
    for failure in tf["failures"]:
        print(f"    FAIL tensorflow {failure['case']} {failure['output']}: |a - e| {show(failure['max_abs'])} > limit "
              f"{show(failure['limit'])} (certify under tensorflow: {failure['verdict']})")
    for convention, library in sorted(section["libraries"].items()):
        counts = ", ".join(f"{n} {verdict}" for verdict, n in library["counts"].items())
        bugs = sum("bug" in case for case in library["cases"].values())
        print(f"    {library['implementation']} {library['version']} under `{convention}`: {library['level']} "
              f"({counts}); {bugs} failing case(s) named as its bugs")
        for case_id in library["failing_not_a_reproduced_bug"]:
            print(f"    FAIL {convention} {case_id}: {library['cases'][case_id]['verdict']}, not a reproduced bug")


def main(vector_dir, output_path):
    started = time.monotonic()
    torch.set_num_threads(1)  # a fixed summation order, so the differences repeat from run to run
    paths = sorted(glob.glob(os.path.join(vector_dir, "*.h5")))
    if not paths:
        sys.exit(f"crosscheck: no vector files in {vector_dir}")
    vectors, cases, invalid_count, msssim_paths, not_cross_checked = {}, {}, 0, [], {}
    for path in paths:
        name = os.path.basename(path)
        with h5py.File(path, "r") as vector_file:
            schema = text(vector_file.attrs.get("schema", ""))
            if schema != SCHEMA:
                print(f"crosscheck: {path}: schema is {schema!r}, expected {SCHEMA!r}", file=sys.stderr)
                sys.exit(2)
            vectors[name] = text(vector_file.attrs.get("git_commit", "unknown"))
            for case_id, case in vector_file["cases"].items():
                if case_id in cases:
                    print(f"crosscheck: case {case_id} appears twice (again in {name})", file=sys.stderr)
                    sys.exit(2)
                if is_msssim(case):  # another metric: crosscheck_msssim's witnesses, not Kornia's SSIM
                    if path not in msssim_paths:
                        msssim_paths.append(path)
                    continue
                metric = text(case.attrs.get("metric", "ssim"))
                if metric not in KORNIA_FUNCTIONS:
                    not_cross_checked[metric] = not_cross_checked.get(metric, 0) + 1
                    continue
                record = check_case(case_id, case, name)
                if record is None:
                    invalid_count += 1
                else:
                    cases[case_id] = record
    summary = summarise(cases, invalid_count)
    report = {
        "generated_by": "tools/crosscheck",
        "kornia": kornia.__version__,
        "torch": torch.__version__,
        "scikit_image": skimage.__version__,
        "vectors": vectors,
        "cases": cases,
        "summary": summary,
    }
    if not_cross_checked:
        report["not_cross_checked"] = not_cross_checked
    passed = summary["passed"]
    if msssim_paths:
        report["ms_ssim"], msssim_passed = crosscheck_msssim(msssim_paths, ssim_conform_binary(), differences)
        passed = passed and msssim_passed
    rounded = round_record(report)
    with open(output_path, "w") as out:
        json.dump(rounded, out, sort_keys=True, indent=1, allow_nan=False)
        out.write("\n")
    print_summary(report, time.monotonic() - started)
    if "ms_ssim" in report:
        print_msssim_summary(report["ms_ssim"])
    print(f"  wrote {output_path}")
    return 0 if passed else 1


if __name__ == "__main__":
    if len(sys.argv) > 3:
        sys.exit("usage: crosscheck.py [VECTOR_DIR [OUTPUT.json]]")
    directory = sys.argv[1] if len(sys.argv) > 1 else "Vectors"
    output = sys.argv[2] if len(sys.argv) > 2 else os.path.join(directory, "crosscheck.json")
    sys.exit(main(directory, output))
