"""torchmetrics 1.9.0's SSIM on volumes (5-D tensors) pads the last axis by (kernel_size − 1)//2, taken from
`kernel_size`, while its Gaussian kernel has 2·int(3.5σ + 0.5) + 1 taps on every axis, taken from σ, and the other
two axes are padded by that kernel's radius (functional/image/ssim.py 126–138; `_reflection_pad_3d` puts its first
argument, `pad_d`, on the last axis: functional/image/utils.py 160–173). So its SSIM map has the volume's size only when
kernel_size is exactly the Gaussian's tap count (11 for σ = 1.5): with kernel_size 7 and σ = 1.5, or kernel_size 11 and
σ = 1.0, the last axis of the map is shorter or longer than the volume's, the first two are right; and a volume whose
last axis padded by (kernel_size − 1)//2 is shorter than the 11 taps (8 × 8 × 8 with kernel_size 3, a size the window
fits) fails inside conv3d ("Kernel size can't be greater than actual input size"). In 2-D, the same function pads both
axes by the Gaussian's radius and its map always has the image's size.

Exit status 0 when this is reproduced, 1 when not.
    tools/.venv-adapters/bin/python tools/adapters/evidence/torchmetrics_volume_last_axis_padding.py
"""

import sys

import torch
from torchmetrics.functional.image import structural_similarity_index_measure as ssim

generator = torch.Generator().manual_seed(23)
x = torch.rand(1, 1, 13, 14, 15, dtype=torch.float64, generator=generator)
y = (x + 0.2 * torch.rand(x.shape, dtype=torch.float64, generator=generator)).clamp(0, 1)


def map_shape(images, kernel_size, sigma):
    _, ssim_map = ssim(*images, kernel_size=kernel_size, sigma=sigma, data_range=1.0, reduction="none",
                       return_full_image=True)
    return tuple(ssim_map.shape[2:])


shapes = {(kernel_size, sigma): map_shape((x, y), kernel_size, sigma)
          for kernel_size, sigma in ((11, 1.5), (7, 1.5), (11, 1.0))}
for (kernel_size, sigma), shape in shapes.items():
    print(f"volume 13×14×15, kernel_size {kernel_size}, sigma {sigma}: map {'×'.join(map(str, shape))}")
image_shape = map_shape((x[:, :, 0], y[:, :, 0]), 7, 1.5)
print(f"image 14×15 (2-D), kernel_size 7, sigma 1.5: map {'×'.join(map(str, image_shape))}")
small = x[:, :, :8, :8, :8], y[:, :, :8, :8, :8]
try:
    small_answer = f"map {'×'.join(map(str, map_shape(small, 3, 1.5)))}"
except RuntimeError as exception:  # what torch raises is the evidence
    small_answer = f"RuntimeError: {str(exception).splitlines()[0]}"
print(f"volume 8×8×8, kernel_size 3, sigma 1.5: {small_answer}")
reproduced = (shapes[(11, 1.5)] == (13, 14, 15) and shapes[(7, 1.5)] == (13, 14, 11)
              and shapes[(11, 1.0)] == (13, 14, 17) and image_shape == (14, 15)
              and "Kernel size can't be greater than actual input size" in small_answer)
print("REPRODUCED" if reproduced else "NOT REPRODUCED")
sys.exit(0 if reproduced else 1)
