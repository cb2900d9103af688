"""Indexed reads and writes: take, take_along_dim, put, index_add, index_copy, index_fill,
index_put, masked_scatter, select_scatter, slice_scatter, diagonal_scatter, and the in-place
forms PyTorch has (``put_``, ``index_add_``, ``index_copy_``, ``index_fill_``, ``index_put_``,
``masked_scatter_``).

Every write is one of two ops on an index tuple (what ``array[idx]`` takes): ``Write`` (a copy
with values written at idx: the input's gradient is ``g`` with those places zeroed, the values'
is ``g[idx]``) and ``WriteAdd`` (values added, repeated places accumulating: the input's gradient
is ``g``). Both gradients are themselves indexing, so they differentiate again.
"""
import warnings

from .. import backends, dtypes as _dt
from ..autograd.node import Op
from ..tensor import Tensor, wrap, _wrap_dim
from ._api import public, method
from ._util import expect_tensor, broadcast_shapes
from .index import convert_index, check_bounds, gather, getitem, IndexBackward
from .strided import diagonal_index
from .scatter import ScatterReduce, _in_place, scatter_reduce
from .broadcast import expand
from .shape import reshape


def _named(out, torch_name):
    """``out`` with its node named as PyTorch names it."""
    if out._node is not None:
        out._node.torch_name = torch_name
    return out


class Write(Op):
    """A copy of ``x`` with ``values`` (broadcast) written at ``idx``."""

    def name(self):
        return self.torch_name

    @staticmethod
    def forward(ctx, x, values, idx):
        ctx.idx, ctx.values_shape = idx, values.shape
        ctx.keep = ctx.xp.ones(x.shape, bool)
        ctx.keep[idx] = False
        out = x.copy()
        out[idx] = values
        return out

    @staticmethod
    def backward(ctx, m, g):
        nx, nv = ctx.needs_input_grad[:2]
        gx = m.masked(ctx.keep, g) if nx else None
        gv = m.sum_to(g[ctx.idx], ctx.values_shape) if nv else None
        return gx, gv


class WriteAdd(Op):
    """A copy of ``x`` with ``alpha * values`` (broadcast) added at ``idx``; repeated places add up.
    A complex alpha scales the values' gradient unconjugated, as PyTorch's formula does."""

    supports_complex = True

    def name(self):
        return self.torch_name

    @staticmethod
    def forward(ctx, x, values, idx, alpha):
        ctx.idx, ctx.values_shape, ctx.alpha = idx, values.shape, alpha
        out = x.copy()
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


def _write(input, values, idx, torch_name, accumulate=False, alpha=1):
    op = WriteAdd if accumulate else Write
    args = (input, values, idx, alpha) if accumulate else (input, values, idx)
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
    flat = _write(reshape(input, (-1,)), reshape(source, (-1,)), (idx,), "PutBackward0", accumulate)
    return _named(reshape(flat, input._data.shape), "PutBackward0") if input._data.ndim != 1 else flat


def put_(self, index, source, accumulate=False):
    """In-place ``put``; returns self."""
    put(self, index, source, accumulate)  # (its checks)
    return _in_place(self, lambda t, s: put(t, index, s, accumulate), source)


method("put_", put_)


@public
def take_along_dim(input, indices, dim=None):
    """The values of ``input`` at ``indices`` along ``dim`` (the two broadcast against each other
    apart from ``dim``), or at the flat positions ``indices`` when ``dim`` is None."""
    expect_tensor("take_along_dim", input)
    expect_tensor("take_along_dim", indices, "indices", 2)
    if indices._data.dtype != _dt.int64.np:
        raise RuntimeError(f"torch.take_along_dim(): dtype of indices should be Long but got "
                           f"{indices.dtype._torch_name[:-6]}")
    if dim is not None and input._data.ndim and indices._data.size and int(indices._data.min().item()) < 0:
        n = input._data.shape[_wrap_dim(dim, input._data.ndim)]  # along a dim, negative indices count from the end
        indices = wrap(indices._data + n * (indices._data < 0), indices._device)
    if dim is None:
        return gather(reshape(input, (-1,)), 0, reshape(indices, (-1,)))
    if input._data.ndim != indices._data.ndim:
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same number of "
                           f"dimensions, but got {input._data.ndim} dimensions for input, and "
                           f"{indices._data.ndim} dimensions for indices")
    d = _wrap_dim(dim, input._data.ndim)
    if input._data.ndim == 0:
        return gather(input, d, indices)
    in_shape = list(input._data.shape)
    in_shape[d] = indices._data.shape[d]
    shape = list(broadcast_shapes(tuple(in_shape), tuple(indices._data.shape)))
    index_b = expand(indices, tuple(shape))
    shape[d] = input._data.shape[d]
    return gather(expand(input, tuple(shape)), d, index_b)


# ------------------------------------------------------------------ along a dim: index_add, index_copy, index_fill
def _along(name, input, dim, index, source=None):
    """(d, the index tuple picking ``index`` along dim ``d``) after PyTorch's checks of the index
    and source; a 0-d input counts as one element along dim 0 (the caller reshapes it)."""
    expect_tensor(name, input)
    expect_tensor(name, index, "index", 3)
    nd = max(input._data.ndim, 1)
    d = _wrap_dim(dim, nd)
    kind, dtype_name = index._data.dtype, index.dtype._torch_name[:-6]
    if name == "index_fill":
        if kind != _dt.int64.np:
            raise IndexError("index_fill_(): Expected dtype int64 for index.")
        if index._data.ndim > 1:
            raise RuntimeError("Index has to be a vector/scalar")
    elif name == "index_copy":
        if index._data.ndim > 1:
            raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got {index._data.ndim})")
        if kind != _dt.int64.np:
            raise RuntimeError(f"index_copy_(): Expected a long tensor for index, but got {dtype_name}")
    else:
        if index._data.ndim > 1:
            raise IndexError(f"index_add_(): Index is supposed to be a vector, but got dim: {index._data.ndim} "
                             f"with type: {dtype_name} and size: {list(index._data.shape)}")
        if kind not in (_dt.int64.np, _dt.int32.np):
            raise RuntimeError(f"index_add_(): Expected dtype int32/int64 for index but got: {dtype_name}")
    shape = input._data.shape or (1,)
    idx = index._data.reshape(-1)
    if source is not None:
        expect_tensor(name, source, "source", 4)
        if source.dtype is not input.dtype:
            raise RuntimeError(f"{name}(): self ({input.dtype._torch_name[:-6]}) and source "
                               f"({source.dtype._torch_name[:-6]}) must have the same scalar type")
        s_shape = source._data.shape or (1,)
        if source._data.ndim and (len(s_shape) != len(shape)
                                  or any(a != b for k, (a, b) in enumerate(zip(s_shape, shape)) if k != d)):
            raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the specified "
                               f"dimension. Got self.shape = {list(input._data.shape)} source.shape = "
                               f"{list(source._data.shape)}")
        if (s_shape[d] if source._data.ndim else 1) != idx.size:
            raise RuntimeError(f"{name}_(): Number of indices ({idx.size}) should be equal to source.size(dim): "
                               f"({s_shape[d] if source._data.ndim else 1}), for dim: {d}")
    if idx.size:
        lo, hi = int(idx.min().item()), int(idx.max().item())
        low = -shape[d] if name == "index_fill" else 0  # (only index_fill counts from the end)
        if lo < low or hi >= shape[d]:
            bad = hi if hi >= shape[d] else lo
            prefix = "index_copy_(): " if name == "index_copy" else ""
            if name == "index_add" and len(shape) <= 1:  # (PyTorch's 1-D kernel checks by itself)
                raise IndexError("index out of range in self")
            error = RuntimeError if name == "index_add" else IndexError
            raise error(f"{prefix}index {bad} is out of bounds for dimension {d} with size {shape[d]}")
    return d, (slice(None),) * d + (idx % shape[d] if shape[d] else idx,)


def _as_1d(t):
    """A 0-d tensor as a 1-element 1-D one (index ops treat it so)."""
    return reshape(t, (1,)) if isinstance(t, Tensor) and t._data.ndim == 0 else t


def _back_to(out, input):
    return reshape(out, ()) if input._data.ndim == 0 else out


@public
def index_add(input, dim, index, source, *, alpha=1):
    """A copy of ``input`` with ``alpha * source`` added at ``index`` along ``dim`` (repeated
    indices add up)."""
    d, idx = _along("index_add", input, dim, index, source)
    out = _write(_as_1d(input), _as_1d(source), idx, "IndexAddBackward0", True, alpha)
    return _back_to(out, input)


@public
def index_copy(input, dim, index, source):
    """A copy of ``input`` with the slices of ``source`` written at ``index`` along ``dim``."""
    d, idx = _along("index_copy", input, dim, index, source)
    return _back_to(_write(_as_1d(input), _as_1d(source), idx, "IndexCopyBackward0"), input)


@public
def index_fill(input, dim, index, value):
    """A copy of ``input`` with ``value`` (a number or a 0-d tensor) written at ``index`` along
    ``dim`` (negative indices count from the end)."""
    d, idx = _along("index_fill", input, dim, index)
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                               f"{value._data.ndim} dimension(s).")
        out = IndexFillTensor.apply(_as_1d(input), value.to(input.dtype), idx)
    else:
        xp = input._device._get_backend().xp
        fill = xp.asarray(value).astype(input._data.dtype)
        out = _write(_as_1d(input), wrap(fill, input._device), idx, "IndexFillBackward0")
    return _back_to(out, input)


@public
def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    """A copy of ``input`` with the slices of ``source`` reduced into it at ``index`` along ``dim``:
    ``reduce`` is "prod", "mean", "amax" or "amin" (scatter_reduce with the index spread over each slice);
    ``include_self=False`` leaves input's own values at the written places out of the reduction."""
    warnings.warn("index_reduce() is in beta and the API may change at any time.", UserWarning, stacklevel=3)
    d, _ = _along("index_reduce", input, dim, index, source)
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise RuntimeError(f"index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got {reduce}.")
    x, src = _as_1d(input), _as_1d(source)
    along = [1] * x.ndim
    along[d] = -1
    spread = expand(reshape(index, tuple(along)), tuple(src.shape)).to(_dt.int64)
    if index._data.size:
        out = scatter_reduce(x, d, spread, src, reduce, include_self=include_self)
    else:  # (recorded all the same: source gets its empty gradient, as PyTorch's)
        out = ScatterReduce.apply(x, src, d, spread._data, reduce, include_self)
    out = _named(out, "IndexReduceBackward0")
    return _back_to(out, input)


class IndexFillTensor(Op):
    """index_fill with a 0-d tensor value: its gradient is the sum of ``g`` over the filled places."""

    torch_name = "IndexFillBackward1"

    @staticmethod
    def forward(ctx, x, value, idx):
        ctx.idx = idx
        ctx.keep = ctx.xp.ones(x.shape, bool)
        ctx.keep[idx] = False
        out = x.copy()
        out[idx] = value
        return out

    @staticmethod
    def backward(ctx, m, g):
        nx, nv = ctx.needs_input_grad[:2]
        gx = m.masked(ctx.keep, g) if nx else None
        gv = m.sum(m.masked(~ctx.keep, g), tuple(range(g.ndim))) if nv else None
        return gx, gv


def index_add_(self, dim, index, source, *, alpha=1):
    """In-place ``index_add``; returns self."""
    index_add(self, dim, index, source, alpha=alpha)  # (its checks)
    return _in_place(self, lambda t, s: index_add(t, dim, index, s, alpha=alpha), source)


def index_copy_(self, dim, index, source):
    """In-place ``index_copy``; returns self."""
    index_copy(self, dim, index, source)  # (its checks)
    return _in_place(self, lambda t, s: index_copy(t, dim, index, s), source)


def index_fill_(self, dim, index, value):
    """In-place ``index_fill``; returns self."""
    index_fill(self, dim, index, value)  # (its checks)
    return _in_place(self, lambda t, v: index_fill(t, dim, index, v), value)


def index_reduce_(self, dim, index, source, reduce, *, include_self=True):
    """In-place ``index_reduce``; returns self."""
    index_reduce(self, dim, index, source, reduce, include_self=include_self)  # (its checks)
    return _in_place(self, lambda t, s: index_reduce(t, dim, index, s, reduce, include_self=include_self), source)


for _fn in (index_add_, index_copy_, index_fill_, index_reduce_):
    method(_fn.__name__, _fn)


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
    return _write(input, values, idx, "IndexPutBackward0", accumulate)


@public
def index_put_(input, indices, values, accumulate=False):
    """In-place ``index_put``; returns input."""
    index_put(input, indices, values, accumulate)  # (its checks)
    return _in_place(input, lambda t, v: index_put(t, indices, v, accumulate), values)


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
    shape = broadcast_shapes(tuple(input._data.shape), tuple(mask._data.shape))
    xp = input._device._get_backend().xp
    picked = xp.broadcast_to(mask._data, shape)
    count = int(picked.sum().item())
    if count > source._data.size:
        raise RuntimeError("masked_scatter: expected source to have at least as many elements as ones in mask")
    out = Write.apply(expand(input, shape) if tuple(input._data.shape) != shape else input,
                      getitem(reshape(source, (-1,)), slice(0, count)), (picked,))
    return _named(out, "MaskedScatterBackward0")  # (source's gradient: zero beyond the first count)


def masked_scatter_(self, mask, source):
    """In-place ``masked_scatter`` (``mask`` broadcasts to self's shape); returns self."""
    expect_tensor("masked_scatter_", mask, "mask", 2)
    if broadcast_shapes(tuple(self._data.shape), tuple(mask._data.shape)) != tuple(self._data.shape):
        raise RuntimeError(f"masked_scatter_: expected mask to broadcast to self's shape {list(self._data.shape)}, "
                           f"got {list(mask._data.shape)}")
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
    return _write(input, src, idx, torch_name)


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
    moved = input.movedim((d1, d2), (-2, -1))
    idx = (Ellipsis, r, c)
    out = _region("diagonal_scatter", moved, src, idx, "DiagonalScatterBackward0")
    return out.movedim((-2, -1), (d1, d2))
