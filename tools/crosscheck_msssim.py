"""The MS-SSIM part of tools/crosscheck (crosscheck.py's docstring says what it records and when it fails).

Two kinds of witness for the vector files whose cases name the metric `ms-ssim` (expected answers `wang-msssim`'s):
TensorFlow's `ssim_multiscale` (crosscheck_tensorflow.py), called here on the stored images and compared with the
expected answers within the float32 bounds `ssim-conform certify` gives it under the named convention `tensorflow`;
and each library that ships an
MS-SSIM, certified under its own named convention through tools/adapters, its failures matched with the bugs of
tools/adapters/library-bugs.json and their evidence scripts run.
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

import crosscheck_tensorflow

HERE = os.path.dirname(os.path.abspath(__file__))
LIBRARIES = {"pytorch_msssim": "pytorch-msssim", "piq": "piq", "torchmetrics": "torchmetrics"}  # adapter: convention
FAILING = ("fail", "wrong_error", "crash", "timeout")
BUGS = os.path.join(HERE, "adapters", "library-bugs.json")


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def is_msssim(case):
    return text(case.attrs.get("metric", "ssim")) == "ms-ssim"


def certify(binary, adapter, vectors, report_dir, convention):
    """One `ssim-conform certify` run, property checks off; its report.json's single report. Exits 2 when certify
    could not run (status other than 0, conformant, or 1, not conformant)."""
    command = [binary, "certify", "--adapter", adapter, "--vectors", vectors, "--convention", convention,
               "--property-cases", "0", "--timeout", "600", "--report", report_dir]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.stderr.write(run.stdout + run.stderr)
        sys.exit(f"crosscheck: {shlex.join(command)} exited with status {run.returncode}")
    with open(os.path.join(report_dir, "report.json")) as file:
        (report,) = json.load(file)
    return report


def judged_errors(case_report):
    """Per output judged: the largest error in units of its bound, the bound there and the absolute error."""
    return {output: {"in_bound_units": error["maxInBoundUnits"], "bound": error["boundAtWorst"],
                     "max_abs": error["maxAbsolute"]}
            for output, error in sorted((case_report.get("errors") or {}).items())}


def tensorflow_record(case, differences):
    """TensorFlow's answers to one stored MS-SSIM case against its expected ones (unrounded floats, `differences`
    giving (max_abs, max_scaled)), or for an invalid case rejected as too small, what TensorFlow does with it; None
    for another invalid case."""
    attrs, expected = case.attrs, case["expected"]
    weights = attrs["weights"] if "weights" in attrs else None
    arguments = (case["img1"][()], case["img2"][()], float(attrs["max_val"]), int(attrs["window_size"]), weights)
    if "error" in expected.attrs:
        if text(expected.attrs["error"]) != "image_too_small":
            return None
        try:
            answer = crosscheck_tensorflow.ms_ssim_units(*arguments)
            return {"expected_error": "image_too_small", "tensorflow": f"answered {answer.ravel().tolist()}"}
        except Exception as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else ""
            return {"expected_error": "image_too_small", "tensorflow": f"{type(error).__name__}: {first}"}
    units = crosscheck_tensorflow.ms_ssim_units(*arguments)
    wanted = expected["ms_ssim"][()]
    record = {"input_dtype": str(case["img1"].attrs.get("precision", case["img1"].dtype)), "units": int(units.size)}
    # TensorFlow's 0 is relu's (or an exactly zero mean's): wang-msssim raises a negative mean as it is.
    relu = (units == 0) & ~(wanted == 0)
    if relu.any():
        record["relu"] = [{"unit": int(i), "tensorflow": float(units.flat[i]), "expected": float(wanted.flat[i])}
                          for i in np.flatnonzero(relu)]
    kept = ~relu
    if kept.any():
        max_abs, max_scaled = differences(units[kept], wanted[kept])
        record["ms_ssim"] = {"max_abs": max_abs, "max_scaled": max_scaled}
    if not relu.any():
        reduction = text(attrs["reduction"])
        loss = {"none": 1 - units, "mean": (1 - units).mean(dtype=np.float32),
                "sum": (1 - units).sum(dtype=np.float32)}[reduction]
        max_abs, max_scaled = differences(np.asarray(loss), expected["loss"][()])
        record["loss"] = {"max_abs": max_abs, "max_scaled": max_scaled}
    return record


def tensorflow_witness(paths, binary, folder, differences):
    """TensorFlow's records per case, each valid one with the judgement of certify under the named convention
    `tensorflow` (TensorFlow's computation: float32 arithmetic and taps, relu on the means; elsewhere
    `wang-msssim`'s rules), whose float32 bound is the limit of its difference from `wang-msssim`'s expected answer
    where relu cannot matter; and the cases it fails."""
    records = {}
    for path in paths:
        with h5py.File(path, "r") as vectors:
            for case_id, case in vectors["cases"].items():
                if is_msssim(case):
                    record = tensorflow_record(case, differences)
                    if record is not None:
                        records[case_id] = record
    linked = os.path.join(folder, "tensorflow-vectors")
    os.makedirs(linked)
    for path in paths:
        os.symlink(os.path.abspath(path), os.path.join(linked, os.path.basename(path)))
    adapter = shlex.join([sys.executable, os.path.join(HERE, "crosscheck_tensorflow.py")])
    report = certify(binary, adapter, linked, os.path.join(folder, "tensorflow"), "tensorflow")
    failures = []
    for case_report in report["cases"]:
        record = records.get(case_report["id"])
        if record is None or "expected_error" in record:
            continue  # an invalid case: not a question of agreement
        errors = judged_errors(case_report)
        record["float32_judgement"] = {"verdict": case_report["verdict"], "errors": errors}
        if "relu" in record:
            continue  # relu's 0 against wang-msssim's NaN says nothing about either
        for output in ("ms_ssim", "loss"):
            limit = errors.get(output, {}).get("bound")
            record[output]["limit"] = limit
            if case_report["verdict"] in FAILING or limit is None or not record[output]["max_abs"] <= limit:
                failures.append({"case": case_report["id"], "output": output, "verdict": case_report["verdict"],
                                 "max_abs": record[output]["max_abs"], "limit": limit})
    return records, failures, report["implementationVersion"]


def reproduced(evidence, python):
    """Whether an evidence script reproduces its bug here (exit status 0), run from the repository's root."""
    return subprocess.run([python, evidence], capture_output=True).returncode == 0


def library_witness(library, convention, paths, binary, folder, bugs, adapters_python):
    """One library certified under its own MS-SSIM convention: its verdicts and errors in bound units per case, each
    failing case's bug (with whether its evidence reproduces it), and the failing cases no bug names."""
    linked = os.path.join(folder, f"{library}-vectors")
    os.makedirs(linked)
    for path in paths:
        os.symlink(os.path.abspath(path), os.path.join(linked, os.path.basename(path)))
    adapter = shlex.join([os.path.join(HERE, "adapters", "run"), library])
    report = certify(binary, adapter, linked, os.path.join(folder, library), convention)
    cases, unnamed, evidence_runs = {}, [], {}
    for case_report in report["cases"]:
        record = {"verdict": case_report["verdict"], "errors": judged_errors(case_report)}
        if case_report.get("warnings"):
            record["warnings"] = [warning["reason"] for warning in case_report["warnings"]]
        if case_report["verdict"] in FAILING:
            bug = next((bug for bug in bugs if bug["library"] == library and case_report["id"] in bug["cases"]), None)
            if bug is None:
                unnamed.append(case_report["id"])
            else:
                if bug["evidence"] not in evidence_runs:
                    evidence_runs[bug["evidence"]] = reproduced(bug["evidence"], adapters_python)
                record["bug"] = {"bug": bug["bug"], "evidence": bug["evidence"],
                                 "reproduced": evidence_runs[bug["evidence"]]}
                if not evidence_runs[bug["evidence"]]:
                    unnamed.append(case_report["id"])
        cases[case_report["id"]] = record
    return {
        "implementation": report["implementation"],
        "version": report["implementationVersion"],
        "convention": convention,
        "level": report["summary"]["level"],
        "counts": dict(sorted(report["summary"]["counts"].items())),
        "warnings": report["summary"].get("warnings", 0),
        "cases": cases,
        "failing_not_a_reproduced_bug": unnamed,
    }


def crosscheck_msssim(paths, binary, differences):
    """The `ms_ssim` section of crosscheck.json (unrounded) and whether it passed; `differences(actual, expected)`
    is the SSIM part's (max_abs, max_scaled), equal NaNs counting as equal."""
    with open(BUGS) as file:
        bugs = json.load(file)["bugs"]
    adapters_python = subprocess.run([os.path.join(HERE, "adapters", "setup")], capture_output=True, text=True,
                                     check=True).stdout.strip()
    folder = tempfile.mkdtemp(prefix="crosscheck-msssim-")
    try:
        records, tf_failures, tf_version = tensorflow_witness(paths, binary, folder, differences)
        libraries = {convention: library_witness(library, convention, paths, binary, folder, bugs, adapters_python)
                     for library, convention in LIBRARIES.items()}
    finally:
        shutil.rmtree(folder)
    passed = not tf_failures and not any(lib["failing_not_a_reproduced_bug"] for lib in libraries.values())
    compared = [r for r in records.values() if "ms_ssim" in r and "relu" not in r]
    section = {
        "expected_convention": "wang-msssim",
        "files": sorted(os.path.basename(path) for path in paths),
        "tensorflow": {
            "version": tf_version,
            "computes_in": "float32",
            "cases": records,
            "compared_cases": len(compared),
            "relu_cases": sorted(case_id for case_id, r in records.items() if "relu" in r),
            "worst_ms_ssim_abs": max((r["ms_ssim"]["max_abs"] for r in compared), default=None),
            "worst_abs_over_limit": max((r[o]["max_abs"] / r[o]["limit"] for r in compared for o in ("ms_ssim", "loss")
                                         if r[o].get("limit")), default=None),
            "limit": "per case and output, the float32 bound certify gives TensorFlow under the named convention "
                     "tensorflow (float32 arithmetic and taps) at its worst element; a case where relu cannot matter "
                     "fails when its difference from the expected answer exceeds it, or certify's verdict fails",
            "failures": tf_failures,
        },
        "libraries": libraries,
        "passed": passed,
    }
    return section, passed
