#!/usr/bin/env python3
"""A deliberately broken adapter-protocol peer, to see what a failing report looks like (tools/report-screenshot).

Usage: broken_adapter.py [--offset VALUE] SSIM_CONFORM REQUEST.h5 RESPONSE.h5

It answers with the reference (`SSIM_CONFORM eval`), then breaks the answers the way real implementations go wrong,
so that every verdict but crash and timeout shows up:
- a border bug: the SSIM map's last three columns are too high by 1e-3, 2e-3 and 4e-3 (the outermost worst), as
  when the right border is padded the wrong way; the loss and the gradients are left right;
- a missing constant: where both images are constant over a whole plane and eps is 0, the map's plane is NaN, as a
  formula without C1 and C2 gives 0/0 there;
- a gap: cases with window size 1 are declared unsupported.
With --offset VALUE it breaks them otherwise: VALUE is added to every output, and nothing else changes. No departure
the diagnosis knows explains that, so it is the diagnosis's longest search (README: the diagnosis's time).
Needs h5py and numpy.
"""
import os
import subprocess
import sys

import h5py
import numpy as np

BORDER_DEFECT = np.array([1e-3, 2e-3, 4e-3])


def break_case(answer, request):
    """Breaks the answer to one case in place; `request` is the case as asked."""
    if int(request.attrs["window_size"]) == 1:
        for name in list(answer):
            del answer[name]
        answer.attrs["error"] = "unsupported"
        answer.attrs["message"] = "window size 1 is not implemented"
        return
    if "ssim_map" not in answer:
        return
    ssim_map = answer["ssim_map"][()]
    band = BORDER_DEFECT[-ssim_map.shape[3]:]
    ssim_map[..., -len(band):] += band
    if float(request.attrs["eps"]) == 0:
        img1, img2 = request["img1"][()], request["img2"][()]
        flat = (np.ptp(img1, axis=(2, 3)) == 0) & (np.ptp(img2, axis=(2, 3)) == 0)
        ssim_map[flat] = np.nan
    answer["ssim_map"][...] = ssim_map


def offset_case(answer, offset):
    """Adds `offset` to every output of the answer to one case, in place."""
    for name in answer:
        answer[name][...] = answer[name][()] + offset


def main(arguments):
    offset = None
    if arguments[:1] == ["--offset"]:
        offset, arguments = float(arguments[1]), arguments[2:]
    ssim_conform, request, response = arguments
    partial = response + ".partial"
    if os.path.exists(partial):
        os.remove(partial)
    subprocess.run([ssim_conform, "eval", request, partial], check=True)
    with h5py.File(request, "r") as requested, h5py.File(partial, "r+") as answered:
        # Named for what it is, not for the reference it wraps.
        answered.attrs["implementation"] = "broken-adapter"
        answered.attrs["implementation_version"] = "tools/broken_adapter.py"
        for case_id, case in answered["cases"].items():
            if offset is None:
                break_case(case, requested["cases"][case_id])
            else:
                offset_case(case, offset)
    os.replace(partial, response)


if __name__ == "__main__":
    main(sys.argv[1:])
