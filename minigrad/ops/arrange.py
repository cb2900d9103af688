"""Ops that arrange whole tensors, built on the shape and join ops (their gradients follow):
broadcast_tensors, atleast_1d/2d/3d, column_stack/dstack/row_stack, the NumPy-style splits
(tensor_split, hsplit/vsplit/dsplit, split_with_sizes, unsafe_split/unsafe_chunk),
fliplr/flipud, sum_to_size, block_diag, cartesian_prod and combinations."""
import itertools

import numpy as _np  # only to build combinations' index rows on the host

from .. import dtypes as _dt
from ..creation import empty
from ..autograd.op import Op
from ..tensor import Tensor, wrap
from .._int_arguments import _wrap_dim
from ._api import public
from ._util import expect_int, expect_ints, expect_tensor
from ._broadcast_shapes import broadcast_shapes
from .index import SliceView, getitem
from .join import cat, vstack, hstack, meshgrid, stack, _expect_tensors, _tensor_list
from .pieces import split, chunk
from .rearrange import flip
from .broadcast import expand, sum_to
from .shape import reshape, unsqueeze, sizes_arg


# ------------------------------------------------------------------ broadcasting and at-least views
@public(method=False)
def broadcast_tensors(*tensors):
    """The tensors expanded (without copying) to their common broadcast shape."""
    _expect_tensors(tensors, 0)
    shape = broadcast_shapes(*(t.shape for t in tensors))
    # (a tensor already of that shape is given back itself, as PyTorch's)
    return tuple(t if tuple(t.shape) == tuple(shape) else expand(t, shape) for t in tensors)


def _at_least(tensors, one):
    """``one`` applied to a tensor, or to each of a sequence (a tuple back), as torch.atleast_*d."""
    if len(tensors) == 1:
        tensors = tensors[0]
    if isinstance(tensors, Tensor):
        return one(tensors)
    tensors = list(tensors)
    _expect_tensors(tensors, 0)
    return tuple(one(t) for t in tensors)


def _1d(t):
    return reshape(t, (1,)) if t.ndim == 0 else t


def _2d(t):
    return reshape(t, (1, 1)) if t.ndim == 0 else unsqueeze(t, 0) if t.ndim == 1 else t


def _3d(t):
    if t.ndim == 0:
        return reshape(t, (1, 1, 1))
    if t.ndim == 1:
        return unsqueeze(unsqueeze(t, 0), -1)
    return unsqueeze(t, -1) if t.ndim == 2 else t


@public(method=False)
def atleast_1d(*tensors):
    """Each tensor with at least one dim (a 0-d one becomes shape (1,)); one tensor or a tuple."""
    return _at_least(tensors, _1d)


@public(method=False)
def atleast_2d(*tensors):
    """Each tensor with at least two dims (added in front); one tensor or a tuple."""
    return _at_least(tensors, _2d)


@public(method=False)
def atleast_3d(*tensors):
    """Each tensor with at least three dims (a 1-D (n,) becomes (1, n, 1), a 2-D (m, n)
    becomes (m, n, 1)); one tensor or a tuple."""
    return _at_least(tensors, _3d)


# ------------------------------------------------------------------ stacking
@public(method=False)
def column_stack(tensors):
    """The tensors side by side as columns: 0-d and 1-D ones become columns, then hstack."""
    tensors = _tensor_list(tensors, "column_stack")
    _expect_tensors(tensors, 0)
    if not tensors:
        raise RuntimeError("column_stack expects a non-empty TensorList")
    return hstack([reshape(t, (t.numel(), 1)) if t.ndim <= 1 else t for t in tensors])


@public(method=False)
def dstack(tensors):
    """Concatenate along the third dim, after atleast_3d."""
    tensors = _tensor_list(tensors, "dstack")
    _expect_tensors(tensors, 0)
    if not tensors:
        raise RuntimeError("dstack expects a non-empty TensorList")
    return cat([_3d(t) for t in tensors], 2)


@public(method=False)
def row_stack(tensors):
    """vstack's other name."""
    return vstack(tensors)


# ------------------------------------------------------------------ splitting
def _slices(input, d, bounds):
    """The slices input[b0:b1], input[b1:b2], ... along dim ``d`` (views, Python's clamping)."""
    lead = (slice(None),) * d
    return tuple(SliceView.apply(input, lead + (slice(start, end),)) for start, end in zip(bounds, bounds[1:]))


@public
def tensor_split(input, tensor_indices_or_sections=None, dim=0, *, sections=None, indices=None):
    """Split along ``dim`` into ``sections`` pieces as equal as possible (the first
    ``size % sections`` one longer), or at ``indices``; an int64 tensor works as either
    (0-d: sections, 1-D: indices). The pieces are views."""
    expect_tensor("tensor_split", input)
    given = [v for v in (tensor_indices_or_sections, sections, indices) if v is not None]
    if len(given) != 1:
        raise TypeError("tensor_split() takes one of sections, indices or tensor_indices_or_sections")
    how = given[0]
    if input.ndim == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims")
    d = _wrap_dim(dim, input.ndim)
    if isinstance(how, Tensor):
        if how.dtype is not _dt.int64:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to have dtype of long, but got "
                               f"{_c_type(how.dtype)}")
        if how.ndim > 1:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
                               f"one-dimensional tensor, but got a tensor with {how.ndim} dims")
        how = int(how.item()) if how.ndim == 0 else [int(i) for i in how.tolist()]
    if isinstance(how, (tuple, list)):
        how = list(expect_ints("tensor_split", how, "indices", 2))
    else:
        how = expect_int("tensor_split", how, "sections", 2)
    size = input.shape[d]
    if isinstance(how, int):
        if how <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {how}")
        small, extra = divmod(size, how)
        bounds = [0]
        for k in range(how):
            bounds.append(bounds[-1] + small + (k < extra))
        return _slices(input, d, bounds)
    return _slices(input, d, [0] + how + [None])


def _c_type(dtype):
    """PyTorch's C scalar-type name (Float, Double, Int, Bool ...)."""
    return {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
            "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}.get(dtype.np.name, dtype.np.name)


def _numpy_split(name, input, how, dim, least):
    """hsplit/vsplit/dsplit: tensor_split along ``dim``, an int must divide the dim evenly."""
    expect_tensor(name, input)
    if input.ndim < least:
        raise RuntimeError(f"torch.{name} requires a tensor with at least {least} dimension, but got a tensor "
                           f"with {input.ndim} dimensions!")
    if isinstance(how, bool) or not isinstance(how, (int, list, tuple)):
        raise TypeError(f"{name}(): argument 'sections' must be int or tuple of ints, not {type(how).__name__}")
    if isinstance(how, int) and how != 0 and input.shape[dim] % how:
        raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but the size of the dimension "
                           f"{input.shape[dim]} is not divisible by the split_size {how}!")
    return tensor_split(input, how, dim)


@public
def hsplit(input, sections=None, *, indices=None):
    """Split horizontally: along dim 1 (dim 0 of a 1-D tensor) into ``sections`` equal pieces or at ``indices``."""
    how = indices if sections is None else sections
    return _numpy_split("hsplit", input, how, 0 if getattr(input, "ndim", 0) == 1 else 1, 1)


@public
def vsplit(input, sections=None, *, indices=None):
    """Split vertically: along dim 0 into ``sections`` equal pieces or at ``indices``."""
    return _numpy_split("vsplit", input, indices if sections is None else sections, 0, 2)


@public
def dsplit(input, sections=None, *, indices=None):
    """Split depth-wise: along dim 2 into ``sections`` equal pieces or at ``indices``."""
    return _numpy_split("dsplit", input, indices if sections is None else sections, 2, 3)


@public
def split_with_sizes(input, split_sizes, dim=0):
    """Pieces of the given sizes along ``dim`` (they must add up to its size); views."""
    expect_tensor("split_with_sizes", input)
    return split(input, list(split_sizes), dim)


@public
def unsafe_split(input, split_size, dim=0):
    """split with an int size (PyTorch's variant whose pieces are not tracked as views)."""
    expect_tensor("unsafe_split", input)
    pieces = split(input, int(split_size), dim)
    return _renamed(pieces, "UnsafeSplitBackward0")


@public
def unsafe_split_with_sizes(input, split_sizes, dim=0):
    """split_with_sizes (PyTorch's variant whose pieces are not tracked as views)."""
    expect_tensor("unsafe_split_with_sizes", input)
    return _renamed(split(input, list(split_sizes), dim), "UnsafeSplitWithSizesBackward0")


@public
def unsafe_chunk(input, chunks, dim=0):
    """chunk (PyTorch's variant whose pieces are not tracked as views)."""
    expect_tensor("unsafe_chunk", input)
    return _renamed(chunk(input, chunks, dim), "UnsafeSplitBackward0")


def _renamed(pieces, torch_name):
    """The pieces of one split, their shared node named ``torch_name``, made plain tensors sharing its
    memory: PyTorch's unsafe pieces are no views (an in-place change of one leaves the input's
    history and version alone, and is allowed)."""
    node = pieces[0]._node if pieces else None
    if node is not None:
        node.parent.torch_name = torch_name
    for piece in pieces:
        piece._view = None
        piece._version_counter = piece._version_counter.__class__((0,))
    return pieces


# ------------------------------------------------------------------ flips and sums
@public
def fliplr(input):
    """Reverse the columns (dim 1); at least 2-D."""
    expect_tensor("fliplr", input)
    if input.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, 1)


@public
def flipud(input):
    """Reverse the rows (dim 0); at least 1-D."""
    expect_tensor("flipud", input)
    if input.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, 0)


@public(function=False)
def sum_to_size(input, *sizes, size=None):
    """Sum over the dims broadcasting would have expanded so that the result has ``size``
    (``size`` must be expandable to the tensor's shape): the reverse of ``expand``."""
    if not sizes and size is None:
        raise TypeError('sum_to_size() missing 1 required positional arguments: "size"')
    size = sizes_arg(sizes, size, "size")
    shape = input.shape
    lead = len(shape) - len(size)
    if lead < 0 or any(s != 1 and s != shape[lead + i] for i, s in enumerate(size)):
        raise RuntimeError(f"size {{[{', '.join(map(str, size))}]}} is not expandable to size "
                           f"{{[{', '.join(map(str, shape))}]}}.")
    if not size:  # (PyTorch sums everything for an empty size, even of a 0-d tensor)
        return input.sum()
    if size == tuple(shape):
        return input
    if input.dtype is _dt.bool or (input.dtype.kind in "iu" and input.dtype is not _dt.int64):
        input = input.to(_dt.int64)  # PyTorch's sum widens bools and integers to int64
    return sum_to(input, size)


# ------------------------------------------------------------------ block_diag and products of sets
class BlockDiag(Op):
    """Matrices placed corner to corner on the diagonal of a zero matrix; each input's gradient
    is its block of ``g``."""

    @staticmethod
    def forward(ctx, *blocks):
        shapes = [b.shape if b.ndim == 2 else (1, b.shape[0]) if b.ndim == 1 else (1, 1) for b in blocks]
        rows, cols = sum(s[0] for s in shapes), sum(s[1] for s in shapes)
        out = ctx.xp.zeros((rows, cols), blocks[0].dtype)
        ctx.corners = []
        r = c = 0
        for b, (h, w) in zip(blocks, shapes):
            out[r:r + h, c:c + w] = b.reshape(h, w)
            ctx.corners.append((r, c, h, w, b.shape))
            r, c = r + h, c + w
        return out

    @staticmethod
    def backward(ctx, m, g):
        return tuple(g[r:r + h, c:c + w].reshape(shape) if need else None
                     for (r, c, h, w, shape), need in zip(ctx.corners, ctx.needs_input_grad))


@public(method=False)
def block_diag(*tensors):
    """A block-diagonal matrix of the inputs (0-d ones count as 1x1, 1-D ones as a row)."""
    _expect_tensors(tensors, 0)
    for i, t in enumerate(tensors):
        if t.ndim > 2:
            raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {i} has "
                               f"{t.ndim} dimensions")
    if not tensors:
        return empty((1, 0))
    rt = _dt.result_type(*tensors)  # (0-d tensors weigh less, as in PyTorch)
    return BlockDiag.apply(*[t if t.dtype is rt else t.to(rt) for t in tensors])


def _expect_vector(t):
    if t.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape [{', '.join(map(str, t.shape))}]")


@public(method=False)
def cartesian_prod(*tensors):
    """Every combination of one element from each 1-D tensor, as rows (itertools.product order)."""
    _expect_tensors(tensors, 0)
    for t in tensors:
        _expect_vector(t)
    if len(tensors) == 1:
        return tensors[0]
    return stack([reshape(g, (-1,)) for g in meshgrid(*tensors, indexing="ij")], 1)


@public(method=False)
def combinations(input, r=2, with_replacement=False):
    """The length-``r`` combinations of the elements of a 1-D tensor, as rows (itertools order),
    with repeats when ``with_replacement``."""
    expect_tensor("combinations", input)
    _expect_vector(input)
    r = expect_int("combinations", r, "r", 2)
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    xp = input._device._get_backend().xp
    if r == 0:  # (a new empty tensor, outside the graph, as PyTorch's)
        return wrap(xp.empty((0,), input._data.dtype), input._device)
    pick = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    flat = _np.fromiter(itertools.chain.from_iterable(pick(range(input.shape[0]), r)), _np.int64)
    index = input._device._get_backend().asarray(flat.reshape(-1, r))  # (the rows of indices, built on the host)
    return getitem(input, wrap(index, input._device))
