"""Integration by the trapezoidal rule: trapezoid (alias trapz) and cumulative_trapezoid, with
sample points ``x`` or a constant spacing ``dx``; composed of Tensor ops as PyTorch's, so the
gradients follow."""
import numbers

from ..tensor import Tensor, wrap
from .._int_arguments import _wrap_dim
from ._api import public
from ._util import expect_tensor
from ._operands import with_scalar_name
from .pieces import narrow, select
from .reduce import sum as _sum
from .scan import cumsum


def _checked(name, y, x, dim):
    expect_tensor(name, y, "y", 1)
    d = _wrap_dim(dim, y._data.ndim)
    if y._data.dtype.kind == "b" or (isinstance(x, Tensor) and x._data.dtype.kind == "b"):
        raise RuntimeError(f"{name}: received a bool input for `{'y' if y._data.dtype.kind == 'b' else 'x'}`, "
                           "but bool is not supported")
    return d


def _spacing(name, y, x, d):
    """The differences of the sample points ``x`` laid out along y's dim ``d``."""
    if x._data.ndim == 1:
        if x._data.shape[0] != y._data.shape[d]:
            raise RuntimeError(f"{name}: There must be one `x` value for each sample point")
        x = x.reshape(tuple(x._data.shape[0] if k == d else 1 for k in range(y._data.ndim)))
    elif x._data.ndim < y._data.ndim:
        x = x.reshape((1,) * (y._data.ndim - x._data.ndim) + tuple(x._data.shape))
    later, earlier = _neighbours(x, d)
    return later - earlier


def _neighbours(t, d):
    """(t without its first sample, t without its last) along ``d`` (both empty when t is)."""
    n = max(t.shape[d] - 1, 0)
    return narrow(t, d, t.shape[d] - n, n), narrow(t, d, 0, n)


def _pairs(y, d):
    """y's neighbouring samples added: the sums of each trapezoid's two sides."""
    later, earlier = _neighbours(y, d)
    return earlier + later


def _zeros_without(y, d):
    """Zeros of y's dtype, shaped like y without dim ``d``."""
    xp = y._device._get_backend().xp
    return wrap(xp.zeros(tuple(n for k, n in enumerate(y._data.shape) if k != d), y._data.dtype), y._device)


def _constant_spacing(name, x, dx):
    if x is not None:
        raise TypeError(f"{name}() received an invalid combination of arguments: x must be a Tensor "
                        f"(or give a number as dx=), got {type(x).__name__}")
    spacing = 1 if dx is None else dx
    if isinstance(spacing, bool) or not isinstance(spacing, numbers.Real):
        raise RuntimeError(f"{name}: Currently, we only support dx as a real number.")
    return float(spacing)


@public(method=False)
def trapezoid(y, x=None, *, dx=None, dim=-1):
    """The integral of the samples ``y`` along ``dim`` by the trapezoidal rule, at the sample
    points ``x`` (a tensor) or spaced ``dx`` apart (1 by default)."""
    d = _checked("trapezoid", y, x, dim)
    if y._data.shape[d] == 0:  # no samples: zero, as NumPy
        return _zeros_without(y, d)
    if isinstance(x, Tensor):
        return with_scalar_name(_sum(_pairs(y, d) * _spacing("trapezoid", y, x, d), d) / 2.0)
    spacing = _constant_spacing("trapezoid", x, dx)
    ends = select(y, d, 0) + select(y, d, -1)
    return with_scalar_name((_sum(y, d) - with_scalar_name(ends * 0.5)) * spacing)


@public(method=False)
def trapz(y, x=None, *, dx=None, dim=-1):
    """``trapezoid`` (its older name)."""
    return trapezoid(y, x, dx=dx, dim=dim)


@public(method=False)
def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """The running integral of ``y`` along ``dim`` by the trapezoidal rule (one value fewer than
    the samples), at the sample points ``x`` or spaced ``dx`` apart (1 by default)."""
    d = _checked("cumulative_trapezoid", y, x, dim)
    if isinstance(x, Tensor):
        return with_scalar_name(cumsum(_pairs(y, d) * _spacing("cumulative_trapezoid", y, x, d), d) / 2.0)
    return cumsum(with_scalar_name(_constant_spacing("cumulative_trapezoid", x, dx) / 2.0 * _pairs(y, d)), d)
