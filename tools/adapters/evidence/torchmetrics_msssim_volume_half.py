"""torchmetrics 1.9.0's MS-SSIM on volumes (5-D tensors) in float16 or bfloat16 on the CPU fails inside torch between
scales: it pools with `F.avg_pool3d(preds, (2, 2, 2))` (functional/image/ssim.py 411–413), which torch 2.13's CPU
build does not implement for Half or BFloat16 ("avg_pool3d_out_frame" not implemented), after computing the finest
scale's 3-D SSIM in that precision; nothing checks or converts the dtype first. Its 2-D MS-SSIM pools with avg_pool2d,
which has those kernels, and answers the same images' slices.

Exit status 0 when this is reproduced, 1 when not.
    tools/.venv-adapters/bin/python tools/adapters/evidence/torchmetrics_msssim_volume_half.py
"""

import sys

import torch
from torchmetrics.functional.image import multiscale_structural_similarity_index_measure as ms_ssim

torch.set_num_threads(1)
generator = torch.Generator().manual_seed(23)
x = torch.rand(1, 1, 12, 12, 18, generator=generator)
y = (x + 0.1 * torch.rand(x.shape, generator=generator)).clamp(0, 1)
reproduced = True
for dtype in (torch.float16, torch.bfloat16):
    volumes, images = (x.to(dtype), y.to(dtype)), (x[:, :, 0].to(dtype), y[:, :, 0].to(dtype))
    try:
        answer = f"answered {ms_ssim(*volumes, data_range=1.0, kernel_size=3, betas=(0.3, 0.7)).item():.4f}"
        failed = False
    except NotImplementedError as exception:  # what torch raises is the evidence
        answer, failed = f"NotImplementedError: {str(exception).splitlines()[0]}", "avg_pool3d" in str(exception)
    planar = ms_ssim(*images, data_range=1.0, kernel_size=3, betas=(0.3, 0.7))
    print(f"1×1×12×12×18 {dtype}: {answer}; its first slice as an image: {planar.item():.4f}")
    reproduced = reproduced and failed and bool(torch.isfinite(planar))
print("REPRODUCED" if reproduced else "NOT REPRODUCED")
sys.exit(0 if reproduced else 1)
