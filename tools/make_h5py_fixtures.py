#!/usr/bin/env python3
"""Writes the HDF5 files the Swift tests read to check they interoperate with h5py.

  Tests/HDF5Tests/Fixtures/h5py-types.h5
      every attribute and dataset type the HDF5 layer reads (variable- and fixed-length strings, integers and floats
      of several widths, arrays, scalars, a compressed chunked dataset) and the things it refuses (a string
      dataset, an array of strings, a soft link, an external link).
  Tests/SSIMAdapterProtocolTests/Fixtures/h5py-invalid-request.h5
      an adapter-protocol request with one case per invalid input, each carrying the attribute `expected_error`
      with the category the protocol (issue 2) assigns to it, some of its strings fixed-length as numpy.bytes_.
  docs/example-request.h5
      a small request to try an adapter on (tools/certify answers it with the reference): three valid cases and
      one invalid one.

Run it through tools/h5py-fixtures, which installs h5py and numpy into tools/.venv-h5py.
"""
import os
import sys

import h5py
import numpy as np


def write_types(path):
    with h5py.File(path, "w-") as f:
        f.attrs["vlen_string"] = "variable ✓"
        f.attrs["fixed_string"] = np.bytes_("fixed")
        f.attrs["int32"] = np.int32(-7)
        f.attrs["int64"] = np.int64(1 << 40)
        f.attrs["uint8"] = np.uint8(200)
        f.attrs["float32"] = np.float32(0.25)
        f.attrs["float64"] = np.float64(1e-12)
        f.attrs["int_array"] = np.array([3, 4], dtype=np.int64)
        f.attrs["float_array"] = np.array([0.5, 1.5, 2.5])
        f.attrs["string_array"] = ["a", "b"]
        g = f.create_group("group")
        g.attrs["inner"] = "inside"
        g.create_dataset("float32_rank3", data=np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 8)
        g.create_dataset("float64_scalar", data=np.float64(np.pi))
        g.create_dataset("uint8_rank2", data=np.arange(6, dtype=np.uint8).reshape(2, 3))
        g.create_dataset("int16_rank1", data=np.array([-2, 0, 2], dtype=np.int16))
        g.create_dataset(
            "deflated", data=np.linspace(0, 1, 1000).reshape(10, 100), chunks=(5, 50), compression="gzip",
            shuffle=True, fletcher32=True)
        g.create_dataset("strings", data=["x", "y"])
        f["soft_link"] = h5py.SoftLink("/group/float64_scalar")
        f["external_link"] = h5py.ExternalLink("elsewhere.h5", "/data")


def case(group, name, expected, shape1=(1, 1, 16, 16), shape2=None, window=11, max_val=1.0, padding="same",
         reduction="mean", fixed_strings=False):
    rng = np.random.default_rng(len(group))
    c = group.create_group(name)
    c.create_dataset("img1", data=rng.random(shape1))
    c.create_dataset("img2", data=rng.random(shape2 or shape1))
    c.attrs["window_size"] = np.int64(window)
    c.attrs["max_val"] = np.float64(max_val)
    c.attrs["eps"] = np.float64(1e-12)
    string = np.bytes_ if fixed_strings else str
    c.attrs["padding"] = string(padding)
    c.attrs["reduction"] = string(reduction)
    c.attrs["outputs"] = string("ssim_map,loss,grad_img1,grad_img2")
    if expected is not None:
        c.attrs["expected_error"] = expected


def write_invalid_request(path):
    with h5py.File(path, "w-") as f:
        f.attrs["protocol"] = np.bytes_("ssim-conformance-adapter/1")
        cases = f.create_group("cases")
        case(cases, "valid-fixed-length-strings", None, fixed_strings=True)
        case(cases, "rank3", "invalid_shape", shape1=(1, 16, 16), shape2=(1, 16, 16))
        case(cases, "rank5", "invalid_shape", shape1=(1, 1, 1, 16, 16), shape2=(1, 1, 1, 16, 16))
        case(cases, "zero-channels", "invalid_shape", shape1=(1, 0, 16, 16), shape2=(1, 0, 16, 16))
        case(cases, "mismatch-width", "shape_mismatch", shape2=(1, 1, 16, 15))
        case(cases, "mismatch-batch", "shape_mismatch", shape2=(2, 1, 16, 16))
        case(cases, "window-even", "invalid_window_size", window=4)
        case(cases, "window-zero", "invalid_window_size", window=0)
        case(cases, "window-negative", "invalid_window_size", window=-3)
        case(cases, "padding-full", "invalid_padding", padding="full", fixed_strings=True)
        case(cases, "padding-empty", "invalid_padding", padding="")
        case(cases, "reduction-median", "invalid_reduction", reduction="median")
        case(cases, "reduction-uppercase", "invalid_reduction", reduction="MEAN")
        case(cases, "maxval-zero", "invalid_max_val", max_val=0.0)
        case(cases, "maxval-negative", "invalid_max_val", max_val=-1.0)
        case(cases, "maxval-inf", "invalid_max_val", max_val=float("inf"))
        case(cases, "maxval-nan", "invalid_max_val", max_val=float("nan"))
        case(cases, "too-small-same", "image_too_small", shape1=(1, 1, 5, 16))
        case(cases, "too-small-valid", "image_too_small", shape1=(1, 1, 16, 10), padding="valid")


def write_example_request(path):
    with h5py.File(path, "w-") as f:
        f.attrs["protocol"] = "ssim-conformance-adapter/1"
        cases = f.create_group("cases")
        case(cases, "gray-same-mean", None, shape1=(1, 1, 32, 32))
        case(cases, "rgb-valid-none", None, shape1=(2, 3, 24, 20), window=7, padding="valid", reduction="none")
        case(cases, "8bit-range-sum", None, shape1=(1, 1, 16, 16), max_val=255.0, reduction="sum")
        case(cases, "even-window", "invalid_window_size", window=8)


def main(root):
    types = os.path.join(root, "Tests/HDF5Tests/Fixtures/h5py-types.h5")
    invalid = os.path.join(root, "Tests/SSIMAdapterProtocolTests/Fixtures/h5py-invalid-request.h5")
    example = os.path.join(root, "docs/example-request.h5")
    for path in (types, invalid, example):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if os.path.exists(path):
            os.remove(path)
    write_types(types)
    write_invalid_request(invalid)
    write_example_request(example)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
