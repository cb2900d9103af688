"""The softmax family: softmax, log_softmax and logsumexp, computed stably (shifted by the max)."""
import warnings

from .. import dtypes as _dt
from ..autograd.namespace import provide
from ..autograd.node import Op
from ..tensor import _wrap_dim
from ._api import public
from ._util import norm_dims, to_float, expect_tensor


class Softmax(Op):
    """exp(x) / sum(exp(x)) along ``dim``."""

    saves_output = True

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        if x.size == 0:
            return x.copy()
        e = ctx.xp.exp(x - x.max(axis=dim, keepdims=True))
        return e / e.sum(axis=dim, keepdims=True)

    @staticmethod
    def backward(ctx, m, g, x, dim, y):
        return y * (g - m.sum(g * y, ctx.dim, keepdim=True))


class LogSoftmax(Op):
    """log(softmax(x)) along ``dim``."""

    saves_output = True

    @staticmethod
    def forward(ctx, x, dim):
        xp = ctx.xp
        ctx.dim = dim
        if x.size == 0:
            return x.copy()
        shifted = x - x.max(axis=dim, keepdims=True)
        return shifted - xp.log(xp.exp(shifted).sum(axis=dim, keepdims=True))

    @staticmethod
    def backward(ctx, m, g, x, dim, y):
        return g - m.exp(y) * m.sum(g, ctx.dim, keepdim=True)


class LogSumExp(Op):
    """log(sum(exp(x))) over ``dims``; the gradient is softmax-weighted."""

    torch_name = "LogsumexpBackward0"
    saves = (True,)
    saves_output = True

    @staticmethod
    def forward(ctx, x, dims, keepdim):
        xp = ctx.xp
        ctx.dims = dims
        ctx.keepdim = keepdim
        if x.size == 0:
            return xp.log(xp.exp(x).sum(axis=dims, keepdims=keepdim))
        mx = x.max(axis=dims, keepdims=True)
        mx = xp.where(xp.isfinite(mx), mx, 0)
        out = xp.log(xp.exp(x - mx).sum(axis=dims, keepdims=True)) + mx
        return out if keepdim else out.squeeze(dims)

    @staticmethod
    def backward(ctx, m, g, x, dims, keepdim, y):
        y = m.expand_reduced(y, x.shape, ctx.dims, ctx.keepdim)
        return m.expand_reduced(g, x.shape, ctx.dims, ctx.keepdim) * m.exp(x - y)


def _softmax_dim(ndim, dim):
    if dim is None:
        warnings.warn("Implicit dimension choice for softmax has been deprecated. "
                      "Change the call to include dim=X as an argument.", stacklevel=3)
        dim = 0 if ndim in (0, 1, 3) else 1
    return _wrap_dim(dim, ndim)


def _float_input(name, input, dim, dtype):
    """softmax's input in ``dtype`` if given; a float input as it is; an integer or bool one raises
    PyTorch's NotImplementedError (its kernels exist only for floating types)."""
    try:
        if dtype is not None:
            return to_float(input.to(_dt.to_dtype(dtype)))
        if input.is_floating_point():
            return input
    except AttributeError:  # checked only here, off the common path
        expect_tensor(name, input)
        raise
    ndim = input._data.ndim
    last = ndim == 0 or _softmax_dim(ndim, dim) == ndim - 1
    kernel = f"{name}_lastdim_kernel_impl" if last else f"{name}_kernel_impl"
    raise NotImplementedError(f"\"{kernel}\" not implemented for '{input.type().split('.')[-1][:-6]}'")


@public
def softmax(input, dim=None, dtype=None, **_stacklevel):
    """exp(x) / sum(exp(x)) along ``dim``, computed stably."""
    input = _float_input("softmax", input, dim, dtype)
    return Softmax.apply(input, _softmax_dim(input._data.ndim, dim))


@public
def log_softmax(input, dim=None, dtype=None, **_stacklevel):
    """log(softmax(x)) along ``dim``, computed stably."""
    input = _float_input("log_softmax", input, dim, dtype)
    return LogSoftmax.apply(input, _softmax_dim(input._data.ndim, dim))


@public
def logsumexp(input, dim, keepdim=False):
    """log(sum(exp(input))) over ``dim``, computed stably."""
    expect_tensor("logsumexp", input)
    input = to_float(input)
    return LogSumExp.apply(input, norm_dims(dim, input._data.ndim), keepdim)


def _array_softmax(xp):
    def softmax_(x, dim):
        e = xp.exp(x - x.max(axis=dim, keepdims=True))
        return e / e.sum(axis=dim, keepdims=True)
    return softmax_


provide("softmax", lambda x, dim: Softmax.apply(x, dim), _array_softmax)
