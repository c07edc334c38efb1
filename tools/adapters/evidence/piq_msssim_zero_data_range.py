"""piq 0.8.0's multi_scale_ssim accepts data_range=0 and answers NaN instead of refusing it: it divides the images
by data_range (piq/ms_ssim.py 63–64) without checking that it is positive, so every pixel becomes 0/0 or ±∞. The
protocol names such a data range invalid_max_val; piq's own checks (_validate_input) look only at the tensors.

Exit status 0 when this is reproduced, 1 when not.
    tools/.venv-adapters/bin/python tools/adapters/evidence/piq_msssim_zero_data_range.py
"""

import importlib.util
import sys
import types

import torch

# `import piq` would import its VGG-based metrics, which need torchvision: register the package without its __init__.
package = types.ModuleType("piq")
package.__path__ = list(importlib.util.find_spec("piq").submodule_search_locations)
sys.modules["piq"] = package
from piq.ms_ssim import multi_scale_ssim  # noqa: E402

generator = torch.Generator().manual_seed(20)
x = torch.rand(1, 1, 32, 32, dtype=torch.float64, generator=generator)
y = (x + 0.1 * torch.rand(x.shape, dtype=torch.float64, generator=generator)).clamp(0, 1)
weights = torch.tensor([0.2, 0.3, 0.5], dtype=torch.float64)
try:
    answer = multi_scale_ssim(x, y, data_range=0.0, kernel_size=7, scale_weights=weights, reduction="none")
    print(f"data_range=0: answered {answer.tolist()}")
    reproduced = bool(torch.isnan(answer).all())
except Exception as exception:  # a refusal would mean the bug is gone
    print(f"data_range=0: {type(exception).__name__}: {exception}")
    reproduced = False
print("REPRODUCED" if reproduced else "NOT REPRODUCED")
sys.exit(0 if reproduced else 1)
