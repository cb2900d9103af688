"""Indexed writes, as functions: put (with take, its read, at flat positions), index_put,
masked_scatter, select_scatter, slice_scatter, diagonal_scatter, and the in-place forms PyTorch
has (``put_``, ``index_put_``, ``masked_scatter_``). The writes along a dim (index_add,
index_copy, index_fill, index_reduce) are ``index_along.py``; the reads by index ``gathering.py``.

Every write is one of two ops on an index tuple (what ``array[idx]`` takes): ``Write`` (a copy
with values written at idx: the input's gradient is ``g`` with those places zeroed, the values'
is ``g[idx]``) and ``WriteAdd`` (values added, repeated places accumulating: the input's gradient
is ``g``). Both gradients are themselves indexing, so they differentiate again. (index_fill with
a 0-d tensor value is a third, ``IndexFillTensor``: the value's gradient is a sum.)
"""
from .. import backends, dtypes as _dt
from ..autograd.op import Op
from ..tensor import Tensor
from .._int_arguments import _wrap_dim
from ._api import public, method
from ._util import _type_name, expect_tensor
from ._broadcast_shapes import broadcast_shapes
from .advanced_index import IndexBackward
from .index import getitem
from .index_conversion import convert_index, check_bounds
from .strided_views import diagonal_index
from .inplace_tracking import expanded_write, leaf_first
from .scatter import _in_place
from .broadcast import expand
from .shape import reshape
from .layout import copied


def _named(out, torch_name):
    """``out`` with its node named as PyTorch names it."""
    if out._node is not None:
        out._node.torch_name = torch_name
    return out


def _write_at(ctx, x, values, idx, order):
    """A copy of ``x`` (NumPy ``order``) with ``values`` written at ``idx``; ``ctx.keep`` marks the
    places kept."""
    ctx.idx = idx
    ctx.keep = ctx.xp.ones(x.shape, bool)
    ctx.keep[idx] = False
    out = copied(x, order)
    out[idx] = values
    return out


class Write(Op):
    """A copy of ``x`` (NumPy ``order``) with ``values`` (broadcast) written at ``idx``."""

    edge_args = slice(0, 2)  # (the edges of PyTorch's node)

    def name(self):
        return self.torch_name

    @staticmethod
    def forward(ctx, x, values, idx, order="C"):
        ctx.values_shape = values.shape
        return _write_at(ctx, x, values, idx, order)

    @staticmethod
    def backward(ctx, m, g):
        nx, nv = ctx.needs_input_grad[:2]
        gx = m.masked(ctx.keep, g) if nx else None
        gv = m.sum_to(g[ctx.idx], ctx.values_shape) if nv else None
        return gx, gv


class WriteAdd(Op):
    """A copy of ``x`` (NumPy ``order``) with ``alpha * values`` (broadcast) added at ``idx``; repeated places add up.
    A complex alpha scales the values' gradient unconjugated, as PyTorch's formula does."""

    edge_args = slice(0, 2)  # (the edges of PyTorch's node)

    supports_complex = True

    def name(self):
        return self.torch_name

    @staticmethod
    def forward(ctx, x, values, idx, alpha, order="C"):
        ctx.idx, ctx.values_shape, ctx.alpha = idx, values.shape, alpha
        out = copied(x, order)
        values = ctx.xp.broadcast_to(values if alpha == 1 else values * alpha, out[idx].shape)
        backends.for_module(ctx.xp).scatter_add(out, idx, values)
        return out

    @staticmethod
    def backward(ctx, m, g):
        nx, nv = ctx.needs_input_grad[:2]
        gv = None
        if nv:
            gv = g[ctx.idx]
            gv = m.sum_to(gv if ctx.alpha == 1 else gv * ctx.alpha, ctx.values_shape)
        return (g if nx else None), gv


class IndexFillTensor(Op):
    """index_fill with a 0-d tensor value: its gradient is the sum of ``g`` over the filled places."""

    torch_name = "IndexFillBackward1"

    @staticmethod
    def forward(ctx, x, value, idx, order="C"):
        return _write_at(ctx, x, value, idx, order)

    @staticmethod
    def backward(ctx, m, g):
        nx, nv = ctx.needs_input_grad[:2]
        gx = m.masked(ctx.keep, g) if nx else None
        gv = m.sum(m.masked(~ctx.keep, g), tuple(range(g.ndim))) if nv else None
        return gx, gv


def _write(input, values, idx, torch_name, accumulate=False, alpha=1, order="C"):
    """``input`` with ``values`` written (or added) at ``idx``, its node named ``torch_name``; the
    copy row-major or, with ``order`` "preserve", laid out as ``input`` (PyTorch's ``preserve_format``)."""
    op = WriteAdd if accumulate else Write
    args = (input, values, idx, alpha, order) if accumulate else (input, values, idx, order)
    return _named(op.apply(*args), torch_name)


# ------------------------------------------------------------------ flat indices: take, put
def _flat_index(name, input, index):
    """``index`` (an integer tensor of flat positions, negative ones from the end) as a
    non-negative index array, after PyTorch's checks."""
    expect_tensor(name, index, "index", 2)
    if index._data.dtype != _dt.int64.np:
        raise RuntimeError(f"{name}(): Expected a long tensor for index, but got {index.dtype._torch_name[:-6]}")
    n = input._data.size
    idx = index._data.reshape(-1)
    if idx.size:
        lo, hi = int(idx.min().item()), int(idx.max().item())
        if lo < -n or hi >= n:
            bad = hi if hi >= n else lo
            raise IndexError(f"out of range: tried to access index {bad} on a tensor of {n} elements.")
    return idx % n if n else idx


class Take(Op):
    """The elements of ``x`` at flat positions ``idx`` (shaped like the index)."""

    edge_args = slice(0, 1)  # (the edges of PyTorch's node)

    torch_name = "TakeBackward0"

    @staticmethod
    def forward(ctx, x, idx, shape):
        ctx.in_shape, ctx.idx = x.shape, idx
        return x.reshape(-1)[idx].reshape(shape)

    @staticmethod
    def backward(ctx, m, g):
        n = 1
        for s in ctx.in_shape:
            n *= s
        return m.op(IndexBackward, g.reshape(-1), (n,), (ctx.idx,), False).reshape(ctx.in_shape)


@public
def take(input, index):
    """The elements of ``input`` read as a flat 1-D tensor at ``index`` (shaped like the index;
    negative indices count from the end)."""
    expect_tensor("take", input)
    idx = _flat_index("take", input, index)
    return Take.apply(input, idx, index._data.shape)


@public
def put(input, index, source, accumulate=False):
    """A copy of ``input`` with the elements of ``source`` written (or, with ``accumulate``, added)
    at the flat positions ``index``."""
    expect_tensor("put", input)
    expect_tensor("put", source, "source", 3)
    idx = _flat_index("put", input, index)
    if source._data.size != idx.size:
        raise IndexError(f"put_(): Expected source and index to have the same number of elements, but got "
                           f"source.numel() = {source._data.size}, index.numel() = {idx.size}")
    if source.dtype is not input.dtype:
        raise RuntimeError(f"put_(): self and source expected to have the same dtype, but got self.dtype = "
                           f"{input.dtype._torch_name[:-6]} and source.dtype = {source.dtype._torch_name[:-6]}")
    order = "preserve"
    if input._data.ndim > 1 and not input._data.flags.c_contiguous:  # (written in place of input's layout)
        at = input._device._get_backend().xp.unravel_index(idx, input._data.shape)
        return _write(input, reshape(source, (-1,)), at, "PutBackward0", accumulate, order=order)
    flat = _write(reshape(input, (-1,)), reshape(source, (-1,)), (idx,), "PutBackward0", accumulate)
    return _named(reshape(flat, input._data.shape), "PutBackward0") if input._data.ndim != 1 else flat


def put_(self, index, source, accumulate=False):
    """In-place ``put``; returns self."""
    try:
        put(self, index, source, accumulate)  # (its checks)
    except Exception as error:  # noqa: BLE001: re-raised, or the leaf's error first
        leaf_first(self, error)
    return _in_place(self, lambda t, s: put(t, index, s, accumulate), source)


method("put_", put_)


# ------------------------------------------------------------------ index_put, masked_scatter
def _index_tuple(input, indices):
    """The backend index tuple of index_put's tuple of index tensors, checked as PyTorch checks it."""
    if not isinstance(indices, (tuple, list)):
        raise TypeError(f"index_put(): argument 'indices' must be tuple of Tensors, not {type(indices).__name__}")
    for k, i in enumerate(indices):
        if not isinstance(i, Tensor):
            raise TypeError(f"expected Tensor as element {k} in argument 1, but got {type(i).__name__}")
    idx, _ = convert_index(tuple(indices), input)
    idx = tuple(i.item() if hasattr(i, "ndim") and i.ndim == 0 and i.dtype.kind in "iu" else i for i in idx)
    check_bounds(input._data.shape, idx, False)
    return tuple(input._device._get_backend().xp.asarray([i]) if isinstance(i, int) else i for i in idx)


@public
def index_put(input, indices, values, accumulate=False):
    """A copy of ``input`` with ``values`` written (or, with ``accumulate``, added) at
    ``input[indices]``: ``indices`` is a tuple of index tensors, as in ``input[indices] = values``."""
    expect_tensor("index_put", input)
    expect_tensor("index_put", values, "values", 3)
    if accumulate.__class__ is not bool:  # (not even a NumPy bool, as PyTorch's parser for this one)
        raise TypeError(f"index_put_(): argument 'accumulate' must be bool, not {_type_name(accumulate)}")
    idx = _index_tuple(input, indices)
    if values.dtype is not input.dtype:
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got "
                           f"{input.dtype._torch_name[:-6]} for the destination and "
                           f"{values.dtype._torch_name[:-6]} for the source.")
    target = tuple(input._data[idx].shape)
    shape = tuple(values._data.shape)
    extra = len(shape) - len(target)
    if extra > 0 and all(s == 1 for s in shape[:extra]):  # leading ones go, as in x[idx] = values
        values, shape = reshape(values, shape[extra:]), shape[extra:]
    try:
        fits = len(shape) <= len(target) and broadcast_shapes(shape, target) == target
    except RuntimeError:
        fits = False
    if not fits:
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(values._data.shape)} cannot be broadcast "
                           f"to indexing result of shape {list(target)}")
    return _write(input, values, idx, "IndexPutBackward0", accumulate, order="preserve")


@public
def index_put_(input, indices, values, accumulate=False):
    """In-place ``index_put``; returns input."""
    try:
        index_put(input, indices, values, accumulate)  # (its checks)
    except Exception as error:  # noqa: BLE001: re-raised, or the leaf's error first
        leaf_first(input, error)
    return _in_place(input, lambda t, v: index_put(t, indices, v, accumulate), values,
                     expanded_write(input, "index_put_", ("indices", "tensor")))


@public
def masked_scatter(input, mask, source):
    """A copy of ``input`` (broadcast with ``mask``) with the elements of ``source``, in order,
    written where ``mask`` is True."""
    expect_tensor("masked_scatter", input)
    expect_tensor("masked_scatter", mask, "mask", 2)
    expect_tensor("masked_scatter", source, "source", 3)
    if mask._data.dtype.kind != "b":
        raise RuntimeError(f"masked_scatter_ only supports boolean masks, but got mask with dtype "
                           f"{mask.dtype._torch_name[:-6]}")
    if source.dtype is not input.dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but got"
                           f"{input.dtype._torch_name[:-6]} and {source.dtype._torch_name[:-6]}")
    shape = broadcast_shapes(tuple(mask._data.shape), tuple(input._data.shape))  # (PyTorch's order, as its error)
    xp = input._device._get_backend().xp
    picked = xp.broadcast_to(mask._data, shape)
    count = int(picked.sum().item())
    if count > source._data.size:
        raise RuntimeError("Number of elements of source < number of ones in mask")
    out = Write.apply(expand(input, shape) if tuple(input._data.shape) != shape else input,
                      getitem(reshape(source, (-1,)), slice(0, count)), (picked,))
    return _named(out, "MaskedScatterBackward0")  # (source's gradient: zero beyond the first count)


def masked_scatter_(self, mask, source):
    """In-place ``masked_scatter`` (``mask`` broadcasts to self's shape); returns self."""
    expect_tensor("masked_scatter_", mask, "mask", 2)
    expand(mask, tuple(self._data.shape))  # (PyTorch's check, with its errors: mask expands to self's shape)
    masked_scatter(self, mask, source)  # (its checks)
    return _in_place(self, lambda t, s: masked_scatter(t, mask, s), source)


method("masked_scatter_", masked_scatter_)


# ------------------------------------------------------------------ into a view: select/slice/diagonal_scatter
def _region(name, input, src, idx, torch_name):
    expect_tensor(name, input)
    expect_tensor(name, src, "src", 2)
    region = input._data[idx].shape
    if tuple(src._data.shape) != tuple(region):
        raise RuntimeError(f"expected src to have a size equal to the slice of self. src size = "
                           f"{list(src._data.shape)}, slice size = {list(region)}")
    if src.dtype is not input.dtype:
        src = src.to(input.dtype)
    return _write(input, src, idx, torch_name, order="preserve")  # (PyTorch's copy keeps input's layout)


@public
def select_scatter(input, src, dim, index):
    """A copy of ``input`` with ``src`` written into ``input.select(dim, index)``."""
    expect_tensor("select_scatter", input)
    d = _wrap_dim(dim, input._data.ndim)
    n = input._data.shape[d]
    if not -n <= index < n:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(input._data.shape)} at "
                         f"dimension {d}")
    return _region("select_scatter", input, src, (slice(None),) * d + (index % n,), "SelectScatterBackward0")


@public
def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    """A copy of ``input`` with ``src`` written into the slice ``start:end:step`` along ``dim``."""
    expect_tensor("slice_scatter", input)
    d = _wrap_dim(dim, input._data.ndim)
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    return _region("slice_scatter", input, src, (slice(None),) * d + (slice(start, end, step),),
                   "SliceScatterBackward0")


@public
def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    """A copy of ``input`` with ``src`` written into ``input.diagonal(offset, dim1, dim2)``."""
    d1, d2, r, c = diagonal_index("diagonal_scatter", input, offset, dim1, dim2)
    return _region("diagonal_scatter", input, src, _diagonal_at(input, d1, d2, r, c), "DiagonalScatterBackward0")


def _diagonal_at(input, d1, d2, rows, cols):
    """An index of ``input`` whose elements are its diagonal over ``d1``, ``d2`` (at ``rows``, ``cols``)
    laid out as ``input.diagonal`` gives them: the other dims in order, the diagonal last."""
    xp = input._device._get_backend().xp
    others = [d for d in range(input._data.ndim) if d not in (d1, d2)]
    nd = len(others) + 1
    idx = [None] * input._data.ndim
    for k, d in enumerate(others):
        idx[d] = xp.arange(input._data.shape[d]).reshape((-1,) + (1,) * (nd - 1 - k))
    idx[d1], idx[d2] = rows, cols
    return tuple(idx)
