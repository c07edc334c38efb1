#!/usr/bin/env python3
"""TensorFlow's MS-SSIM as a witness of `wang-msssim`: `crosscheck_tensorflow.py REQUEST.h5 RESPONSE.h5`.

tools/crosscheck calls `ms_ssim_units` on the stored images, and runs this file as an adapter-protocol peer under
`ssim-conform certify --convention tensorflow`, whose float32 bounds (arithmetic and taps in float32) are the limit of
TensorFlow's difference from `wang-msssim`'s answers. It maps no TensorFlow error to a category: an invalid case's
verdict is not read. It needs tensorflow-cpu (pinned in tools/crosscheck), h5py and numpy.

What `tf.image.ssim_multiscale` computes (tensorflow/python/ops/image_ops_impl.py of tensorflow-cpu 2.21.0, read in
the installed wheel):
- the images and max_val are cast to float32 whatever their type (lines 4566-4569, `convert_image_dtype`, which only
  casts between floating types), so every case is computed in float32;
- before each coarser scale, when either side is odd, both are padded at their end by (side mod 2) in 'SYMMETRIC'
  mode, which repeats the last row or column, then 2 × 2 blocks are averaged with 'VALID' pooling (lines 4583-4612):
  a side n becomes ⌈n/2⌉, as `wang-msssim`'s rule (msssim.m's) does;
- each scale's SSIM uses an n × n Gaussian (softmax of the squared distances in float32, lines 4307-4321) of
  `filter_size` taps and `filter_sigma`, 'VALID' depthwise convolution, c1 = (k1·max_val)², c2 = (k2·max_val)², the
  variances as E[x²] − μ² (lines 4249-4303); means over height and width per channel (lines 4406-4408);
- an image side smaller than `filter_size` at any scale fails `_ssim_per_channel`'s Assert (lines 4363-4373):
  InvalidArgumentError inside the computation, not a shape check before it;
- relu is applied to every scale's mean cs and to the last scale's mean SSIM before the powers (lines 4625-4631):
  the named convention `tensorflow`, not `wang-msssim`, which raises a negative mean as it is (NaN under a fractional
  weight). Where TensorFlow answers 0, relu (or an exactly zero mean) decided it, and tools/crosscheck does not
  compare it; where it answers above 0, every treated mean was positive and relu changed nothing;
- the product of powers is averaged over the channels (line 4636). This witness asks for each (sample, channel)
  on its own, as `wang-msssim` pools: the channels are folded into the batch, (B, C, H, W) → (B·C, H, W, 1).

The loss the protocol asks for is 1 − MS-SSIM per unit, its mean or its sum (`ssim_conform.adapter.ms_ssim_loss`),
formed in float32 from TensorFlow's values. Gradients are not given.
"""
import os
import sys
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up notices are not warnings about the case
# oneDNN's kernels and several threads may sum in another order from run to run: the plain kernels on one thread
# give the same float32 answers every time, so that crosscheck.json reruns byte-identical.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
import tensorflow as tf  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))
from ssim_conform import adapter as ssim_adapter  # noqa: E402

FILTER_SIGMA = 1.5
K1, K2 = 0.01, 0.03


def ms_ssim_units(img1, img2, max_val, window_size, weights=None):
    """TensorFlow's MS-SSIM of each (sample, channel) of two (B, C, H, W) arrays, as a (B, C) float32 array; the
    weights (power_factors) are the case's, or TensorFlow's own (Wang's five) when None. Raises what TensorFlow
    raises."""
    img1, img2 = np.asarray(img1), np.asarray(img2)
    batch, channels, height, width = img1.shape

    def folded(image):
        return tf.constant(np.asarray(image, dtype=np.float64).reshape(batch * channels, height, width, 1))

    options = {} if weights is None else {"power_factors": [float(w) for w in weights]}
    values = tf.image.ssim_multiscale(folded(img1), folded(img2), max_val, filter_size=int(window_size),
                                      filter_sigma=FILTER_SIGMA, k1=K1, k2=K2, **options)
    return values.numpy().reshape(batch, channels)


def answer(case):
    _, reduction = case.checked()
    units = ms_ssim_units(case.img1, case.img2, case.max_val, case.window_size, case.weights)
    return {"ms_ssim": units, "loss": ssim_adapter.ms_ssim_loss(units, reduction)}


if __name__ == "__main__":
    ssim_adapter.main("tensorflow ssim_multiscale", tf.__version__, answer,
                      precisions=("float32", "float64", "float16", "bfloat16"), metrics=("ms-ssim",))
