#!/usr/bin/env python3
"""Writes the "real-image" input pairs of the golden test vectors: crops of photographs that ship inside the
scikit-image wheel (only those its docstrings in skimage/data/_fetchers.py mark CC0 or public domain), each paired
with a distorted copy of itself.

Usage: make_real_image_pairs.py OUT.h5   (refuses to overwrite OUT)

For every photograph it takes a 64×64 grayscale crop and, if the photograph is in colour, a 40×40 RGB crop from a
textured region; the grayscale of a colour photograph is round(255 · skimage.color.rgb2gray(rgb)), i.e. the
weights 0.2125 R + 0.7154 G + 0.0721 B on the 8-bit values, and a gray photograph is used as it is. Each crop is
distorted on its own (nothing outside it is read) in one of these ways, working in float64 and then rounding half
to even and clipping to [0, 255]:

  noise     additive Gaussian noise, sigma 10 (8-bit units), from numpy.random.default_rng(seed)
  blur      scipy.ndimage.gaussian_filter, sigma 1.5 in both spatial directions, mode "reflect", truncate 4
  jpeg      Pillow JPEG round trip in memory, quality 10 (RGB with 4:2:0 chroma subsampling)
  shift     mean shift: +25 on every sample
  contrast  contrast reduced to 60 %: mean + 0.6 · (x − mean), the mean taken per channel over the crop
  impulse   salt and pepper: each sample independently, with probability 0.01, becomes 0 or 255 (even odds),
            drawn from numpy.random.default_rng(seed)

The file holds /pairs/<image>-<gray|rgb>-<distortion>, each with img1 (the clean crop) and img2 (the distorted
one) as uint8 (C, H, W) datasets and attributes naming the image, its license, the crop [top, left, height,
width], the distortion, its parameters and the seed (crc32 of the pair's name; recorded for every pair, used by
noise and impulse only). Run it through tools/real-image-pairs, which pins every package.
"""
import io
import sys
import zlib

import h5py
import numpy as np
import PIL
import scipy
import scipy.ndimage
import skimage
import skimage.color
import skimage.data
from PIL import Image

ALL = ("noise", "blur", "jpeg", "shift", "contrast", "impulse")

# image: (license as skimage/data/_fetchers.py documents it, gray crop (top, left), its distortions,
#         RGB crop (top, left) or None for a gray photograph, its distortions)
PHOTOS = {
    "camera": ("CC0, photographer Lav Varshney", (128, 224), ALL, None, ()),
    "astronaut": ("Public domain, NASA (Great Images database); no known copyright restrictions",
                  (64, 192), ALL, (352, 148), ALL),
    "brick": ("CC0, CC0Textures (Bricks25)", (32, 32), ("noise", "jpeg", "contrast"), None, ()),
    "grass": ("CC0, linolafett on DeviantArt (Grass-01)", (128, 256), ("blur", "shift", "impulse"), None, ()),
    "gravel": ("CC0, CC0Textures (Gravel04)", (256, 128), ("noise", "jpeg", "impulse"), None, ()),
    "chelsea": ("CC0, photographer Stefan van der Walt", (80, 136), ("blur", "shift", "contrast"),
                (220, 236), ("noise", "blur", "jpeg", "contrast")),
    "coffee": ("CC0, photographer Rachel Michetti (courtesy of Pikolo Espresso Bar)", (248, 328),
               ("noise", "blur", "impulse"), (200, 0), ("jpeg", "shift", "contrast", "impulse")),
    "rocket": ("Public domain, SpaceX", (192, 16), ("jpeg", "shift", "contrast"),
               (352, 168), ("noise", "blur", "shift", "impulse")),
}
SIZE = {"gray": 64, "rgb": 40}
PARAMETERS = {
    "noise": "sigma=10",
    "blur": "sigma=1.5 mode=reflect truncate=4.0",
    "jpeg": "quality=10 subsampling=4:2:0",
    "shift": "offset=+25",
    "contrast": "factor=0.6 around the per-channel mean",
    "impulse": "amount=0.01 salt_vs_pepper=0.5 per sample",
}


def to_uint8(x):
    return np.clip(np.rint(x), 0, 255).astype(np.uint8)


def jpeg(x):
    buffer = io.BytesIO()
    pixels = x[0] if x.shape[0] == 1 else x.transpose(1, 2, 0)
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=10, subsampling="4:2:0")
    decoded = np.asarray(Image.open(io.BytesIO(buffer.getvalue())))
    return decoded.reshape(x.shape[1], x.shape[2], -1).transpose(2, 0, 1)


def distort(x, distortion, rng):
    """x: a uint8 (C, H, W) crop; returns its distorted uint8 copy."""
    f = x.astype(np.float64)
    if distortion == "noise":
        return to_uint8(f + rng.normal(0.0, 10.0, size=f.shape))
    if distortion == "blur":
        return to_uint8(scipy.ndimage.gaussian_filter(f, sigma=(0, 1.5, 1.5), mode="reflect", truncate=4.0))
    if distortion == "jpeg":
        return jpeg(x)
    if distortion == "shift":
        return to_uint8(f + 25.0)
    if distortion == "contrast":
        mean = f.mean(axis=(1, 2), keepdims=True)
        return to_uint8(mean + 0.6 * (f - mean))
    if distortion == "impulse":
        hit = rng.random(f.shape) < 0.01
        salt = rng.random(f.shape) < 0.5
        return to_uint8(np.where(hit, np.where(salt, 255.0, 0.0), f))
    raise ValueError(distortion)


def write_pair(pairs, image, license, color, crop, distortion, clean):
    name = f"{image}-{color}-{distortion}"
    seed = zlib.crc32(name.encode())
    g = pairs.create_group(name)
    g.create_dataset("img1", data=clean, compression="gzip", shuffle=True)
    g.create_dataset("img2", data=distort(clean, distortion, np.random.default_rng(seed)), compression="gzip",
                     shuffle=True)
    g.attrs["image"] = image
    g.attrs["license"] = license
    g.attrs["source"] = f"scikit-image {skimage.__version__} skimage.data.{image}()"
    g.attrs["crop"] = np.array(crop, dtype=np.int64)
    g.attrs["color"] = color
    g.attrs["distortion"] = distortion
    g.attrs["parameters"] = PARAMETERS[distortion]
    g.attrs["seed"] = np.int64(seed)


def main(out):
    with h5py.File(out, "w-") as f:
        f.attrs["generator"] = "tools/make_real_image_pairs.py"
        f.attrs["scikit_image_version"] = skimage.__version__
        f.attrs["pillow_version"] = PIL.__version__
        f.attrs["numpy_version"] = np.__version__
        f.attrs["scipy_version"] = scipy.__version__
        f.attrs["description"] = (
            "Crops of CC0 and public-domain photographs bundled with scikit-image (img1), each with a copy "
            "distorted by Gaussian noise, Gaussian blur, JPEG compression, a mean shift, a contrast reduction or "
            "salt-and-pepper noise (img2), as uint8 (C, H, W) arrays.")
        pairs = f.create_group("pairs")
        for image, (license, gray_at, gray_distortions, rgb_at, rgb_distortions) in PHOTOS.items():
            photo = getattr(skimage.data, image)()
            gray = photo if photo.ndim == 2 else to_uint8(255.0 * skimage.color.rgb2gray(photo))
            crops = [("gray", gray[None], gray_at, gray_distortions)]
            if rgb_at is not None:
                crops.append(("rgb", photo.transpose(2, 0, 1), rgb_at, rgb_distortions))
            for color, planes, (top, left), distortions in crops:
                size = SIZE[color]
                clean = np.ascontiguousarray(planes[:, top:top + size, left:left + size])
                assert clean.dtype == np.uint8 and clean.shape[1:] == (size, size), (image, color)
                for distortion in distortions:
                    write_pair(pairs, image, license, color, (top, left, size, size), distortion, clean)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_real_image_pairs.py OUT.h5")
    main(sys.argv[1])
