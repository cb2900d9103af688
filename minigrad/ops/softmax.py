"""The softmax family: softmax, log_softmax and logsumexp, computed stably (shifted by the max)."""

from .. import dtypes as _dt
from .._array_layout import row_major_reduction
from ..autograd.namespace import provide
from ..autograd.op import Op
from ..kernels import softmax as _kernels
from .._int_arguments import _wrap_dim
from ._api import public
from ._util import expect_tensor
from ._dims import norm_dims
from ._operands import to_float
from ._saved_fields import reduced_dims, reduced_keepdim


class Softmax(Op):
    """exp(x) / sum(exp(x)) along ``dim``."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    saves = (False, True)  # (the output alone, as PyTorch's: saved-tensor hooks pack one Tensor)
    saves_output = True
    saved_names = ("self", "dim")

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        x = ctx.xp.ascontiguousarray(x) if x.ndim else x  # (a contiguous output, as PyTorch's)
        if x.size == 0:
            return x.copy()
        return _kernels.softmax(ctx.xp, x, dim)

    @staticmethod
    def backward(ctx, m, g, x, dim, y):
        return y * (g - m.sum(g * y, ctx.dim, keepdim=True))


class LogSoftmax(Op):
    """log(softmax(x)) along ``dim``.

    Forward keeps its ``exp(x - max)`` and their sum (``ctx.exps``): on arrays backward's softmax
    is read from them, one pass instead of exp's two (``m.softmax_times``).
    """

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)

    saves = (False, True)  # (the output alone, as PyTorch's)
    saves_output = True
    saved_names = ("self", "dim")

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        x = ctx.xp.ascontiguousarray(x) if x.ndim else x  # (a contiguous output, as PyTorch's)
        if x.size == 0:
            y = x.copy()
            ctx.exps = (y, y)  # (nothing to scale)
            return y
        if x.dtype.itemsize == 2:  # (float16: in float32, as PyTorch's kernels)
            y, e, total = _kernels.half_log_softmax(ctx.xp, x, dim)
            ctx.exps = (e, total)
            return y
        shifted, e, total = _kernels.exp_shifted(ctx.xp, x, dim)
        ctx.exps = (e, total)
        shifted -= ctx.xp.log(total)  # (shifted is ours: the output in place)
        return shifted

    @staticmethod
    def backward(ctx, m, g, x, dim, y):
        return g - m.softmax_times(ctx.exps, lambda: m.exp(y), m.sum(g, ctx.dim, keepdim=True))


class LogSumExp(Op):
    """log(sum(exp(x))) over ``dims``; the gradient is softmax-weighted."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    torch_name = "LogsumexpBackward0"
    saves = (True,)
    saves_output = True
    saved_fields = {"dim": reduced_dims, "keepdim": reduced_keepdim}

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
        return row_major_reduction(x, out if keepdim else out.squeeze(dims), dims, keepdim)

    @staticmethod
    def backward(ctx, m, g, x, dims, keepdim, y):
        y = m.expand_reduced(y, x.shape, ctx.dims, ctx.keepdim)
        return m.expand_reduced(g, x.shape, ctx.dims, ctx.keepdim) * m.exp(x - y)


def _softmax_dim(ndim, dim, name="softmax"):
    if dim is None:  # (nn.functional's softmax chooses a dim for None; torch.softmax has no default)
        raise TypeError(f"{name}(): argument 'dim' must be int, not NoneType")
    return _wrap_dim(dim, ndim)


def _float_input(name, input, dim, dtype):
    """softmax's input in ``dtype`` if given; a float input as it is; an integer or bool one raises
    PyTorch's NotImplementedError (its kernels exist only for floating types)."""
    try:
        if dtype is None:
            if input._data.dtype.kind == "f":  # (is_floating_point's test, without its call)
                return input
        else:
            input = input.to(_dt.to_dtype(dtype))
            if input.is_floating_point() or input.is_complex():
                return input
    except AttributeError:  # checked only here, off the common path
        expect_tensor(name, input)
        raise
    ndim = input._data.ndim
    last = ndim == 0 or _softmax_dim(ndim, dim, name) == ndim - 1
    kernel = f"{name}_lastdim_kernel_impl" if last else f"{name}_kernel_impl"
    raise NotImplementedError(f"\"{kernel}\" not implemented for '{input.type().split('.')[-1][:-6]}'")


@public
def softmax(input, dim, dtype=None):
    """exp(x) / sum(exp(x)) along ``dim``, computed stably."""
    input = _float_input("softmax", input, dim, dtype)
    return Softmax.apply(input, _softmax_dim(input._data.ndim, dim))


@public
def log_softmax(input, dim, dtype=None):
    """log(softmax(x)) along ``dim``, computed stably."""
    input = _float_input("log_softmax", input, dim, dtype)
    return LogSoftmax.apply(input, _softmax_dim(input._data.ndim, dim, "log_softmax"))


@public
def logsumexp(input, dim, keepdim=False):
    """log(sum(exp(input))) over ``dim``, computed stably."""
    expect_tensor("logsumexp", input)
    if dim is None:
        raise TypeError("logsumexp(): argument 'dim' must be tuple of ints, not NoneType")
    input = to_float(input)
    return LogSumExp.apply(input, norm_dims(dim, input._data.ndim), keepdim)


provide("softmax", lambda x, dim: Softmax.apply(x, dim), lambda xp: lambda x, dim: _kernels.softmax(xp, x, dim))


def _array_softmax_times(xp):
    def softmax_times(exps, recompute, factor):
        e, total = exps
        return e * (factor / total)  # one pass over e (factor and total have one value per row)
    return softmax_times


# m.softmax_times(exps, recompute, factor): softmax times ``factor`` (broadcast along the softmax's dim).
# On arrays from ``exps``, the (exp(x - max), its sum) that forward kept; on Tensors (create_graph)
# ``recompute()`` gives the softmax as recorded Tensor ops, so that it is differentiated too.
provide("softmax_times", lambda exps, recompute, factor: recompute() * factor, _array_softmax_times)
