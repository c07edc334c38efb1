"""torchmetrics 1.9.0's SSIM does not check for an empty batch or no channels: torch fails inside it, an IndexError
for a batch of 0 images and a convolution's RuntimeError for 0 channels, instead of a shape error.

Exit status 0 when both are reproduced, 1 when not.
    tools/.venv-adapters/bin/python tools/adapters/evidence/torchmetrics_empty_batch.py
"""

import sys

import torch
from torchmetrics.functional.image import structural_similarity_index_measure as ssim

expected = {(0, 1): IndexError, (1, 0): RuntimeError}
reproduced = True
for (batch, channels), error in expected.items():
    images = torch.rand(batch, channels, 16, 16, dtype=torch.float64)
    try:
        ssim(images, images.clone(), data_range=1.0)
        print(f"{batch}×{channels}×16×16: answered")
        reproduced = False
    except Exception as exception:  # what torch raises is the evidence
        print(f"{batch}×{channels}×16×16: {type(exception).__name__}: {str(exception).splitlines()[0]}")
        reproduced &= isinstance(exception, error)
print("REPRODUCED" if reproduced else "NOT REPRODUCED")
sys.exit(0 if reproduced else 1)
