"""Reductions: sum, mean, prod, var/std, norm, cumsum, all/any, count_nonzero.

``dim`` is None, an int or a tuple of ints; ``keepdim`` keeps reduced dims as
size 1. Gradients are broadcast back with ``m.expand_reduced``.
"""
import math
import warnings

from .. import dtypes as _dt
from ..kernels import scan as K
from ..autograd.namespace import provide, array_math
from ..autograd.node import Op
from ..tensor import wrap, _wrap_dim
from ._api import public
from ._util import norm_dims, to_float, expect_tensor
from .conversion import cast
from .selection import where
from .shape import permute, unsqueeze


def _count(shape, dims):
    n = 1
    for d in dims:
        n *= shape[d]
    return n


class Sum(Op):
    """Sum over ``dims`` (None: all); the gradient is broadcast back."""

    def name(self):
        return "SumBackward0" if self.dims is None else "SumBackward1"

    @staticmethod
    def forward(ctx, x, dims=None, keepdim=False, np_dtype=None):
        ctx.in_shape = x.shape
        ctx.dims = dims
        ctx.keepdim = keepdim
        if np_dtype is None:
            return array_math(ctx.xp).sum(x, dims, keepdim)
        return x.sum(axis=dims, keepdims=keepdim, dtype=np_dtype)

    @staticmethod
    def backward(ctx, m, g):
        return m.expand_reduced(g, ctx.in_shape, ctx.dims, ctx.keepdim)


class Mean(Op):
    """Mean over ``dims`` (None: all), as a sum divided by the count (NumPy's mean is slower)."""

    def name(self):
        return "MeanBackward0" if self.dims is None else "MeanBackward1"

    @staticmethod
    def forward(ctx, x, dims=None, keepdim=False):
        ctx.in_shape = x.shape
        ctx.dims = dims
        ctx.keepdim = keepdim
        ctx.n = n = x.size if dims is None else _count(x.shape, dims)
        total = array_math(ctx.xp).sum(x, dims, keepdim)  # the mean as add.reduce / n: NumPy's mean is slower
        return total / n if n else total / 0.0

    @staticmethod
    def backward(ctx, m, g):
        return m.expand_reduced(g / ctx.n if ctx.n else g * math.nan, ctx.in_shape, ctx.dims, ctx.keepdim)


def _sum_dtype(x, dtype):
    if dtype is not None:
        return _dt.to_dtype(dtype).np
    return _dt.int64.np if x._data.dtype.kind in "iub" else None


@public
def sum(input, dim=None, keepdim=False, *, dtype=None):
    """Sum over ``dim`` (all dims by default); integers and bools sum to int64."""
    try:
        dims = None if dim is None else norm_dims(dim, input._data.ndim)  # None: the full sum (SumBackward0)
        np_dtype = _sum_dtype(input, dtype)
    except AttributeError:  # checked only here, off the common path
        expect_tensor("sum", input)
        raise
    if np_dtype is not None and input._data.dtype != np_dtype and input._data.dtype.kind == "f":
        input = cast(input, _dt._BY_NP[np_dtype])
        np_dtype = None if np_dtype.kind in "fc" else np_dtype  # (NumPy sums small ints as uint64/int64)
    if dims is None and not keepdim and np_dtype is None:
        return Sum.apply(input)  # the full sum of a loss: Op.apply's one-argument fast path
    return Sum.apply(input, dims, keepdim, np_dtype)


@public
def mean(input, dim=None, keepdim=False, *, dtype=None):
    """Arithmetic mean over ``dim``; needs a floating dtype (or ``dtype=``)."""
    try:
        if dtype is not None:
            input = input.to(_dt.to_dtype(dtype))
        floating = input._data.dtype.kind in "fc"
    except AttributeError:  # checked only here, off the common path
        expect_tensor("mean", input)
        raise
    if not floating:
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a floating "
                           f"point or complex dtype. Got: {input.dtype._torch_name[:-6]}")
    if dim is None and not keepdim:
        return Mean.apply(input)  # the full mean of a loss: Op.apply's one-argument fast path
    return Mean.apply(input, None if dim is None else norm_dims(dim, input._data.ndim), keepdim)


provide("sum", lambda x, dims, keepdim=False: sum(x, dims, keepdim))
provide("mean", lambda x, dims, keepdim=False: mean(x, dims, keepdim))


class Var(Op):
    """Variance with ``correction`` (Bessel's by default); real for complex input (the mean squared
    distance to the mean), whose gradient is then complex."""

    saves = (True,)
    supports_complex = True

    @staticmethod
    def forward(ctx, x, dims, correction, keepdim):
        ctx.dims = dims
        ctx.keepdim = keepdim
        ctx.n = n = _count(x.shape, dims)
        ctx.dof = n - correction
        mu = x.sum(axis=dims, keepdims=True) / n if n else x.sum(axis=dims, keepdims=True)
        if n > 1 and x.size == n and x.dtype.kind == "f" and x.dtype.itemsize >= 4:
            # one result: PyTorch's two-pass kernel, the mean in x's dtype, the deviations in float64
            dev = x.astype(ctx.xp.float64) - mu.astype(ctx.xp.float64)
            ss = (dev * dev).sum(axis=dims, keepdims=keepdim)
            return (ss / ctx.dof if ctx.dof > 0 else ss / 0.0).astype(x.dtype, copy=False)
        dev = x - mu
        if n:
            # the mean's rounding error, removed (a second pass): a constant row's deviations are then
            # exactly 0, as PyTorch's Welford kernel gives them (a variance of 1e-30 instead would
            # make std's derivatives huge where PyTorch's are masked at std == 0)
            dev = dev - dev.sum(axis=dims, keepdims=True) / n
        if dev.dtype.kind == "c":
            dev = ctx.xp.abs(dev)
        ss = (dev * dev).sum(axis=dims, keepdims=keepdim)
        return ss / ctx.dof if ctx.dof > 0 else ss / 0.0

    @staticmethod
    def backward(ctx, m, g, x, *_):
        g = m.expand_reduced(g, x.shape, ctx.dims, ctx.keepdim)
        if ctx.n == 0:  # nothing was reduced: no element to pass a gradient to
            return m.zeros_like(g)
        mu = m.mean(x, ctx.dims, keepdim=True)
        scale = 2.0 / ctx.dof if ctx.dof else math.inf  # PyTorch uses the unclamped n - correction here
        return g * (scale * (x - mu))


class Std(Var):
    """sqrt(var); the gradient is 0 where the deviation is 0 (as PyTorch), not NaN."""

    saves_output = True
    supports_complex = True

    @staticmethod
    def forward(ctx, x, dims, correction, keepdim):
        return ctx.xp.sqrt(Var.forward(ctx, x, dims, correction, keepdim))

    @staticmethod
    def backward(ctx, m, g, x, dims, correction, keepdim, y):
        g = m.where(y == 0, m.zeros_like(g * y), g / (2 * y))
        return Var.backward(ctx, m, g, x)


def _var_args(dim, unbiased, keepdim):
    # var(dim, unbiased, keepdim) and var(unbiased) (the legacy bool first form)
    if isinstance(dim, bool):
        return None, dim, keepdim
    return dim, unbiased, keepdim


def _expect_floating(input, what="std and var"):
    if input._data.dtype.kind not in "fc":
        raise RuntimeError(f"{what} only support floating point and complex dtypes")


def _dof_checked(name, input, dim, unbiased, correction):
    """(dims, correction), warning as PyTorch does when no degrees of freedom are left."""
    dims = norm_dims(dim, input._data.ndim)
    if unbiased is not None and correction is not None:  # (PyTorch's overloads take one or the other)
        raise TypeError(f"{name}() received an invalid combination of arguments - got unbiased and correction, but "
                        "expected one of them")
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    if _count(input._data.shape, dims) - correction <= 0:
        warnings.warn(f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the "
                      "reduction factor (input numel divided by output numel).", UserWarning, stacklevel=3)
    return dims, correction


@public
def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Variance over ``dim`` with Bessel's correction by default (``correction=1``)."""
    expect_tensor("var", input)
    dim, unbiased, keepdim = _var_args(dim, unbiased, keepdim)
    _expect_floating(input)
    dims, correction = _dof_checked("var", input, dim, unbiased, correction)
    return Var.apply(input, dims, correction, keepdim)


@public
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Standard deviation: sqrt of ``var`` with the same arguments."""
    expect_tensor("std", input)
    dim, unbiased, keepdim = _var_args(dim, unbiased, keepdim)
    _expect_floating(input)
    dims, correction = _dof_checked("std", input, dim, unbiased, correction)
    return Std.apply(input, dims, correction, keepdim)


@public(method=False)
def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(var, mean) over ``dim``."""
    expect_tensor("var_mean", input)
    dim, unbiased, keepdim = _var_args(dim, unbiased, keepdim)
    _expect_floating(input, "var_mean")
    return var(input, dim, unbiased, keepdim, correction=correction), mean(input, dim, keepdim)


@public(method=False)
def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(std, mean) over ``dim``."""
    expect_tensor("std_mean", input)
    dim, unbiased, keepdim = _var_args(dim, unbiased, keepdim)
    _expect_floating(input, "std_mean")
    return std(input, dim, unbiased, keepdim, correction=correction), mean(input, dim, keepdim)


class Prod(Op):
    """Product over ``dims``; exact where elements are zero (the product of the others)."""

    saves = (True,)
    saves_output = True
    holomorphic = True

    @staticmethod
    def forward(ctx, x, dims, keepdim, np_dtype):
        ctx.dims = dims
        ctx.keepdim = keepdim
        if len(dims) == 1:
            return x.prod(axis=dims[0], keepdims=keepdim, dtype=np_dtype)
        return x.prod(axis=dims, keepdims=keepdim, dtype=np_dtype)

    @staticmethod
    def backward(ctx, m, g, x, dims, keepdim, np_dtype, y):
        g = m.expand_reduced(g, x.shape, ctx.dims, ctx.keepdim)
        if not (x == 0).any().item():  # explicit host sync
            return g * (m.expand_reduced(y, x.shape, ctx.dims, ctx.keepdim) / x)
        return g * m.prod_of_others(x, ctx.dims)


def _prod_of_others(x, dims):
    """For each element, the product of the other elements of its reduction group (Tensor ops,
    so differentiable again). Row i of an (n, n) expansion holds the group with element i
    replaced by 1: its product is the "others" product, exact with zeros."""
    rest = [d for d in range(x.ndim) if d not in dims]
    perm = rest + list(dims)
    moved = permute(x, perm)
    lead = tuple(moved.shape[:len(rest)])
    flat = moved.reshape(lead + (-1,))
    n = flat.shape[-1]
    eye = wrap(x._device._get_backend().xp.eye(n, dtype=bool), x._device)
    expanded = where(eye, 1.0, unsqueeze(flat, -2))
    others = prod(expanded, -1).reshape(tuple(moved.shape))
    inverse = [0] * len(perm)
    for i, p in enumerate(perm):
        inverse[p] = i
    return permute(others, inverse)


def _array_prod_of_others(xp):
    def others(x, dims):
        """The same on arrays, from exclusive cumulative products from both ends."""
        nd = x.ndim
        moved = xp.moveaxis(x, dims, tuple(range(nd - len(dims), nd)))
        lead = moved.shape[:nd - len(dims)]
        flat = moved.reshape(lead + (-1,))
        ones = xp.ones(lead + (1,), x.dtype)
        left = xp.cumprod(xp.concatenate([ones, flat[..., :-1]], axis=-1), axis=-1)
        right = xp.flip(xp.cumprod(xp.flip(xp.concatenate([flat[..., 1:], ones], axis=-1), -1), axis=-1), -1)
        out = (left * right).reshape(moved.shape)
        return xp.moveaxis(out, tuple(range(nd - len(dims), nd)), dims)
    return others


provide("prod_of_others", _prod_of_others, _array_prod_of_others)


@public
def prod(input, dim=None, keepdim=False, *, dtype=None):
    """Product over one dim (or all elements); integers and bools give int64."""
    expect_tensor("prod", input)
    if isinstance(dim, (tuple, list)):
        raise TypeError(f"prod() received an invalid combination of arguments - got (Tensor, {type(dim).__name__}), "
                        "but expected one of:\n * (Tensor input, *, torch.dtype dtype = None)\n"
                        " * (Tensor input, int dim, bool keepdim = False, *, torch.dtype dtype = None, "
                        "Tensor out = None)")
    if dim is None:
        dims = tuple(range(input._data.ndim))
        keepdim = False
    else:
        dims = norm_dims(dim, input._data.ndim)
    np_dtype = _sum_dtype(input, dtype)
    if np_dtype is not None and input._data.dtype.kind == "f":
        input = cast(input, _dt._BY_NP[np_dtype])
        np_dtype = None if np_dtype.kind in "fc" else np_dtype
    return Prod.apply(input, dims, keepdim, np_dtype)


class CumSum(Op):
    """Cumulative sum along ``dim``; the gradient is the reversed cumulative sum."""

    torch_name = "CumsumBackward0"
    supports_complex = True

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        if x.ndim == 0:
            return x.copy()
        x = ctx.xp.ascontiguousarray(x)  # (the output is contiguous, as PyTorch's, whatever x's strides)
        if x.size >= BLOCKED_CUMSUM_MIN and x.dtype.kind == "f" and x.dtype.itemsize >= 4:
            # Fast path, fenced: NumPy's cumsum adds one element at a time (and pays per row); the
            # blocked sums take whole-array steps, 1.4x (long rows) to 10x (a leading axis, many
            # short rows) quicker on large arrays. Same sums, grouped differently (tests compare).
            return K.cumsum(ctx.xp, x, dim)
        return ctx.xp.cumsum(x, axis=dim, dtype=_dt.int64.np if x.dtype.kind in "iub" else None)

    @staticmethod
    def backward(ctx, m, g):
        if g.ndim == 0:
            return g
        return m.flip(m.op(CumSum, m.flip(g, (ctx.dim,)), ctx.dim), (ctx.dim,))


# cumsum takes the blocked path from this many elements on
BLOCKED_CUMSUM_MIN = 8192


@public
def cumsum(input, dim, *, dtype=None):
    """Cumulative sum along ``dim``."""
    expect_tensor("cumsum", input)
    if dtype is not None and _dt.to_dtype(dtype).name == "bool":
        raise NotImplementedError("\"cumsum_out_cpu\" not implemented for 'Bool'")
    return CumSum.apply(input if dtype is None else input.to(_dt.to_dtype(dtype)), _wrap_dim(dim, input._data.ndim))


provide("cumsum", lambda x, dim: CumSum.apply(x, dim))


@public
def all(input, dim=None, keepdim=False):
    """True where every element (along ``dim``) is nonzero."""
    expect_tensor("all", input)
    dims = None if dim is None else norm_dims(dim, input._data.ndim)
    return wrap(input._device._get_backend().xp.asarray(input._data.all(axis=dims, keepdims=keepdim)),
                input._device)


@public
def any(input, dim=None, keepdim=False):
    """True where some element (along ``dim``) is nonzero."""
    expect_tensor("any", input)
    dims = None if dim is None else norm_dims(dim, input._data.ndim)
    return wrap(input._device._get_backend().xp.asarray(input._data.any(axis=dims, keepdims=keepdim)),
                input._device)


@public
def count_nonzero(input, dim=None):
    """Number of nonzero elements (along ``dim``), as int64."""
    expect_tensor("count_nonzero", input)
    return sum(input != 0, dim=dim)


class NanToZero(Op):
    """NaNs replaced by 0; the gradient is multiplied by 0 there (so an infinite gradient
    becomes NaN, as in PyTorch's nansum backward)."""

    torch_name = "NansumBackward0"

    @staticmethod
    def forward(ctx, x):
        ctx.kept = x == x
        return ctx.xp.where(ctx.kept, x, x.dtype.type(0))

    @staticmethod
    def backward(ctx, m, g):
        return g * m.const(ctx.kept.astype(g.dtype), g)


@public
def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """The sum with NaNs counted as zero (their gradient is zero)."""
    expect_tensor("nansum", input)
    result = input.dtype if dtype is None else _dt.to_dtype(dtype)
    if result.is_complex:
        raise NotImplementedError(f"\"nansum_cpu\" not implemented for '{result._torch_name[:-6]}'")
    if input._data.dtype.kind == "f":
        input = NanToZero.apply(input)
    return sum(input, dim, keepdim, dtype=dtype)


@public
def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """The mean of the elements that are not NaN (NaN where there are none)."""
    expect_tensor("nanmean", input)
    if input._data.dtype.kind != "f":
        raise RuntimeError(f"nanmean(): expected input to have floating point or complex dtype but got "
                           f"{input.dtype._torch_name[:-6]}")
    kept = input == input
    return nansum(input, dim, keepdim, dtype=dtype) / sum(kept, dim, keepdim)
