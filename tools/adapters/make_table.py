#!/usr/bin/env python3
"""Writes the library adapters' conformance table into a README (tools/adapters/make-table runs it):

    make_table.py README WORKDIR MACHINE RUN:SECONDS...

A RUN is LIB (a run over every case: the main table's row), LIB@CONVENTION (the same under the library's own
convention), LIB/PRECISION/MODE (a run over the SSIM files' float16 or bfloat16 cases alone, MODE `dtype` or
`autocast`: a row of the half-precision table) or msssim/LIB/PRECISION/MODE/CONVENTION (the same over the other
metrics' files under the library's own multi-scale convention: a row of the MS-SSIM half-precision table). WORKDIR
holds, per run, NAME/report.json (from `ssim-conform certify --report`) and NAME.log (the adapter's SSIM_ADAPTER_LOG:
its name and version, and its reason for every case it did not answer), NAME being LIB, LIB-own,
LIB-PRECISION-MODE or LIB-msssim-PRECISION-MODE. The tables replace what lies between
<!-- table:begin --> and <!-- table:end -->. Its diagnosis column is the report's own diagnosis summary
when the report has one, else a description made from the verdicts and their details: no conclusion is written here
by hand. The half-precision tables count the cases carrying a warning (an answer no correct computation gives, which
a not-computable case would otherwise accept in silence) beside the verdicts, and quote the first in the diagnosis;
the MS-SSIM one also counts the warnings of an MS-SSIM above 1 and of a collapse to 0 apart.
Needs only the standard library.
"""
import collections
import datetime
import json
import os
import re
import subprocess
import sys

BEGIN, END = "<!-- table:begin -->", "<!-- table:end -->"
COLUMNS = ["pass", "fail", "not_supported", "wrong_error", "crash", "timeout"]
OWN_COLUMNS = ["pass", "fail", "not_applicable", "not_supported", "wrong_error", "crash", "timeout"]
HALF_COLUMNS = ["pass", "fail", "not_computable", "not_supported", "wrong_error", "crash", "timeout"]
RUN_AS = {
    "dtype": "its dtype",
    "autocast": "autocast",
}
BUGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "library-bugs.json")
FAILING = ("fail", "wrong_error", "crash", "timeout")
OUTSIDE = re.compile(r"(\w+): \d+ of \d+ elements outside their (b?float\d+) bounds")
WRONG_SHAPE = re.compile(r"(\w+) has shape")


def read_log(path):
    """The adapter's (name, version) and a count of its reasons for the cases it declared unsupported."""
    entries = []
    if os.path.exists(path):
        with open(path) as file:
            entries = [json.loads(line) for line in file if line.strip()]
    names = next((e for e in entries if "implementation" in e), {})
    reasons = collections.Counter(
        # Library messages quote the offending value after "got": the reason is what comes before it.
        re.sub(r",? (but )?got .*$", "", e.get("message") or "(no reason given)")
        # The suite's first tiny request (id "probe") is not a vector case: its answer is not counted.
        for e in entries if e.get("error") == "unsupported" and e.get("id") != "probe")
    return names.get("implementation"), names.get("implementation_version"), reasons


def counted(counter):
    return ", ".join(f"{key} ({n})" for key, n in counter.most_common())


def describe(report, errors_only=False, reasons=None):
    """A factual description of a report's verdicts, from its counts and the details of its cases (`errors_only`:
    only of its wrong errors, crashes and timeouts, which a report's diagnosis does not cover)."""
    cases, counts = report["cases"], report["summary"]["counts"]
    if errors_only:
        counts = {v: n for v, n in counts.items() if v in ("wrong_error", "crash", "timeout")}
        cases = [c for c in cases if c["verdict"] in counts]
    answered = sum(n for verdict, n in counts.items() if verdict not in ("not_supported", "not_computable"))
    parts = []
    if answered and counts.get("pass", 0) == answered:
        parts.append(f"all {answered} answered cases pass")
    if counts.get("not_computable"):
        parts.append(f"{counts['not_computable']} not computable in their precision (any answer accepted)")
    failed = [c for c in cases if c["verdict"] == "fail"]
    if failed:
        outputs = collections.Counter()
        for case in failed:
            outputs.update(f"{name} in {precision}" for name, precision in set(OUTSIDE.findall(case["detail"] or "")))
            outputs.update(f"{name} of a wrong shape" for name in set(WRONG_SHAPE.findall(case["detail"] or "")))
        worst = max(((e["maxInBoundUnits"], c["id"]) for c in failed for e in c["errors"].values()), default=None)
        families = collections.Counter(c["family"] for c in failed)
        parts.append(
            f"{len(failed)} fail (by family: {counted(families)}); outputs outside their bounds (cases): "
            f"{counted(outputs)}" + (f"; worst {worst[0]:.3g} × its bound, in {worst[1]}" if worst else ""))
    wrong = collections.defaultdict(collections.Counter)
    for case in cases:
        if case["verdict"] == "wrong_error":
            # The judge's detail: what happened, "; " what was expected, then ": " the implementation's own message.
            happened, _, expected = (case["detail"] or "").split(": ")[0].partition("; ")
            wrong[happened][expected] += 1
    for happened, expected in wrong.items():
        listed = counted(collections.Counter({k: n for k, n in expected.items() if k}))
        parts.append(f"{sum(expected.values())} wrong error: {happened}" + (f" ({listed})" if listed else ""))
    for verdict in ("crash", "timeout"):
        hit = [c for c in cases if c["verdict"] == verdict]
        if hit:
            first = (hit[0]["detail"] or "").strip().splitlines()
            parts.append(f"{len(hit)} {verdict}" + (f" ({first[0][:120]})" if first else ""))
    if counts.get("not_supported"):
        # The suite's own reason for the cases it did not send (a version-1 adapter's half cases), else the list below.
        sent = collections.Counter(
            (c.get("message") or "").split(" (")[0] for c in cases
            if c["verdict"] == "not_supported" and (c.get("message") or "").startswith("not sent"))
        if sum(sent.values()) == counts["not_supported"]:
            why = ", ".join(sent) if len(sent) == 1 else counted(sent)
        else:
            why = counted(reasons) if reasons else "reasons below"
        parts.append(f"{counts['not_supported']} not supported ({why})")
    return "; ".join(parts) or ("" if errors_only else "no cases")


def reproduced_bugs():
    """The bugs of library-bugs.json whose evidence script reproduces them here (exit status 0), each script run
    once with this Python from the repository's root."""
    with open(BUGS) as file:
        bugs = json.load(file)["bugs"]
    return [bug for bug in bugs if subprocess.run([sys.executable, bug["evidence"]], capture_output=True).returncode == 0]


def library_bugs(library, report, bugs):
    """Each failing case of a report (any verdict of FAILING) named by a reproduced bug of `library`, with its
    evidence; the failing cases no reproduced bug names, listed as not named."""
    failing = [case["id"] for case in report["cases"] if case["verdict"] in FAILING]
    if not failing:
        return "none"
    parts, named = [], set()
    for bug in (bug for bug in bugs if bug["library"] == library):
        hits = [case for case in failing if case in bug["cases"]]
        if hits:
            parts.append(f"{bug['bug']} ({len(hits)}: {', '.join(hits)}; evidence: `{bug['evidence']}`, reproduced)")
            named.update(hits)
    unnamed = [case for case in failing if case not in named]
    if unnamed:
        parts.append(f"not named as a bug of the library: {', '.join(unnamed)}")
    return "; ".join(parts)


def warned(report):
    """The report's warnings (answers no correct computation of the convention gives, `docs/report-schema.md`), in
    words: how many cases carry one, by verdict, and the first one's reason; empty when none does."""
    cases = [case for case in report["cases"] if case.get("warnings")]
    if not cases:
        return ""
    verdicts = counted(collections.Counter(case["verdict"] for case in cases))
    return (f"{len(cases)} with warnings ({verdicts}), e.g. {cases[0]['id']}: "
            f"{cases[0]['warnings'][0]['reason']}")


def msssim_warnings(report):
    """The warnings cell of an MS-SSIM row: the cases carrying any warning, and among them those whose MS-SSIM is
    above 1 (`out_of_range` above the interval) or collapsed to 0 (`collapse_to_zero`)."""
    cases = [case for case in report["cases"] if case.get("warnings")]
    above = sum(any(w["output"] == "ms_ssim" and w["kind"] == "out_of_range" and isinstance(w["value"], (int, float))
                    and w["value"] > 1 for w in case["warnings"]) for case in cases)
    collapsed = sum(any(w["kind"] == "collapse_to_zero" for w in case["warnings"]) for case in cases)
    return f"{len(cases)} (above 1: {above}; collapse to 0: {collapsed})"


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


REFUSED = re.compile(r"nothing to judge: .* none of the (\d+) selected case\(s\) \((\d+) not applicable, (\d+) not supported\)"
                     r"(?:: [^:]*: declared unsupported: ([^(]*))?")


def refused_report(line):
    """A report standing for a run certify refused because it judged nothing (the refusal `line`): its counts, and
    the refusal as its diagnosis."""
    match = REFUSED.match(line)
    if not match:
        raise SystemExit(f"make_table.py: a refusal it cannot read: {line}")
    total, not_applicable, not_supported = (int(match.group(i)) for i in (1, 2, 3))
    why = (match.group(4) or "").strip()
    counts = {k: n for k, n in (("not_applicable", not_applicable), ("not_supported", not_supported)) if n}
    summary = f"{not_supported} not supported ({why}): nothing to judge, so certify refuses the run (exit 2)"
    return {
        "implementation": "", "implementationVersion": "unknown",
        "summary": {"level": "refused", "counts": counts, "coverage": 0.0},
        "cases": [{"id": "", "verdict": "not_supported"}] * total, "diagnosis": {"summary": summary},
    }


def read_run(workdir, name):
    """A run's report, the adapter's (name, version) and its reasons for the cases it did not answer."""
    refused = os.path.join(workdir, f"{name}.refused")
    if os.path.exists(refused):
        with open(refused) as file:
            report = refused_report(file.read().strip())
    else:
        with open(os.path.join(workdir, name, "report.json")) as file:
            (report,) = json.load(file)
    library, version, reasons = read_log(os.path.join(workdir, f"{name}.log"))
    if report.get("implementationVersion", "unknown") != "unknown":
        version = report["implementationVersion"]
    return report, library or report["implementation"], version, reasons


def diagnosis_of(report, with_errors=False, reasons=None):
    """The report's diagnosis (`with_errors`: followed by its wrong errors, crashes and timeouts), else a
    description of its verdicts (the adapter's `reasons` for the cases it did not support given inline)."""
    diagnosis = (report.get("diagnosis") or {}).get("summary")
    if not diagnosis:
        return describe(report, reasons=reasons)
    errors = describe(report, errors_only=True) if with_errors else ""
    return f"{diagnosis}; {errors}" if errors else diagnosis


def table(workdir, machine, runs):
    rows = [
        "| library | version | level | coverage | pass | fail | not supported | wrong error | crash | timeout "
        "| run time | diagnosis |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    half_rows = [
        "| library | precision | run as | level | pass | fail | not computable | warnings | not supported | wrong error "
        "| crash | timeout | run time | diagnosis |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    own_rows = [
        "| library | convention | level | pass | fail | not applicable | not supported | wrong error | crash | timeout "
        "| run time | what still fails, and why | the library's bugs, with evidence |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    msssim_rows = [
        "| library | convention | precision | run as | level | pass | fail | not computable | warnings | not supported "
        "| wrong error | crash | timeout | run time | diagnosis | the library's bugs, with evidence |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    bugs = reproduced_bugs() if any("@" in run or run.startswith("msssim/") for run, _ in runs) else []
    msssim_cases = 0
    reasons_by_library = []
    names = {}
    vector_cases = properties = half_cases = 0
    for run, seconds in runs:
        if run.startswith("msssim/"):
            _, lib, precision, mode, convention = run.split("/")
            report, name, _, reasons = read_run(workdir, f"{lib}-msssim-{precision}-{mode}")
            summary, counts = report["summary"], report["summary"]["counts"]
            cells = [str(counts.get(v, 0)) for v in HALF_COLUMNS]
            cells.insert(HALF_COLUMNS.index("not_computable") + 1, msssim_warnings(report))
            diagnosis = "; ".join(part for part in (diagnosis_of(report, with_errors=True, reasons=reasons), warned(report)) if part)
            msssim_rows.append(
                f"| {cell(names.get(lib, name))} | `{convention}` | {precision} | {RUN_AS[mode]} | {summary['level']} | "
                + " | ".join(cells) + f" | {seconds} s | {cell(diagnosis)} "
                + f"| {cell(library_bugs(lib.replace('-', '_'), report, bugs))} |")
            msssim_cases += len(report["cases"])
            continue
        if "@" in run:
            lib, convention = run.split("@")
            report, name, _, reasons = read_run(workdir, f"{lib}-own")
            summary, counts = report["summary"], report["summary"]["counts"]
            own_rows.append(
                f"| {cell(names.get(lib, name))} | `{convention}` | {summary['level']} | "
                + " | ".join(str(counts.get(v, 0)) for v in OWN_COLUMNS)
                + f" | {seconds} s | {cell(diagnosis_of(report, with_errors=True, reasons=reasons))} "
                + f"| {cell(library_bugs(lib.replace('-', '_'), report, bugs))} |")
            continue
        if "/" in run:
            lib, precision, mode = run.split("/")
            report, name, _, reasons = read_run(workdir, f"{lib}-{precision}-{mode}")
            summary, counts = report["summary"], report["summary"]["counts"]
            # The warnings beside the verdicts they qualify (not_computable above all), counted and quoted.
            cells = [str(counts.get(v, 0)) for v in HALF_COLUMNS]
            cells.insert(HALF_COLUMNS.index("not_computable") + 1, str(summary.get("warnings", 0)))
            diagnosis = "; ".join(part for part in (diagnosis_of(report, with_errors=True, reasons=reasons), warned(report)) if part)
            half_rows.append(
                f"| {cell(names.get(lib, name))} | {precision} | {RUN_AS[mode]} | {summary['level']} | "
                + " | ".join(cells) + f" | {seconds} s | {cell(diagnosis)} |")
            half_cases += len(report["cases"])
            continue
        report, name, version, reasons = read_run(workdir, run)
        names[run] = name
        summary, counts = report["summary"], report["summary"]["counts"]
        rows.append(
            f"| {cell(name)} | {cell(version)} | {summary['level']} | {100 * summary['coverage']:.1f} % | "
            + " | ".join(str(counts.get(v, 0)) for v in COLUMNS)
            + f" | {seconds} s | {cell(diagnosis_of(report))} |")
        if reasons:
            reasons_by_library.append((name, reasons))
        properties = sum(1 for case in report["cases"] if case["family"] == "properties")
        vector_cases = len(report["cases"]) - properties
    lines = rows + ["", "Why cases were not supported, in the adapters' own words (number of cases):", ""]
    for name, reasons in reasons_by_library:
        lines.append(f"- **{name}**: " + "; ".join(f"{reason} ({n})" for reason, n in reasons.most_common()))
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    lines += [
        "",
        f"Made on {today} on a machine with {machine}, by `tools/adapters/make-table` "
        "(`ssim-conform certify --adapter \"tools/adapters/run LIB\" --vectors Vectors --timeout 600 --seed 20261126`: "
        f"the {vector_cases} vector cases and {properties} property checks, batches of 64 cases). The run time is the "
        "whole certify run of "
        "one library, venv start-ups and property shrinking included.",
    ]
    if len(own_rows) > 2:
        lines += [
            "",
            "**Under its own convention.** Each library certified under the named convention of what its adapter "
            "computes (`ssim-conform conventions`, `docs/conventions.md`): the expected answers and bounds are the "
            "reference's under that convention, computed from the vectors' inputs at run time, so that what fails is "
            "not a difference of convention but the library's own departure from it, named by the diagnosis. The "
            "property checks are judged under the convention too (its bounds, its 'valid' crop, how far its window "
            "reaches). Cases the convention cannot express are *not applicable*. The last column names each case "
            "still failing (fail, wrong error, crash, timeout) as a bug of the library, from `library-bugs.json`, only "
            "where the bug's evidence script (`evidence/`) reproduces it in this run; any other is said to be not "
            "named.",
            "",
        ] + own_rows + [
            "",
            "Made by the same `tools/adapters/make-table`: `ssim-conform certify --adapter \"tools/adapters/run LIB\" "
            "--vectors Vectors --timeout 600 --convention NAME --seed 20261126` per library.",
        ]
    if len(half_rows) > 2:
        lines += [
            "",
            "**Half precision.** The same libraries on the SSIM vector files' float16 and bfloat16 cases alone, as "
            "their users run "
            "them: in *its dtype*, the images are torch.float16 or torch.bfloat16 tensors (scikit-image: its adapter "
            "is a version-1 one, never sent these cases); under *autocast*, they are float32 tensors holding the same "
            "values and the library is called under `torch.autocast(\"cpu\", dtype=...)`, as mixed-precision training "
            "runs it (`SSIM_ADAPTER_AUTOCAST`, `ssim_conform.adapter`). Gradients are torch's autograd. A case the "
            "precision cannot compute meaningfully (a value that may overflow, no correct digit left: the vectors say "
            "why) is *not computable*: any answer is accepted, unjudged, but not in silence: an answer no correct "
            "computation gives (an SSIM above 1, a loss beyond its range, NaN from finite pixels) is a *warning*, on "
            "any verdict, counted beside the verdicts (cases carrying one) and the first quoted in the diagnosis. The "
            "main rows above count these runs' cases too, computed in their dtype, but have no column for the not "
            "computable ones.",
            "",
        ] + half_rows + [
            "",
            f"Made by the same `tools/adapters/make-table`: per library and precision, `ssim-conform certify --adapter "
            "\"tools/adapters/run LIB\" --vectors SSIM-FILES --timeout 600 --filter '*-f16*' --property-cases 0` "
            "(float16; `'*-bf16*'` for bfloat16; SSIM-FILES a folder of the vector files holding SSIM cases alone), "
            "with `SSIM_ADAPTER_AUTOCAST=float16` (or `bfloat16`) for the autocast rows: "
            f"{half_cases // max(1, (len(half_rows) - 2))} cases a run. The run time is the whole certify run.",
        ]
    if len(msssim_rows) > 2:
        lines += [
            "",
            "**MS-SSIM in half precision.** The libraries that ship an MS-SSIM, on the float16 and bfloat16 cases of "
            "the vector files of the other metrics (`ms-ssim.h5`), each judged under its own named MS-SSIM convention "
            "(so that what is judged is the precision, not a difference of convention), in its dtype and under "
            "autocast as above. The warnings column counts the cases carrying a warning, and apart those whose "
            "MS-SSIM is above 1 (beyond the [0, 1] of a relu'd product of powers, widened by the rounding slack: "
            "`out_of_range`) and those whose MS-SSIM collapsed to exactly 0 where the case's bound excludes 0 "
            "(`collapse_to_zero`; a not-computable case has no bound, and its error analysis lets a scale's mean "
            "reach 0, so a 0 there is not claimed impossible). The last column names each failing case as a "
            "library's bug as in the own-convention table. Kornia's `MS_SSIMLoss` (the metric `ms-ssim-l1`) gets "
            "rows here once its adapter answers that metric.",
            "",
        ] + msssim_rows + [
            "",
            "Made by the same `tools/adapters/make-table`: per library and precision, `ssim-conform certify --adapter "
            "\"tools/adapters/run LIB\" --vectors MSSSIM-FILES --convention NAME --timeout 600 --filter '*-f16*' "
            "--property-cases 0` (`'*-bf16*'` for bfloat16; MSSSIM-FILES a folder of the other vector files), with "
            "`SSIM_ADAPTER_AUTOCAST` for the autocast rows: "
            f"{msssim_cases // max(1, (len(msssim_rows) - 2))} cases a run.",
        ]
    return "\n".join(lines)


def main(readme, workdir, machine, *runs):
    runs = [(run.rsplit(":", 1)[0], run.rsplit(":", 1)[1]) for run in runs]
    with open(readme) as file:
        text = file.read()
    if BEGIN not in text or END not in text:
        sys.exit(f"{readme}: no {BEGIN} … {END} markers")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(readme, "w") as file:
        file.write(f"{head}{BEGIN}\n{table(workdir, machine, runs)}\n{END}{tail}")


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
