"""Helpers shared by the op families: operand preparation, dims, broadcasting."""
import numbers

import numpy as _np  # only to recognise NumPy scalars given as operands

from .. import dtypes as _dt
from ..autograd.function import Op
from ..tensor import Tensor, wrap, _wrap_dim
from . import _grad_ops as G

_PY_SCALARS = (int, float, bool)


def as_operand(x, like):
    """A Tensor or a Python scalar usable beside Tensor ``like`` (NumPy values become one of those)."""
    if isinstance(x, Tensor):
        return x
    if x.__class__ in _PY_SCALARS:
        return x
    if isinstance(x, _np.generic):
        return x.item()
    if isinstance(x, numbers.Number):
        return x
    if isinstance(x, (_np.ndarray, list, tuple)):
        from ..creation import tensor
        return tensor(x, device=like._device) if not isinstance(x, _np.ndarray) else \
            wrap(like._device._get_backend().asarray(x), like._device)
    raise TypeError(f"unsupported operand type for a Tensor op: '{type(x).__name__}'")


def promote(a, b):
    """Cast ``a`` and ``b`` (Tensors or Python scalars) to PyTorch's result dtype.

    Python scalars stay scalars (NumPy treats them as weak, like PyTorch)
    unless their category is higher than the tensor's, in which case the
    tensor is cast to the default float (or int64) dtype.
    """
    ta = isinstance(a, Tensor)
    tb = isinstance(b, Tensor)
    if ta and tb:
        if a._data.dtype == b._data.dtype:
            return a, b
        rt = _dt.result_type(a, b)
        return (a if a._data.dtype == rt.np else cast(a, rt)), (b if b._data.dtype == rt.np else cast(b, rt))
    t, s = (a, b) if ta else (b, a)
    kind = t._data.dtype.kind
    if kind == "f":
        return a, b
    cat = _dt.scalar_category(s)
    if kind == "b":
        if cat == 0:
            return a, b
        t = cast(t, _dt.int64 if cat == 1 else _dt.get_default_dtype())
    elif cat == 2:
        t = cast(t, _dt.get_default_dtype())
    elif cat == 0:
        s = int(s)
    return (t, s) if ta else (s, t)


def to_float(x):
    """``x`` itself if floating, else cast to the default float dtype (for exp, log, ...)."""
    if x._data.dtype.kind == "f":
        return x
    return cast(x, _dt.get_default_dtype())


def norm_dims(dim, ndim):
    """A sorted tuple of non-negative dims from None, an int, or a tuple/list of ints."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (list, tuple)):
        if len(dim) == 0:
            return tuple(range(ndim))
        dims = tuple(sorted(_wrap_dim(d, ndim) for d in dim))
        if ndim == 0:
            return ()
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"dim {dims[0]} appears multiple times in the list of dims")
        return dims
    d = _wrap_dim(dim, ndim)
    return (d,) if ndim else ()


class Cast(Op):
    """Dtype conversion; the gradient is cast back to the input's dtype."""

    torch_name = "ToCopyBackward0"

    @staticmethod
    def forward(ctx, x, np_dtype):
        ctx.in_dtype = x.dtype
        return x.astype(np_dtype)

    @staticmethod
    def backward(ctx, g):
        return G.cast(g, ctx.in_dtype), None


def cast(x, dtype):
    """``x`` converted to ``dtype`` (differentiable between float dtypes)."""
    if dtype.category != 2:  # integer and bool tensors never require grad
        return wrap(x._data.astype(dtype.np), x._device)
    return Cast.apply(x, dtype.np)


class SumTo(Op):
    """Sum a broadcast gradient back to an input's shape (Chainer's sum_to)."""

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        lead = x.ndim - len(shape)
        axes = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(shape) if s == 1 and x.shape[i + lead] != 1)
        y = x.sum(axis=axes, keepdims=True) if axes else x
        return y.reshape(shape) if lead or y.shape != shape else y

    @staticmethod
    def backward(ctx, g):
        return G.broadcast_to(g, ctx.in_shape), None


class BroadcastTo(Op):
    """Broadcast to a shape (a read-only view); its backward is a sum."""

    torch_name = "ExpandBackward0"

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        return ctx.xp.broadcast_to(x, shape)

    @staticmethod
    def backward(ctx, g):
        return G.sum_to(g, ctx.in_shape), None


def sum_to(g, shape):
    """``g`` summed over broadcast dims so that it has ``shape`` (no-op when equal)."""
    if g._data.shape == shape:
        return g
    return SumTo.apply(g, tuple(shape))


def broadcast_to(x, shape):
    """``x`` broadcast to ``shape`` (no-op when equal)."""
    if x._data.shape == tuple(shape):
        return x
    return BroadcastTo.apply(x, tuple(shape))


def broadcast_shapes(*shapes):
    """The broadcast of several shapes; raises PyTorch's error naming the sizes."""
    ndim = max((len(s) for s in shapes), default=0)
    out = [1] * ndim
    for s in shapes:
        for i, n in enumerate(s):
            j = ndim - len(s) + i
            if out[j] == 1:
                out[j] = n
            elif n != 1 and n != out[j]:
                raise RuntimeError(f"The size of tensor a ({out[j]}) must match the size of tensor b ({n}) "
                                   f"at non-singleton dimension {i}")
    return tuple(out)


def check_broadcast(a, b):
    """Raise PyTorch's broadcasting error for incompatible array shapes."""
    sa, sb = a.shape, b.shape
    n = max(len(sa), len(sb))
    for i in range(1, n + 1):
        x = sa[-i] if i <= len(sa) else 1
        y = sb[-i] if i <= len(sb) else 1
        if x != y and x != 1 and y != 1:
            raise RuntimeError(f"The size of tensor a ({x}) must match the size of tensor b ({y}) "
                               f"at non-singleton dimension {n - i}")
