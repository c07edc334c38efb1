"""The SSIM conformance suite, as the wheel `ssim-conform` installs it (`tools/wheel` builds it).

- `ssim-conform`, the console script: the suite's command line (the release build bundled in `bin/`), which
  certifies against the golden vectors bundled in `vectors/` unless `--vectors` or `$SSIM_CONFORM_VECTORS` says
  otherwise;
- `ssim_conform.adapter`: the adapter protocol's plumbing, for writing an adapter of a library in Python;
- `ssim_conform.certify(...)`: a certification run from Python, returning its parsed `report.json`;
- `docs/adapter-protocol.md`: the protocol, beside this file (`ssim_conform.ADAPTER_PROTOCOL`).

In a source checkout (`python/ssim_conform/`) only `adapter` is there: the executable, the vectors and the page are
added to the wheel by `tools/wheel`.
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

_HERE = Path(__file__).resolve().parent
EXECUTABLE = _HERE / "bin" / "ssim-conform"
VECTORS = _HERE / "vectors"
ADAPTER_PROTOCOL = _HERE / "docs" / "adapter-protocol.md"
VECTORS_VARIABLE = "SSIM_CONFORM_VECTORS"  # the executable's own variable (its DefaultVectors)


class CertifyError(RuntimeError):
    """A certification that could not be made (ssim-conform's exit status 2 or worse): a usage error, an adapter that
    cannot be started, no case selected, a report folder that cannot be written, or the run interrupted."""


def executable():
    """The bundled `ssim-conform`, checked to be there: a source checkout's package has none."""
    if not os.access(EXECUTABLE, os.X_OK):
        raise FileNotFoundError(
            f"{EXECUTABLE}: no bundled ssim-conform executable (this is the source checkout's package, or a broken "
            "install): install the wheel that tools/wheel builds")
    return str(EXECUTABLE)


def environment():
    """This process's environment, with $SSIM_CONFORM_VECTORS naming the bundled vectors when the user has not set
    it: an executable outside a checkout finds its vectors only through it (or --vectors)."""
    env = dict(os.environ)
    if not env.get(VECTORS_VARIABLE):
        env[VECTORS_VARIABLE] = str(VECTORS)
    return env


def certify(adapter=None, *, report=None, vectors=None, convention=None, require_full=False, require_no_warnings=False,
            arguments=()):
    """Runs `ssim-conform certify` and returns its `report.json`, parsed: a list with one report per implementation
    certified (`docs/report-schema.md`; `report[0]["summary"]["level"]` is `full`, `partial` or `fail`).

    `adapter` is the command line of an adapter (as `--adapter` takes it; None certifies the built-in
    implementations); `report` the folder for the reports (a temporary one, removed afterwards, when None);
    `vectors` a vector folder or file (the bundled vectors when None); `convention` a named convention or a JSON file;
    `require_full` makes partial support non-conformant; `require_no_warnings` also a warning (an answer no correct
    computation gives, `--require full-without-warnings`); `arguments` go on the command line as they are
    (`["--filter", "core-*", "--seed", "1"]`). The run's progress and verdict go to standard error and output, as on
    the command line. A run that is not conformant is a result (its report says why); a run that could not be made
    raises `CertifyError` with ssim-conform's message.
    """
    command = [executable(), "certify"]
    if adapter is not None:
        command += ["--adapter", adapter]
    if vectors is not None:
        command += ["--vectors", str(vectors)]
    if convention is not None:
        command += ["--convention", str(convention)]
    if require_no_warnings:
        command += ["--require", "full-without-warnings"]
    elif require_full:
        command += ["--require", "full"]
    command += [str(argument) for argument in arguments]
    with tempfile.TemporaryDirectory(prefix="ssim-conform-") as scratch:
        folder = Path(report) if report is not None else Path(scratch)
        process = subprocess.Popen(command + ["--report", str(folder)], env=environment(), stderr=subprocess.PIPE, text=True)
        last = ""
        for line in process.stderr:  # shown as it comes (progress), the last line kept for the error
            sys.stderr.write(line)
            last = line.strip() or last
        status = process.wait()
        if status not in (0, 1):
            raise CertifyError(f"ssim-conform certify could not be made (exit status {status}): {last}")
        with open(folder / "report.json") as file:
            return json.load(file)
