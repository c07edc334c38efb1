"""torchmetrics 1.9.0 has no 'valid' map: its user crops the padded map it returns, and autograd then sends NaN to
pixels no kept window reads. The cropped band holds ±∞ where an infinite pixel is near; its gradient is 0, and
0·∞ = NaN in the backward of the SSIM formula flows back through the blur. Run on the vector case
non-finite-013-w13-valid-mean-f64-inf2x2-r0c0-img1 (+∞ in the top-left 2×2 pixels of img1, window 13 asked,
torchmetrics' fixed 11 taps): pixel (0, 2) is 6 rows from every kept element of the map, beyond the 11 taps' reach
of 5, so its exact gradient is 0.

Exit status 0 when this is reproduced, 1 when not.
    tools/.venv-adapters/bin/python tools/adapters/evidence/torchmetrics_cropped_infinity_gradient.py
"""

import sys

import h5py
import torch
from torchmetrics.functional.image import structural_similarity_index_measure as ssim

with h5py.File("Vectors/non-finite.h5", "r") as vectors:
    case = vectors["cases/non-finite-013-w13-valid-mean-f64-inf2x2-r0c0-img1"]
    x = torch.tensor(case["img1"][()], requires_grad=True)
    y = torch.tensor(case["img2"][()], requires_grad=True)
crop = 13 // 2
_, full = ssim(x, y, data_range=1.0, return_full_image=True)
kept = full[..., crop:-crop, crop:-crop]
loss = ((1 - kept) / 2).clamp(0, 1).mean()
loss.backward()
band = full[0, 0, :crop, :]
print(f"loss {loss.item()}; infinite or NaN elements in the cropped band of plane (0, 0): {int((~band.isfinite()).sum())}")
print(f"gradient at pixel (0, 2) of img1: {x.grad[0, 0, 0, 2].item()} (exact: 0, no kept window reads it)")
print(f"NaN gradient elements of img1: {int(x.grad.isnan().sum())} of {x.grad.numel()}")
reproduced = bool(x.grad[0, 0, 0, 2].isnan())
print("REPRODUCED" if reproduced else "NOT REPRODUCED")
sys.exit(0 if reproduced else 1)
