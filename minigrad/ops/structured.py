"""Matrices built from vectors: diagonal embeddings (diag_embed, diagflat, and the diagonals
of linalg.diagonal) and Vandermonde matrices (vander, linalg.vander)."""
from .. import dtypes as _dt
from ..autograd.op import Op
from ..tensor import wrap
from .._int_arguments import _wrap_dim
from ._api import public
from ._util import expect_int, expect_tensor
from .strided_views import DiagonalCopy, diagonal
from .join import cat, flip
from .shape import reshape, unsqueeze

@public
def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """A tensor with one more dim whose diagonals (over ``dim1``, ``dim2``, ``offset`` above the
    main one) hold the last dim of ``input``; zero elsewhere."""
    expect_tensor("diag_embed", input)
    offset = expect_int("diag_embed", offset, "offset", 2)
    nd = input.ndim + 1
    d1, d2 = _wrap_dim(dim1, nd), _wrap_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return DiagEmbed.apply(input, offset, None if (d1, d2) == (nd - 2, nd - 1) else (d1, d2))


def _diagonal_steps(n, offset):
    """(first, stop, step) of the ``offset``-th diagonal of n x n matrices in their flattened
    last two dims (size = n + |offset|): a strided slice, cheaper than gathering by index."""
    size = n + abs(offset)
    first = max(offset, 0) + max(-offset, 0) * size
    return first, first + n * (size + 1), size + 1


class DiagEmbed(Op):
    """The last dim of ``x`` on the ``offset``-th diagonal of two new dims (the last two, or ``dims``),
    zero elsewhere, row-major; the gradient is that diagonal of ``g``."""

    supports_complex = True

    @staticmethod
    def forward(ctx, x, offset, dims=None):
        ctx.offset, ctx.dims = offset, dims
        n = x.shape[-1]
        size = n + abs(offset)
        out = ctx.xp.zeros(x.shape[:-1] + (size * size,), x.dtype)
        first, stop, step = _diagonal_steps(n, offset)
        out[..., first:stop:step] = x
        out = out.reshape(x.shape[:-1] + (size, size))
        return out if dims is None else ctx.xp.ascontiguousarray(ctx.xp.moveaxis(out, (-2, -1), dims))

    @staticmethod
    def backward(ctx, m, g):
        if ctx.dims is not None:  # (the two dims back at the end)
            g = m.permute(g, [d for d in range(g.ndim) if d not in ctx.dims] + list(ctx.dims))
        return m.op(DiagonalOf, g, ctx.offset)


class DiagonalOf(Op):
    """The ``offset``-th diagonal of the last two dims of a square ``g`` (diag_embed's gradient);
    its own gradient embeds it back."""

    supports_complex = True

    @staticmethod
    def forward(ctx, g, offset):
        ctx.offset = offset
        size = g.shape[-1]
        first, stop, step = _diagonal_steps(size - abs(offset), offset)
        return g.reshape(g.shape[:-2] + (size * size,))[..., first:stop:step]

    @staticmethod
    def backward(ctx, m, gg):
        return m.op(DiagEmbed, gg, ctx.offset)


@public
def diagflat(input, offset=0):
    """A 2-D tensor with the flattened ``input`` on its ``offset``-th diagonal."""
    expect_tensor("diagflat", input)
    return DiagEmbed.apply(reshape(input, (-1,)), offset)


def linalg_diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """The ``offset``-th diagonals over ``dim1`` and ``dim2`` (the last two by default): torch.linalg.diagonal."""
    expect_tensor("diagonal", A, "A")
    return diagonal(A, offset, dim1, dim2)


def linalg_vander(x, *, N=None):
    """The powers x^0, x^1, ..., x^(N-1) of each element, as a new last dim (N defaults to
    x's last size): torch.linalg.vander. Each power is the previous one times x, as PyTorch's
    cumulative product (integers give int64)."""
    expect_tensor("vander", x, "x")
    if x.dtype is _dt.bool:
        raise RuntimeError("linalg.vander supports floating point, complex, and integer tensors, but got Bool")
    if N is None:
        N = x.shape[-1] if x.ndim else 1
    if N <= 1:
        raise RuntimeError("N must be greater than 1.")
    if x.dtype.category == 1 and x.dtype is not _dt.int64:  # (integers become int64, as PyTorch's cumprod)
        x = x.to(_dt.int64)
    x = unsqueeze(x, -1) if x.ndim else reshape(x, (1, 1))
    powers = [_ones_like(x), x]
    for _ in range(N - 2):
        powers.append(powers[-1] * x)
    return cat(powers, -1)


@public(method=False)
def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of a 1-D ``x``: columns x^(N-1), ..., x^1, x^0 (the other way
    round when ``increasing``); N defaults to len(x). Integers and bools become int64."""
    expect_tensor("vander", x, "x")
    if x.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    N = x.shape[0] if N is None else expect_int("vander", N, "N", 2)
    if N < 0:
        raise RuntimeError("N must be non-negative.")
    if not x.dtype.is_floating_point and x.dtype is not _dt.int64:
        x = x.to(_dt.int64)
    x = unsqueeze(x, 1)
    if N <= 1:  # (no power of x: a new tensor outside the graph, as PyTorch's)
        xp = x._device._get_backend().xp
        return wrap(xp.ones((x.shape[0], N), x._data.dtype), x._device)
    powers = [_ones_like(x), x]
    for _ in range(N - 2):
        powers.append(powers[-1] * x)
    out = cat(powers, 1)
    return out if increasing else flip(out, 1)


def _ones_like(x):
    xp = x._device._get_backend().xp
    return wrap(xp.ones(x.shape, x._data.dtype), x._device)


@public
def diag(input, diagonal=0):
    """A 2-D tensor with the 1-D ``input`` on its ``diagonal``-th diagonal (``diag_embed``), or the
    ``diagonal``-th diagonal of a 2-D ``input`` (a copy)."""
    expect_tensor("diag", input)
    diagonal = int(expect_int("diag", diagonal, "diagonal", 2))
    nd = input._data.ndim
    if nd == 2:
        return DiagonalCopy.apply(input, diagonal, 0, 1)
    if nd != 1:
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {nd}D")
    return diag_embed(input, diagonal)
