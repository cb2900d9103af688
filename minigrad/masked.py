"""``minigrad.masked``: reductions and normalisations over the elements a boolean ``mask`` keeps,
as the function forms of ``torch.masked``.

Each function replaces the masked-out elements by its operation's identity (0 for ``sum``, 1 for
``prod``, -inf for ``amax`` and ``softmax``, +inf for ``amin`` and ``softmin``, NaN for ``median``)
with ``where`` and then runs the ordinary op, so values and gradients are those ops' own: a
masked-out element gets gradient 0. A slice whose elements are all masked out gives the identity
(``sum``, ``prod``, ``amax``...), or NaN where there is none (``mean``, ``var``, ``std``,
``median``, ``softmax``). The mask broadcasts to the input's shape (but may not have more
dimensions); ``mask=None`` keeps every element.
"""
import math

from . import (amax as _amax, amin as _amin, argmax as _argmax, argmin as _argmin, bool as _bool, broadcast_to,
               cumprod as _cumprod, cumsum as _cumsum, float32, int8, int16, int32, int64, iinfo, isnan,
               logaddexp as _logaddexp, logsumexp as _logsumexp, maximum, nanmedian, ones, sqrt, sum as _sum, tensor,
               uint8, where)
from .dtypes import real_of as _real_of
from .linalg import vector_norm
from .nn import functional as _F

__all__ = ["sum", "prod", "cumsum", "cumprod", "amax", "amin", "argmax", "argmin", "mean", "median", "norm",
           "var", "std", "softmax", "log_softmax", "softmin", "normalize", "logaddexp", "logsumexp"]

_INT64_SUMS = (uint8, _bool, int8, int16, int32)  # (summed and multiplied in int64, as torch.sum)


def _canonical_dim(dim, ndim):
    """``dim`` (None, () for all, an int or a sequence) as a sorted tuple of non-negative dims."""
    if dim is None or dim == ():
        return tuple(range(ndim))
    ndim = max(ndim, 1)
    dims = []
    for d in ((dim,) if isinstance(dim, int) else dim):
        if d in dims:
            raise RuntimeError(f"dim={d} appears multiple times in the list of dims")
        if d >= ndim or d < -ndim:
            raise IndexError(f"Dimension out of range (expected to be in range of [{-ndim}, {ndim - 1}], "
                             f"but got {d})")
        dims.append(d % ndim)
    return tuple(sorted(dims))


def _input_mask(input, mask):
    """``mask`` broadcast to ``input``'s shape, as bool."""
    if mask.shape != input.shape:
        if mask.ndim > input.ndim:
            raise IndexError("_input_mask expected broadcastable mask (got mask dimensionality higher than of "
                             "the input)")
        mask = broadcast_to(mask, input.shape)
    return mask.to(dtype=_bool)


def _identity(kind, input):
    """The value that leaves ``kind``'s reduction unchanged, for ``input``'s dtype."""
    floating = input.dtype.is_floating_point
    if kind == "max":
        return -math.inf if floating else iinfo(input.dtype).min
    if kind == "min":
        return math.inf if floating else iinfo(input.dtype).max
    return kind  # (a number)


def _masked(input, mask, kind):
    """``input`` with the elements ``mask`` drops replaced by ``kind``'s identity."""
    if mask is None:
        return input
    fill = tensor(_identity(kind, input), dtype=input.dtype, device=input.device)
    return where(_input_mask(input, mask), input, fill)


def _sum_dtype(input, dtype):
    if dtype is not None:
        return dtype
    return int64 if input.dtype in _INT64_SUMS else input.dtype


def sum(input, dim=None, *, keepdim=False, dtype=None, mask=None):  # noqa: A001
    """The sum of the elements ``mask`` keeps over ``dim`` (all when None); 0 where none is kept."""
    dtype = _sum_dtype(input, dtype)
    dims = _canonical_dim(dim, input.ndim)
    return _sum(_masked(input, mask, 0), dims, bool(keepdim), dtype=dtype)


def prod(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """The product of the elements ``mask`` keeps over ``dim`` (all when None); 1 where none is kept."""
    dtype = _sum_dtype(input, dtype)
    dims = _canonical_dim(dim, input.ndim)
    result = _masked(input, mask, 1).to(dtype=dtype)
    for d in reversed(dims):  # (one dimension at a time, the last first, as PyTorch)
        result = result.prod(dim=d, keepdim=bool(keepdim))
    return result


def cumsum(input, dim, *, dtype=None, mask=None):
    """The cumulative sum along ``dim``, masked-out elements counting as 0."""
    dtype = input.dtype if dtype is None else dtype
    return _cumsum(_masked(input, mask, 0), _canonical_dim(dim, input.ndim)[0], dtype=dtype).to(dtype=dtype)


def cumprod(input, dim, *, dtype=None, mask=None):
    """The cumulative product along ``dim``, masked-out elements counting as 1."""
    dtype = input.dtype if dtype is None else dtype
    return _cumprod(_masked(input, mask, 1), _canonical_dim(dim, input.ndim)[0], dtype=dtype).to(dtype=dtype)


def amax(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """The largest element ``mask`` keeps over ``dim``; -inf (the dtype's minimum) where none is kept."""
    dtype = input.dtype if dtype is None else dtype
    return _amax(_masked(input, mask, "max"), _canonical_dim(dim, input.ndim), bool(keepdim)).to(dtype=dtype)


def amin(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """The smallest element ``mask`` keeps over ``dim``; inf (the dtype's maximum) where none is kept."""
    dtype = input.dtype if dtype is None else dtype
    return _amin(_masked(input, mask, "min"), _canonical_dim(dim, input.ndim), bool(keepdim)).to(dtype=dtype)


def argmax(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """The index of the largest kept element along ``dim``, in ``dtype`` (the input's, as PyTorch)."""
    dtype = input.dtype if dtype is None else dtype
    return _argmax(_masked(input, mask, "max"), dim, bool(keepdim)).to(dtype=dtype)


def argmin(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """The index of the smallest kept element along ``dim``, in ``dtype`` (the input's, as PyTorch)."""
    dtype = input.dtype if dtype is None else dtype
    return _argmin(_masked(input, mask, "min"), dim, bool(keepdim)).to(dtype=dtype)


def _count(input, dim, keepdim, mask):
    """How many elements are kept in each slice reduced over ``dim`` (int64)."""
    if mask is None:
        return sum(ones(input.shape, dtype=int64, device=input.device), dim, keepdim=keepdim)
    return _input_mask(input, mask).sum(dim=dim, keepdim=bool(keepdim))


def mean(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """The mean of the kept elements over ``dim``; NaN where none is kept. Floating and complex dtypes only."""
    source = "Input" if dtype is None else "Optional"
    dtype = input.dtype if dtype is None else dtype
    if not (dtype.is_floating_point or dtype.is_complex):
        raise ValueError(f"mean(): Could not infer output dtype. {source} dtype must be either a floating point "
                         f"or complex dtype. Got: {dtype}")
    total = sum(input, dim, keepdim=keepdim, dtype=dtype, mask=mask)
    return total / _count(input, dim, keepdim, mask)


def median(input, dim=-1, *, keepdim=False, dtype=None, mask=None):
    """The median of the kept elements along ``dim`` (the lower of the two middle ones); NaN where none
    is kept (ValueError for an integer input)."""
    dtype = input.dtype if dtype is None else dtype
    d = _canonical_dim(dim, input.ndim)[0]
    floating = input.dtype.is_floating_point
    if not floating:
        input = input.to(dtype=float32)
    output = nanmedian(_masked(input, mask, math.nan), d, keepdim).values
    if floating:
        return output
    if isnan(output).any().item():
        raise ValueError("masked median expects no fully masked out rows if dtype is not floating point")
    return output.to(dtype=dtype)


def logsumexp(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """log(sum(exp)) of the kept elements over ``dim``; -inf where none is kept."""
    dtype = input.dtype if dtype is None else dtype
    dims = _canonical_dim(dim, input.ndim)
    return _logsumexp(_masked(input, mask, "max"), dims, keepdim=keepdim).to(dtype=dtype)


def logaddexp(input, other, *, dtype=None, input_mask=None, other_mask=None):
    """log(exp(input) + exp(other)), each side's masked-out elements counting as -inf."""
    dtype = input.dtype if dtype is None else dtype
    return _logaddexp(_masked(input, input_mask, "max"), _masked(other, other_mask, "max")).to(dtype=dtype)


def norm(input, ord=2.0, dim=None, *, keepdim=False, dtype=None, mask=None):  # noqa: A002
    """The vector ``ord``-norm of the kept elements over ``dim``: 0 where none is kept (inf for
    ``ord=-inf``)."""
    dtype = input.dtype if dtype is None else dtype
    fill = math.inf if ord == -math.inf else 0
    return vector_norm(_masked(input, mask, fill), ord, _canonical_dim(dim, input.ndim), bool(keepdim),
                       dtype=dtype)


def _std_var(input, dim, unbiased, correction, keepdim, dtype, mask, take_sqrt):
    if unbiased is not None and correction is not None:
        raise AssertionError("Only one of unbiased and correction may be given")
    if correction is None:
        correction = 1.0 if unbiased is None or unbiased else 0.0
    if dtype is None:
        dtype = input.dtype if input.dtype.is_floating_point or input.dtype.is_complex else float32
    # (complex input: the mean of |x - mean|^2, a real number, returned in the complex dtype as PyTorch's)
    compute_dtype = _real_of(dtype) if dtype.is_floating_point or dtype.is_complex else float32
    count = _count(input, dim, True, mask)
    sample_mean = sum(input, dim, keepdim=True, dtype=dtype, mask=mask) / count
    x = input - sample_mean
    squares = (x * x.conj()).real if x.dtype.is_complex else x * x
    total = sum(squares, dim, keepdim=keepdim, dtype=compute_dtype, mask=mask)
    if not keepdim:
        count = count.reshape(total.shape)
    if correction != 0:
        count = (count.to(dtype=compute_dtype) - correction).clamp(min=0)
    output = (total / count).to(dtype=dtype)
    return sqrt(output) if take_sqrt else output


def var(input, dim=None, unbiased=None, *, correction=None, keepdim=False, dtype=None, mask=None):
    """The variance of the kept elements over ``dim``, with ``correction`` (1 unless ``unbiased`` is
    False) subtracted from the count; NaN where none is kept."""
    return _std_var(input, dim, unbiased, correction, keepdim, dtype, mask, take_sqrt=False)


def std(input, dim=None, unbiased=None, *, correction=None, keepdim=False, dtype=None, mask=None):
    """The standard deviation of the kept elements over ``dim`` (the square root of ``var``)."""
    return _std_var(input, dim, unbiased, correction, keepdim, dtype, mask, take_sqrt=True)


def softmax(input, dim, *, dtype=None, mask=None):
    """Softmax along ``dim`` over the kept elements (masked-out ones get 0; NaN where none is kept)."""
    dtype = input.dtype if dtype is None else dtype
    return _F.softmax(_masked(input, mask, "max"), _canonical_dim(dim, input.ndim)[0], dtype=dtype)


def log_softmax(input, dim, *, dtype=None, mask=None):
    """Log-softmax along ``dim`` over the kept elements (masked-out ones get -inf)."""
    dtype = input.dtype if dtype is None else dtype
    return _F.log_softmax(_masked(input, mask, "max"), _canonical_dim(dim, input.ndim)[0], dtype=dtype)


def softmin(input, dim, *, dtype=None, mask=None):
    """Softmin along ``dim`` over the kept elements (masked-out ones get 0; NaN where none is kept)."""
    dtype = input.dtype if dtype is None else dtype
    return _F.softmin(_masked(input, mask, "min"), _canonical_dim(dim, input.ndim)[0], dtype=dtype)


def normalize(input, ord, dim, *, eps=1e-12, dtype=None, mask=None):  # noqa: A002
    """The kept elements divided by their ``ord``-norm along ``dim`` (at least ``eps``); masked-out
    elements become 0."""
    dtype = input.dtype if dtype is None else dtype
    nrm = norm(input, ord, dim, keepdim=True, dtype=dtype, mask=mask)
    return _masked(input, mask, 0) / maximum(nrm, nrm.new_full([], eps))
