"""uint8 images resized as PyTorch's uint8 kernels resize them: in fixed point, as Pillow does.

PyTorch computes each output's weights in double, scales them to 16-bit integers (with the most
precision bits that keep the largest one below 2**15), and sums each pass (width first, then
height; a pass only where the size changes) in integers, rounded back to uint8.
"""
import math

import numpy as _np  # host-side weight arithmetic only; data arrays go through xp

from .resample import _scale

_UINT8_INTERP_SIZE = {"bilinear": 2, "bicubic": 4}


def _uint8_filter(mode, x, antialias):
    """The bilinear triangle, or the cubic (a = -0.5 antialiased, -0.75 not), on double ``x``."""
    x = _np.abs(x)
    if mode == "bilinear":
        return _np.where(x < 1, 1 - x, 0.0)
    a = -0.5 if antialias else -0.75
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    far = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    return _np.where(x < 1, near, _np.where(x < 2, far, 0.0))


def uint8_taps(in_size, out_size, mode, align_corners, scale, antialias):
    """(indices, weights, precision) of PyTorch's uint8 resampling along one axis: (out, taps) host
    arrays of input positions and integer weights (0 past each output's window), each output
    ``(sum of x * w + 2**(precision-1)) >> precision``, clipped to 0..255."""
    s = float(_scale(_np.float64, in_size, out_size, align_corners, scale))
    interp = _UINT8_INTERP_SIZE[mode]
    o = _np.arange(out_size)
    if antialias:  # Pillow's windows: the filter stretched by the downscaling factor, weights normalised
        support = interp * 0.5 * s if s >= 1.0 else interp * 0.5
        taps = int(math.ceil(support)) * 2 + 1
        stretch = 1.0 / s if s >= 1.0 else 1.0
        center = s * (o + 0.5)
        lo = _np.maximum((center - support + 0.5).astype(_np.int64), 0)  # (truncated, as C's cast)
        size = _np.clip(_np.minimum((center + support + 0.5).astype(_np.int64), in_size) - lo, 0, taps)
        j = _np.arange(taps)
        inside = j < size[:, None]
        w = _np.where(inside, _uint8_filter(mode, (j + lo[:, None] - center[:, None] + 0.5) * stretch, True), 0.0)
        total = w.sum(axis=1, keepdims=True)
        w = _np.where(total != 0, w / _np.where(total != 0, total, 1.0), w)
        index = _np.minimum(lo[:, None] + j, in_size - 1)
    else:  # interpolation's taps around the source position, those past a border added to it
        src = s * o if align_corners else s * (o + 0.5) - 0.5
        if mode == "bilinear" and not align_corners:
            src = _np.maximum(src, 0.0)
        base = _np.minimum(_np.floor(src).astype(_np.int64), in_size - 1)
        lam = _np.clip(src - base, 0.0, 1.0)
        first = base - interp // 2 + 1
        index = _np.zeros((out_size, interp), _np.int64)
        w = _np.zeros((out_size, interp))
        rows = _np.arange(out_size)
        lo = _np.maximum(first, 0)
        for k in range(interp):
            tap = _np.clip(first + k, 0, in_size - 1)
            index[:, k] = _np.minimum(lo + k, in_size - 1)
            _np.add.at(w, (rows, tap - lo), _uint8_filter(mode, k - interp // 2 + 1 - lam, False))
    largest = w.max() if w.size else 0.0
    precision = 0
    while precision < 22 and int(0.5 + largest * (1 << (precision + 1))) < (1 << 15):
        precision += 1
    scaled = w * (1 << precision)
    weights = _np.where(scaled < 0, -0.5 + scaled, 0.5 + scaled).astype(_np.int64)  # (C's cast truncates)
    return index, weights, precision


def resize_uint8(xp, x, out_size, mode, align_corners, scales, antialias):
    """``x`` (N, C, H, W) uint8 resized to ``out_size`` as PyTorch's uint8 kernels compute it: per pass,
    the sum over the taps of each output's window, in int32 (no sum reaches 2**31)."""
    for axis in (-1, -2):
        n_in, n_out = x.shape[axis], out_size[axis]
        if n_in == n_out:
            continue
        index, weights, precision = uint8_taps(n_in, n_out, mode, align_corners, scales[axis], antialias)
        shape = [1] * x.ndim
        shape[axis] = n_out
        acc = None
        for k in range(index.shape[1]):
            w = xp.asarray(weights[:, k].astype(_np.int32).reshape(shape))
            term = xp.take(x, xp.asarray(index[:, k]), axis=axis).astype(_np.int32) * w
            acc = term if acc is None else acc + term
        if precision:
            acc += 1 << (precision - 1)
        x = xp.clip(xp.right_shift(acc, precision), 0, 255).astype(_np.uint8)
    return x
