"""Ops that join tensors: cat/stack (and hstack/vstack), meshgrid."""
import warnings

from .. import dtypes as _dt
from ..autograd.op import Op
from ..tensor import Tensor
from .._int_arguments import _wrap_dim
from ._api import public
from .rearrange import Flip, Roll, flip  # noqa: F401  (complex.py and products.py import them from here)
from .broadcast import expand
from .layout import channels_last_copy, is_channels_last, suggests_channels_last
from .shape import reshape
from ._saved_fields import attribute


class Cat(Op):
    """Concatenation along ``dim``; each input's gradient is its slice of ``g``."""

    edge_args = slice(1, None)  # (the edges of PyTorch's node)
    saved_fields = {"dim": attribute("dim")}

    @staticmethod
    def forward(ctx, dim, *arrays):
        ctx.dim = dim
        # 1-D empty tensors are skipped, as in PyTorch (their gradient is empty too). (A loop, not
        # comprehensions: each is a function call in Python 3.11, a third of a small cat's time.)
        ctx.sizes = sizes = []
        kept = []
        for a in arrays:
            if a.ndim == 1 and a.shape[0] == 0:
                sizes.append(None)
            else:
                sizes.append(a.shape[dim])
                kept.append(a)
        return _joined(ctx.xp, ctx.xp.concatenate(kept, axis=dim) if kept else ctx.xp.concatenate(arrays), kept)

    @staticmethod
    def backward(ctx, m, g):
        out = [None]
        start = 0
        for size, need in zip(ctx.sizes, ctx.needs_input_grad[1:]):
            if size is None:
                out.append(m.zeros_like(g.reshape(-1)[:0]) if need else None)
                continue
            out.append(g[(slice(None),) * ctx.dim + (slice(start, start + size),)] if need else None)
            start += size
        return tuple(out)


def _joined(xp, out, parts):
    """``out``, the concatenation of ``parts``, laid out as PyTorch's cat lays it out: channels last
    where every part suggests it (images all so), else row-major whatever the parts' strides (NumPy
    would keep theirs)."""
    if out.ndim in (4, 5) and all(map(suggests_channels_last, parts)):
        return out if is_channels_last(out) else channels_last_copy(out)
    return xp.ascontiguousarray(out)


def _expect_tensors(tensors, position):
    """PyTorch's TypeError for a sequence argument holding something that is not a Tensor."""
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            kind = type(t)
            name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
            raise TypeError(f"expected Tensor as element {i} in argument {position}, but got {name}") from None


def _tensor_list(tensors, fn):
    """``tensors`` as a list; anything but a list or tuple (a single Tensor, a generator) is PyTorch's
    TypeError."""
    if tensors.__class__ is list:
        return tensors
    if not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{fn}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                        f"{type(tensors).__name__}")
    return list(tensors)


def _one_kind(tensors):
    """The shape of ``tensors`` when they are a list or tuple of plain Tensors of one shape and one
    dtype (cat's common case, which needs none of its checks but the dim's); else None."""
    if tensors.__class__ is not list and tensors.__class__ is not tuple or not tensors:
        return None
    first = tensors[0]
    if first.__class__ is not Tensor:
        return None
    shape, dtype = first._data.shape, first._data.dtype
    for t in tensors:
        if t.__class__ is not Tensor or t._data.shape != shape or t._data.dtype is not dtype:
            return None
    return shape


@public("cat", "concat", "concatenate", method=False)
def cat(tensors, dim=0):
    """Concatenate along an existing dim (1-D empty tensors are skipped, as in PyTorch)."""
    shape = _one_kind(tensors)
    if shape and dim.__class__ is int and -len(shape) <= dim < len(shape) and (shape[0] or len(shape) > 1):
        # Fast path, fenced: tensors of one shape (not 1-D empty) and dtype, a Python int dim in range:
        # the checks below would pass, with nothing to promote or skip (a test checks the two agree)
        return Cat.apply(dim % len(shape), *tensors)
    tensors = _tensor_list(tensors, "cat")
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    parts = []  # the tensors but 1-D empty ones
    first = None
    mixed = False  # (dtypes differ: promoted below)
    for t in tensors:
        if t.__class__ is not Tensor and not isinstance(t, Tensor):
            _expect_tensors(tensors, 0)
        data = t._data
        if first is None:
            first = data.dtype
        elif data.dtype is not first:
            mixed = True
        if not (data.ndim == 1 and data.shape[0] == 0):
            parts.append(t)
    if mixed:
        rt = tensors[0].dtype
        for t in tensors[1:]:
            rt = _dt.promote_types(rt, t.dtype)
        tensors = [t if t.dtype is rt else t.to(rt) for t in tensors]
        parts = [t for t in tensors if not (t._data.ndim == 1 and t._data.shape[0] == 0)]
    if not parts:
        return Cat.apply(0, *tensors)
    shape = parts[0]._data.shape
    nd = len(shape)
    if nd == 0:
        raise RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated")
    d = _wrap_dim(dim, nd)
    for i, t in enumerate(parts):
        other = t._data.shape
        if other == shape:  # (one shape, the common case: nothing to compare dim by dim)
            continue
        if len(other) != nd:
            raise RuntimeError(f"Tensors must have same number of dimensions: got {nd} and {len(other)}")
        for k in range(nd):
            if k != d and other[k] != shape[k]:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. Expected size "
                                   f"{shape[k]} but got size {other[k]} for tensor number {i} in the list.")
    return Cat.apply(d, *tensors)


class Stack(Op):
    """Tensors of one shape joined along a new ``dim``; each input's gradient is its slice of ``g``."""

    edge_args = slice(1, None)  # (the edges of PyTorch's node)
    saved_fields = {"dim": attribute("dim")}

    @staticmethod
    def forward(ctx, dim, *arrays):
        ctx.dim = dim
        # PyTorch's stack is a cat along dim, viewed with the new dim split off from it (laid out as
        # that cat: channels-last images stay so); along a new last dim, a cat of each array viewed
        # with a size-1 dim there, row-major (such views never read as channels last but where C
        # has size 1, when the two layouts differ only in C's stride). (Not xp.stack: its
        # Python-level checks cost several times the concatenation on small arrays.)
        shape = arrays[0].shape
        if dim < len(shape):
            out = _joined(ctx.xp, ctx.xp.concatenate(arrays, axis=dim), arrays)
            return out.reshape(shape[:dim] + (len(arrays),) + shape[dim:])
        ones = [a.reshape(shape + (1,)) for a in arrays]
        return ctx.xp.ascontiguousarray(ctx.xp.concatenate(ones, axis=dim))

    @staticmethod
    def backward(ctx, m, g):
        lead = (slice(None),) * ctx.dim
        return (None,) + tuple(g[lead + (i, Ellipsis)] if need else None  # (Ellipsis: 0-d arrays, not scalars)
                               for i, need in enumerate(ctx.needs_input_grad[1:]))


@public(method=False)
def stack(tensors, dim=0):
    """Join tensors of equal shape along a new dim."""
    tensors = _tensor_list(tensors, "stack")
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    try:
        shape = tensors[0]._data.shape
        first = tensors[0]._data.dtype
        mixed = False  # (dtypes differ: promoted below)
        equal = True  # (every shape the first's)
        for t in tensors:  # (a loop, not comprehensions: each is a function call in Python 3.11)
            data = t._data
            if data.dtype is not first:
                mixed = True
            if data.shape != shape:
                equal = False
    except AttributeError:
        _expect_tensors(tensors, 0)
        raise
    d = _wrap_dim(dim, len(shape) + 1)  # (checked before the sizes, as PyTorch)
    if not equal:
        for i, t in enumerate(tensors):
            if t._data.shape != shape:
                raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                                   f"[{', '.join(map(str, shape))}] at entry 0 and "
                                   f"[{', '.join(map(str, t._data.shape))}] at entry {i}")
    if mixed:
        rt = tensors[0].dtype
        for t in tensors[1:]:
            rt = _dt.promote_types(rt, t.dtype)
        tensors = [t if t.dtype is rt else t.to(rt) for t in tensors]
    return Stack.apply(d, *tensors)


@public(method=False)
def hstack(tensors):
    """Concatenate along dim 1 (dim 0 for 1-D; 0-d tensors count as 1-D)."""
    tensors = _tensor_list(tensors, "hstack")
    _expect_tensors(tensors, 0)
    tensors = [reshape(t, (1,)) if t.ndim == 0 else t for t in tensors]
    if not tensors:
        raise RuntimeError("hstack expects a non-empty TensorList")
    return cat(tensors, 0 if tensors[0].ndim == 1 else 1)


@public(method=False)
def vstack(tensors):
    """Concatenate along dim 0 (0-d and 1-D tensors become rows)."""
    tensors = _tensor_list(tensors, "vstack")
    _expect_tensors(tensors, 0)
    tensors = [reshape(t, (1, -1)) if t.ndim < 2 else t for t in tensors]
    if not tensors:
        raise RuntimeError("vstack expects a non-empty TensorList")
    return cat(tensors, 0)


_warned = {"meshgrid without indexing": False}  # PyTorch warns once per process


@public(method=False)
def meshgrid(*tensors, indexing=None):
    """Coordinate grids from 1-D tensors (``indexing`` 'ij' or 'xy'), differentiable; without
    ``indexing``, 'ij' with PyTorch's warning that it will be required."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing not in (None, "ij", "xy"):
        raise RuntimeError(f"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: {indexing}")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(t).__name__}")
    if indexing is None:
        if not _warned["meshgrid without indexing"]:
            _warned["meshgrid without indexing"] = True
            # (named at this line, not the caller's, as PyTorch's names its own functional.py)
            warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the indexing "
                          "argument.", UserWarning)
        indexing = "ij"
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    if any(t.dtype is not tensors[0].dtype for t in tensors[1:]):
        raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    for t in tensors:
        if t._data.ndim > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got a tensor of "
                               f"shape {list(t._data.shape)}")
    sizes = [t.numel() for t in tensors]
    swap = indexing == "xy" and len(tensors) >= 2
    if swap:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    grids = []
    for i, t in enumerate(tensors):
        axis = (1 - i if i < 2 else i) if swap else i
        shape = [1] * len(tensors)
        shape[axis] = t.numel()
        grids.append(expand(reshape(t, tuple(shape)), tuple(sizes)))
    return tuple(grids)
