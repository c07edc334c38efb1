"""torchmetrics 1.9.0's SSIM takes a 5-D tensor as a batch of volumes (3-D SSIM, as documented), so a (1, 1, 1,
16, 16) request for 2-D images is not refused as a shape error: torch's 3-D reflection padding fails on the depth of
1 instead ("Padding size should be less than the corresponding input dimension").

Exit status 0 when this is reproduced, 1 when not.
    tools/.venv-adapters/bin/python tools/adapters/evidence/torchmetrics_rank5_volume.py
"""

import sys

import torch
from torchmetrics.functional.image import structural_similarity_index_measure as ssim

images = torch.rand(1, 1, 1, 16, 16, dtype=torch.float64)
try:
    ssim(images, images.clone(), data_range=1.0)
    message = "answered"
except Exception as exception:  # what torch raises is the evidence
    message = f"{type(exception).__name__}: {str(exception).splitlines()[0]}"
print(f"1×1×1×16×16: {message}")
reproduced = "Padding size should be less than the corresponding input dimension" in message
print("REPRODUCED" if reproduced else "NOT REPRODUCED")
sys.exit(0 if reproduced else 1)
