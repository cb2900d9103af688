"""The spread of values: var and std (with var_mean and std_mean), with PyTorch's
``correction`` (Bessel's by default) and its warning when no degrees of freedom are left."""
import math
import warnings

import numpy as _np  # (a NumPy bool is a bool argument, as PyTorch reads it)

from ..autograd.namespace import plain_sum
from ..autograd.op import Op
from .._errors import user_stacklevel
from ._api import public
from ._util import expect_number, expect_tensor
from ._dims import norm_dims
from .reduce import _count, mean


class Var(Op):
    """Variance with ``correction`` (Bessel's by default); real for complex input (the mean squared
    distance to the mean), whose gradient is then complex."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    saves = (True,)
    supports_complex = True

    @staticmethod
    def forward(ctx, x, dims, correction, keepdim):
        if x.dtype.kind == "f" and x.dtype.itemsize == 2:  # float16: in float32, as PyTorch's kernel, rounded once
            return Var.forward(ctx, x.astype(ctx.xp.float32), dims, correction, keepdim).astype(x.dtype)
        ctx.dims = dims
        ctx.keepdim = keepdim
        ctx.n = n = _count(x.shape, dims)
        ctx.dof = n - correction
        mu = plain_sum(x, dims, True) / n if n else plain_sum(x, dims, True)
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
            dev = dev - plain_sum(dev, dims, True) / n
        if dev.dtype.kind == "c":
            dev = ctx.xp.abs(dev)
        ss = plain_sum(dev * dev, dims, keepdim)
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


def _var_args(name, dim, unbiased, keepdim):
    # var(dim, unbiased, keepdim) and var(unbiased) (the legacy bool first form)
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    for arg, value in (("unbiased", unbiased), ("keepdim", keepdim)):
        if value is not None and not isinstance(value, (bool, _np.bool_)):  # (PyTorch's parser takes a bool only)
            raise TypeError(f"{name}() received an invalid combination of arguments - got {arg}="
                            f"{type(value).__name__}, but expected a bool")
    return dim, None if unbiased is None else bool(unbiased), bool(keepdim)


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
    else:
        correction = expect_number(name, correction, "correction")
    if _count(input._data.shape, dims) - correction <= 0:
        warnings.warn(f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the "
                      "reduction factor (input numel divided by output numel).", UserWarning,
                      stacklevel=user_stacklevel())
    return dims, correction


def _spread(name, op, input, dim, unbiased, keepdim, correction):
    """var or std (``op``: Var or Std) after PyTorch's checks of the arguments."""
    expect_tensor(name, input)
    dim, unbiased, keepdim = _var_args(name, dim, unbiased, keepdim)
    _expect_floating(input)
    dims, correction = _dof_checked(name, input, dim, unbiased, correction)
    return op.apply(input, dims, correction, keepdim)


def _with_mean(name, spread, input, dim, unbiased, keepdim, correction):
    """(``spread(...)``, the mean) over ``dim``, for var_mean and std_mean."""
    expect_tensor(name, input)
    dim, unbiased, keepdim = _var_args(name, dim, unbiased, keepdim)
    _expect_floating(input, name)
    outs = spread(input, dim, unbiased, keepdim, correction=correction), mean(input, dim, keepdim)
    node_name = "StdMeanBackward0" if name == "std_mean" else "VarMeanBackward0"
    for out in outs:  # (PyTorch's one node for both outputs is named so: each of minigrad's two is)
        if out._node is not None:
            out._node.torch_name = node_name
    return outs


@public
def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Variance over ``dim`` with Bessel's correction by default (``correction=1``)."""
    return _spread("var", Var, input, dim, unbiased, keepdim, correction)


@public
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Standard deviation: sqrt of ``var`` with the same arguments."""
    return _spread("std", Std, input, dim, unbiased, keepdim, correction)


@public(method=False)
def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(var, mean) over ``dim``."""
    return _with_mean("var_mean", var, input, dim, unbiased, keepdim, correction)


@public(method=False)
def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(std, mean) over ``dim``."""
    return _with_mean("std_mean", std, input, dim, unbiased, keepdim, correction)
