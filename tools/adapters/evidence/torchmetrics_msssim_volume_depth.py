"""torchmetrics 1.9.0's MS-SSIM on volumes (5-D tensors) checks only the last two axes against its size rules
(functional/image/ssim.py 384–400: H and W against 2^len(betas) and (kernel_size − 1)·(len(betas) − 1)²), never the
third-last, the depth D. Every scale pads D by the Gaussian's radius with torch's reflect (5 for σ = 1.5), and
avg_pool3d halves D between scales (411–413), so five betas need D // 16 ≥ 6, D ≥ 96. A shallower volume whose H
and W pass the checks is not refused up front: the finer scales are computed, then torch's padding fails at the
first scale too shallow (a RuntimeError naming dimension 2, not torchmetrics' ValueError).

Exit status 0 when this is reproduced, 1 when not.
    tools/.venv-adapters/bin/python tools/adapters/evidence/torchmetrics_msssim_volume_depth.py
"""

import sys

import torch
from torchmetrics.functional.image import multiscale_structural_similarity_index_measure as ms_ssim

torch.set_num_threads(1)
generator = torch.Generator().manual_seed(23)
x = torch.rand(1, 1, 16, 176, 176, generator=generator)
y = (x + 0.1 * torch.rand(x.shape, generator=generator)).clamp(0, 1)
try:
    value = ms_ssim(x, y, data_range=1.0, reduction="none")
    answer, raised = f"answered {value.item():.6f}", None
except Exception as exception:  # what it raises, and from where, is the evidence
    answer, raised = f"{type(exception).__name__}: {str(exception).splitlines()[0]}", exception
print(f"1×1×16×176×176 float32, five betas: {answer}")
reproduced = (isinstance(raised, RuntimeError) and not isinstance(raised, ValueError)
              and "Padding size should be less than the corresponding input dimension" in str(raised)
              and "at dimension 2" in str(raised))
print("REPRODUCED" if reproduced else "NOT REPRODUCED")
sys.exit(0 if reproduced else 1)
