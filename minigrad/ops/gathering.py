"""Reads picked by an index tensor, as functions: gather and take_along_dim (along a dim; the
gradient is scattered back by ``ScatterAlong``), index_select, masked_select and
repeat_interleave (through ``x[idx]``, ``index.py``)."""
from .. import backends, dtypes as _dt
from .._errors import check_storage_size, raise_for_allocation
from ..autograd.op import Op
from ..tensor import Tensor, wrap
from .._int_arguments import _wrap_dim
from .one_node import one_node
from ._api import method, public
from ._util import expect_int, expect_tensor
from ._broadcast_shapes import broadcast_shapes
from .broadcast import expand
from .index import getitem
from .conversion import clone
from .shape import reshape, unsqueeze
from ._saved_fields import attribute, tensor

#: the index dtypes PyTorch's gathering kernels take (compared as NumPy dtypes: reading a dtype's
#: ``name`` costs 2 us, a set lookup 0.04)
_INDEX_DTYPES = frozenset({_dt.int32.np, _dt.int64.np})


def along(xp, shape, dim, index):
    """The index that reads ``index``'s positions along ``dim`` and, along every other dim, each
    position of ``shape``: an open grid of aranges (broadcast against ``index``), with ``index`` at
    ``dim``. What ``take_along_axis`` builds, without its checks (half a small gather's time)."""
    nd = len(shape)  # (CuPy's indices() has no sparse=)
    idx = [xp.arange(n).reshape((1,) * k + (n,) + (1,) * (nd - k - 1)) for k, n in enumerate(shape)]
    idx[dim] = index
    return tuple(idx)


class ScatterAlong(Op):
    """Zeros of ``shape`` with ``g`` added at ``index`` along ``dim`` (backward of gather, cummax...)."""

    torch_name = "ScatterAddBackward0"

    @staticmethod
    def forward(ctx, g, shape, dim, index):
        return _scattered(ctx, g, shape, dim, index, add=True)

    @staticmethod
    def backward(ctx, m, gg):
        return m.op(Gather, gg, ctx.dim, ctx.index)


class ScatterDistinct(ScatterAlong):
    """Zeros of ``shape`` with ``g`` written at ``index`` along ``dim``, whose positions are distinct:
    the backward of the value-selecting ops (max(dim), sort, topk, kthvalue...), a scatter as
    PyTorch's (``value_selecting_reduction_backward``): a -0.0 of ``g`` stays -0.0, where a
    scatter-add makes it 0.0 + -0.0 = 0.0 (and a write costs less than NumPy's ufunc.at)."""

    torch_name = "ScatterBackward0"
    supports_complex = True  # (its own forward: the mark ScatterAlong gets in ops/complex.py is not inherited then)

    @staticmethod
    def forward(ctx, g, shape, dim, index):
        return _scattered(ctx, g, shape, dim, index, add=False)


def _scattered(ctx, g, shape, dim, index, add):
    """Zeros of ``shape`` with ``g`` added (or written) at ``index`` along ``dim``; ``ctx`` keeps the
    dim and the index for the double backward."""
    ctx.dim = dim
    ctx.index = index
    xp = ctx.xp
    out = xp.zeros(shape, g.dtype)
    at = along(xp, index.shape, dim, index)
    if add:
        backends.for_module(xp).scatter_add(out, at, g)
    else:
        out[at] = g
    return out


class Gather(Op):
    """``take_along_axis`` (``x`` read at ``along`` its shape); the gradient is scattered back along ``dim``."""

    edge_args = slice(0, 1)  # (PyTorch's node: the input alone)
    saved_fields = {"dim": attribute("dim"), "index": tensor(attribute("index"))}

    @staticmethod
    def forward(ctx, x, dim, index):
        ctx.in_shape = x.shape
        ctx.dim = dim
        ctx.index = index
        return x[along(ctx.xp, x.shape, dim, index)]

    @staticmethod
    def backward(ctx, m, g):
        return m.op(ScatterAlong, g, ctx.in_shape, ctx.dim, ctx.index)


@public
def gather(input, dim, index, *, sparse_grad=False):
    """``out[i][j] = input[index[i][j]][j]`` (for dim=0), as torch.gather. The gradient is dense
    whatever ``sparse_grad`` says (minigrad has no sparse tensors; the values are the same)."""
    expect_tensor("gather", input)
    expect_tensor("gather", index, "index", 3)
    if index._data.dtype not in _INDEX_DTYPES and (index._data.size or index._data.dtype.kind not in "iu"):
        raise RuntimeError("gather(): Expected dtype int32/int64 for index")  # (an empty one of any int dtype passes)
    d = _wrap_dim(dim, input._data.ndim)
    if index._data.size == 0:  # PyTorch checks nothing more: an empty result shaped like the index
        return reshape(input.reshape(-1)[:0], index._data.shape)
    if input._data.ndim == 0 or index._data.ndim == 0:  # a 0-d tensor counts as one element along dim 0
        out = gather(input.reshape(-1), d, index.reshape(-1))
        return out.reshape(index._data.shape)
    if index._data.ndim != input._data.ndim:
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    in_shape, idx_shape = input._data.shape, index._data.shape
    same_shape = idx_shape == in_shape  # (the common case: nothing to compare dim by dim)
    if not same_shape:
        larger = next((k for k, (i, n) in enumerate(zip(idx_shape, in_shape)) if k != d and i > n), None)
        if larger is not None:
            raise RuntimeError(f"Size does not match at dimension {larger} expected index {list(idx_shape)} to be "
                               f"no larger than self {list(in_shape)} apart from dimension {d}")
    lo, hi = int(index._data.min().item()), int(index._data.max().item())
    if lo < 0 or hi >= in_shape[d]:
        raise RuntimeError(f"index {lo if lo < 0 else hi} is out of bounds for dimension {d} "
                           f"with size {in_shape[d]}")
    if not same_shape and any(i < n for k, (i, n) in enumerate(zip(idx_shape, in_shape)) if k != d):
        # the index covers a corner of the other dims: gather from that corner (take_along_axis broadcasts)
        input = getitem(input, tuple(slice(None) if k == d else slice(0, i) for k, i in enumerate(idx_shape)))
    return Gather.apply(input, d, index._data)


@public
def index_select(input, dim, index):
    """Rows of ``input`` along ``dim`` picked by a 1-D index (a 0-d index counts as one entry)."""
    expect_tensor("index_select", input)
    expect_tensor("index_select", index, "index", 3)
    d = _wrap_dim(dim, input._data.ndim)
    if index._data.dtype not in _INDEX_DTYPES:
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    if index._data.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    flat = index.reshape(-1)
    if input._data.ndim == 0 and index._data.size != 1:
        raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got "
                           f"{index._data.size} value(s)")
    size = input._data.shape[d] if input._data.ndim else 1
    if index._data.size and (int(index._data.min().item()) < 0 or int(index._data.max().item()) >= size):
        raise _index_select_out_of_range(input, d, flat, size)
    if input._data.ndim == 0:  # a 0-d tensor counts as one element along dim 0; the result stays 0-d
        out = getitem(input.reshape(1), flat).reshape(())
    else:
        out = getitem(input, (slice(None),) * d + (flat,))
        if not out._data.flags.c_contiguous:  # PyTorch's index_select is row-major whatever input's layout
            out._data = out._device._get_backend().xp.ascontiguousarray(out._data)  # (a new tensor: no view)
    if out._node is not None:
        out._node.torch_name = "IndexSelectBackward0"  # (an index along dim is PyTorch's index_select)
    return out



def _index_select_out_of_range(input, d, flat, size):
    """PyTorch's error for an index of index_select out of range (negative ones too, unlike indexing):
    its kernel for dim 1 of a tensor of several dims, and the one for an empty tensor of several dims,
    raise a RuntimeError naming the first bad index; the others an IndexError."""
    x = input._data
    if x.ndim < 2 or d != 1 and x.size:
        return IndexError("index out of range in self")
    if not size:
        return RuntimeError("index_select(): self indexing axis dim should be positive")
    bad = next(i for i in flat.tolist() if not 0 <= i < size)
    return RuntimeError(f"INDICES element is out of DATA bounds, id={bad} axis_dim={size}")


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


@public
def masked_select(input, mask):
    """The elements where ``mask`` is True, as a 1-D tensor."""
    expect_tensor("masked_select", input)
    expect_tensor("masked_select", mask, "mask", 2)
    if mask.dtype.name != "bool":
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    shape = broadcast_shapes(mask.shape, input.shape)  # (in PyTorch's order: its error names the mask's size first)
    # (PyTorch's node saves the input: an in-place change of it afterwards is an error there too)
    return one_node("MaskedSelectBackward0", lambda t: getitem(expand(t, shape), expand(mask, shape)), input)


_COUNTS_ALONE = object()  # (no repeats given: torch.repeat_interleave(counts))


@public(method=False)
def repeat_interleave(input, repeats=_COUNTS_ALONE, dim=None, *, output_size=None):
    """Each element (or slice along ``dim``) repeated ``repeats`` times in place, as torch's: an int,
    or one count per slice as a Tensor; over the flattened input when ``dim`` is None. With a
    single 1-D Tensor of counts, the indices 0, 1, ... each repeated its count of times.
    ``output_size``, the length of the result along ``dim``, is checked against the counts' sum."""
    expect_tensor("repeat_interleave", input)
    if repeats is _COUNTS_ALONE:
        if dim is not None:
            raise TypeError("repeat_interleave(): argument 'repeats' must be Tensor or int, not missing "
                            "(the counts alone take no dim)")
        _expect_counts(input)
        if input._data.ndim != 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        input, repeats, dim = arange_like(input, input._data.shape[0]), input, 0
    elif repeats is None or not isinstance(repeats, Tensor):
        repeats = expect_int("repeat_interleave", repeats, "repeats", 2)
    if output_size is not None:
        output_size = expect_int("repeat_interleave", output_size, "output_size")
    if dim is None:
        input, dim = reshape(input, (-1,)), 0
    elif input._data.ndim == 0:
        _refuse_dim_of_scalar(repeats, dim)
    d = _wrap_dim(dim, input._data.ndim)
    n = input._data.shape[d]
    xp = input._device._get_backend().xp
    if isinstance(repeats, Tensor):
        _expect_counts(repeats)
        if repeats._data.ndim > 1:
            raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
        counts = repeats._data.reshape(-1)
        if counts.size == 1:
            counts = xp.broadcast_to(counts, (n,))
        elif counts.size != n:
            raise RuntimeError(f"repeats must have the same size as input along dim, but got repeats.size(0) = "
                               f"{counts.size} and input.size({d}) = {n}")
        if counts.size and int(counts.min().item()) < 0:
            raise RuntimeError("repeats can not be negative")
        # the counts as a host list: CuPy's repeat takes an int, list or tuple, not a device array
        counts = [int(c) for c in counts.tolist()]
        if output_size is not None and output_size != sum(counts):
            raise RuntimeError("allocated size does not match required size")
    else:
        counts = repeats
        if counts < 0:
            raise RuntimeError("Repeats must be non-negative")
        if output_size is not None and output_size != counts * n:
            raise RuntimeError(f"repeat_interleave: Invalid output_size, expected {counts * n} but got {output_size}")
        # PyTorch's graph for a count: each slice unsqueezed, expanded, copied, and flattened back
        shape = input._data.shape
        check_storage_size(shape[:d] + (counts * n,) + shape[d + 1:], input._data.itemsize)
        spread = expand(unsqueeze(input, d + 1), shape[:d + 1] + (counts,) + shape[d + 1:])
        return reshape(clone(spread), shape[:d] + (counts * n,) + shape[d + 1:])
    check_storage_size((sum(counts),), 8)  # (the indices picked)
    try:
        picks = wrap(xp.repeat(xp.arange(n), counts), input._device)
    except (MemoryError, ValueError) as error:
        raise_for_allocation(error)
    return index_select(input, d, picks)


def _refuse_dim_of_scalar(repeats, dim):
    """PyTorch's IndexError for a dim along a 0-d input: its check of the dim of the counts' index,
    or of ``dim + 1``, where a count unsqueezes the input (a 0-d tensor counts as 1-D there), after
    its check of the count's sign."""
    if isinstance(repeats, Tensor):
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    if repeats < 0:
        raise RuntimeError("Repeats must be non-negative")
    _wrap_dim(dim, 1)
    raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got 1)")


def _expect_counts(repeats):
    if repeats._data.dtype not in _INDEX_DTYPES:  # (PyTorch's kernel: int and long counts)
        raise NotImplementedError(f"\"repeat_interleave_cpu\" not implemented for '{repeats.dtype._torch_name[:-6]}'")


def _repeat_interleave_method(self, repeats, dim=None, *, output_size=None):
    """``repeat_interleave(self, repeats, dim, output_size=...)``: the method always takes the counts."""
    return repeat_interleave(self, repeats, dim, output_size=output_size)


method("repeat_interleave", _repeat_interleave_method)


def arange_like(t, n):
    """0, 1, ..., n-1 in t's dtype and on its device (the values repeat_interleave(counts) repeats)."""
    xp = t._device._get_backend().xp
    return wrap(xp.arange(n, dtype=t._data.dtype), t._device)
