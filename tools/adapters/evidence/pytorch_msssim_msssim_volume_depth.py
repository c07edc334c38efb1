"""pytorch-msssim 1.0.0's ms_ssim on volumes (5-D tensors) asserts its size rule on the last two axes only
(`min(X.shape[-2:]) > (win_size - 1) * 2**4`, ssim.py 212–215), never on the depth D. Between scales it pools with
`F.avg_pool3d(kernel_size=2, padding=[s % 2 ...])` (199–202, 232–234), and torch's avg_pool3d refuses an axis of 1
even with a padding of 1 (avg_pool2d answers it). So with the five default weights (four downsamplings) a volume of
depth 2 to 8 whose H and W pass the assert fails inside torch at the fourth downsampling ("input image (T: 1 ...)
smaller than kernel size"), after computing the finer scales with the blur along D skipped (warnings), instead of
being refused up front; depth 9 answers (its depth 9, 5, 3, 2, 1 never pools an axis of 1).

Exit status 0 when this is reproduced, 1 when not.
    tools/.venv-adapters/bin/python tools/adapters/evidence/pytorch_msssim_msssim_volume_depth.py
"""

import sys
import warnings

import torch
from pytorch_msssim import ms_ssim

torch.set_num_threads(1)
generator = torch.Generator().manual_seed(23)


def attempt(depth):
    x = torch.rand(1, 1, depth, 161, 161, dtype=torch.float64, generator=generator)
    y = (x + 0.1 * torch.rand(x.shape, dtype=torch.float64, generator=generator)).clamp(0, 1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            answer = f"answered {ms_ssim(x, y, data_range=1.0, size_average=False).item():.6f}"
        except Exception as exception:  # what torch raises is the evidence
            answer = f"{type(exception).__name__}: {str(exception).splitlines()[0]}"
    skipped = sum("Skipping Gaussian Smoothing" in str(warning.message) for warning in caught)
    print(f"1×1×{depth}×161×161 float64, five weights: {answer} ({skipped} warnings of a skipped blur)")
    return answer


eight, nine = attempt(8), attempt(9)
reproduced = eight.startswith("RuntimeError") and "smaller than kernel size" in eight and nine.startswith("answered")
print("REPRODUCED" if reproduced else "NOT REPRODUCED")
sys.exit(0 if reproduced else 1)
