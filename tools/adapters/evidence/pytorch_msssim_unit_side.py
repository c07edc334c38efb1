"""pytorch-msssim 1.0.0 squeezes away every dimension of size 1 after the channels (`ssim`, the loop calling
`X.squeeze(dim=d)`), so an image one pixel high or wide is no longer 4-D and is refused as "Input images should be
4-d or 5-d tensors", though SSIM is defined for it with a window of 1.

Exit status 0 when this is reproduced, 1 when not.
    tools/.venv-adapters/bin/python tools/adapters/evidence/pytorch_msssim_unit_side.py
"""

import sys

import torch
from pytorch_msssim import ssim

reproduced = True
for shape in [(3, 4, 1, 10), (2, 2, 1, 1)]:
    images = torch.rand(*shape, dtype=torch.float64)
    try:
        ssim(images, images.clone(), data_range=1.0, win_size=1)
        message = "answered"
    except Exception as exception:  # what it raises is the evidence
        message = f"{type(exception).__name__}: {str(exception).splitlines()[0]}"
    print(f"{'×'.join(map(str, shape))}, window 1: {message}")
    reproduced &= "Input images should be 4-d or 5-d tensors" in message
print("REPRODUCED" if reproduced else "NOT REPRODUCED")
sys.exit(0 if reproduced else 1)
