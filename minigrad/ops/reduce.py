"""Reductions (sum, mean, var, max, ...) and the softmax family.

``dim`` is None, an int or a tuple of ints; ``keepdim`` keeps reduced dims
as size 1. Gradients are broadcast back with ``_grad_ops.expand_reduced``. ``max()``
without dim splits the gradient evenly among ties; ``max(dim)`` sends it to
the returned index only, as PyTorch does.
"""
import builtins as _b
import collections
import math

from .. import dtypes as _dt
from ..autograd.function import Op
from ..tensor import Tensor, wrap, _wrap_dim
from ._util import norm_dims, to_float, cast
from . import elementwise as E
from . import _grad_ops as G


class Sum(Op):
    def name(self):
        return "SumBackward0" if self.dims is None else "SumBackward1"

    @staticmethod
    def forward(ctx, x, dims, keepdim, np_dtype):
        ctx.in_shape = x.shape
        ctx.dims = dims
        ctx.keepdim = keepdim
        return x.sum(axis=dims, keepdims=keepdim, dtype=np_dtype)

    @staticmethod
    def backward(ctx, g):
        return G.expand_reduced(g, ctx.in_shape, ctx.dims, ctx.keepdim), None, None, None


class Mean(Op):
    def name(self):
        return "MeanBackward0" if self.dims is None else "MeanBackward1"

    @staticmethod
    def forward(ctx, x, dims, keepdim):
        ctx.in_shape = x.shape
        ctx.dims = dims
        ctx.keepdim = keepdim
        n = x.size if dims is None else 1
        for d in dims or ():
            n *= x.shape[d]
        ctx.n = n
        return x.mean(axis=dims, keepdims=keepdim) if n else x.sum(axis=dims, keepdims=keepdim) / 0.0

    @staticmethod
    def backward(ctx, g):
        return G.expand_reduced(g / ctx.n if ctx.n else g * math.nan, ctx.in_shape, ctx.dims, ctx.keepdim), None, None


class Var(Op):
    save_inputs = True

    @staticmethod
    def forward(ctx, x, dims, correction, keepdim):
        ctx.dims = dims
        ctx.keepdim = keepdim
        n = 1
        for d in dims:
            n *= x.shape[d]
        ctx.n = n
        ctx.dof = n - correction
        xp = ctx.xp
        mu = x.mean(axis=dims, keepdims=True) if n else x.sum(axis=dims, keepdims=True)
        dev = x - mu
        ss = (dev * dev).sum(axis=dims, keepdims=keepdim)
        with _np_errstate(xp):
            return ss / ctx.dof if ctx.dof > 0 else ss / 0.0

    @staticmethod
    def backward(ctx, g):
        x = ctx.inputs[0]
        g = G.expand_reduced(g, x.shape, ctx.dims, ctx.keepdim)
        if ctx.n == 0:  # nothing was reduced: no element to pass a gradient to
            return G.zeros_like(g), None, None, None
        mu = G.mean(x, ctx.dims, keepdim=True)
        scale = 2.0 / ctx.dof if ctx.dof else math.inf  # PyTorch uses the unclamped n - correction here
        return g * (scale * (x - mu)), None, None, None


def _np_errstate(xp):
    errstate = getattr(xp, "errstate", None)
    return errstate(divide="ignore", invalid="ignore") if errstate else _Null()


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


class AllMax(Op):
    """max()/min()/amax/amin: gradient split evenly among the tied extremes."""

    save_inputs = True
    save_output = True

    def name(self):
        if self.dims is None:
            return "MaxBackward1" if self.is_max else "MinBackward1"
        return "AmaxBackward0" if self.is_max else "AminBackward0"

    @staticmethod
    def forward(ctx, x, dims, keepdim, is_max):
        ctx.dims = dims
        ctx.is_max = is_max
        ctx.keepdim = keepdim
        return x.max(axis=dims, keepdims=keepdim) if is_max else x.min(axis=dims, keepdims=keepdim)

    @staticmethod
    def backward(ctx, g):
        x = ctx.inputs[0]
        out = G.expand_reduced(ctx.output, x.shape, ctx.dims, ctx.keepdim)
        mask = G.cast((x == out) | ((x != x) & (out != out)), G.dtype_of(g))  # NaN extremes count as ties
        count = G.sum(mask, ctx.dims, keepdim=True)
        g = G.expand_reduced(g, x.shape, ctx.dims, ctx.keepdim)
        return g * mask / count, None, None, None


class IndexedMax(Op):
    """max(dim)/min(dim) values: gradient goes to the returned index."""

    def name(self):
        return "MaxBackward0" if self.is_max else "MinBackward0"

    @staticmethod
    def forward(ctx, x, dim, keepdim, idx, is_max):
        ctx.is_max = is_max
        ctx.in_shape = x.shape
        ctx.dim = dim
        ctx.keepdim = keepdim
        ctx.idx = idx
        xp = ctx.xp
        out = xp.take_along_axis(x, xp.expand_dims(idx, dim), axis=dim)
        return out if keepdim else out.squeeze(dim)

    @staticmethod
    def backward(ctx, g):
        from .index import ScatterAlong
        if not ctx.keepdim:
            g = G.unsqueeze(g, ctx.dim)
        index = ctx.xp.expand_dims(ctx.idx, ctx.dim)
        return G.apply_op(ScatterAlong, g, ctx.in_shape, ctx.dim, index), None, None, None, None


class Prod(Op):
    save_inputs = True
    save_output = True

    @staticmethod
    def forward(ctx, x, dims, keepdim, np_dtype):
        ctx.dims = dims
        ctx.keepdim = keepdim
        if len(dims) == 1:
            return x.prod(axis=dims[0], keepdims=keepdim, dtype=np_dtype)
        return x.prod(axis=dims, keepdims=keepdim, dtype=np_dtype)

    @staticmethod
    def backward(ctx, g):
        x = ctx.inputs[0]
        g = G.expand_reduced(g, x.shape, ctx.dims, ctx.keepdim)
        data = x._data if isinstance(x, Tensor) else x
        if not (data == 0).any().item():  # explicit host sync (CuPy refuses nothing, but bool() hides it)
            return g * (G.expand_reduced(ctx.output, x.shape, ctx.dims, ctx.keepdim) / x), None, None, None
        if isinstance(x, Tensor):  # differentiable form, for higher-order gradients
            return g * _prod_of_others(x, ctx.dims), None, None, None
        # With zeros: the product of all the other elements, from exclusive cumulative products.
        xp = ctx.xp
        dims = ctx.dims
        moved = xp.moveaxis(data, dims, tuple(range(data.ndim - len(dims), data.ndim)))
        lead = moved.shape[:data.ndim - len(dims)]
        flat = moved.reshape(lead + (-1,))
        ones = xp.ones(lead + (1,), data.dtype)
        left = xp.cumprod(xp.concatenate([ones, flat[..., :-1]], axis=-1), axis=-1)
        right = xp.flip(xp.cumprod(xp.flip(xp.concatenate([flat[..., 1:], ones], axis=-1), -1), axis=-1), -1)
        others = (left * right).reshape(moved.shape)
        others = xp.moveaxis(others, tuple(range(data.ndim - len(dims), data.ndim)), dims)
        return g * G.const(others, g), None, None, None


def _prod_of_others(x, dims):
    """For each element, the product of the other elements of its reduction group (as Tensor ops).

    Row i of an (n, n) expansion holds the group with element i replaced by 1;
    its product is the "others" product, differentiable and exact with zeros.
    """
    from .. import creation
    rest = [d for d in range(x.ndim) if d not in dims]
    perm = rest + list(dims)
    moved = x.permute(perm)
    lead = tuple(moved.shape[:len(rest)])
    flat = moved.reshape(lead + (-1,))
    n = flat.shape[-1]
    eye = creation.eye(n, dtype=_dt.bool, device=x._device)
    expanded = E.where(eye, creation.ones((), dtype=x.dtype, device=x._device), flat.unsqueeze(-2))
    others = expanded.prod(-1).reshape(tuple(moved.shape))
    inverse = [0] * len(perm)
    for i, p in enumerate(perm):
        inverse[p] = i
    return others.permute(inverse)


class LogSumExp(Op):
    torch_name = "LogsumexpBackward0"
    save_inputs = True
    save_output = True

    @staticmethod
    def forward(ctx, x, dims, keepdim):
        xp = ctx.xp
        ctx.dims = dims
        ctx.keepdim = keepdim
        if x.size == 0:
            return xp.log(xp.exp(x).sum(axis=dims, keepdims=keepdim))
        m = x.max(axis=dims, keepdims=True)
        m = xp.where(xp.isfinite(m), m, 0)
        out = xp.log(xp.exp(x - m).sum(axis=dims, keepdims=True)) + m
        return out if keepdim else out.squeeze(dims)

    @staticmethod
    def backward(ctx, g):
        x = ctx.inputs[0]
        out = G.expand_reduced(ctx.output, x.shape, ctx.dims, ctx.keepdim)
        g = G.expand_reduced(g, x.shape, ctx.dims, ctx.keepdim)
        return g * G.exp(x - out), None, None


class Softmax(Op):
    save_output = True

    @staticmethod
    def forward(ctx, x, dim):
        xp = ctx.xp
        ctx.dim = dim
        if x.size == 0:
            return x.copy()
        e = xp.exp(x - x.max(axis=dim, keepdims=True))
        return e / e.sum(axis=dim, keepdims=True)

    @staticmethod
    def backward(ctx, g):
        y = ctx.output
        return y * (g - G.sum(g * y, ctx.dim, keepdim=True)), None


class LogSoftmax(Op):
    save_output = True

    @staticmethod
    def forward(ctx, x, dim):
        xp = ctx.xp
        ctx.dim = dim
        if x.size == 0:
            return x.copy()
        shifted = x - x.max(axis=dim, keepdims=True)
        return shifted - xp.log(xp.exp(shifted).sum(axis=dim, keepdims=True))

    @staticmethod
    def backward(ctx, g):
        y = ctx.output
        return g - G.exp(y) * G.sum(g, ctx.dim, keepdim=True), None


# ------------------------------------------------------------------ public functions
def _sum_dtype(x, dtype):
    if dtype is not None:
        return _dt.to_dtype(dtype).np
    kind = x._data.dtype.kind
    return _dt.int64.np if kind in "iub" else None


def sum(input, dim=None, keepdim=False, *, dtype=None):
    """Sum over ``dim`` (all dims by default); integers and bools sum to int64."""
    dims = None if dim is None else norm_dims(dim, input._data.ndim)  # None: the full sum (SumBackward0)
    np_dtype = _sum_dtype(input, dtype)
    if np_dtype is not None and input._data.dtype != np_dtype and input._data.dtype.kind == "f":
        input = cast(input, _dt._BY_NP[_dt.to_dtype(dtype).np])
        np_dtype = None
    return Sum.apply(input, dims, keepdim, np_dtype)


def mean(input, dim=None, keepdim=False, *, dtype=None):
    """Arithmetic mean over ``dim``; needs a floating dtype (or ``dtype=``)."""
    if dtype is not None:
        input = input.to(_dt.to_dtype(dtype))
    if input._data.dtype.kind != "f":
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a floating "
                           f"point or complex dtype. Got: {input.dtype._torch_name[:-6]}")
    return Mean.apply(input, None if dim is None else norm_dims(dim, input._data.ndim), keepdim)


def _correction(unbiased, correction):
    if correction is not None:
        return correction
    if unbiased is None:
        return 1
    return 1 if unbiased else 0


def _var_args(dim, unbiased, keepdim):
    # var(dim, unbiased, keepdim) and var(unbiased) (the legacy bool first form)
    if isinstance(dim, bool):
        return None, dim, keepdim
    return dim, unbiased, keepdim


def _dof_checked(name, input, dim, unbiased, correction):
    """(dims, correction), warning as PyTorch does when no degrees of freedom are left."""
    dims = norm_dims(dim, input._data.ndim)
    correction = _correction(unbiased, correction)
    n = 1
    for d in dims:
        n *= input._data.shape[d]
    if n - correction <= 0:
        import warnings
        warnings.warn(f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the "
                      "reduction factor (input numel divided by output numel).", UserWarning, stacklevel=3)
    return dims, correction


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Variance over ``dim`` with Bessel's correction by default (``correction=1``)."""
    dim, unbiased, keepdim = _var_args(dim, unbiased, keepdim)
    input = to_float(input)
    dims, correction = _dof_checked("var", input, dim, unbiased, correction)
    return Var.apply(input, dims, correction, keepdim)


class Std(Var):
    """sqrt(var); the gradient is 0 where the deviation is 0 (as PyTorch), not NaN."""

    save_output = True

    @staticmethod
    def forward(ctx, x, dims, correction, keepdim):
        return ctx.xp.sqrt(Var.forward(ctx, x, dims, correction, keepdim))

    @staticmethod
    def backward(ctx, g):
        out = ctx.output
        g = G.where(out == 0, G.zeros_like(g * out), g / (2 * out))
        return Var.backward(ctx, g * 1)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Standard deviation: sqrt of ``var`` with the same arguments."""
    dim, unbiased, keepdim = _var_args(dim, unbiased, keepdim)
    input = to_float(input)
    dims, correction = _dof_checked("std", input, dim, unbiased, correction)
    return Std.apply(input, dims, correction, keepdim)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(var, mean) over ``dim``."""
    dim, unbiased, keepdim = _var_args(dim, unbiased, keepdim)
    return var(input, dim, unbiased, keepdim, correction=correction), mean(to_float(input), dim, keepdim)


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(std, mean) over ``dim``."""
    dim, unbiased, keepdim = _var_args(dim, unbiased, keepdim)
    return std(input, dim, unbiased, keepdim, correction=correction), mean(to_float(input), dim, keepdim)


def _return_type(name):
    """A (values, indices) named tuple printed like torch.return_types.<name>."""
    base = collections.namedtuple(name, ["values", "indices"])

    def __repr__(self):
        return f"torch.return_types.{name}(\nvalues={self.values!r},\nindices={self.indices!r})"
    return type(name, (base,), {"__slots__": (), "__repr__": __repr__})


_MaxResult = _return_type("max")
_MinResult = _return_type("min")
SortResult = _return_type("sort")
TopkResult = _return_type("topk")


def _empty_check(input, dims, name):
    shape = input._data.shape
    if input._data.size == 0 and (input._data.ndim == 0 or _b.any(shape[d] == 0 for d in dims) or not dims):
        if dims and len(dims) < input._data.ndim:
            d = next(d for d in dims if shape[d] == 0)
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
        raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
                           "Specify the reduction dim with the 'dim' argument.")


def _extreme(input, dim, keepdim, is_max, name):
    result_type = _MaxResult if is_max else _MinResult
    if isinstance(dim, Tensor):
        return (E.maximum if is_max else E.minimum)(input, dim)
    if dim is None:
        _empty_check(input, (), name)
        return AllMax.apply(input, None, False, is_max)
    d = _wrap_dim(dim, input._data.ndim)
    if input._data.ndim == 0:
        return result_type(input.clone(),
                          wrap(input._device._get_backend().xp.zeros((), _dt.int64.np), input._device))
    if input._data.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    xp = input._device._get_backend().xp
    idx = (xp.argmax if is_max else xp.argmin)(input._data, axis=d)
    nan_rows = None
    if input._data.dtype.kind == "f":
        nan_rows = xp.isnan(input._data)
        # A NaN wins: branch-free, so no host sync on a device (no ``if nans.any()``).
        idx = xp.where(nan_rows.any(axis=d), xp.argmax(nan_rows, axis=d), idx)
    values = IndexedMax.apply(input, d, keepdim, idx, is_max)
    indices = wrap(idx.astype(_dt.int64.np) if not keepdim else xp.expand_dims(idx, d).astype(_dt.int64.np),
                   input._device)
    return result_type(values, indices)


def max(input, dim=None, keepdim=False, *, out=None):
    """The largest element, or (values, indices) along ``dim``, or elementwise max with a Tensor."""
    return _extreme(input, dim, keepdim, True, "max")


def min(input, dim=None, keepdim=False, *, out=None):
    """The smallest element, or (values, indices) along ``dim``, or elementwise min with a Tensor."""
    return _extreme(input, dim, keepdim, False, "min")


def amax(input, dim=(), keepdim=False):
    """Max over dims; ties split the gradient evenly."""
    dims = norm_dims(dim if dim != () else None, input._data.ndim)
    _empty_check(input, dims, "amax")
    return AllMax.apply(input, dims, keepdim, True)


def amin(input, dim=(), keepdim=False):
    """Min over dims; ties split the gradient evenly."""
    dims = norm_dims(dim if dim != () else None, input._data.ndim)
    _empty_check(input, dims, "amin")
    return AllMax.apply(input, dims, keepdim, False)


def _arg(input, dim, keepdim, is_max):
    xp = input._device._get_backend().xp
    fn = xp.argmax if is_max else xp.argmin
    name = "argmax" if is_max else "argmin"
    if input._data.dtype.kind == "b":
        raise RuntimeError(f"{name}(): does not support bool input")
    if dim is None:
        if input._data.size == 0:
            raise IndexError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0.")
        data = input._data.reshape(-1)
        idx = fn(data)
        if data.dtype.kind == "f":  # a NaN wins, branch-free (no host sync on a device)
            nans = xp.isnan(data)
            idx = xp.where(nans.any(), xp.argmax(nans), idx)
        out = xp.asarray(idx, dtype=_dt.int64.np)
        if keepdim:
            out = out.reshape((1,) * input._data.ndim)
        return wrap(out, input._device)
    if input._data.ndim == 0:
        _wrap_dim(dim, 0)
        return wrap(xp.zeros((), _dt.int64.np), input._device)
    d = _wrap_dim(dim, input._data.ndim)
    if input._data.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    idx = fn(input._data, axis=d)
    if input._data.dtype.kind == "f":
        nans = xp.isnan(input._data)
        idx = xp.where(nans.any(axis=d), xp.argmax(nans, axis=d), idx)  # branch-free: no host sync
    idx = idx.astype(_dt.int64.np)
    return wrap(xp.expand_dims(idx, d) if keepdim else idx, input._device)


def argmax(input, dim=None, keepdim=False):
    """Index of the largest element (flattened, or along ``dim``)."""
    return _arg(input, dim, keepdim, True)


def argmin(input, dim=None, keepdim=False):
    """Index of the smallest element (flattened, or along ``dim``)."""
    return _arg(input, dim, keepdim, False)


def prod(input, dim=None, keepdim=False, *, dtype=None):
    """Product over one dim (or all elements); integers and bools give int64."""
    if dim is None:
        dims = tuple(range(input._data.ndim))
        keepdim = False
    else:
        dims = None if dim is None else norm_dims(dim, input._data.ndim)  # None: the full sum (SumBackward0)
    np_dtype = _sum_dtype(input, dtype)
    if np_dtype is not None and input._data.dtype.kind == "f":
        input = cast(input, _dt._BY_NP[np_dtype])
        np_dtype = None
    return Prod.apply(input, dims, keepdim, np_dtype)


def logsumexp(input, dim, keepdim=False):
    """log(sum(exp(input))) over ``dim``, computed stably."""
    input = to_float(input)
    return LogSumExp.apply(input, norm_dims(dim, input._data.ndim), keepdim)


def _softmax_dim(ndim, dim):
    if dim is None:
        import warnings
        warnings.warn("Implicit dimension choice for softmax has been deprecated. "
                      "Change the call to include dim=X as an argument.", stacklevel=3)
        dim = 0 if ndim in (0, 1, 3) else 1
    return _wrap_dim(dim, ndim)


def softmax(input, dim=None, dtype=None, **_stacklevel):
    """exp(x) / sum(exp(x)) along ``dim``, computed stably."""
    if dtype is not None:
        input = input.to(_dt.to_dtype(dtype))
    input = to_float(input)
    return Softmax.apply(input, _softmax_dim(input._data.ndim, dim))


def log_softmax(input, dim=None, dtype=None, **_stacklevel):
    """log(softmax(x)) along ``dim``, computed stably."""
    if dtype is not None:
        input = input.to(_dt.to_dtype(dtype))
    input = to_float(input)
    return LogSoftmax.apply(input, _softmax_dim(input._data.ndim, dim))


def all(input, dim=None, keepdim=False):
    """True where every element (along ``dim``) is nonzero."""
    dims = None if dim is None else norm_dims(dim, input._data.ndim)
    return wrap(input._device._get_backend().xp.asarray(input._data.all(axis=dims, keepdims=keepdim)),
                input._device)


def any(input, dim=None, keepdim=False):
    """True where some element (along ``dim``) is nonzero."""
    dims = None if dim is None else norm_dims(dim, input._data.ndim)
    return wrap(input._device._get_backend().xp.asarray(input._data.any(axis=dims, keepdims=keepdim)),
                input._device)


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """Vector p-norm over ``dim`` (2-norm / Frobenius by default)."""
    x = to_float(input)
    if p in ("fro", 2, 2.0):
        return E.sqrt(sum(x * x, dim, keepdim))
    if p in (1, 1.0):
        return sum(E.abs(x), dim, keepdim)
    if p == math.inf:
        return amax(E.abs(x), dim if dim is not None else (), keepdim)
    return sum(E.abs(x) ** p, dim, keepdim) ** (1.0 / p)


def cumsum(input, dim, *, dtype=None):
    """Cumulative sum along ``dim``."""
    return CumSum.apply(input if dtype is None else input.to(_dt.to_dtype(dtype)), _wrap_dim(dim, input._data.ndim))


class CumSum(Op):
    torch_name = "CumsumBackward0"

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        if x.ndim == 0:
            return x.copy()
        return ctx.xp.cumsum(x, axis=dim, dtype=_dt.int64.np if x.dtype.kind in "iub" else None)

    @staticmethod
    def backward(ctx, g):
        if g.ndim == 0:
            return g, None
        return G.flip(G.cumsum(G.flip(g, (ctx.dim,)), ctx.dim), (ctx.dim,)), None
