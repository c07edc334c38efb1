"""torchmetrics 1.9.0's multiscale_structural_similarity_index_measure refuses images of 161 to 175 pixels with the
message "the image height must be larger than 160", and its docstring says it raises "If the image height is smaller
than (kernel_size[0] - 1) * max(1, (len(betas) - 1)) ** 2" (= 160): its check is `H // 16 <= kernel_size - 1`
(functional/image/ssim.py 390–395), which refuses every H below 176. With three betas and kernel_size 7 its message
asks H larger than 24 = 6 · 2², and it refuses 25 × 25 as well (25 // 4 = 6 is not above 6). The computation itself
runs from far smaller images (torch's reflect pad needs 6 pixels at the coarsest scale: 96 for five scales).

Exit status 0 when this is reproduced, 1 when not.
    tools/.venv-adapters/bin/python tools/adapters/evidence/torchmetrics_msssim_size_rule.py
"""

import sys

import torch
from torchmetrics.functional.image import multiscale_structural_similarity_index_measure

generator = torch.Generator().manual_seed(5)
answers = {}
for side in (161, 175, 176):
    x = torch.rand(1, 1, side, side, dtype=torch.float64, generator=generator)
    y = (x + 0.1 * torch.rand(x.shape, dtype=torch.float64, generator=generator)).clamp(0, 1)
    try:
        value = multiscale_structural_similarity_index_measure(x, y, data_range=1.0, reduction="none")
        answers[side] = f"answered {value.item():.6f}"
    except ValueError as exception:  # what it raises is the evidence
        answers[side] = f"ValueError: {exception}"
    print(f"{side}×{side}: {answers[side]}")
x = torch.rand(1, 1, 25, 25, dtype=torch.float64, generator=generator)
try:
    value = multiscale_structural_similarity_index_measure(
        x, x.flip(-1), data_range=1.0, kernel_size=7, betas=(0.2, 0.3, 0.5), reduction="none")
    answers[25] = f"answered {value.item():.6f}"
except ValueError as exception:
    answers[25] = f"ValueError: {exception}"
print(f"25×25, three betas, kernel 7: {answers[25]}")
reproduced = (all("larger than 160" in answers[side] for side in (161, 175)) and answers[176].startswith("answered")
              and "larger than 24" in answers[25])
print("REPRODUCED" if reproduced else "NOT REPRODUCED")
sys.exit(0 if reproduced else 1)
