"""Indexing: ``x[idx]`` (basic indexing gives views, advanced indexing copies) and
gather-style ops. Gradients of advanced indexing with repeated indices accumulate
(scatter-add). ``x[idx] = v`` is an in-place op (``inplace.py``)."""
import warnings

from .. import backends, dtypes as _dt
from ..autograd.node import Op, _new, check_index_guards, index_guards
from ..autograd.views import compose
from ..tensor import Tensor, wrap, _wrap_dim
from ._api import public, method
from ._util import broadcast_shapes, expect_tensor
from .search import UniqueValues
from .shape import expand, reshape

_BASIC = (int, slice, type(None), type(Ellipsis))
_ZERO_DIM_INDEX = ("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` "
                   "in C++ to convert a 0-dim tensor to a number")


def convert_index(idx, t):
    """The index with Tensors and lists turned into backend arrays; and whether it is basic."""
    xp = t._device._get_backend().xp
    if not isinstance(idx, tuple):
        idx = (idx,)
    out = []
    basic = True
    for i in idx:
        if i.__class__ is slice and i.step is not None and i.step <= 0:
            raise ValueError("slice step cannot be zero" if i.step == 0 else "step must be greater than zero")
        if i.__class__ in _BASIC or isinstance(i, bool):
            if isinstance(i, bool):
                basic = False
            out.append(i)
        elif isinstance(i, Tensor):
            if i._device is not t._device and i._device != t._device:
                if i._device.type == "cpu":
                    out.append(xp.asarray(i._data))
                    basic = False
                    continue
                raise RuntimeError(f"indices should be either on cpu or on the same device as the indexed tensor ({t._device})")
            kind = i._data.dtype.kind
            if kind not in "iub":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            if i.dtype.name == "uint8":  # (PyTorch reads a uint8 index as a mask, deprecated)
                warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool "
                              "instead.", UserWarning, stacklevel=4)
                out.append(i._data.astype(bool))
                basic = False
            elif i._data.ndim == 0 and kind in "iu":
                out.append(i._data.item())  # as PyTorch: a 0-d index acts as an int (explicit sync)
            else:
                out.append(i._data)
                basic = False
        elif isinstance(i, (list, tuple)) or _is_index_sequence(i):
            arr = xp.asarray([int(v) if isinstance(v, Tensor) else v for v in i])
            if arr.size == 0:
                arr = arr.astype(_dt.int64.np)
            if arr.dtype.kind == "f":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            if arr.dtype.kind in "USO":  # (PyTorch makes the sequence a tensor first: a string is its TypeError)
                bad = next((v for v in i if isinstance(v, (str, bytes))), None)
                if bad is not None:
                    raise TypeError(f"new(): invalid data type '{type(bad).__name__}'")
            out.append(arr)
            basic = False
        elif i.__class__ is t._device._get_backend().array_type:
            out.append(i)  # a raw index array (as backward passes) stays on its device
            basic = False
        elif hasattr(i, "__index__") and getattr(i, "ndim", 0) == 0:
            out.append(i.__index__())
        elif hasattr(i, "dtype") and hasattr(i, "shape"):  # e.g. a NumPy index array: moves to the device
            out.append(xp.asarray(i))
            basic = False
        elif isinstance(i, (str, bytes)):  # (PyTorch tries to make it a tensor)
            raise TypeError(f"new(): invalid data type '{type(i).__name__}'")
        else:
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables "
                             "are valid indices (got " + type(i).__name__ + ")")
    return tuple(out), basic


def _is_index_sequence(i):
    """Any other sequence of indices (a ``Subset`` of ``random_split(torch.arange(n), ...)``, a
    ``range``), read as a list, as PyTorch reads it; arrays and tensors are handled before."""
    return (hasattr(i, "__len__") and hasattr(i, "__getitem__") and not isinstance(i, (str, bytes, dict))
            and not hasattr(i, "shape"))


def check_bounds(shape, idx, on_host):
    """Raise PyTorch's IndexError for out-of-range integer indices, wrong masks and too many indices.

    Integer arrays are checked here only off the host (``on_host`` False): CuPy would wrap
    them silently, while NumPy raises by itself (``getitem`` translates its message).
    """
    dim = 0
    consumed = sum(1 for i in idx if i is not None and i is not Ellipsis and not isinstance(i, bool)
                   and not (hasattr(i, "dtype") and i.dtype.kind == "b"))  # (a Python bool adds a dim, as None)
    consumed += sum(i.ndim for i in idx if hasattr(i, "dtype") and i.dtype.kind == "b")
    if consumed > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
    for i in idx:
        if i is Ellipsis:
            dim = len(shape) - (consumed - dim)
            continue
        if i is None or isinstance(i, bool):
            continue
        if isinstance(i, int):
            n = shape[dim]
            if not -n <= i < n:
                raise IndexError(f"index {i} is out of bounds for dimension {dim} with size {n}")
        elif hasattr(i, "dtype") and i.dtype.kind == "b":
            for k in range(i.ndim):
                if i.shape[k] != shape[dim + k]:
                    raise IndexError(f"The shape of the mask [{', '.join(map(str, i.shape))}] at index {k} does not "
                                     f"match the shape of the indexed tensor [{', '.join(map(str, shape))}] at index {dim + k}")
            dim += i.ndim
            continue
        elif hasattr(i, "dtype") and i.size and not on_host:
            n = shape[dim]
            lo, hi = i.min().item(), i.max().item()  # explicit host sync: CuPy would wrap silently
            if hi >= n or lo < -n:
                raise IndexError(f"index {hi if hi >= n else lo} is out of bounds for dimension {dim} with size {n}")
        dim += 1


def _as_view_index(idx):
    """A basic index that gives a view even when it selects a single element."""
    idx = idx if idx.__class__ is tuple else (idx,)
    return idx if any(i is Ellipsis for i in idx) else idx + (Ellipsis,)


def _index_view_fn(idx):
    idx = _as_view_index(idx)
    return lambda a, m: a[idx]


class BasicIndex(Op):
    """``x[idx]`` with ints, slices, None and Ellipsis: a view; the gradient is scattered back."""

    is_view = True

    def name(self):
        """PyTorch names the last real step of the index: a select (int), a slice, or an unsqueeze (None).
        A lone slice is always a step; in a tuple, a slice over a whole dim is skipped (all skipped: an alias)."""
        if not isinstance(self.idx, tuple):
            return "SliceBackward0" if isinstance(self.idx, slice) else self._step_name((self.idx,))
        return self._step_name(self.idx)

    def _step_name(self, idx):
        dims = []  # the input dim each index item reads (None: it reads none)
        dim = 0
        for i in idx:
            if i is Ellipsis:
                dim += len(self.in_shape) - sum(isinstance(j, (int, slice)) for j in idx)
            dims.append(dim if isinstance(i, (int, slice)) else None)
            dim += isinstance(i, (int, slice))
        for i, d in zip(reversed(idx), reversed(dims)):
            if isinstance(i, int):
                return "SelectBackward0"
            if i is None:
                return "UnsqueezeBackward0"
            if isinstance(i, slice) and i.indices(self.in_shape[d]) != (0, self.in_shape[d], 1):
                return "SliceBackward0"
        return "AliasBackward0"

    def view_fn(ctx, out_shape):
        return _index_view_fn(ctx.idx)

    @staticmethod
    def forward(ctx, x, idx):
        ctx.in_shape = x.shape
        ctx.idx = idx
        out = x[idx]
        if out.__class__ is not x.__class__ or out.ndim == 0:
            # NumPy copies a single element out as a scalar; torch's x[i, j] is a 0-d view
            # sharing storage (x[0, 1].add_(1) changes x): index with a trailing Ellipsis
            out = x[_as_view_index(idx)]
        return out

    @staticmethod
    def backward(ctx, m, g):
        return m.op(IndexBackward, g, ctx.in_shape, ctx.idx, True)


class SliceView(BasicIndex):
    """A slice along one dim taken by narrow or tensor_split: a slice step for PyTorch even when it
    spans the whole dim."""

    def name(self):
        return "SliceBackward0"


class AdvancedIndex(Op):
    """``x[idx]`` with index arrays or masks: a copy; the gradient is scatter-added back."""

    torch_name = "IndexBackward0"
    index_guards = ()  # the index Tensors read in backward, with their versions (see ``guarded``)

    @staticmethod
    def forward(ctx, x, idx):
        ctx.in_shape = x.shape
        ctx.idx = idx
        return x[idx]

    @staticmethod
    def backward(ctx, m, g):
        check_index_guards(ctx.index_guards)
        return m.op(IndexBackward, g, ctx.in_shape, ctx.idx, False)


class IndexBackward(Op):
    """Zeros of the input's shape with the gradient written (or scatter-added) at ``idx``."""

    @staticmethod
    def forward(ctx, g, shape, idx, basic):
        ctx.idx = idx
        out = ctx.xp.zeros(shape, g.dtype)
        if basic or not _may_repeat(idx):
            out[idx] = g  # each element picked once: a plain write (much quicker than a scatter-add)
        else:
            backends.for_module(ctx.xp).scatter_add(out, idx, g)  # repeated indices accumulate
        return out

    @staticmethod
    def backward(ctx, m, gg):
        return gg[ctx.idx]


def guarded(out, index):
    """``out``, its node (if recorded) told which index Tensors its backward reads: changing one
    in place before backward raises PyTorch's error rather than misplacing the gradient."""
    node = out._node
    if node is not None:
        guards = index_guards(index)
        if guards:
            node.index_guards = guards
    return out


def _may_repeat(idx):
    """Whether an advanced index may pick an element more than once: only integer arrays can
    (masks, ints and slices pick each element once)."""
    for i in idx:
        if i.__class__ is not bool and getattr(i, "dtype", None) is not None and i.dtype.kind in "iu" \
                and i.ndim:
            return True
    return False


def getitem(t, index):
    """``t[index]``: basic indexing gives a view, advanced indexing a copy."""
    kind = index.__class__
    if kind is int:
        data = t._data
        if data.ndim == 0:
            raise IndexError(_ZERO_DIM_INDEX)
        n = data.shape[0]
        if not -n <= index < n:
            raise IndexError(f"index {index} is out of bounds for dimension 0 with size {n}")
        if not t._rg:
            # Fast path (the element loop of course code, c[i] = a[i] + b[i]): no graph to record,
            # so the view is made here as BasicIndex would make it (tests check they agree).
            v = _new(Tensor)
            v._data = data[index, ...]
            v._device = t._device
            v._version_counter = t._version_counter
            v._node = None
            v._rg = False
            parent = t._view
            fn = _index_view_fn(index)
            v._view = (t, fn) if parent is None else (parent[0], compose(parent[1], fn))
            return v
        return BasicIndex.apply(t, index)
    on_host = t._device.type == "cpu"
    if kind is slice and t._data.ndim and (index.step is None or index.step > 0):
        return BasicIndex.apply(t, index)  # one slice: nothing to convert, never out of range
    if kind is Tensor and on_host and index._device is t._device and index._data.ndim \
            and index._data.dtype.kind == "i":  # (a uint8 index is a mask: below)
        idx, basic = (index._data,), False  # X[idx] with an index tensor (a batch): nothing to convert
    else:
        idx, basic = convert_index(index, t)
        check_bounds(t._data.shape, idx, on_host)
        if basic:
            return BasicIndex.apply(t, idx)
    try:
        return guarded(AdvancedIndex.apply(t, idx), index)
    except IndexError as exc:  # NumPy's out-of-range message, in PyTorch's words
        raise IndexError(str(exc).replace("axis", "dimension")) from None


method("__getitem__", getitem)


class ScatterAlong(Op):
    """Zeros of ``shape`` with ``g`` put at ``index`` along ``dim`` (backward of gather / max(dim))."""

    @staticmethod
    def forward(ctx, g, shape, dim, index):
        ctx.dim = dim
        ctx.index = index
        xp = ctx.xp
        out = xp.zeros(shape, g.dtype)
        nd = index.ndim  # an open grid (CuPy's indices() has no sparse=)
        idx = [xp.arange(n).reshape((1,) * k + (n,) + (1,) * (nd - k - 1)) for k, n in enumerate(index.shape)]
        idx[dim] = index
        backends.for_module(xp).scatter_add(out, tuple(idx), g)
        return out

    @staticmethod
    def backward(ctx, m, gg):
        return m.op(Gather, gg, ctx.dim, ctx.index)


class Gather(Op):
    """``take_along_axis``; the gradient is scattered back along ``dim``."""

    @staticmethod
    def forward(ctx, x, dim, index):
        ctx.in_shape = x.shape
        ctx.dim = dim
        ctx.index = index
        return ctx.xp.take_along_axis(x, index, axis=dim)

    @staticmethod
    def backward(ctx, m, g):
        return m.op(ScatterAlong, g, ctx.in_shape, ctx.dim, ctx.index)


@public
def gather(input, dim, index, *, sparse_grad=False):
    """``out[i][j] = input[index[i][j]][j]`` (for dim=0), as torch.gather. The gradient is dense
    whatever ``sparse_grad`` says (minigrad has no sparse tensors; the values are the same)."""
    expect_tensor("gather", input)
    expect_tensor("gather", index, "index", 3)
    if index._data.dtype.kind not in "iu":
        raise RuntimeError("gather(): Expected dtype int64 for index")
    d = _wrap_dim(dim, input._data.ndim)
    if index._data.size == 0:  # PyTorch checks nothing more: an empty result shaped like the index
        return reshape(input.reshape(-1)[:0], index._data.shape)
    if input._data.ndim == 0 or index._data.ndim == 0:  # a 0-d tensor counts as one element along dim 0
        out = gather(input.reshape(-1), d, index.reshape(-1))
        return out.reshape(index._data.shape)
    if index._data.ndim != input._data.ndim:
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    in_shape, idx_shape = input._data.shape, index._data.shape
    if any(i > n for k, (i, n) in enumerate(zip(idx_shape, in_shape)) if k != d):
        raise RuntimeError(f"Size does not match at dimension {d} expected index {list(idx_shape)} to be no "
                           f"larger than self {list(in_shape)} apart from dimension {d}")
    lo, hi = int(index._data.min().item()), int(index._data.max().item())
    if lo < 0 or hi >= in_shape[d]:
        raise RuntimeError(f"index {lo if lo < 0 else hi} is out of bounds for dimension {d} "
                           f"with size {in_shape[d]}")
    if any(i < n for k, (i, n) in enumerate(zip(idx_shape, in_shape)) if k != d):
        # the index covers a corner of the other dims: gather from that corner (take_along_axis broadcasts)
        input = getitem(input, tuple(slice(None) if k == d else slice(0, i) for k, i in enumerate(idx_shape)))
    return Gather.apply(input, d, index._data)


@public
def index_select(input, dim, index):
    """Rows of ``input`` along ``dim`` picked by a 1-D index (a 0-d index counts as one entry)."""
    expect_tensor("index_select", input)
    expect_tensor("index_select", index, "index", 3)
    d = _wrap_dim(dim, input._data.ndim)
    if index._data.dtype.kind not in "iu":
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    if index._data.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    flat = index.reshape(-1)
    if input._data.ndim == 0 and index._data.size != 1:
        raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got "
                           f"{index._data.size} value(s)")
    size = input._data.shape[d] if input._data.ndim else 1
    if index._data.size and (int(index._data.min().item()) < 0 or int(index._data.max().item()) >= size):
        raise IndexError("index out of range in self")  # no negative indices, unlike indexing
    if input._data.ndim == 0:  # a 0-d tensor counts as one element along dim 0; the result stays 0-d
        out = getitem(input.reshape(1), flat).reshape(())
    else:
        out = getitem(input, (slice(None),) * d + (flat,))
    if out._node is not None:
        out._node.torch_name = "IndexSelectBackward0"  # (an index along dim is PyTorch's index_select)
    return out


@public
def nonzero(input, *, as_tuple=False):
    """Indices of nonzero elements: an (n, ndim) int64 tensor, or a tuple of 1-D index tensors."""
    expect_tensor("nonzero", input)
    xp = input._device._get_backend().xp
    data = input._data
    if data.ndim == 0:  # PyTorch treats a 0-d tensor as one element with no coordinates
        n = int((data != 0).item())
        if as_tuple:
            return (wrap(xp.zeros(n, _dt.int64.np), input._device),)
        return wrap(xp.zeros((n, 0), _dt.int64.np), input._device)
    nz = xp.nonzero(data)
    if as_tuple:
        return tuple(wrap(a.astype(_dt.int64.np), input._device) for a in nz)
    return wrap(xp.stack(nz, axis=1).astype(_dt.int64.np), input._device)


@public
def nonzero_static(input, *, size, fill_value=-1):
    """nonzero's (n, ndim) indices cut to ``size`` rows, or padded to ``size`` rows of ``fill_value``."""
    expect_tensor("nonzero_static", input)
    if not isinstance(size, int) or isinstance(size, bool):
        raise TypeError(f"nonzero_static(): argument 'size' must be int, not {type(size).__name__}")
    if size < 0:
        raise RuntimeError(f"nonzero_static: 'size' must be an non-negative integer, but got {size}")
    xp = input._device._get_backend().xp
    found = nonzero(input)._data[:size]
    out = xp.full((size, input._data.ndim), fill_value, dtype=_dt.int64.np)
    out[:found.shape[0]] = found
    return wrap(out, input._device)


@public
def argwhere(input):
    """Same as nonzero(input)."""
    expect_tensor("argwhere", input)
    return nonzero(input)


@public
def bincount(input, weights=None, minlength=0):
    """How often each value 0, 1, ..., max(input) occurs in the 1-D non-negative integer ``input``
    (at least ``minlength`` bins), or the sums of ``weights`` per value; not differentiable."""
    expect_tensor("bincount", input)
    data = input._data
    if data.dtype.kind == "f":
        raise NotImplementedError(f"\"bincount_cpu\" not implemented for '{input.dtype._torch_name[:-6]}'")
    if data.ndim != 1 or data.dtype.kind not in "iub" or (data.size and data.min().item() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    xp = input._device._get_backend().xp
    if weights is None:
        return wrap(xp.bincount(data, minlength=minlength).astype(_dt.int64.np), input._device)
    expect_tensor("bincount", weights, "weights", 2)
    if weights._data.ndim != 1 or weights._data.shape[0] != data.shape[0]:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    out_dtype = weights._data.dtype if weights._data.dtype.kind == "f" else _dt.float64.np
    return wrap(xp.bincount(data, weights._data, minlength=minlength).astype(out_dtype), input._device)


@public
def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The unique elements (sorted), optionally with inverse indices and counts."""
    expect_tensor("unique", input)
    xp = input._device._get_backend().xp
    if dim is None:
        res = xp.unique(input._data.reshape(-1), return_inverse=return_inverse, return_counts=return_counts)
    else:
        res = xp.unique(input._data, axis=_wrap_dim(dim, input._data.ndim), return_inverse=return_inverse,
                        return_counts=return_counts)
    # the values are in the graph, as PyTorch's, with no derivative
    node, aten = ("Unique2Backward0", "_unique2") if dim is None else ("UniqueDimBackward0", "unique_dim")
    if not isinstance(res, tuple):
        return UniqueValues.apply(input, res, node, aten)
    out = [UniqueValues.apply(input, res[0], node, aten)]
    k = 1
    if return_inverse:
        inv = res[k].astype(_dt.int64.np)
        out.append(wrap(inv.reshape(input._data.shape) if dim is None else inv.reshape(-1), input._device))
        k += 1
    if return_counts:
        out.append(wrap(res[k].astype(_dt.int64.np), input._device))
    return tuple(out)


@public
def masked_select(input, mask):
    """The elements where ``mask`` is True, as a 1-D tensor."""
    expect_tensor("masked_select", input)
    expect_tensor("masked_select", mask, "mask", 2)
    if mask.dtype.name != "bool":
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    shape = broadcast_shapes(input.shape, mask.shape)
    return getitem(expand(input, shape), expand(mask, shape))


@public
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each element (or slice along ``dim``) repeated ``repeats`` times in place, as torch's: an int,
    or one count per slice as a Tensor; over the flattened input when ``dim`` is None. With a
    single Tensor of counts, the indices 0, 1, ... each repeated its count of times."""
    expect_tensor("repeat_interleave", input)
    if repeats is None:  # torch.repeat_interleave(counts)
        input, repeats = arange_like(input, input._data.shape[0] if input._data.ndim else 1), input
        dim = 0
    if dim is None:
        input, dim = reshape(input, (-1,)), 0
    d = _wrap_dim(dim, max(input._data.ndim, 1))
    if input._data.ndim == 0:
        input = reshape(input, (1,))
    n = input._data.shape[d]
    xp = input._device._get_backend().xp
    if isinstance(repeats, Tensor):
        if repeats._data.dtype.kind not in "iu":
            raise NotImplementedError(f"\"repeat_interleave_cpu\" not implemented for '{repeats.dtype._torch_name[:-6]}'")
        counts = repeats._data.reshape(-1)
        if counts.size == 1:
            counts = xp.broadcast_to(counts, (n,))
        elif counts.size != n:
            raise RuntimeError(f"repeats must have the same size as input along dim, but got repeats.size(0) = "
                               f"{counts.size} and input.size({d}) = {n}")
        if counts.size and int(counts.min().item()) < 0:
            raise RuntimeError("repeats can not be negative")
    else:
        if repeats < 0:
            raise RuntimeError("Repeats must be non-negative")
        counts = int(repeats)
    # the counts as a host list: CuPy's repeat takes an int, list or tuple, not a device array
    counts = counts if isinstance(counts, int) else [int(c) for c in counts.tolist()]
    picks = wrap(xp.repeat(xp.arange(n), counts), input._device)
    return getitem(input, (slice(None),) * d + (picks,))


def arange_like(t, n):
    """0, 1, ..., n-1 in t's dtype and on its device (the values repeat_interleave(counts) repeats)."""
    xp = t._device._get_backend().xp
    return wrap(xp.arange(n, dtype=t._data.dtype), t._device)
