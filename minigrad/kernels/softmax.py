"""Softmax on arrays: the maximum along a dim (the shift that keeps exp finite), and softmax itself.

``ops/softmax.py`` (softmax, log_softmax) and ``ops/class_losses.py`` (cross_entropy) build on these.
"""
from ..autograd.namespace import arange, array_math

#: from this many rows on, finding each row's maximum through argmax is the faster way
_ARGMAX_ROWS = 16


def max_along(xp, x, dim):
    """``x.max(axis=dim, keepdims=True)``: the same values (NaN in a row that holds one)."""
    c = x.shape[-1] if x.ndim else 0
    if dim == x.ndim - 1 and c and x.size >= _ARGMAX_ROWS * c and x.flags.c_contiguous:
        # Fast path, fenced: along many short contiguous rows NumPy's argmax is vectorised and
        # its max reduction is not (4 us against 11 us for 128 x 256 float32). The element argmax
        # points at is the maximum; argmax finds the first NaN, so a row with a NaN gives NaN.
        rows = x.reshape(-1, c)
        top = rows[arange(xp, rows.shape[0]), rows.argmax(axis=1)]
        return top.reshape(x.shape[:-1] + (1,))
    return x.max(axis=dim, keepdims=True)


def exp_shifted(xp, x, dim):
    """``(x - max, exp(x - max), sum of exp(x - max))`` along ``dim`` (the sum kept as a size-1 dim),
    the first two new arrays that the caller owns."""
    shifted = x - max_along(xp, x, dim)
    e = xp.exp(shifted)
    return shifted, e, array_math(xp).sum(e, dim, True)


def _half_softmax(xp, x, dim):
    """softmax of float16 ``x`` along ``dim`` as PyTorch computes it: in float32, rounded once, except that
    along another dim than the last PyTorch's CPU kernel keeps the exponentials in the output (rounded to
    float16) before dividing them by their float32 sum."""
    _, e, total = exp_shifted(xp, x.astype(xp.float32), dim)
    if dim != x.ndim - 1 and xp.__name__ == "numpy":
        e = e.astype(x.dtype).astype(xp.float32)
    e /= total
    return e.astype(x.dtype)


def half_log_softmax(xp, x, dim):
    """``(log_softmax, exp(x - max), their sum)`` of float16 ``x`` along ``dim`` as PyTorch computes it,
    each in float16: in float32, rounded once, except that along the last dim PyTorch's CPU kernel keeps
    the sum of the exponentials, then its log, in the input's type (each rounded to float16) before
    subtracting it."""
    shifted, e, total = exp_shifted(xp, x.astype(xp.float32), dim)
    if dim == x.ndim - 1 and xp.__name__ == "numpy":
        shifted -= xp.log(total.astype(x.dtype).astype(xp.float32)).astype(x.dtype)
    else:
        shifted -= xp.log(total)
    return shifted.astype(x.dtype), e.astype(x.dtype), total.astype(x.dtype)


def softmax(xp, x, dim):
    """exp(x - max) / sum(exp(x - max)) along ``dim`` of a non-empty array."""
    if x.dtype.itemsize == 2:
        return _half_softmax(xp, x, dim)
    e = x - max_along(xp, x, dim)  # a new array: exponentiated and divided in place
    if not x.ndim:  # (the difference of 0-d arrays is a NumPy scalar, which takes no out=)
        e = xp.exp(e)
        return e / e
    xp.exp(e, out=e)
    e /= array_math(xp).sum(e, dim, True)
    return e
