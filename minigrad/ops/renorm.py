"""``renorm``: each slice along a dim whose p-norm exceeds ``maxnorm`` scaled down to it, with
PyTorch's gradient (its norm_backward for the slice norms).
"""
from ..autograd.op import Op
from ..autograd.namespace import array_math
from ..tensor import Tensor
from .._int_arguments import _wrap_dim
from ._api import public
from ._util import expect_number
from .inplace import unary_inplace


class Renorm(Op):
    """Each slice along ``dim`` whose ``p``-norm exceeds ``maxnorm`` scaled down to it (by
    ``maxnorm / (norm + 1e-7)``); PyTorch's gradient formula, zero where a slice's norm is zero."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    saves = (True,)
    torch_name = "RenormBackward0"

    @staticmethod
    def forward(ctx, x, p, dims, maxnorm):
        ctx.p, ctx.dims, ctx.maxnorm = p, dims, maxnorm
        ctx.single = all(x.shape[k] == 1 for k in dims)
        norm = _slice_norms(array_math(ctx.xp), x, p, dims, ctx.single)
        big = norm > maxnorm
        factor = ctx.xp.where(big, maxnorm / (norm + 1e-7), 1.0).astype(x.dtype, copy=False)
        return x * factor

    @staticmethod
    def backward(ctx, m, g, x, p, dims, maxnorm):
        dims, p, maxnorm = ctx.dims, ctx.p, ctx.maxnorm
        norm = _slice_norms(m, x, p, dims, ctx.single)
        inverse = 1.0 / (norm + 1e-7)
        factor = inverse * maxnorm
        scaled = factor * g - factor * inverse * _norm_backward(m, m.sum(x * g, dims, keepdim=True), x, p, norm, dims)
        return m.where(norm > maxnorm, scaled, g)


def _norm_backward(m, g, x, p, norm, dims):
    """``g`` (kept dims) times the derivative of the p-norm of the slices of x, as PyTorch's
    norm_backward writes it (zero where a slice's norm is zero)."""
    ax = m.abs(x)
    if p == float("inf"):
        at_max = m.cast(ax == norm, g.dtype)
        return m.sign(x) * (g / m.sum(at_max, dims, keepdim=True) * at_max)
    if p == 1:
        return m.sign(x) * g
    if p < 1:
        return m.where(x == 0, 0.0, m.sign(x) * ax ** (p - 1)) * g * norm ** (1 - p)
    scale = m.where(norm == 0, 0.0, g / (norm if p == 2 else norm ** (p - 1)))
    if p == 2:
        return x * scale
    return (m.sign(x) * ax ** (p - 1) if p < 2 else x * ax ** (p - 2)) * scale


class _MaxAbs(Op):
    """max |x| over ``dims`` (kept): a constant of renorm's backward."""

    @staticmethod
    def forward(ctx, x, dims):
        return ctx.xp.abs(x).max(axis=dims, keepdims=True)

    @staticmethod
    def backward(ctx, m, g):
        return None


def _slice_norms(m, x, p, dims, single):
    """The ``p``-norms of the slices of x (``dims`` reduced, kept). A slice of one element has
    norm |x| (PyTorch's reduction skips the powers then, which would underflow)."""
    if single:
        return m.abs(x)
    if p == float("inf"):
        return m.op(_MaxAbs, x, dims)
    if p == 1:
        return m.sum(m.abs(x), dims, keepdim=True)
    if p == 2:
        return m.sqrt(m.sum(x * x, dims, keepdim=True))
    return m.sum(m.abs(x) ** p, dims, keepdim=True) ** (1.0 / p)


@public
def renorm(input, p, dim, maxnorm):
    """``input`` with every slice along ``dim`` whose ``p``-norm exceeds ``maxnorm`` scaled down to
    norm ``maxnorm``."""
    if not isinstance(input, Tensor):
        raise TypeError(f"renorm(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    nd = input._data.ndim
    if nd <= 1:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {nd} dimensions")
    p, maxnorm = expect_number("renorm", p, "p", 2), expect_number("renorm", maxnorm, "maxnorm", 4)
    if p <= 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm}")
    if input._data.dtype.kind != "f":
        raise RuntimeError(f"\"renorm_out\" not implemented for '{input.dtype._torch_name[:-6]}'")
    d = _wrap_dim(dim, nd)
    empty = [k for k in range(nd) if k != d and input._data.shape[k] == 0]
    if p == float("inf") and empty:
        raise RuntimeError(f"linalg.vector_norm cannot compute the inf norm on the dimension {empty[0]}because "
                           "this dimension is empty and the operation does not have an identity")
    return Renorm.apply(input, float(p), tuple(k for k in range(nd) if k != d), float(maxnorm))


unary_inplace(renorm, "renorm_")
