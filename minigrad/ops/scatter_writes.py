"""The scatter ops on arrays and their gradients: a copy of ``x`` with ``src`` (``Scatter``) or a number
(``ScatterValue``) written at ``index`` along ``dim``, or ``src`` added there (``ScatterAdd``); and the
index grid and gradient helpers they share with ``ScatterReduce`` (``scatter_reduction.py``). The
public functions, which check the arguments, are in ``scatter.py``.
"""
from .. import backends
from ..autograd.op import Op
from .gathering import Gather


def _grid(xp, index, dim):
    """The full index tuple for ``array[...] = values``: ``index`` along ``dim``, an open
    grid of positions along the other dims (a 0-d index picks one place of a 1-D array)."""
    nd = index.ndim
    if nd == 0:
        return (index,)
    idx = [xp.arange(n).reshape((1,) * k + (n,) + (1,) * (nd - k - 1)) for k, n in enumerate(index.shape)]
    idx[dim] = index
    return tuple(idx)


def _corner(src, shape):
    """The corner of ``src`` that the index covers (src may be larger than the index; a 0-d src
    is the one element of an index of one element; a 0-d index reads src's first element)."""
    if src.ndim == 0:
        return src
    if not shape:
        return src.reshape(-1)[:1].reshape(())
    return src[tuple(slice(0, n) for n in shape)]


def _copy(xp, x):
    """A copy of ``x`` to write into: an array even where ``x`` is a NumPy scalar (as the arithmetic of
    backward formulas makes of 0-d arrays)."""
    return x.copy() if x.ndim else xp.array(x)


def _writable(out):
    """``out`` itself, or for a 0-d ``out`` a 1-D view of its one element (which the index addresses)."""
    return out if out.ndim else out.reshape(1)


def _gathered(m, t, dim, index):
    """``t`` gathered at ``index`` along ``dim`` (the index may cover a corner of t only)."""
    if t.ndim == 0:
        t = t.reshape(1)
    if index.ndim == 0:  # (one element of a 1-D t)
        return m.op(Gather, t, 0, index.reshape(1)).reshape(())
    corner = tuple(slice(None) if k == dim else slice(0, n) for k, n in enumerate(index.shape))
    return m.op(Gather, t[corner], dim, index)


def _fitted(m, name, gs, src_shape):
    """src's gradient ``gs`` checked as PyTorch's engine checks an op's gradients: one shaped unlike src
    is an error unless src expands to it (a 0-d src read by an index of one element, a src of one
    element along a dim the empty index has none of), and is then summed back to src's shape."""
    gshape, src_shape = tuple(gs.shape), tuple(src_shape)
    if gshape == src_shape:
        return gs
    lead = len(gshape) - len(src_shape)
    if lead >= 0 and all(s in (1, n) for s, n in zip(src_shape, gshape[lead:])):
        return m.sum_to(gs, src_shape)
    raise RuntimeError(f"Function {name} returned an invalid gradient at index 1 - got "
                       f"{list(gshape)} but expected shape compatible with {list(src_shape)}")


def _src_grad(ctx, m, g):
    """``g`` gathered at the index: src's gradient."""
    return _fitted(m, ctx.name(), _gathered(m, g, ctx.dim, ctx.index), ctx.src_shape)


class Scatter(Op):
    """A copy of ``x`` with ``src`` written at ``index`` along ``dim``."""

    edge_args = slice(0, 2)  # (the edges of PyTorch's node)

    torch_name = "ScatterBackward0"

    @staticmethod
    def forward(ctx, x, src, dim, index):
        ctx.dim, ctx.index, ctx.src_shape = dim, index, src.shape
        out = _copy(ctx.xp, x)
        _writable(out)[_grid(ctx.xp, index, dim)] = _corner(src, index.shape)
        return out

    @staticmethod
    def backward(ctx, m, g):
        nx, ns = ctx.needs_input_grad[:2]
        gx = m.op(ScatterValue, g, 0, ctx.dim, ctx.index) if nx else None
        return gx, (_src_grad(ctx, m, g) if ns else None)


class ScatterValue(Op):
    """A copy of ``x`` with the number ``value`` written at ``index`` along ``dim``."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    torch_name = "ScatterBackward1"

    @staticmethod
    def forward(ctx, x, value, dim, index):
        ctx.dim, ctx.index = dim, index
        out = _copy(ctx.xp, x)
        _writable(out)[_grid(ctx.xp, index, dim)] = value
        return out

    @staticmethod
    def backward(ctx, m, g):
        return m.op(ScatterValue, g, 0, ctx.dim, ctx.index)


class ScatterAdd(Op):
    """A copy of ``x`` with ``src`` added at ``index`` along ``dim`` (repeated places accumulate)."""

    edge_args = slice(0, 2)  # (the edges of PyTorch's node)

    torch_name = "ScatterAddBackward0"

    @staticmethod
    def forward(ctx, x, src, dim, index):
        ctx.dim, ctx.index, ctx.src_shape = dim, index, src.shape
        out = _copy(ctx.xp, x)
        backends.for_module(ctx.xp).scatter_add(_writable(out), _grid(ctx.xp, index, dim), _corner(src, index.shape))
        return out

    @staticmethod
    def backward(ctx, m, g):
        nx, ns = ctx.needs_input_grad[:2]
        return (g if nx else None), (_src_grad(ctx, m, g) if ns else None)
