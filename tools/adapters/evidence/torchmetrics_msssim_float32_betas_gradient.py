"""torchmetrics 1.9.0's multiscale_structural_similarity_index_measure makes its betas a float32 tensor whatever the
images' dtype (`torch.tensor(betas)`, functional/image/ssim.py 423), so float64 images get float32 exponents. The
forward pass is then exact for those float32 values (torch promotes the power to float64), but autograd's backward of
`mcs_stack ** betas` forms β − 1 in the exponent's dtype, float32, and so the float64 gradients carry float32
rounding: about 1e-9 of the largest gradient on ordinary images and 2e-8 where a coarse scale's mean is small, where a
float64 computation agrees to 1e-13.

Shown here: the same call with the betas given as the float64 values of their float32 roundings (the default dtype
set to float64) gives bit-identical MS-SSIM and gradients that differ by that much. (The float64-betas gradient is the
one the suite's reference computes, to 1e-13: tools/adapters/msssim_spot_check.py.) The fix is torchmetrics' own:
torch.tensor(betas, dtype=mcs_stack.dtype).

Exit status 0 when this is reproduced, 1 when not.
    tools/.venv-adapters/bin/python tools/adapters/evidence/torchmetrics_msssim_float32_betas_gradient.py
"""

import sys

import numpy as np
import torch
from torchmetrics.functional.image import multiscale_structural_similarity_index_measure

BETAS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)
ROUNDED = tuple(float(np.float32(beta)) for beta in BETAS)  # what torch.tensor(BETAS) holds, as Python floats

generator = torch.Generator().manual_seed(7)
x = torch.rand(1, 1, 192, 192, dtype=torch.float64, generator=generator)
y = (x + 0.1 * torch.randn(x.shape, dtype=torch.float64, generator=generator)).clamp(0, 1)


def run(default_dtype):
    torch.set_default_dtype(default_dtype)
    img1 = x.clone().requires_grad_()
    value = multiscale_structural_similarity_index_measure(
        img1, y, data_range=1.0, reduction="none", betas=ROUNDED, normalize="relu")
    value.sum().backward()
    torch.set_default_dtype(torch.float32)
    return value.detach(), img1.grad


value32, grad32 = run(torch.float32)  # as torchmetrics runs: betas a float32 tensor
value64, grad64 = run(torch.float64)  # the same exponent values, as a float64 tensor
same_value = torch.equal(value32, value64)
difference = ((grad32 - grad64).abs().max() / grad64.abs().max()).item()
print(f"MS-SSIM, float32 betas: {value32.item():.17g}; float64 betas of the same values: {value64.item():.17g}"
      f" ({'bit-identical' if same_value else 'different'})")
print(f"largest gradient difference, relative to the largest gradient: {difference:.3g}")
reproduced = same_value and difference > 1e-10
print("REPRODUCED" if reproduced else "NOT REPRODUCED")
sys.exit(0 if reproduced else 1)
