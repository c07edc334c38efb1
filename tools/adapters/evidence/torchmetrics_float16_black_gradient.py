"""torchmetrics 1.9.0's SSIM gradient is NaN on black and near-black float16 images (pixels in [0, 0.001]), where
its loss is finite and its float32 gradient finite: the ratio's backward divides by the denominator squared, (C1·C2)², which float16 flushes to zero
(C1·C2 = 9e-8 is already subnormal), and the infinite gradient then meets μ = 0 in the square's backward (0·∞).

Exit status 0 when this is reproduced, 1 when not.
    tools/.venv-adapters/bin/python tools/adapters/evidence/torchmetrics_float16_black_gradient.py
"""

import sys

import torch
from torchmetrics.functional.image import structural_similarity_index_measure as ssim


def gradient(dtype, scale=0.0):
    torch.manual_seed(0)
    x = (scale * torch.rand(1, 1, 16, 16)).to(dtype).requires_grad_()
    y = (scale * torch.rand(1, 1, 16, 16)).to(dtype).requires_grad_()
    loss = ((1 - ssim(x, y, data_range=1.0, reduction="none")) / 2).clamp(0, 1).sum()
    loss.backward()
    return loss.item(), x.grad


loss16, grad16 = gradient(torch.float16)
loss32, grad32 = gradient(torch.float32)
near16, nearGrad16 = gradient(torch.float16, 0.001)
near32, nearGrad32 = gradient(torch.float32, 0.001)
c1c2 = torch.tensor((0.01**2) * (0.03**2), dtype=torch.float16)
print(f"float16: loss {loss16}, NaN gradient elements {int(grad16.isnan().sum())} of {grad16.numel()}")
print(f"float32: loss {loss32}, largest |gradient| {float(grad32.abs().max())}")
print(f"near-black float16: loss {near16}, NaN gradient elements {int(nearGrad16.isnan().sum())}")
print(f"near-black float32: loss {near32}, NaN gradient elements {int(nearGrad32.isnan().sum())}")
print(f"C1·C2 in float16: {float(c1c2)}, its square: {float(c1c2 * c1c2)}")
reproduced = (
    bool(grad16.isnan().all()) and loss16 == loss16 and float(grad32.abs().max()) == 0
    and bool(nearGrad16.isnan().any()) and near16 == near16 and not bool(nearGrad32.isnan().any())
)
print("REPRODUCED" if reproduced else "NOT REPRODUCED")
sys.exit(0 if reproduced else 1)
