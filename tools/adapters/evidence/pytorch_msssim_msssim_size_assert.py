"""pytorch-msssim 1.0.0's ms_ssim checks the image size for five scales whatever the number of weights it is given:
`assert smaller_side > (win_size - 1) * (2 ** 4)`, "due to the 4 downsamplings in ms-ssim" (ssim.py 212–215), while
the number of scales is len(weights) (225). So:

- with 3 weights (2 downsamplings) it refuses a 100 × 100 image, though its scales are 100, 50, 25 pixels, all at
  least the window's 11: the computation it refuses needs only 41 pixels (⌈n/2⌉ downsampling);
- with 6 weights (5 downsamplings) it accepts 161 × 161, whose sixth scale is 6 × 6, smaller than the window: it then
  skips the blur along both axes of that scale with a warning (gaussian_filter, 46–52) and returns a number that is
  not MS-SSIM's, where it should refuse.

Exit status 0 when this is reproduced, 1 when not.
    tools/.venv-adapters/bin/python tools/adapters/evidence/pytorch_msssim_msssim_size_assert.py
"""

import sys
import warnings

import torch
from pytorch_msssim import ms_ssim

generator = torch.Generator().manual_seed(3)


def attempt(side, weights):
    x = torch.rand(1, 1, side, side, dtype=torch.float64, generator=generator)
    y = (x + 0.1 * torch.rand(x.shape, dtype=torch.float64, generator=generator)).clamp(0, 1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = ms_ssim(x, y, data_range=1.0, size_average=False, weights=weights)
            answer = f"answered {value.item():.6f}"
        except AssertionError as exception:  # what it raises is the evidence
            answer = f"AssertionError: {exception}"
    skipped = [str(warning.message) for warning in caught if "Skipping Gaussian Smoothing" in str(warning.message)]
    print(f"{side}×{side}, {len(weights)} weights: {answer}" + (f" ({len(skipped)} warnings: {skipped[0]})" if skipped else ""))
    return answer, skipped


three, _ = attempt(100, [0.2, 0.3, 0.5])
six, skipped = attempt(161, [1 / 6] * 6)
reproduced = "4 downsamplings" in three and six.startswith("answered") and bool(skipped)
print("REPRODUCED" if reproduced else "NOT REPRODUCED")
sys.exit(0 if reproduced else 1)
