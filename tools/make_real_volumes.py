#!/usr/bin/env python3
"""Writes the real volumes of the golden test vectors' `volumes` family: pairs of MRI volumes that ship inside the
nibabel wheel (nibabel/tests/data, covered by nibabel's MIT licence: its COPYING names no other licence for them).

Usage: make_real_volumes.py OUT.h5   (refuses to overwrite OUT)

Each pair is two real acquisitions, nothing synthetic added:

  example4d-t0-t1       example4d.nii.gz, a 4-D EPI (functional) series of 128 x 96 x 24 voxels (2.0 x 2.0 x 2.2 mm)
                        and 2 time points, int16: the volume at time 0 against the volume at time 1 (the same head,
                        2 s apart), cropped to slices 2..21, rows 12..43 and columns 56..87, the 32 x 32 square of
                        brain with the highest mean intensity, 20 slices deep.
  functional-frames     functional.nii, an SPM-normalised series of 17 x 21 x 3 voxels and 20 time points, float64:
                        slice 1 over time as a (time, row, column) volume, frames 0..18 against frames 1..19 (each
                        frame against the next, as a video SSIM compares them).

The file holds /pairs/<name> with img1 and img2 as (D, H, W) datasets in the source's own type, D being the NIfTI's
third voxel axis (or time), H its second and W its first, and attributes naming the source file, its package version,
its licence, the crop and the source's largest value (`data_max`, over the whole file). Run it through
tools/real-volumes, which pins every package.
"""
import os
import sys

import h5py
import nibabel
import numpy as np

LICENSE = "MIT (nibabel's COPYING: 'The nibabel package, including all examples, code snippets and attached documentation is covered by the MIT license'; its test data carry no other notice)"


def voxels(name):
    image = nibabel.load(os.path.join(os.path.dirname(nibabel.__file__), "tests", "data", name))
    return np.asarray(image.dataobj)


def main(out):
    if os.path.exists(out):
        sys.exit(f"{out} exists; not overwriting it")
    epi = voxels("example4d.nii.gz")  # (x, y, z, t)
    series = voxels("functional.nii")  # (x, y, z, t)
    by_time = epi.transpose(3, 2, 1, 0)  # (t, z, y, x)
    frames = series[:, :, 1, :].transpose(2, 1, 0)  # (t, y, x) of slice 1
    pairs = {
        "example4d-t0-t1": (
            by_time[0, 2:22, 12:44, 56:88], by_time[1, 2:22, 12:44, 56:88], "example4d.nii.gz",
            "time 0 against time 1; slices (z) 2..21, rows (y) 12..43, columns (x) 56..87", epi.max()),
        "functional-frames": (
            frames[0:19], frames[1:20], "functional.nii",
            "slice (z) 1, frames (t) 0..18 against 1..19, as (t, y, x); every row and column", series.max()),
    }
    with h5py.File(out, "w-") as file:
        for name, (img1, img2, source, crop, data_max) in pairs.items():
            group = file.create_group(f"pairs/{name}")
            group.create_dataset("img1", data=np.ascontiguousarray(img1), track_times=False)
            group.create_dataset("img2", data=np.ascontiguousarray(img2), track_times=False)
            group.attrs["source"] = f"nibabel {nibabel.__version__} (PyPI wheel), nibabel/tests/data/{source}"
            group.attrs["license"] = LICENSE
            group.attrs["crop"] = crop
            group.attrs["data_max"] = float(data_max)


if __name__ == "__main__":
    main(sys.argv[1])
