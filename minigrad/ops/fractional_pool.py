"""Fractional max pooling (Graham's): each plane's windows start at pseudo-random, increasing
offsets fixed by one sample in [0, 1) per spatial dim, so that ``output_size`` windows of
``kernel`` cover the input. The offsets follow PyTorch's CPU kernel, computed in the input's
dtype: ``trunc((i + u) * alpha) - trunc(u * alpha)`` with ``alpha = (in - k) / (out - 1)``, the
last window ending at the input's end. Like max pooling, the gradient goes to each window's
winner (a scatter, whose own gradient is a gather: ``pool.IndexScatter``)."""
import math

from ..autograd.op import Op
from ..tensor import wrap
from .max_pool import IndexScatter
from .one_node import unbatched

_DIM_NAMES = {2: ("height", "width"), 3: ("time", "height", "width")}
_KERNEL_NAMES = {"int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}


def _starts(xp, samples, in_size, out_size, kernel):
    """Window starts (N, C, out) along one dim from the per-plane samples (N, C), in their dtype."""
    n, c = samples.shape
    starts = xp.empty((n, c, out_size), dtype=xp.int64)
    if out_size > 1:
        alpha = samples.dtype.type(in_size - kernel) / samples.dtype.type(out_size - 1)
        i = xp.arange(out_size - 1, dtype=samples.dtype)
        starts[..., :-1] = (xp.trunc((i + samples[..., None]) * alpha).astype(xp.int64)
                            - xp.trunc(samples * alpha).astype(xp.int64)[..., None])
    if out_size > 0:
        starts[..., -1] = in_size - kernel
    return starts


def _pool(xp, x, samples, kernel, out_size):
    """(maxima, flat per-plane indices of the winners): PyTorch's rule, the first maximum of each window
    in row-major order, a NaN (the last one) beating every number; an empty window (a kernel size of
    0) gives -inf at its start. Samples: 2-D (width, height), 3-D (time, height, width)."""
    n, c = x.shape[:2]
    in_size = x.shape[2:]
    d = len(in_size)
    taps = tuple(max(k, 1) for k in kernel)
    flat = 0  # (N, C, *out, *taps): the flat input position of every tap of every window
    stride = 1
    for axis in reversed(range(d)):
        sample = samples[:, :c, 1 - axis if d == 2 else axis]
        along = _starts(xp, sample, in_size[axis], out_size[axis], kernel[axis])[..., None] + xp.arange(taps[axis])
        shape = [n, c] + [1] * (2 * d)
        shape[2 + axis], shape[2 + d + axis] = out_size[axis], taps[axis]
        flat = flat + along.reshape(shape) * stride
        stride *= in_size[axis]
    flat = xp.broadcast_to(flat, (n, c) + tuple(out_size) + taps).reshape((n, c) + tuple(out_size) + (math.prod(taps),))
    if min(kernel) <= 0:
        return xp.full(flat.shape[:-1], -xp.inf, dtype=x.dtype), flat[..., 0].copy()
    planes = x.reshape(n, c, math.prod(in_size))
    values = xp.take_along_axis(planes, flat.reshape(n, c, math.prod(flat.shape[2:])), axis=2).reshape(flat.shape)
    nan = values != values
    first_max = xp.argmax(xp.where(nan, -xp.inf, values), axis=-1)
    last_nan = flat.shape[-1] - 1 - xp.argmax(nan[..., ::-1], axis=-1)
    pick = xp.where(nan.any(axis=-1), last_nan, first_max)[..., None]
    return xp.take_along_axis(values, pick, axis=-1)[..., 0], xp.take_along_axis(flat, pick, axis=-1)[..., 0]


class FractionalMaxPool(Op):
    """Maxima over the fractional windows; remembers the winners' flat indices."""

    input_gradient_node = True

    def name(self):
        return f"FractionalMaxPool{len(self.in_size)}DBackward0"

    @staticmethod
    def forward(ctx, x, samples, kernel, out_size):
        out, ctx.index = _pool(ctx.xp, x, samples, kernel, out_size)
        ctx.in_size = x.shape[2:]
        return out

    @staticmethod
    def backward(ctx, m, g):
        return m.op(IndexScatter, g, ctx.index, ctx.in_size)


def _sizes(value, d, what, fn_name):
    if isinstance(value, (tuple, list)):
        if len(value) == 1:
            value = tuple(value) * d
        if len(value) != d:
            count = "Ints" if d == 2 else "three Ints"
            raise RuntimeError(f"{fn_name}: {what} must either be a single Int or tuple of {count}")
        return tuple(int(v) for v in value)
    return (int(value),) * d


def fractional_max_pool(input, kernel_size, output_size, random_samples, d):
    """Fractional max pooling of (N, C, *spatial) or (C, *spatial) input over ``d`` spatial dims with the
    given per-plane samples (N, C, d): (output, indices), as ``torch._C._nn.fractional_max_pool2d/3d``."""
    fn_name = f"fractional_max_pool{d}d" + ("_out()" if d == 3 else "()")
    kernel = _sizes(kernel_size, d, "kernel_size", f"fractional_max_pool{d}d")
    out_size = _sizes(output_size, d, "output_size", f"fractional_max_pool{d}d")
    if input.ndim not in (d + 1, d + 2):
        raise RuntimeError(f"{fn_name}: Expected {d + 1}D or {d + 2}D tensor, but got: {list(input.shape)}")
    for i in range(1, input.ndim):
        if input.shape[i] == 0:
            raise RuntimeError(f"{fn_name}: Expected input to have non-zero size for non-batch dimensions, but "
                               f"got{list(input.shape)} with dimension {i} being empty.")
    x = input if input.ndim == d + 2 else input.unsqueeze(0)
    for name, o, k, s in zip(_DIM_NAMES[d], out_size, kernel, x.shape[2:]):
        if not (o + k - 1 < s if d == 3 else o + k - 1 <= s):
            raise RuntimeError(f"{fn_name}: pool {name} {k} too large relative to input {name} {s}")
    if random_samples.dtype != input.dtype:
        raise RuntimeError("Expect _random_samples to have the same dtype as input")
    if random_samples.ndim != 3:
        raise RuntimeError(f"Expect _random_samples to have 3 dimensions, got {random_samples.ndim}")
    if random_samples.shape[0] < x.shape[0]:
        raise RuntimeError("Expect _random_samples.size(0) no less then input batch size.")
    if random_samples.shape[1] != x.shape[1]:
        raise RuntimeError("Expect _random_samples.size(1) equals to input channel size.")
    if random_samples.shape[2] != d:
        raise RuntimeError(f"Expect _random_samples.size(2) equals to {d}; got {random_samples.shape[2]}.")
    if not input.is_floating_point():
        name = _KERNEL_NAMES.get(input.dtype.name, input.dtype.name)
        raise NotImplementedError(f'"fractional_max_pool{d}d_out_frame" not implemented for \'{name}\'')
    samples = random_samples.detach()._data[:x.shape[0]]
    out = FractionalMaxPool.apply(x, samples, kernel, out_size)
    if out.grad_fn is not None:
        index = out.grad_fn.index
    else:
        index = _pool(x._device._get_backend().xp, x._data, samples, kernel, out_size)[1]
    index = wrap(index, x._device)
    if input.ndim == d + 2:
        return out, index
    # (an unbatched input is one node over it, as PyTorch's kernel: not a squeeze of a pooled batch)
    return unbatched(input, lambda t: FractionalMaxPool.apply(t, samples, kernel, out_size)), index.squeeze(0)
