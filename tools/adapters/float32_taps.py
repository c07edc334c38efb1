"""How far float32-built Gaussian taps are from the exact ones: the witness of SSIMConvention.tapsPrecision's note.

Builds the window as pytorch-msssim 1.0.0 does (torch.float32 arange, exp, divided by its sum) for σ = 1.5 and
k = 3…15 taps, and prints the largest relative error of a tap against the float64 Gaussian, in units of float32's
unit roundoff u = 2⁻²⁴, beside the (k + 4)·u the error analysis allows.

    tools/.venv-adapters/bin/python tools/adapters/float32_taps.py
"""

import numpy as np
import torch

SIGMA = 1.5
U32 = 2.0**-24

print("taps  largest error (u)  allowed (u)")
for size in range(3, 16, 2):
    coords = torch.arange(size, dtype=torch.float32) - size // 2
    taps = torch.exp(-(coords**2) / (2 * SIGMA**2))
    taps /= taps.sum()
    offsets = np.arange(size) - size // 2
    exact = np.exp(-(offsets**2) / (2 * SIGMA**2))
    exact /= exact.sum()
    error = np.max(np.abs(taps.double().numpy() - exact) / exact) / U32
    print(f"{size:4d}  {error:18.2f}  {size + 4:11d}")
