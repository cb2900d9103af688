"""Views of a tensor's own elements that slicing cannot make, each a strided view of its array
whose writes reach the input: ``diagonal`` (and ``diag``'s copy) and ``Tensor.unfold``'s windows.
Each gradient is the view's adjoint (zeros with the gradient added where the view read), whose
gradient is the view again."""
from ..autograd.op import Op
from .._int_arguments import _wrap_dim
from ._api import public, method
from ._util import expect_int, expect_tensor
from .shape import reshape
from .strided import copy_of


# ---------------------------------------------------------------------- diagonals
def diagonal_view(xp, x, offset, d1, d2):
    """The ``offset``-th diagonal of array ``x`` over dims ``d1``, ``d2`` (moved to the end, one last
    dim): a strided view whose writes reach ``x``, as PyTorch's diagonal."""
    y = xp.moveaxis(x, (d1, d2), (-2, -1))
    r0, c0 = max(-offset, 0), max(offset, 0)
    n = max(min(y.shape[-2] - r0, y.shape[-1] - c0), 0)
    corner = y[..., r0:r0 + n, c0:c0 + n]
    return xp.lib.stride_tricks.as_strided(corner, corner.shape[:-2] + (n,),
                                           corner.strides[:-2] + (corner.strides[-2] + corner.strides[-1],))


class Diagonal(Op):
    """The elements x[..., i, i + offset] over two dims, a view; the gradient is ``g`` on that
    diagonal of zeros (DiagonalGrad, whose gradient is this op again)."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    is_view = True
    torch_name = "DiagonalBackward0"
    supports_complex = True

    def view_fn(ctx, out_shape):
        return lambda a, m: m.op(Diagonal, a, *ctx.where)

    @staticmethod
    def forward(ctx, x, offset, d1, d2):
        ctx.where, ctx.in_shape = (offset, d1, d2), x.shape
        return diagonal_view(ctx.xp, x, offset, d1, d2)

    @staticmethod
    def backward(ctx, m, g):
        return m.op(DiagonalGrad, g, ctx.in_shape, *ctx.where)


DiagonalCopy = copy_of(Diagonal, "DiagonalBackward0_copy", "``diag`` of a matrix: the diagonal as a new tensor.")


class DiagonalGrad(Op):
    """Zeros of ``in_shape`` with ``g`` on the diagonal: the adjoint of Diagonal."""

    supports_complex = True

    @staticmethod
    def forward(ctx, g, in_shape, offset, d1, d2):
        ctx.where = (offset, d1, d2)
        out = ctx.xp.zeros(in_shape, g.dtype)
        diagonal_view(ctx.xp, out, offset, d1, d2)[...] = g
        return out

    @staticmethod
    def backward(ctx, m, h):
        return m.op(Diagonal, h, *ctx.where)


def diagonal_index(name, input, offset, dim1, dim2):
    """The dims ``d1, d2`` of a diagonal (checked, wrapped) and the row and column index arrays of
    its elements once those dims are moved to the end (diagonal_scatter's)."""
    d1, d2 = _diagonal_dims(name, input, dim1, dim2)
    rows, cols = input._data.shape[d1], input._data.shape[d2]
    start_r, start_c = max(-offset, 0), max(offset, 0)
    length = max(min(rows - start_r, cols - start_c), 0)
    xp = input._device._get_backend().xp
    return d1, d2, xp.arange(length) + start_r, xp.arange(length) + start_c


def _diagonal_dims(name, input, dim1, dim2):
    expect_tensor(name, input)
    nd = input._data.ndim
    d1, d2 = _wrap_dim(dim1, nd), _wrap_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return d1, d2


@public
def diagonal(input, offset=0, dim1=0, dim2=1):
    """The elements ``input[..., i, i + offset]`` over the dims ``dim1`` and ``dim2`` (moved to
    the end: they become one last dim), a view: writing into it writes into ``input``."""
    d1, d2 = _diagonal_dims("diagonal", input, dim1, dim2)
    return Diagonal.apply(input, expect_int("diagonal", offset, "offset", 2), d1, d2)


# ---------------------------------------------------------------------- windows
def window_view(xp, x, d, size, step):
    """Every window of ``size`` elements ``step`` apart along dim ``d`` of array ``x``, as a new
    last dim: a strided view whose writes reach ``x`` (PyTorch's Tensor.unfold)."""
    count = (x.shape[d] - size) // step + 1
    shape = x.shape[:d] + (count,) + x.shape[d + 1:] + (size,)
    strides = x.strides[:d] + (x.strides[d] * step,) + x.strides[d + 1:] + (x.strides[d],)
    return xp.lib.stride_tricks.as_strided(x, shape, strides)


class Unfold(Op):
    """The windows of x along a dim (a view); the gradient adds each window's gradient back at
    the elements it read (UnfoldGrad, whose gradient is this op again)."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)
    is_view = True
    torch_name = "UnfoldBackward0"

    def view_fn(ctx, out_shape):
        return lambda a, m: m.op(Unfold, a, *ctx.where)

    @staticmethod
    def forward(ctx, x, d, size, step):
        ctx.where, ctx.in_shape = (d, size, step), x.shape
        return window_view(ctx.xp, x, d, size, step)

    @staticmethod
    def backward(ctx, m, g):
        return m.op(UnfoldGrad, g, ctx.in_shape, *ctx.where)


class UnfoldGrad(Op):
    """Zeros of ``in_shape`` with each window of ``g`` added where it was read: Unfold's adjoint."""

    torch_name = "UnfoldBackwardBackward0"

    @staticmethod
    def forward(ctx, g, in_shape, d, size, step):
        ctx.where = (d, size, step)
        out = ctx.xp.zeros(in_shape, g.dtype)
        count = g.shape[d]
        lead = (slice(None),) * d
        for k in range(size):  # the k-th element of every window: distinct elements, one slice
            out[lead + (slice(k, k + (count - 1) * step + 1, step),)] += g[..., k]
        return out

    @staticmethod
    def backward(ctx, m, h):
        return m.op(Unfold, h, *ctx.where)


def unfold(self, dimension, size, step):
    """Every window of ``size`` elements taken ``step`` apart along ``dimension``, as a new last
    dimension (Tensor.unfold: image patches with ``x.unfold(2, p, p).unfold(3, p, p)``): a view,
    as PyTorch's; the gradient adds up overlapping windows."""
    expect_tensor("unfold", self)
    size, step = expect_int("unfold", size, "size", 2), expect_int("unfold", step, "step", 3)
    ndim = self._data.ndim
    d = _wrap_dim(dimension, max(ndim, 1))
    length = self._data.shape[d] if ndim else 1
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if size > length:
        raise RuntimeError(f"maximum size for tensor at dimension {d} is {length} but size is {size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    if ndim == 0:
        return reshape(self, (1,))[:size]
    return Unfold.apply(self, d, size, step)


method("unfold", unfold)
