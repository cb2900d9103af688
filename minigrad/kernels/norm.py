"""Normalisation statistics: the mean and the biased variance over some axes."""
from ..autograd.namespace import array_math


def moments(xp, x, axes):
    """Mean and biased variance of ``x`` over ``axes`` (kept as size-1 dims), and ``x - mean``.

    Two passes: the variance comes from the centred values, which stays accurate
    when the mean is large. An empty input gives zeros rather than a warning.
    """
    if x.dtype.kind == "f" and x.dtype.itemsize == 2:  # float16: in float32, as PyTorch's kernels, rounded once
        mean, var, _ = moments(xp, x.astype(xp.float32), axes)
        mean = mean.astype(x.dtype)
        return mean, var.astype(x.dtype), x - mean
    n = 1
    for a in axes:
        n *= x.shape[a]
    scale = 1.0 / max(n, 1)
    total = array_math(xp).sum  # (along the rows of a matrix: a product with ones, 4x faster)
    mean = total(x, axes, True) * scale
    centred = x - mean
    var = total(centred * centred, axes, True) * scale
    return mean, var, centred
