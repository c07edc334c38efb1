"""Kornia 0.9.0's MS_SSIMLoss accepts data_range=0 (and a negative one) and answers instead of refusing it: its
constructor computes C1 = (K1·data_range)², C2 = (K2·data_range)² and forward divides the L1 term by data_range
(kornia/losses/ms_ssim.py 122–124, 302) without checking that it is positive; forward checks only the images' rank
and shapes (214–227). With data_range=0 black images give NaN (0/0 in l, cs and the L1 term) and others +inf (the L1
term over 0). The protocol names such a data range invalid_max_val, as kornia.metrics.ssim's max_val check does.

Exit status 0 when this is reproduced, 1 when not.
    tools/.venv-adapters/bin/python tools/adapters/evidence/kornia_msssim_l1_zero_data_range.py
"""

import sys

import torch
from kornia.losses import MS_SSIMLoss

generator = torch.Generator().manual_seed(22)
black = torch.zeros(1, 1, 4, 4, dtype=torch.float64)
x = torch.rand(1, 1, 8, 8, dtype=torch.float64, generator=generator)
y = (x + 0.1 * torch.rand(x.shape, dtype=torch.float64, generator=generator)).clamp(0, 1)
answers = {}
for name, (img1, img2, data_range) in {
    "black, data_range=0": (black, black, 0.0),
    "random, data_range=0": (x, y, 0.0),
    "random, data_range=-1": (x, y, -1.0),
}.items():
    try:
        answers[name] = MS_SSIMLoss(data_range=data_range)(img1, img2).item()
        print(f"{name}: answered {answers[name]}")
    except Exception as exception:  # a refusal would mean the bug is gone
        print(f"{name}: {type(exception).__name__}: {exception}")
reproduced = len(answers) == 3 and answers["black, data_range=0"] != answers["black, data_range=0"] \
    and answers["random, data_range=0"] == float("inf")
print("REPRODUCED" if reproduced else "NOT REPRODUCED")
sys.exit(0 if reproduced else 1)
