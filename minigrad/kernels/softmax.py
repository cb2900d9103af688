"""Softmax on arrays: the maximum along a dim (the shift that keeps exp finite), and softmax itself.

``ops/softmax.py`` (softmax, log_softmax) and ``ops/losses.py`` (cross_entropy) build on these.
"""
from ..autograd.namespace import array_math

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
        top = rows[xp.arange(rows.shape[0]), rows.argmax(axis=1)]
        return top.reshape(x.shape[:-1] + (1,))
    return x.max(axis=dim, keepdims=True)


def exp_shifted(xp, x, dim):
    """``(x - max, exp(x - max), sum of exp(x - max))`` along ``dim`` (the sum kept as a size-1 dim),
    the first two new arrays that the caller owns."""
    shifted = x - max_along(xp, x, dim)
    e = xp.exp(shifted)
    return shifted, e, array_math(xp).sum(e, dim, True)


def softmax(xp, x, dim):
    """exp(x - max) / sum(exp(x - max)) along ``dim`` of a non-empty array."""
    e = x - max_along(xp, x, dim)  # a new array: exponentiated and divided in place
    if not x.ndim:  # (the difference of 0-d arrays is a NumPy scalar, which takes no out=)
        e = xp.exp(e)
        return e / e
    xp.exp(e, out=e)
    e /= array_math(xp).sum(e, dim, True)
    return e
